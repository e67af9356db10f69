"""The words of the needs pages: states, levels, urgencies, kinds and their Chinese.

Every label is an English message id (marked with ``N_``); :func:`labels` gives them
translated for one request, as the templates read them (``labels.state[need.state]``).
"""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from portal.i18n import N_, Translator

STATE_LABELS = {
    "draft": N_("Draft"),
    "open": N_("Awaiting dispatch"),
    "dispatched": N_("Dispatched"),
    "accepted": N_("Accepted"),
    "in_service": N_("In service"),
    "completed": N_("Settled"),
    "reviewed": N_("Reviewed"),
    "cancelled": N_("Cancelled"),
}
LEVEL_LABELS = {
    "grid": N_("Grid level"),
    "community": N_("Community level"),
    "township": N_("Township level"),
    "county": N_("County level and above"),
}
URGENCY_LABELS = {
    "low": N_("Not urgent"),
    "normal": N_("Normal"),
    "high": N_("Pressing"),
    "urgent": N_("Urgent"),
}
DISPATCH_KIND_LABELS = {
    "pool": N_("Volunteer pool"),
    "organisation": N_("Social organisation"),
    "unit": N_("Unit in the area"),
}
DISPATCH_STATUS_LABELS = {
    "pending": N_("Awaiting answer"),
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
    "cancelled": N_("Withdrawn"),
}
#: What a history entry records (NeedAction).
ACTION_LABELS = {
    "posted": N_("Recorded"),
    "opened": N_("Published"),
    "edited": N_("Edited"),
    "dispatched": N_("Dispatched"),
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
    "service_started": N_("Service started"),
    "escalated": N_("Escalated"),
    "completed": N_("Settled"),
    "cancelled": N_("Cancelled"),
    "reviewed": N_("Reviewed"),
}
REVIEWER_LABELS = {
    "resident": N_("Resident"),
    "community": N_("Community office"),
}
SIGNUP_LABELS = {
    "confirmed": N_("Confirmed"),
    "waitlisted": N_("Waitlisted"),
    "cancelled": N_("Sign-up cancelled"),
}
INVITATION_LABELS = {
    "pending": N_("Awaiting reply"),
    "accepted": N_("Invitation accepted"),
    "declined": N_("Invitation declined"),
    "withdrawn": N_("Invitation withdrawn"),
}
SHIFT_STATUS_LABELS = {
    "scheduled": N_("Scheduled"),
    "cancelled": N_("Shift cancelled"),
}
#: Monday = 0, as ``date.weekday()`` and ``SeriesInput.weekday`` count.
WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)

_GROUPS = {
    "state": STATE_LABELS,
    "level": LEVEL_LABELS,
    "urgency": URGENCY_LABELS,
    "dispatch_kind": DISPATCH_KIND_LABELS,
    "dispatch_status": DISPATCH_STATUS_LABELS,
    "action": ACTION_LABELS,
    "reviewer": REVIEWER_LABELS,
    "signup": SIGNUP_LABELS,
    "invitation": INVITATION_LABELS,
    "shift_status": SHIFT_STATUS_LABELS,
}


class Group(dict[str, str]):
    """Translated labels of one vocabulary; an unknown code shows as it is."""

    def __missing__(self, code: str) -> str:
        return code


def labels(t: Translator) -> SimpleNamespace:
    """Every vocabulary, translated: ``labels.state["open"]``."""
    return SimpleNamespace(
        **{
            group: Group({code: t(text) for code, text in items.items()})
            for group, items in _GROUPS.items()
        }
    )


def options(t: Translator, items: dict[str, str]) -> list[tuple[str, str]]:
    """(value, translated label) pairs for a select."""
    return [(code, t(text)) for code, text in items.items()]


class Clock:
    """Dates and times shown in the tenant's time zone."""

    def __init__(self, zone: ZoneInfo, t: Translator) -> None:
        self.zone = zone
        self.t = t

    def local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:  # stored as UTC
            moment = moment.replace(tzinfo=ZoneInfo("UTC"))
        return moment.astimezone(self.zone)

    def when(self, moment: datetime | None) -> str:
        """``2026-03-07 09:30`` in the tenant's time zone."""
        return "" if moment is None else self.local(moment).strftime("%Y-%m-%d %H:%M")

    def day(self, value: date | datetime | None) -> str:
        """``2026-03-07 (Saturday)``."""
        if value is None:
            return ""
        day = self.local(value).date() if isinstance(value, datetime) else value
        return f"{day.isoformat()} {self.t(WEEKDAYS[day.weekday()])}"

    def span(self, starts_at: datetime, ends_at: datetime) -> str:
        """``2026-03-07 Saturday 09:00–11:30`` (the end's date too when it is another day)."""
        start, end = self.local(starts_at), self.local(ends_at)
        until = end.strftime("%H:%M") if end.date() == start.date() else self.when(end)
        return f"{self.day(start)} {start.strftime('%H:%M')}–{until}"

    def context(self) -> dict[str, Any]:
        return {"when": self.when, "day": self.day, "span": self.span}
