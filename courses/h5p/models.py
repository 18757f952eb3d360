"""H5P models."""
