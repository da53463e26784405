"""Dates of a recurring event: a pure function, so that it is tested without the database."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MAX_OCCURRENCES = 80  # two school years of weekly meetings


def occurrence_dates(
    *,
    weekday: int,
    first: date,
    last: date,
    interval_weeks: int = 1,
    exceptions: Iterable[date] = (),
) -> list[date]:
    """Every ``weekday`` (0 = Monday) from ``first`` to ``last`` inclusive, every N weeks,
    except the given dates; at most ``MAX_OCCURRENCES``."""
    if interval_weeks < 1:
        raise ValueError("interval_weeks must be at least 1")
    skip = set(exceptions)
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    dates: list[date] = []
    while day <= last and len(dates) < MAX_OCCURRENCES:
        if day not in skip:
            dates.append(day)
        day += timedelta(weeks=interval_weeks)
    return dates


def starts_in_utc(day: date, at: time, zone_name: str) -> datetime:
    """The UTC instant of a local date and time in a zone («четверг 15:00 по Омску»)."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone_name)).astimezone(UTC)
