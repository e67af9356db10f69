"""Inputs and outputs of the inbox and notification preferences, and the kinds of
notification a person chooses channels for."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import msgspec

from coalition import events

#: Where a notification reaches a person: the portal inbox, an e-mail.
PORTAL, EMAIL = "portal", "email"
CHANNELS = (PORTAL, EMAIL)

#: The kinds of notification whose channels a person chooses, in the order a settings
#: page lists them (the daily digest is switched on or off as a whole).
KINDS = (
    events.INVITATION_SENT,
    events.SIGNUP_CONFIRMED,
    events.SIGNUP_WAITLISTED,
    events.SIGNUP_PROMOTED,
    events.SHIFT_CHANGED,
    events.SHIFT_CANCELLED,
    "reminder.24h",
    "reminder.2h",
    events.HOURS_VERIFIED,
    events.HOURS_REJECTED,
    events.NEED_DISPATCHED,
)

#: Kinds that always reach the inbox (their e-mail may still be turned off): each changes
#: what the person is expected to do or where to be, so nobody may miss one unawares: a
#: place won from the waitlist, a shift they hold moved or cancelled, a need dispatched
#: to their organisation or unit that waits for an answer.
ALWAYS_IN_INBOX = frozenset(
    {
        events.SIGNUP_PROMOTED,
        events.SHIFT_CHANGED,
        events.SHIFT_CANCELLED,
        events.NEED_DISPATCHED,
    }
)


def channels_for(chosen: Mapping[str, Any], kind: str) -> tuple[str, ...]:
    """The channels of ``kind`` under a person's stored choices: both when they chose
    nothing for it (or for kinds nobody chooses for), the inbox always where it is
    required."""
    picked = chosen.get(kind) if kind in KINDS else None
    if picked is None:
        return CHANNELS
    wanted = set(picked) | ({PORTAL} if kind in ALWAYS_IN_INBOX else set())
    return tuple(c for c in CHANNELS if c in wanted)


def reached(chosen: Mapping[str, Any], kind: str, *, email_reaches: bool) -> tuple[str, ...]:
    """The channels a notification of ``kind`` is delivered on, under a person's stored
    choices (:func:`channels_for`) when e-mail can reach them or not (``email_reaches``:
    an address on record and e-mail on): what they want by e-mail when it cannot reach
    them comes to their inbox instead, so that no notice they want silently reaches
    nobody; a kind they turned off on both channels stays off."""
    wanted = channels_for(chosen, kind)
    if email_reaches or EMAIL not in wanted:
        return wanted
    return (PORTAL,)


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
    """All of a person's settings at once (what is left out takes its default).

    ``email`` is the master switch of e-mail: off, no e-mail of any kind is sent, whatever
    ``channels`` say, and what they send by e-mail comes to the inbox instead (as it does
    for a person without an address). ``channels`` maps a kind (of :data:`KINDS`) to the
    channels it reaches; a kind left out reaches both, a kind given none reaches nobody.
    A kind of :data:`ALWAYS_IN_INBOX` must keep the inbox."""

    locale: str | None = None  # None: the tenant's language
    email: bool = True
    digest: bool = True
    channels: dict[str, list[str]] = msgspec.field(default_factory=dict)


class PreferencesOut(msgspec.Struct, kw_only=True, frozen=True):
    locale: str | None
    effective_locale: str  # the language notifications are written in
    email: bool
    digest: bool
    channels: dict[str, list[str]]  # every kind of KINDS -> the channels chosen for it
    address: str  # where e-mails go ("" when the person has no address)
    #: An address on record and e-mail on. When not, what ``channels`` send by e-mail
    #: comes to the inbox instead (see :func:`reached`).
    email_reaches: bool
