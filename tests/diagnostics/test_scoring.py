"""The scoring rule (diagnostics/scoring.py) on plain data, every expected value worked by hand."""

from __future__ import annotations

from decimal import Decimal

from metodset.diagnostics.scoring import (
    Level,
    Score,
    competency_levels,
    indicator_levels,
    severity,
)

# --- indicator_levels: rules 1 and 2 -----------------------------------------------------------


def test_an_indicator_from_one_source_has_its_value():
    assert indicator_levels([Score(1, 11, "self", 2)]) == {11: (1, 2.0, frozenset({"self"}))}


def test_self_assessment_and_test_weigh_the_same():
    levels = indicator_levels([Score(1, 11, "self", 1), Score(1, 11, "test", 3)])
    # (1·1 + 1·3) / 2 = 2
    assert levels == {11: (1, 2.0, frozenset({"self", "test"}))}


def test_observation_weighs_twice():
    levels = indicator_levels([Score(1, 11, "self", 3), Score(1, 11, "observation", 0, 7)])
    # (1·3 + 2·0) / 3 = 1
    assert levels == {11: (1, 1.0, frozenset({"self", "observation"}))}


def test_protocols_of_one_indicator_are_averaged_before_weighing():
    levels = indicator_levels(
        [
            Score(1, 11, "self", 3),
            Score(1, 11, "observation", 0, observation_id=7),
            Score(1, 11, "observation", 3, observation_id=8),
        ]
    )
    # The two observers count as one: (0 + 3) / 2 = 1.5; then (1·3 + 2·1.5) / 3 = 2.
    assert levels == {11: (1, 2.0, frozenset({"self", "observation"}))}


def test_not_applicable_leaves_out_the_source_and_an_indicator_with_nothing_else():
    levels = indicator_levels(
        [
            Score(1, 11, "self", None),
            Score(1, 11, "observation", 1, 7),
            Score(1, 12, "self", None),
        ]
    )
    # 11: only the observation counts, 1; 12: nothing applicable, no level at all.
    assert levels == {11: (1, 1.0, frozenset({"observation"}))}


def test_decimal_values_become_floats():
    (level,) = indicator_levels([Score(1, 11, "self", Decimal("2.50"))]).values()
    assert level == (1, 2.5, frozenset({"self"}))
    assert type(level[1]) is float


def test_an_unknown_source_weighs_one():
    levels = indicator_levels([Score(1, 11, "self", 1), Score(1, 11, "peer", 4)])
    # (1·1 + 1·4) / 2 = 2.5
    assert levels[11][1] == 2.5


def test_no_scores_no_levels():
    assert indicator_levels([]) == {}


# --- competency_levels: rules 3 and 4 ----------------------------------------------------------


def test_scoring_weighs_observation_twice_and_leaves_out_not_applicable():
    S = Score
    levels = competency_levels(
        [
            # competency 1: indicator 11 self 1, observation 3 → (1 + 2·3) / 3 = 2.333…
            S(1, 11, "self", 1),
            S(1, 11, "observation", 3, observation_id=7),
            # indicator 12: self 2, two observers 0 and 2 → observation mean 1 → (2 + 2·1)/3
            S(1, 12, "self", 2),
            S(1, 12, "observation", 0, observation_id=7),
            S(1, 12, "observation", 2, observation_id=8),
            # competency 2: one indicator «не применимо», the other 1 → level 1, a deficit
            S(2, 21, "self", None),
            S(2, 22, "test", Decimal("1")),
            # competency 3: nothing applicable → no level at all
            S(3, 31, "self", None),
        ],
        threshold=2,
    )
    # (7/3 + 4/3) / 2 = 11/6 = 1.8333… → 1.83
    assert levels == [
        Level(competency_id=1, level=1.83, deficit=True, sources=("self", "observation")),
        Level(competency_id=2, level=1.0, deficit=True, sources=("test",)),
    ]


def test_a_competency_is_the_mean_of_its_indicators_rounded_to_hundredths():
    levels = competency_levels(
        [Score(1, 11, "self", 1), Score(1, 12, "self", 2), Score(1, 13, "self", 2)],
        threshold=1,
    )
    # (1 + 2 + 2) / 3 = 1.666… → 1.67
    assert levels == [Level(competency_id=1, level=1.67, deficit=False, sources=("self",))]


def test_a_level_at_the_threshold_is_not_a_deficit_and_just_below_is():
    scores = [Score(1, 11, "self", 2)]
    assert competency_levels(scores, threshold=2)[0].deficit is False
    assert competency_levels(scores, threshold=Decimal("2.1"))[0].deficit is True


def test_sources_are_named_in_the_rules_order_across_indicators():
    levels = competency_levels(
        [
            Score(1, 11, "observation", 2, 7),
            Score(1, 12, "test", 2),
            Score(1, 12, "self", 2),
        ],
        threshold=2,
    )
    assert levels[0].sources == ("self", "test", "observation")


def test_competencies_come_in_the_order_of_their_ids():
    levels = competency_levels(
        [Score(5, 51, "self", 3), Score(2, 21, "self", 0), Score(9, 91, "test", 1)],
        threshold=2,
    )
    assert [(x.competency_id, x.level, x.deficit) for x in levels] == [
        (2, 0.0, True),
        (5, 3.0, False),
        (9, 1.0, True),
    ]


def test_no_scored_indicator_no_competency():
    assert competency_levels([], threshold=2) == []
    assert competency_levels([Score(1, 11, "self", None)], threshold=2) == []


# --- severity --------------------------------------------------------------------------------


def test_severity_is_how_far_below_the_threshold():
    assert severity(1.83, 2) == 0.17
    assert severity(1.0, Decimal("2.5")) == 1.5
    assert severity(0.0, 2) == 2.0


def test_severity_of_a_level_at_or_above_the_threshold_is_zero():
    assert severity(2.0, 2) == 0.0
    assert severity(2.5, 2) == 0.0
