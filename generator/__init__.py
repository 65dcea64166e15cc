"""Static site generator for UN country networks on migration, run as an MkDocs plugin."""

__version__ = "0.1.0"
