"""Inputs and outputs of the inbox and notification preferences."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec


class NotificationOut(msgspec.Struct, kw_only=True, frozen=True):
    """An inbox entry, rendered in the reader's language; ``params`` hold the ids and
    values the portal may link from (need_id, shift_id are not always there)."""

    id: int
    kind: str
    title: str
    body: str
    params: dict[str, Any]
    created_at: datetime
    read: bool


class InboxPage(msgspec.Struct, kw_only=True, frozen=True):
    items: list[NotificationOut]
    unread: int
    next_before_id: int | None  # pass as before_id for the next (older) page


class PreferencesInput(msgspec.Struct, kw_only=True, frozen=True):
    locale: str | None = None  # None: the tenant's language
    email: bool = True
    digest: bool = True


class PreferencesOut(msgspec.Struct, kw_only=True, frozen=True):
    locale: str | None
    effective_locale: str  # the language notifications are written in
    email: bool
    digest: bool
