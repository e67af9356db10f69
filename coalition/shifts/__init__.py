"""shifts context."""
