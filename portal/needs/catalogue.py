"""Texts of the needs pages: library error codes to English ids, and their Chinese."""

from __future__ import annotations

from portal.text import N_

#: Library error code -> English message id.
ERROR_MESSAGES: dict[str, str] = {}

#: English message id -> simplified Chinese.
ZH_HANS: dict[str, str] = {}

__all__ = ["ERROR_MESSAGES", "N_", "ZH_HANS"]
