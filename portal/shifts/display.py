"""Dates, times and durations as the volunteer reads them: in the tenant's time zone and
in the page's language. Templates get one :class:`Display` as ``show``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from litestar.connection import ASGIConnection

from coalition.tenancy.schemas import TenantOut
from portal.i18n import N_, Translator, translator

WEEKDAYS = {
    "zh-Hans": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

HOURS_AND_MINUTES = N_("{hours} hr {minutes} min")
HOURS_ONLY = N_("{hours} hr")
MINUTES_ONLY = N_("{minutes} min")


@dataclass(frozen=True, slots=True)
class Display:
    zone: ZoneInfo
    t: Translator

    @property
    def chinese(self) -> bool:
        return self.t.locale != "en"

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def day(self, value: date) -> str:
        """A day without its year, with its weekday: 11月28日（周六） / Sat 28 Nov."""
        weekday = WEEKDAYS["zh-Hans" if self.chinese else "en"][value.weekday()]
        if self.chinese:
            return f"{value.month}月{value.day}日（{weekday}）"
        return f"{weekday} {value.day} {MONTHS_EN[value.month - 1]}"

    def date(self, value: date) -> str:
        """A day with its year: 2026年5月4日 / 4 May 2026."""
        if self.chinese:
            return f"{value.year}年{value.month}月{value.day}日"
        return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"

    def month(self, key: str) -> str:
        """A "YYYY-MM" month: 2026年5月 / May 2026."""
        year, month = (int(part) for part in key.split("-"))
        if self.chinese:
            return f"{year}年{month}月"
        return f"{MONTHS_EN[month - 1]} {year}"

    def moment(self, value: datetime) -> str:
        local = self.local(value)
        return f"{self.day(local.date())} {local:%H:%M}"

    def time(self, value: datetime) -> str:
        return f"{self.local(value):%H:%M}"

    def span(self, starts_at: datetime, ends_at: datetime) -> str:
        """A shift's time: 11月28日（周六）09:00–11:00, the end's day named if it differs."""
        start, end = self.local(starts_at), self.local(ends_at)
        if start.date() == end.date():
            return f"{self.day(start.date())} {start:%H:%M}–{end:%H:%M}"
        return f"{self.day(start.date())} {start:%H:%M} – {self.day(end.date())} {end:%H:%M}"

    def iso(self, value: datetime) -> str:
        """For <time datetime="...">."""
        return self.local(value).isoformat(timespec="minutes")

    def duration(self, minutes: int) -> str:
        hours, rest = divmod(max(0, minutes), 60)
        if hours and rest:
            return self.t(HOURS_AND_MINUTES, hours=hours, minutes=rest)
        if hours:
            return self.t(HOURS_ONLY, hours=hours)
        return self.t(MINUTES_ONLY, minutes=rest)


def display(connection: ASGIConnection, tenant: TenantOut) -> Display:
    return Display(zone=ZoneInfo(tenant.time_zone), t=translator(connection))


__all__ = ["Display", "display"]
