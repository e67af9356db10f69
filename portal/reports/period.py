"""The period a report covers: whole days, both ends included, in the tenant's time zone.

Without dates the period is this month. Quick choices: this month, this quarter, this year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from coalition.errors import FieldError
from portal.i18n import N_
from portal.reports.figures import month_end

QUICK = [
    ("month", N_("This month")),
    ("quarter", N_("This quarter")),
    ("year", N_("This year")),
]


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date

    def query(self, **more: str) -> str:
        return urlencode({"start": self.start.isoformat(), "end": self.end.isoformat(), **more})


def this_month(today: date) -> Period:
    return Period(today.replace(day=1), month_end(today))


def this_quarter(today: date) -> Period:
    first = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    return Period(first, month_end(first.replace(month=first.month + 2)))


def this_year(today: date) -> Period:
    return Period(today.replace(month=1, day=1), today.replace(month=12, day=31))


def quick_periods(today: date) -> dict[str, Period]:
    return {"month": this_month(today), "quarter": this_quarter(today), "year": this_year(today)}


def read_period(
    params: Any, today: date
) -> tuple[dict[str, str], Period | None, dict[str, FieldError]]:
    """The dates typed (``start``, ``end``), the period they make, and their errors.

    A missing date defaults to this month's start or end; a date that is not a date is
    an error of its field. Whether the end comes after the start is the library's check.
    """
    default = this_month(today)
    values = {name: str(params.get(name) or "").strip() for name in ("start", "end")}
    errors: dict[str, FieldError] = {}
    parsed: dict[str, date] = {}
    for name, fallback in (("start", default.start), ("end", default.end)):
        if not values[name]:
            parsed[name] = fallback
            values[name] = fallback.isoformat()
            continue
        try:
            parsed[name] = date.fromisoformat(values[name])
        except ValueError:
            errors[name] = FieldError("invalid_date", "Enter a date as YYYY-MM-DD.", {})
    if errors:
        return values, None, errors
    return values, Period(parsed["start"], parsed["end"]), errors
