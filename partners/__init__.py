"""Apps that connect the platform to partners' own systems."""
