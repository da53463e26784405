"""Dates of a recurring event: every Thursday of the school year, except the holidays."""

from datetime import UTC, date, datetime, time

import pytest

from metodset.events.recurrence import MAX_OCCURRENCES, occurrence_dates, starts_in_utc


def test_every_thursday_of_a_school_year_except_holidays():
    holidays = [date(2026, 12, 31), date(2027, 1, 7), date(2027, 3, 25)]
    dates = occurrence_dates(
        weekday=3, first=date(2026, 9, 1), last=date(2027, 5, 31), exceptions=holidays
    )
    assert dates[0] == date(2026, 9, 3)
    assert dates[-1] == date(2027, 5, 27)
    assert all(d.weekday() == 3 for d in dates)
    assert not set(holidays) & set(dates)
    assert len(dates) == 39 - 3


def test_every_other_week_starts_on_the_first_matching_day():
    dates = occurrence_dates(
        weekday=0, first=date(2026, 11, 25), last=date(2026, 12, 31), interval_weeks=2
    )
    assert dates == [date(2026, 11, 30), date(2026, 12, 14), date(2026, 12, 28)]


def test_a_series_is_capped():
    dates = occurrence_dates(weekday=2, first=date(2026, 1, 1), last=date(2030, 1, 1))
    assert len(dates) == MAX_OCCURRENCES


def test_interval_must_be_positive():
    with pytest.raises(ValueError):
        occurrence_dates(weekday=2, first=date(2026, 1, 1), last=date(2026, 2, 1), interval_weeks=0)


@pytest.mark.parametrize(
    ("zone", "utc_hour"),
    [("Europe/Kaliningrad", 13), ("Europe/Moscow", 12), ("Asia/Omsk", 9), ("Asia/Kamchatka", 3)],
)
def test_fifteen_oclock_local_is_the_right_instant(zone, utc_hour):
    assert starts_in_utc(date(2026, 11, 26), time(15, 0), zone) == datetime(
        2026, 11, 26, utc_hour, 0, tzinfo=UTC
    )
