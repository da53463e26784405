"""Checking a test with keys: all-or-nothing items, the level of an indicator, keys and options
as people write them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from metodset.diagnostics.instruments import keys as instrument_keys


def test_multi_answer_items_are_all_or_nothing():
    assert instrument_keys.item_points(key=[0, 2], points=2, chosen=[2, 0]) == 2
    assert instrument_keys.item_points(key=[0, 2], points=2, chosen=[0]) == 0
    assert instrument_keys.item_points(key=[0, 2], points=2, chosen=[0, 1, 2]) == 0
    assert instrument_keys.item_points(key=[1], points=1, chosen=[1]) == 1


def test_an_indicators_level_is_its_share_of_points_times_the_top_level():
    # Indicator 10: item 1 (2 points, right) and item 2 (1 point, wrong) → 2/3 × 3 = 2.00.
    # Indicator 20: item 3 (1 point, right) → 3.00; indicator 30: item 4 wrong → 0.
    items = [(1, 10, [0], 2), (2, 10, [1], 1), (3, 20, [0, 1], 1), (4, 30, [2], 1)]
    answers = {1: [0], 2: [0], 3: [1, 0], 4: [0]}
    values = instrument_keys.indicator_values(items, answers, max_level=3)
    assert values == {10: Decimal("2.00"), 20: Decimal("3.00"), 30: Decimal("0.00")}


def test_keys_and_options_as_people_write_them():
    assert instrument_keys.key_parse("1; 3") == [0, 2]
    assert instrument_keys.key_parse("2") == [1]
    assert instrument_keys.key_parse(2.0) == [1]
    assert instrument_keys.key_parse("1, 3") == [0, 2]
    with pytest.raises(ValueError):
        instrument_keys.key_parse("А")
    assert instrument_keys.options_parse("Да\nНет\n") == ["Да", "Нет"]
    assert instrument_keys.options_parse("Да; Нет; Не знаю") == ["Да", "Нет", "Не знаю"]
