"""One build of a network's site, owned by one engine-neutral object that runs the pipeline's stages.

Not named build/: that is the folder many projects' .gitignore leaves out as a build's output.
"""
