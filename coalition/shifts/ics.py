"""A volunteer's confirmed shifts as an iCalendar feed (RFC 5545), for any calendar app."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from coalition.shifts.schemas import CalendarShift

PRODID = "-//coalition//shifts//ZH"
#: RFC 5545 3.1: lines longer than 75 octets are folded.
LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> list[str]:
    """One content line folded into lines of at most 75 octets; every line after the first
    starts with a space. A UTF-8 character is never split."""
    parts: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append(current)
            current, size, limit = " ", 1, LINE_OCTETS
        current += char
        size += octets
    parts.append(current)
    return parts


def utc_stamp(moment: datetime) -> str:
    """A DATE-TIME in UTC form, e.g. 20260330T070000Z."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(shift: CalendarShift) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:shift-{shift.shift_id}@coalition",
        f"DTSTAMP:{utc_stamp(shift.updated_at)}",
        f"LAST-MODIFIED:{utc_stamp(shift.updated_at)}",
        f"DTSTART:{utc_stamp(shift.starts_at)}",
        f"DTEND:{utc_stamp(shift.ends_at)}",
        f"SUMMARY:{escape_text(shift.title)}",
    ]
    if shift.place:
        lines.append(f"LOCATION:{escape_text(shift.place)}")
    if shift.description:
        lines.append(f"DESCRIPTION:{escape_text(shift.description)}")
    lines.append("END:VEVENT")
    return lines


def shifts_to_ics(shifts: Iterable[CalendarShift], *, calendar_name: str) -> str:
    """A VCALENDAR with one VEVENT per shift: its UID stays the same for the same shift, so
    a calendar app updates an event when the shift moves; times are given in UTC."""
    name = escape_text(calendar_name)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{name}",
        f"X-WR-CALNAME:{name}",
    ]
    for shift in shifts:
        lines += _event(shift)
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in fold(line))
