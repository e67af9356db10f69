"""Splitting a report's period into whole years, whole months and the days left over.

Whole years and months are read from the hours roll-up (a few rows per volunteer or place),
the days at either end from the records themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass
class Split:
    years: list[date] = field(default_factory=list)  # 1 January of each whole year
    months: list[date] = field(default_factory=list)  # the 1st of each whole month
    days: list[tuple[date, date]] = field(default_factory=list)  # inclusive ranges


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def split(start: date, end: date) -> Split:
    """``[start, end]`` (both included) as whole years, whole months and loose days."""
    out = Split()
    day = start
    while day <= end:
        year_end = date(day.year, 12, 31)
        month_end = _next_month(day) - timedelta(days=1)
        if day.month == 1 and day.day == 1 and year_end <= end:
            out.years.append(day)
            day = year_end + timedelta(days=1)
        elif day.day == 1 and month_end <= end:
            out.months.append(day)
            day = month_end + timedelta(days=1)
        else:
            last = min(month_end, end)
            if out.days and out.days[-1][1] + timedelta(days=1) == day:
                out.days[-1] = (out.days[-1][0], last)
            else:
                out.days.append((day, last))
            day = last + timedelta(days=1)
    return out
