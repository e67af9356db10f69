"""Factories and database fixtures that embedding apps can reuse in their own tests."""
