"""Krippendorff's α against published examples, a case worked by hand, and a plain reference."""

from __future__ import annotations

import itertools
import random
import time

import pytest

from metodset.expertise.aggregation import Criterion, Review
from metodset.expertise.agreement import (
    Band,
    Metric,
    NotComputable,
    alpha,
    band,
    campaign_agreement,
    criterion_agreement,
)

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section E: 4 observers ×
# 12 units, values 1–5, missing data. Unit 12 has one value and pairs with nothing.
OBSERVERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
PAPER_UNITS = [[v for v in unit if v is not None] for unit in zip(*OBSERVERS, strict=True)]


@pytest.mark.parametrize(
    ("metric", "published"),
    [
        (Metric.NOMINAL, 0.743),
        (Metric.ORDINAL, 0.815),
        (Metric.INTERVAL, 0.849),
        (Metric.RATIO, 0.797),
    ],
)
def test_krippendorff_2011_example_gives_the_published_alphas(metric, published):
    result = alpha(PAPER_UNITS, metric)

    assert result.alpha == pytest.approx(published, abs=0.0005)
    assert (result.units, result.values) == (11, 40)


def test_krippendorff_2011_interval_disagreements_are_the_papers_fractions():
    result = alpha(PAPER_UNITS, Metric.INTERVAL)

    # The paper's coincidence matrix gives D_o = 17.33̄ / 40 and D_e = 112 / 39.
    assert result.observed == pytest.approx(13 / 30)
    assert result.expected == pytest.approx(112 / 39)


def test_wikipedia_computational_example_gives_nominal_alpha_0_691():
    # Wikipedia, "Krippendorff's alpha", A computational example: coders A, B, C × 15 units.
    coders = [
        [N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3],
        [1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N],
        [N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4],
    ]
    units = [[v for v in unit if v is not None] for unit in zip(*coders, strict=True)]

    result = alpha(units, Metric.NOMINAL)

    # Its coincidence matrix: n = 26 pairable values, n_1 = 7, n_2 = 4, n_3 = 10, n_4 = 5, and
    # off the diagonal 6 (units 6, 8 and 15 contribute 2 each), so Σ o_cc = 20:
    # α = 1 − (n − 1)(n − Σ o_cc) / (n² − Σ n_c²) = 1 − 25 · 6 / (676 − 190) = 0.691
    assert result.alpha == pytest.approx(1 - 25 * 6 / 486)
    assert round(result.alpha, 3) == 0.691


def test_a_case_worked_by_hand():
    # Two items, two experts: item 1 scored 1 and 2, item 2 scored 3 and 3. n = 4 values.
    # Interval, δ = (c − k)²:
    #   D_o = (1/n) Σ_items Σ_{i≠j} δ / (m − 1) = (1/4)·((1 + 1)/1 + 0) = 0.5
    #   D_e = Σ over all ordered pairs of the 4 values δ / (n(n − 1)):
    #         unordered pairs 1–2: 1, 1–3: 4, 1–3: 4, 2–3: 1, 2–3: 1, 3–3: 0 → 11, ordered 22
    #       = 22 / 12 = 11/6
    #   α = 1 − 0.5 / (11/6) = 1 − 3/11 = 8/11 ≈ 0.727
    # Nominal, δ = 1 when different:
    #   D_o = (1/4)·(2/1) = 0.5;  D_e = (n² − Σ n_c²)/(n(n − 1)) = (16 − (1 + 1 + 4))/12 = 10/12
    #   α = 1 − 0.5 / (10/12) = 0.4
    units = [[1, 2], [3, 3]]

    assert alpha(units, Metric.INTERVAL).alpha == pytest.approx(8 / 11)
    assert alpha(units, Metric.NOMINAL).alpha == pytest.approx(0.4)


def _reference(units, delta):
    """α straight from the definition: every ordered pair inside each unit, then every pair."""
    pairable = [u for u in units if len(u) >= 2]
    values = [v for u in pairable for v in u]
    n = len(values)
    observed = sum(
        sum(delta(a, b) for a, b in itertools.permutations(u, 2)) / (len(u) - 1) for u in pairable
    )
    expected = sum(delta(a, b) for a, b in itertools.permutations(values, 2))
    return 1 - (observed / n) / (expected / (n * (n - 1)))


def _ordinal_delta(values):
    counts = {v: values.count(v) for v in set(values)}

    def delta(a, b):
        low, high = sorted((a, b))
        between = sum(n for v, n in counts.items() if low <= v <= high)
        return (between - (counts[low] + counts[high]) / 2) ** 2 if a != b else 0.0

    return delta


def test_each_metric_equals_the_definition_on_random_sparse_data():
    rng = random.Random(7)
    for _ in range(20):
        units = [
            [rng.randint(0, 4) for _ in range(rng.choice([0, 1, 2, 3, 3, 5]))] for _ in range(25)
        ]
        values = [v for u in units if len(u) >= 2 for v in u]
        if len(set(values)) < 2:
            continue
        deltas = {
            Metric.NOMINAL: lambda a, b: float(a != b),
            Metric.INTERVAL: lambda a, b: float((a - b) ** 2),
            Metric.RATIO: lambda a, b: ((a - b) / (a + b)) ** 2 if a + b else 0.0,
            Metric.ORDINAL: _ordinal_delta(values),
        }
        for metric, delta in deltas.items():
            assert alpha(units, metric).alpha == pytest.approx(_reference(units, delta))


def test_alpha_is_not_computable_with_fewer_than_two_pairable_values():
    result = alpha([[3], [4], []])

    assert result.alpha is None
    assert result.reason is NotComputable.TOO_FEW_VALUES
    assert (result.units, result.values) == (0, 0)


def test_alpha_is_not_computable_when_every_score_is_the_same():
    result = alpha([[2, 2], [2, 2, 2], [5]], Metric.INTERVAL)

    assert result.alpha is None
    assert result.reason is NotComputable.NO_VARIATION
    assert (result.units, result.values) == (2, 5)


def test_perfect_agreement_is_one_and_systematic_disagreement_is_below_zero():
    assert alpha([[1, 1], [3, 3], [5, 5]]).alpha == pytest.approx(1.0)
    assert alpha([[1, 5], [5, 1]]).alpha < 0


def test_bands_follow_krippendorffs_thresholds():
    assert [band(a) for a in (0.85, 0.8, 0.7, 0.667, 0.5)] == [
        Band.RELIABLE,
        Band.RELIABLE,
        Band.TENTATIVE,
        Band.TENTATIVE,
        Band.UNRELIABLE,
    ]


def test_fifteen_thousand_sparse_reviews_take_well_under_a_second():
    rng = random.Random(1)
    units = [[rng.randint(0, 10) for _ in range(3)] for _ in range(5000)]

    started = time.perf_counter()
    for metric in Metric:
        assert alpha(units, metric).values == 15000
    assert time.perf_counter() - started < 1.0


CRITERIA = [
    Criterion(key="goal", max_score=5),
    Criterion(key="method", max_score=5, weight=2),
]


def test_criterion_agreement_treats_an_unscored_criterion_as_missing():
    items = [
        [Review({"goal": 1, "method": 2}), Review({"goal": 2, "method": 2})],
        [Review({"goal": 3, "method": 4}), Review({"goal": 3})],
    ]

    result = criterion_agreement(items, CRITERIA)

    assert result["goal"].alpha == pytest.approx(8 / 11)  # the hand-worked case above
    assert result["method"].alpha is None  # one pairable item, both scores 2
    assert result["method"].reason is NotComputable.NO_VARIATION


def test_campaign_agreement_is_over_the_reviews_weighted_totals():
    # Totals (percent of 15): goal + 2·method.
    items = [
        [Review({"goal": 5, "method": 5}), Review({"goal": 4, "method": 5})],  # 100, 93.3
        [Review({"goal": 1, "method": 1}), Review({"goal": 1, "method": 2})],  # 20, 33.3
    ]

    result = campaign_agreement(items, CRITERIA)

    expected = alpha([[100, 14 / 15 * 100], [20, 5 / 15 * 100]], Metric.INTERVAL)
    assert result.alpha == pytest.approx(expected.alpha)
    assert result.values == 4
