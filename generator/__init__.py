"""Static site generator for UN country networks on migration, run as an MkDocs plugin."""

import os

__version__ = "0.1.0"

# mkdocs-material prints a 10-line end-of-life banner to whoever builds, unless this is set; it is
# for the site's developers, not for staff publishing. mkdocs.yml imports this package before the
# theme loads (the plugin loads too late); `NO_MKDOCS_2_WARNING= mkdocs build` shows the banner.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
