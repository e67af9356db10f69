from datetime import date

from coalition.reports.periods import split


def test_a_calendar_year_is_one_whole_year() -> None:
    parts = split(date(2026, 1, 1), date(2026, 12, 31))
    assert (parts.years, parts.months, parts.days) == ([date(2026, 1, 1)], [], [])


def test_an_odd_period_is_whole_months_between_loose_days() -> None:
    parts = split(date(2025, 12, 15), date(2027, 2, 3))

    assert parts.years == [date(2026, 1, 1)]
    assert parts.months == [date(2027, 1, 1)]
    assert parts.days == [
        (date(2025, 12, 15), date(2025, 12, 31)),
        (date(2027, 2, 1), date(2027, 2, 3)),
    ]


def test_a_few_days_inside_one_month_are_just_days() -> None:
    parts = split(date(2026, 3, 5), date(2026, 3, 9))
    assert (parts.years, parts.months, parts.days) == (
        [],
        [],
        [(date(2026, 3, 5), date(2026, 3, 9))],
    )
