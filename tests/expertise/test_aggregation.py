"""One item's reviews into a result; a contest's results into places and diplomas."""

from __future__ import annotations

import pytest

from metodset.expertise.aggregation import (
    Award,
    AwardRule,
    Criterion,
    Entry,
    Review,
    SpreadRule,
    Verdict,
    aggregate,
    rank,
    review_total,
    suggest_verdict,
    tiebreak_order,
    trimmed_mean,
)

V = Verdict
GOAL = Criterion(key="goal", max_score=5, weight=1, title="Цели и задачи")
METHOD = Criterion(key="method", max_score=5, weight=2, title="Методы")
SAFETY = Criterion(key="safety", max_score=3, critical=True, pass_score=2, title="Безопасность")
CRITERIA = [GOAL, METHOD, SAFETY]


def review(goal, method, safety=3, verdict=None):
    return Review({"goal": goal, "method": method, "safety": safety}, verdict)


def test_a_reviews_total_is_weighted_and_a_percentage_of_the_weighted_maximum():
    total = review_total(review(4, 3, 2), CRITERIA)

    # 1·4 + 2·3 + 1·2 = 12 of 1·5 + 2·5 + 1·3 = 18
    assert (total.points, total.max_points) == (12, 18)
    assert total.percent == pytest.approx(200 / 3)
    assert total.failed_critical == ()


def test_a_score_off_the_scale_or_missing_is_refused():
    with pytest.raises(ValueError, match="goal"):
        review_total(review(6, 3), CRITERIA)
    with pytest.raises(ValueError, match="safety"):
        review_total(Review({"goal": 1, "method": 1}), CRITERIA)


def test_trimmed_mean_drops_the_highest_and_lowest_only_from_four_reviews():
    assert trimmed_mean([1, 2, 9]) == 4  # three: the plain mean
    assert trimmed_mean([1, 2, 3, 10]) == 2.5  # four: 2 and 3 remain
    assert trimmed_mean([0, 4, 4, 5, 100]) == pytest.approx(13 / 3)


def test_an_item_result_has_median_and_trimmed_mean_of_the_reviews_totals():
    reviews = [review(5, 5), review(4, 4), review(3, 2), review(1, 1)]

    result = aggregate(reviews, CRITERIA)

    # totals of 18: 18, 15, 10, 6 → percent 100, 83.3, 55.6, 33.3
    assert result.totals == pytest.approx((100, 1500 / 18, 1000 / 18, 600 / 18))
    assert result.median_total == pytest.approx((1500 / 18 + 1000 / 18) / 2)
    assert result.trimmed_mean_total == pytest.approx((1500 / 18 + 1000 / 18) / 2)
    assert result.median_points == pytest.approx(12.5)
    assert result.spread == pytest.approx(100 - 600 / 18)
    goal = result.criteria[0]
    assert (goal.key, goal.median, goal.trimmed_mean, goal.spread) == ("goal", 3.5, 3.5, 4)


def test_a_failed_critical_criterion_makes_the_item_not_recommended_whatever_the_total():
    reviews = [
        review(5, 5, 1, V.RECOMMENDED),
        review(5, 5, 1, V.RECOMMENDED),
        review(5, 5, 3, V.RECOMMENDED),
    ]

    result = aggregate(reviews, CRITERIA)

    assert result.median_total > 85
    assert result.failed_critical == ("safety",)
    assert result.verdict is V.NOT_RECOMMENDED


def test_one_experts_critical_fail_is_a_vote_not_the_items_fail():
    reviews = [
        review(5, 5, 1, V.RECOMMENDED),
        review(5, 5, 3, V.RECOMMENDED),
        review(5, 5, 3, V.RECOMMENDED),
    ]

    result = aggregate(reviews, CRITERIA)

    assert result.failed_critical == ()
    assert result.verdict is V.RECOMMENDED  # votes: not recommended, recommended ×2


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        ([V.RECOMMENDED, V.RECOMMENDED, V.REVISE], V.RECOMMENDED),  # a majority
        ([V.RECOMMENDED, V.REVISE, V.NOT_RECOMMENDED], V.REVISE),  # the middle opinion
        ([V.RECOMMENDED, V.NOT_RECOMMENDED], V.NOT_RECOMMENDED),  # an even split: stricter
        ([V.RECOMMENDED, V.RECOMMENDED, V.REVISE, V.REVISE], V.REVISE),
        ([V.REVISE, None], V.REVISE),  # a review without a verdict does not vote
        ([None, None], None),
    ],
)
def test_suggested_verdict_is_the_median_vote_with_ties_to_the_stricter(votes, expected):
    assert suggest_verdict(votes) is expected


def test_a_critical_fail_overrides_every_vote():
    assert suggest_verdict([V.RECOMMENDED] * 3, critical_failed=True) is V.NOT_RECOMMENDED


def test_a_spread_above_the_allowance_asks_for_an_extra_review():
    reviews = [review(5, 5), review(2, 3.5)]  # 100 % and 66.7 %: 33.3 points apart

    assert aggregate(reviews, CRITERIA, spread=SpreadRule(total=30)).needs_extra_review
    assert not aggregate(reviews, CRITERIA, spread=SpreadRule(total=35)).needs_extra_review
    # exactly at the allowance is within it; goal differs by 3 points
    assert not aggregate(reviews, CRITERIA, spread=SpreadRule(criterion=3)).needs_extra_review
    result = aggregate(reviews, CRITERIA, spread=SpreadRule(criterion=2.5))
    assert result.needs_extra_review
    assert [c.too_wide for c in result.criteria] == [True, False, False]


def test_one_review_never_asks_for_another_by_spread():
    result = aggregate([review(5, 5)], CRITERIA, spread=SpreadRule(total=0, criterion=0))

    assert (result.spread, result.needs_extra_review) == (0, False)


def test_an_item_without_reviews_has_no_result():
    with pytest.raises(ValueError):
        aggregate([], CRITERIA)


# --- contests ----------------------------------------------------------------------------


def test_ties_break_on_trimmed_mean_then_critical_criteria_first_then_share_a_place():
    entries = [
        Entry("a", 80, 78, (2, 4, 4)),
        Entry("b", 80, 79, (1, 5, 5)),  # ahead of a on the trimmed mean
        Entry("c", 80, 78, (3, 1, 1)),  # ahead of a on the first (critical) criterion
        Entry("d", 90, 60, (1, 1, 1)),  # the median total comes first
        Entry("e", 80, 78, (2, 4, 4)),  # equal to a in everything: a shared place
        Entry("f", 50, 50, (0, 0, 0)),
    ]

    placements = rank(entries)

    assert [(p.key, p.place, p.shared) for p in placements] == [
        ("d", 1, False),
        ("b", 2, False),
        ("c", 3, False),
        ("a", 4, True),
        ("e", 4, True),
        ("f", 6, False),
    ]
    assert [p.award for p in placements] == [
        Award.WINNER,
        Award.PRIZE_WINNER,
        Award.PRIZE_WINNER,
        Award.PARTICIPANT,
        Award.PARTICIPANT,
        Award.PARTICIPANT,
    ]


def test_a_shared_first_place_makes_two_winners_and_the_next_entry_third():
    placements = rank([Entry("a", 90, 90), Entry("b", 90, 90), Entry("c", 70, 70)])

    assert [(p.place, p.award) for p in placements] == [
        (1, Award.WINNER),
        (1, Award.WINNER),
        (3, Award.PRIZE_WINNER),
    ]


def test_the_award_counts_are_settings():
    rule = AwardRule(winner_places=2, prize_places=1)
    placements = rank([Entry(k, 100 - i, 0) for i, k in enumerate("abcd")], awards=rule)

    assert [p.award for p in placements] == [
        Award.WINNER,
        Award.WINNER,
        Award.PRIZE_WINNER,
        Award.PARTICIPANT,
    ]


def test_an_entry_failing_a_critical_criterion_is_placed_last_without_a_prize():
    placements = rank([Entry("top", 99, 99, failed_critical=True), Entry("low", 40, 40)])

    assert [(p.key, p.place, p.award) for p in placements] == [
        ("low", 1, Award.WINNER),
        ("top", 2, Award.PARTICIPANT),
    ]


def test_totals_equal_up_to_rounding_share_a_place():
    placements = rank([Entry("a", 0.1 + 0.2, 1), Entry("b", 0.3, 1)])

    assert [p.place for p in placements] == [1, 1]


def test_an_entry_from_an_item_result_carries_the_criteria_in_tiebreak_order():
    result = aggregate([review(4, 3, 2), review(2, 5, 3)], CRITERIA)

    entry = Entry.from_result(7, result, CRITERIA)

    assert [c.key for c in tiebreak_order(CRITERIA)] == ["safety", "goal", "method"]
    assert entry.criterion_medians == (2.5, 3, 4)
    assert entry.median_total == result.median_total
    assert entry.failed_critical is False


def test_verdict_and_award_labels_are_russian():
    from django.utils import translation

    with translation.override("ru"):
        assert [str(v.label) for v in Verdict] == [
            "рекомендовано",
            "рекомендовано после доработки",
            "не рекомендовано",
        ]
        assert [str(a.label) for a in Award] == ["победитель", "призёр", "участник"]


def test_decimal_scores_from_the_database_count_as_numbers():
    from decimal import Decimal

    total = review_total(review(Decimal("4.5"), Decimal("3"), Decimal("2")), CRITERIA)

    assert total.points == 12.5
