"""The calendar feed is valid iCalendar: folded, escaped, CRLF, stable UIDs, UTC times."""

from datetime import UTC, datetime, timedelta, timezone

from coalition.shifts.ics import escape_text, fold, shifts_to_ics
from coalition.shifts.schemas import CalendarShift

SHANGHAI = timezone(timedelta(hours=8))


def shift(shift_id: int = 7, **values) -> CalendarShift:
    data = {
        "shift_id": shift_id,
        "need_id": 3,
        "title": "帮独居老人王奶奶买菜",
        "starts_at": datetime(2026, 6, 3, 9, 0, tzinfo=SHANGHAI),
        "ends_at": datetime(2026, 6, 3, 11, 30, tzinfo=SHANGHAI),
        "place": "幸福路12号",
        "updated_at": datetime(2026, 6, 1, 8, 15, 30, tzinfo=UTC),
        **values,
    }
    return CalendarShift(**data)


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_a_feed_is_a_calendar_of_events_in_utc() -> None:
    text = shifts_to_ics([shift(7), shift(8, place="")], calendar_name="我的志愿服务")

    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = unfold(text)[:-1]
    assert lines[:3] == ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//coalition//shifts//ZH"]
    assert "X-WR-CALNAME:我的志愿服务" in lines
    assert lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 2
    first = lines[lines.index("BEGIN:VEVENT") : lines.index("END:VEVENT") + 1]
    assert "UID:shift-7@coalition" in first
    assert "DTSTART:20260603T010000Z" in first
    assert "DTEND:20260603T033000Z" in first
    assert "DTSTAMP:20260601T081530Z" in first
    assert "SUMMARY:帮独居老人王奶奶买菜" in first
    assert "LOCATION:幸福路12号" in first
    assert not any(line.startswith("LOCATION") for line in lines[lines.index("END:VEVENT") :])


def test_the_same_shift_keeps_its_uid_when_it_moves() -> None:
    before = unfold(shifts_to_ics([shift(7)], calendar_name="x"))
    moved = shift(7, starts_at=datetime(2026, 6, 4, 1, tzinfo=UTC))
    after = unfold(shifts_to_ics([moved], calendar_name="x"))

    def uid(lines: list[str]) -> str:
        return next(line for line in lines if line.startswith("UID:"))

    assert uid(before) == uid(after) == "UID:shift-7@coalition"
    assert "DTSTART:20260604T010000Z" in after


def test_text_escapes_commas_semicolons_backslashes_and_newlines() -> None:
    assert escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    text = shifts_to_ics(
        [shift(title="巡逻; 东门, 西门", place="C:\\村委会\n二楼")], calendar_name="a,b"
    )
    lines = unfold(text)
    assert "SUMMARY:巡逻\\; 东门\\, 西门" in lines
    assert "LOCATION:C:\\\\村委会\\n二楼" in lines
    assert "X-WR-CALNAME:a\\,b" in lines


def test_long_lines_fold_at_75_octets_without_splitting_a_character() -> None:
    title = "为辖区独居老人、残疾人提供上门助餐、助浴、助洁服务" * 3
    text = shifts_to_ics([shift(title=title)], calendar_name="日历")

    physical = text.split("\r\n")[:-1]
    assert max(len(line.encode("utf-8")) for line in physical) <= 75
    assert any(line.startswith(" ") for line in physical)
    for line in physical:
        line.encode("utf-8").decode("utf-8")  # whole characters on every line
    assert f"SUMMARY:{title}" in unfold(text)
    assert fold("x" * 75) == ["x" * 75]
    assert fold("x" * 76) == ["x" * 75, " x"]
    assert [len(p.encode()) for p in fold("汉" * 30)] == [75, 16]
