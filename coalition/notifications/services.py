"""A person's inbox (with its unread count) and their notification preferences.

Every use case is about the caller's own notifications (``scope.actor.person_id``):
another person's entry, like another tenant's, does not exist for them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from coalition.actors.tables import Person
from coalition.errors import Checker, NotFound, PermissionDenied
from coalition.notifications import messages
from coalition.notifications.delivery import tenant_info
from coalition.notifications.outbox import dumps, load_data
from coalition.notifications.schemas import (
    ALWAYS_IN_INBOX,
    CHANNELS,
    KINDS,
    PORTAL,
    InboxPage,
    NotificationOut,
    PreferencesInput,
    PreferencesOut,
    channels_for,
)
from coalition.notifications.tables import Notification, Preference
from coalition.tenancy import TenantScope
from coalition.tenancy.clock import utc_now
from coalition.tenancy.scope import MAX_ID, TenantQueries, is_id

PAGE_MAX = 100
_COLUMNS = (
    Notification.id,
    Notification.kind,
    Notification.params,
    Notification.created_at,
    Notification.read_at,
)


def _own_person(scope: TenantScope) -> int:
    person_id = scope.actor.person_id
    if person_id is None:
        raise PermissionDenied(
            "Only a person has an inbox.", code="notifications.no_person", action="read notices"
        )
    return person_id


async def _locale_of(
    q: TenantQueries, scope: TenantScope, person_id: int
) -> tuple[str | None, str]:
    """The person's chosen language (or None) and the language they read in."""
    row = await (
        q.select(Preference, Preference.locale).where(Preference.person == person_id).first()
    )
    chosen = row["locale"] if row else None
    if chosen:
        return chosen, messages.locale_or_default(chosen)
    return None, messages.locale_or_default((await tenant_info(scope.tenant_id)).locale)


def _out(row: dict[str, Any], locale: str) -> NotificationOut:
    params = load_data(row["params"])
    title, body = messages.render(row["kind"], params, locale)
    return NotificationOut(
        id=row["id"],
        kind=row["kind"],
        title=title,
        body=body,
        params=params,
        created_at=row["created_at"],
        read=row["read_at"] is not None,
    )


async def _unread(q: TenantQueries, person_id: int, cap: int | None = None) -> int:
    if cap is not None:  # at most ``cap`` entries of the index are read
        rows = await (
            q.select(Notification, Notification.id)
            .where(Notification.person == person_id)
            .where(Notification.read_at.is_null())
            .limit(cap)
        )
        return len(rows)
    return await (
        q.count(Notification)
        .where(Notification.person == person_id)
        .where(Notification.read_at.is_null())
    )


async def list_notifications(
    scope: TenantScope,
    *,
    unread_only: bool = False,
    before_id: int | None = None,
    limit: int = 20,
    locale: str | None = None,
) -> InboxPage:
    """The caller's inbox, newest first, in ``locale`` (else their own language).

    ``before_id`` (a page's ``next_before_id``) lists only older entries; one that no
    entry can have (0, negative, beyond the ids' range, not an int) is InvalidInput
    (``out_of_range``), not an empty page: a caller with a value from outside (a link,
    a form) checks it with :func:`~coalition.tenancy.scope.is_id` first."""
    person_id = _own_person(scope)
    check = Checker()
    check.in_range("limit", limit, 1, PAGE_MAX)
    if before_id is not None and not is_id(before_id):
        check.add(
            "before_id",
            "out_of_range",
            f"Must be between 1 and {MAX_ID}.",
            low=1,
            high=MAX_ID,
        )
    if locale is not None:
        check.choice("locale", locale, messages.LOCALES)
    check.raise_if_any()
    async with scope.read() as q:
        lang = locale or (await _locale_of(q, scope, person_id))[1]
        query = (
            q.select(Notification, *_COLUMNS)
            .where(Notification.person == person_id)
            .order_by(Notification.id, ascending=False)
            .limit(limit + 1)
        )
        if unread_only:
            query = query.where(Notification.read_at.is_null())
        if before_id is not None:
            query = query.where(Notification.id < before_id)
        rows = await query
        unread = await _unread(q, person_id)
    more = len(rows) > limit
    rows = rows[:limit]
    return InboxPage(
        items=[_out(row, lang) for row in rows],
        unread=unread,
        next_before_id=rows[-1]["id"] if more else None,
    )


async def get_notification(
    scope: TenantScope, notification_id: int, *, locale: str | None = None
) -> NotificationOut:
    """One of the caller's notifications (NotFound for anyone else's), in ``locale``."""
    person_id = _own_person(scope)
    check = Checker()
    if locale is not None:
        check.choice("locale", locale, messages.LOCALES)
    check.raise_if_any()
    async with scope.read() as q:
        row = await _own(q, person_id, notification_id, *_COLUMNS)
        lang = locale or (await _locale_of(q, scope, person_id))[1]
    return _out(row, lang)


async def _own(
    q: TenantQueries, person_id: int, notification_id: int, *columns: Any
) -> dict[str, Any]:
    """One of the person's notifications (NotFound for anyone else's, and for an id no
    notification can have)."""
    row = None
    if is_id(notification_id):
        row = await (
            q.select(Notification, *columns)
            .where(Notification.id == notification_id)
            .where(Notification.person == person_id)
            .first()
        )
    if row is None:
        raise NotFound(
            f"Notification {notification_id} does not exist.",
            code="notifications_notification.not_found",
            pk=notification_id,
        )
    return row


async def unread_count(scope: TenantScope, *, cap: int | None = None) -> int:
    """How many of the caller's notifications are unread (for the badge in the header);
    with ``cap``, at most that many are counted (a badge shows "99+" beyond 99)."""
    person_id = _own_person(scope)
    check = Checker()
    if cap is not None:
        check.in_range("cap", cap, 1, 10_000)
    check.raise_if_any()
    async with scope.read() as q:
        return await _unread(q, person_id, cap)


async def mark_read(
    scope: TenantScope, notification_id: int, *, now: datetime | None = None
) -> None:
    """Mark one of the caller's notifications read (reading it twice changes nothing)."""
    person_id = _own_person(scope)
    at = utc_now(now)
    async with scope.write() as q:
        row = await _own(q, person_id, notification_id, Notification.id, Notification.read_at)
        if row["read_at"] is None:
            await q.update(Notification, {Notification.read_at: at}).where(
                Notification.id == row["id"]
            )


async def mark_all_read(scope: TenantScope, *, now: datetime | None = None) -> int:
    """Mark every unread notification of the caller read; returns how many."""
    person_id = _own_person(scope)
    at = utc_now(now)
    async with scope.write() as q:
        count = await _unread(q, person_id)
        await (
            q.update(Notification, {Notification.read_at: at})
            .where(Notification.person == person_id)
            .where(Notification.read_at.is_null())
        )
    return count


async def get_preferences(scope: TenantScope) -> PreferencesOut:
    person_id = _own_person(scope)
    async with scope.read() as q:
        return await _preferences(q, scope, person_id)


async def _preferences(q: TenantQueries, scope: TenantScope, person_id: int) -> PreferencesOut:
    row = await (
        q.select(Preference, Preference.email, Preference.digest, Preference.channels)
        .where(Preference.person == person_id)
        .first()
    )
    person = await q.select(Person, Person.email).where(Person.id == person_id).first()
    chosen, effective = await _locale_of(q, scope, person_id)
    stored = load_data(row["channels"]) if row else {}
    email = row["email"] if row else True
    address = ((person or {}).get("email") or "").strip()
    return PreferencesOut(
        locale=chosen,
        effective_locale=effective,
        email=email,
        digest=row["digest"] if row else True,
        channels={kind: list(channels_for(stored, kind)) for kind in KINDS},
        address=address,
        email_reaches=bool(address) and email,
    )


def _check_channels(check: Checker, channels: dict[str, list[str]]) -> dict[str, list[str]]:
    """The choices as stored (channels in a fixed order), errors in ``check``."""
    stored: dict[str, list[str]] = {}
    for kind, picked in channels.items():
        if kind not in KINDS:
            check.add(
                "channels",
                "notifications.unknown_kind",
                f"There is no kind of notification “{kind}”.",
                kind=kind,
            )
            continue
        for channel in picked:
            if channel not in CHANNELS:
                check.add(
                    "channels",
                    "notifications.unknown_channel",
                    f"There is no channel “{channel}”.",
                    channel=channel,
                )
        if kind in ALWAYS_IN_INBOX and PORTAL not in picked:
            check.add(
                "channels",
                "notifications.inbox_required",
                "This kind of notification always reaches the inbox; only its e-mail can be "
                "turned off.",
                kind=kind,
            )
        stored[kind] = [c for c in CHANNELS if c in picked]
    return stored


async def set_preferences(
    scope: TenantScope, data: PreferencesInput, *, now: datetime | None = None
) -> PreferencesOut:
    """The caller's language for notifications (None: the tenant's), whether they want
    e-mails at all and the daily digest, and which channels each kind of notification
    reaches (a kind left out reaches both). Nothing is saved when any of it is wrong."""
    person_id = _own_person(scope)
    check = Checker()
    if data.locale is not None:
        check.choice("locale", data.locale, messages.LOCALES)
    channels = _check_channels(check, data.channels)
    check.raise_if_any()
    at = utc_now(now)
    values = {
        "locale": data.locale,
        "email": data.email,
        "digest": data.digest,
        "channels": dumps(channels),
    }
    async with scope.write() as q:
        row = await (
            q.select(Preference, Preference.id).where(Preference.person == person_id).first()
        )
        if row is None:
            await q.create(Preference, person=person_id, updated_at=at, **values)
        else:
            changes: dict[Any, Any] = {**values, "updated_at": at}
            await q.update(Preference, changes).where(Preference.id == row["id"])
        return await _preferences(q, scope, person_id)
