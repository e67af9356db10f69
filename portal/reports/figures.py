"""Figures as people read them: hours from minutes, percentages, durations, local dates.

Shared by the reports and the activity log. A figure that cannot be computed (a rate over
nothing) is shown as "—", never as 0% or an error.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from portal.i18n import Translator

NOTHING = "—"


def _decimal(value: float) -> str:
    """One decimal at most, none when whole: 2, 1.5, 0.3."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def hours(minutes: int | None) -> str:
    """Minutes as hours: 90 → "1.5", 120 → "2"."""
    return _decimal((minutes or 0) / 60)


def percent(share: float | None) -> str:
    """A share as a percentage: 0.87 → "87%", 1/3 → "33.3%", None → "—"."""
    if share is None:
        return NOTHING
    return _decimal(share * 100) + "%"


def duration(t: Translator, value_hours: float | None) -> str:
    """A time span in hours, or in days from two days on; None → "—"."""
    if value_hours is None:
        return NOTHING
    if value_hours < 48:
        return t("{hours} h", hours=_decimal(value_hours))
    return t("{days} days", days=_decimal(value_hours / 24))


def local_time(moment: datetime | None, zone: str) -> str:
    """An instant as the tenant reads it: ``2026-05-04 14:30`` in the tenant's zone."""
    if moment is None:
        return NOTHING
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def tenant_today(zone: str) -> date:
    """Today's date where the tenant is."""
    return datetime.now(ZoneInfo(zone)).date()


def month_end(day: date) -> date:
    first_of_next = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first_of_next - timedelta(days=1)
