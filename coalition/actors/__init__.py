"""Actors: people, accounts and memberships, and the five kinds of the linkage."""
