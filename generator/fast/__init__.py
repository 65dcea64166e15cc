"""What makes builds fast, never what a page says: caches, workers, search parts, the preview."""
