"""The hours pages."""

from __future__ import annotations

from litestar import Controller

#: The controllers this context adds to the app (portal/app.py registers them).
CONTROLLERS: list[type[Controller]] = []
