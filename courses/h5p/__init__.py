"""H5P packages: strict validation and storage, the sandboxed player on a separate origin, and xAPI intake."""
