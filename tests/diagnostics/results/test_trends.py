"""Which areas of children's results fall: the least-squares slope, sharp and steady falls."""

from __future__ import annotations

import datetime as dt

import pytest

from metodset.diagnostics.results import trends as result_trends


def test_least_squares_slope_by_hand():
    assert result_trends.least_squares_slope([70, 67, 64]) == pytest.approx(-3)
    # x̄ = 1.5, ȳ = 66: Σ(x−x̄)(y−ȳ) = (−1.5)(4) + (−0.5)(−2) + (0.5)(2) + (1.5)(−4) = −10;
    # Σ(x−x̄)² = 5 → −2.
    assert result_trends.least_squares_slope([70, 64, 68, 62]) == pytest.approx(-2)
    assert result_trends.least_squares_slope([5]) == 0


def test_which_areas_fall():
    d = [dt.date(2025, 9, 1), dt.date(2025, 12, 1), dt.date(2026, 3, 1)]
    rows = [
        ("Вычисления", d[0], 70), ("Вычисления", d[1], 68), ("Вычисления", d[2], 66),  # −2, −2
        ("Задачи", d[0], 70), ("Задачи", d[1], 67), ("Задачи", d[2], 64),  # slope −3: steady
        ("Геометрия", d[0], 70), ("Геометрия", d[1], 80), ("Геометрия", d[2], 74),  # −6: sharp
        ("Величины", d[2], 50), ("Величины", d[0], 40),  # growing, dates out of order
        ("Дроби", d[2], 30),  # one measurement
    ]  # fmt: skip
    trends = {t.area: t for t in result_trends.area_trends(rows)}
    assert not trends["Вычисления"].falling
    assert (trends["Задачи"].falling, trends["Задачи"].reason) == (True, "steady")
    assert trends["Задачи"].slope == pytest.approx(-3)
    assert (trends["Геометрия"].falling, trends["Геометрия"].reason) == (True, "sharp")
    assert trends["Геометрия"].change == -6
    assert trends["Величины"].change == 10 and not trends["Величины"].falling
    assert [p.value for p in trends["Величины"].points] == [40, 50]
    assert trends["Дроби"].change is None and not trends["Дроби"].falling
    # Falling first, the sharper first.
    order = [t.area for t in result_trends.area_trends(rows)]
    assert order[:2] == ["Геометрия", "Задачи"]


def test_a_fall_of_exactly_n_points_counts_and_marks_have_their_own_n():
    d1, d2 = dt.date(2025, 9, 1), dt.date(2025, 12, 1)
    assert result_trends.area_trends([("А", d1, 75), ("А", d2, 70)])[0].falling
    assert not result_trends.area_trends([("А", d1, 75), ("А", d2, 70.5)])[0].falling
    # Average marks (all values ≤ 10): N = 0.3.
    assert result_trends.fall_points_for([4.2, 3.9]) == 0.3
    assert result_trends.area_trends([("А", d1, 4.2), ("А", d2, 3.9)])[0].falling
    assert not result_trends.area_trends([("А", d1, 4.2), ("А", d2, 4.0)])[0].falling
