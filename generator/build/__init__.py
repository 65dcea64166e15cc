"""One build of a network's site, owned by one engine-neutral object."""
