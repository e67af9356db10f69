"""A person's inbox (with its unread count) and their notification preferences.

Every use case is about the caller's own notifications (``scope.actor.person_id``):
another person's entry, like another tenant's, does not exist for them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from coalition.errors import Checker, NotFound, PermissionDenied
from coalition.notifications import messages
from coalition.notifications.delivery import tenant_info
from coalition.notifications.outbox import load_data
from coalition.notifications.schemas import (
    InboxPage,
    NotificationOut,
    PreferencesInput,
    PreferencesOut,
)
from coalition.notifications.tables import Notification, Preference
from coalition.tenancy import TenantScope
from coalition.tenancy.clock import utc_now
from coalition.tenancy.scope import TenantQueries, is_id

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


async def _unread(q: TenantQueries, person_id: int) -> int:
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
    """The caller's inbox, newest first, in ``locale`` (else their own language)."""
    person_id = _own_person(scope)
    check = Checker()
    check.in_range("limit", limit, 1, PAGE_MAX)
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


async def unread_count(scope: TenantScope) -> int:
    """How many of the caller's notifications are unread (for the badge in the header)."""
    person_id = _own_person(scope)
    async with scope.read() as q:
        return await _unread(q, person_id)


async def mark_read(
    scope: TenantScope, notification_id: int, *, now: datetime | None = None
) -> None:
    """Mark one of the caller's notifications read (reading it twice changes nothing)."""
    person_id = _own_person(scope)
    at = utc_now(now)
    async with scope.write() as q:
        row = None
        if is_id(notification_id):
            row = await (
                q.select(Notification, Notification.id, Notification.read_at)
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
        q.select(Preference, Preference.email, Preference.digest)
        .where(Preference.person == person_id)
        .first()
    )
    chosen, effective = await _locale_of(q, scope, person_id)
    return PreferencesOut(
        locale=chosen,
        effective_locale=effective,
        email=row["email"] if row else True,
        digest=row["digest"] if row else True,
    )


async def set_preferences(
    scope: TenantScope, data: PreferencesInput, *, now: datetime | None = None
) -> PreferencesOut:
    """The caller's language for notifications (None: the tenant's), and whether they
    want e-mails and the daily digest. The portal inbox always receives everything."""
    person_id = _own_person(scope)
    check = Checker()
    if data.locale is not None:
        check.choice("locale", data.locale, messages.LOCALES)
    check.raise_if_any()
    at = utc_now(now)
    values = {"locale": data.locale, "email": data.email, "digest": data.digest}
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
