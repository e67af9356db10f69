"""needs context."""
