"""hours context."""
