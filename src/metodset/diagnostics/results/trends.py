"""Trends of children's results by area: which areas fall. Pure functions on plain data."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

FALL_POINTS_PERCENT = 5.0  # percentage points, for results in % (values above 10)


FALL_POINTS_MARKS = 0.3  # for marks and average scores (all values 10 or below)


def fall_points_for(values: Iterable[float]) -> float:
    """The size of a fall that matters: 5 points for results in per cent, 0.3 for marks."""
    values = list(values)
    return FALL_POINTS_PERCENT if values and max(values) > 10 else FALL_POINTS_MARKS


def least_squares_slope(values: Sequence[float]) -> float:
    """Slope of the least-squares line through (0, v0), (1, v1), …: change per measurement."""
    n = len(values)
    if n < 2:
        return 0.0
    mean_x = (n - 1) / 2
    mean_y = sum(values) / n
    num = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values))
    den = sum((x - mean_x) ** 2 for x in range(n))
    return num / den


@dataclass(frozen=True)
class TrendPoint:
    measured_on: dt.date
    value: float
    children: int | None = None


@dataclass
class AreaTrend:
    area: str
    points: list[TrendPoint]
    change: float | None  # last − previous
    slope: float | None  # per measurement over the last three
    falling: bool
    reason: str  # "sharp", "steady" or ""

    @property
    def last(self) -> TrendPoint:
        return self.points[-1]

    @property
    def previous(self) -> TrendPoint | None:
        return self.points[-2] if len(self.points) > 1 else None


def area_trends(
    rows: Iterable[tuple[str, dt.date, float] | tuple[str, dt.date, float, int | None]],
    *,
    fall_points: float | None = None,
) -> list[AreaTrend]:
    """Each area's measurements in date order, and whether the area FALLS.

    An area falls when, with N = ``fall_points`` (by default 5 points for results in per cent,
    0.3 for marks — see ``fall_points_for``):

    - *sharply*: the last measurement is lower than the previous one by N or more; or
    - *steadily*: there are at least three measurements and the least-squares slope over the
      last three (x = 0, 1, 2: per measurement, whatever the dates) is −N/2 or lower — i.e.
      over the last three measurements the line lost N or more.

    Example, N = 5: 70, 68, 66 — the last fell by 2 (not sharp), the slope is −2 per
    measurement, −4 over three (not steady): not falling. 70, 67, 64: slope −3, −6 over three:
    falling steadily. 70, 80, 74: the last fell by 6: falling sharply.

    Areas are returned falling first (the sharper fall first), then the rest by name.
    """
    by_area: dict[str, list[TrendPoint]] = defaultdict(list)
    for row in rows:
        area, measured_on, value = row[0], row[1], row[2]
        children = row[3] if len(row) > 3 else None
        by_area[area].append(TrendPoint(measured_on, float(value), children))
    if fall_points is None:
        fall_points = fall_points_for(p.value for ps in by_area.values() for p in ps)
    out = []
    for area, points in by_area.items():
        points.sort(key=lambda p: p.measured_on)
        change = round(points[-1].value - points[-2].value, 2) if len(points) > 1 else None
        slope = (
            round(least_squares_slope([p.value for p in points[-3:]]), 3)
            if len(points) >= 3
            else None
        )
        eps = 1e-9
        reason = ""
        if change is not None and change <= -fall_points + eps:
            reason = "sharp"
        elif slope is not None and slope <= -fall_points / 2 + eps:
            reason = "steady"
        out.append(AreaTrend(area, points, change, slope, bool(reason), reason))
    return sorted(
        out,
        key=lambda t: (
            not t.falling,
            min(t.change or 0, 2 * (t.slope or 0)) if t.falling else 0,
            t.area.lower(),
        ),
    )
