"""Reading and validating content: files, front matter, schemas, the type registry and the types."""
