"""Agreement between experts: Krippendorff's α on sparse reliability data.

The coordinator asks whether the experts read the criteria alike. Krippendorff's α answers
for any number of experts, any number of reviews per item and missing reviews (an item is
seen by 3 of 1,500 experts), with α = 1 − D_o / D_e: the disagreement observed inside items
against the disagreement expected if the same scores were dealt out at random. 1 is perfect
agreement, 0 is no better than chance, below 0 is systematic disagreement. Krippendorff's
reading: α ≥ 0.800 reliable, 0.667 ≤ α < 0.800 tentative, below 0.667 the scores should not
be relied on (:func:`band`).

Data come as units (items), each the list of the values it was given; a unit with fewer than
two values pairs with nothing and does not count. The formulas are Krippendorff's (2011,
"Computing Krippendorff's Alpha-Reliability") in their coincidence form, computed without the
value-by-value matrix: interval and ordinal from per-item sums (ordinal is interval on the
values' mid-ranks), nominal from per-item counts, ratio from the pairs inside each item. All
are linear in the number of reviews except ratio's expected disagreement, quadratic in the
number of distinct values (a rubric scale has a handful).

α is not computable (``alpha`` is None) when fewer than two values can be paired, or when
there is no variation at all: every pairable score is the same, so the data cannot show
whether the experts would tell a weak work from a strong one. That is not "perfect
agreement", and the page says «не вычисляется» with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from .aggregation import Criterion, Key, Review, review_total

Array = npt.NDArray[np.float64]
_RATIO_BLOCK = 512  # rows of the value-by-value block for ratio's expected disagreement


class Metric(StrEnum):
    NOMINAL = "nominal"
    ORDINAL = "ordinal"
    INTERVAL = "interval"
    RATIO = "ratio"


class NotComputable(StrEnum):
    TOO_FEW_VALUES = "too_few_values"  # fewer than two values in items reviewed twice or more
    NO_VARIATION = "no_variation"  # every pairable value is the same


class Band(StrEnum):
    RELIABLE = "reliable"  # α ≥ 0.800
    TENTATIVE = "tentative"  # 0.667 ≤ α < 0.800
    UNRELIABLE = "unreliable"  # α < 0.667


@dataclass(frozen=True)
class Agreement:
    alpha: float | None
    units: int  # items with two or more values
    values: int  # values in those items (Krippendorff's n)
    observed: float | None = None  # D_o
    expected: float | None = None  # D_e
    reason: NotComputable | None = None  # why alpha is None


def band(alpha: float) -> Band:
    if alpha >= 0.8:
        return Band.RELIABLE
    if alpha >= 0.667:
        return Band.TENTATIVE
    return Band.UNRELIABLE


def _flatten(units: Iterable[Sequence[float]]) -> tuple[Array, npt.NDArray[np.int64], Array]:
    """Pairable values, the index of the unit of each, and each unit's number of values."""
    values: list[float] = []
    sizes: list[int] = []
    for unit in units:
        if len(unit) >= 2:
            values.extend(unit)
            sizes.append(len(unit))
    counts = np.asarray(sizes, dtype=np.int64)
    owner = np.repeat(np.arange(len(sizes), dtype=np.int64), counts)
    return np.asarray(values, dtype=np.float64), owner, counts.astype(np.float64)


def _squared(values: Array, owner: npt.NDArray[np.int64], m: Array) -> tuple[float, float]:
    """D_o and D_e for δ(c, k) = (c − k)²; inside a unit Σ_{i≠j}(x_i − x_j)² = 2mΣx² − 2(Σx)²."""
    n = len(values)
    s1 = np.bincount(owner, weights=values, minlength=len(m))
    s2 = np.bincount(owner, weights=values * values, minlength=len(m))
    observed = float(np.sum((2 * m * s2 - 2 * s1 * s1) / (m - 1))) / n
    t1, t2 = float(values.sum()), float((values * values).sum())
    expected = (2 * n * t2 - 2 * t1 * t1) / (n * (n - 1))
    return observed, expected


def _mid_ranks(values: Array) -> Array:
    """Each value replaced by its mid-rank among all pairable values (ties share one)."""
    _, inverse, frequency = np.unique(values, return_inverse=True, return_counts=True)
    below = np.cumsum(frequency) - frequency
    return (below + (frequency + 1) / 2.0)[inverse].astype(np.float64)


def _nominal(values: Array, owner: npt.NDArray[np.int64], m: Array) -> tuple[float, float]:
    n = len(values)
    _, codes = np.unique(values, return_inverse=True)
    pairs = owner * (int(codes.max()) + 1) + codes
    cells, same = np.unique(pairs, return_counts=True)
    same_sq = np.bincount(cells // (int(codes.max()) + 1), weights=same * same, minlength=len(m))
    observed = float(np.sum((m * m - same_sq) / (m - 1))) / n
    frequency = np.bincount(codes).astype(np.float64)
    expected = (n * n - float(np.sum(frequency * frequency))) / (n * (n - 1))
    return observed, expected


def _ratio_delta(a: Array, b: Array) -> Array:
    total = a + b
    with np.errstate(invalid="ignore", divide="ignore"):
        delta = ((a - b) / total) ** 2
    return np.where(total == 0, 0.0, delta)


def _ratio(values: Array, owner: npt.NDArray[np.int64], m: Array) -> tuple[float, float]:
    n = len(values)
    order = np.argsort(owner, kind="stable")
    ordered, sizes = values[order], m.astype(np.int64)
    starts = np.cumsum(sizes) - sizes
    observed = 0.0
    for size in np.unique(sizes):
        group = starts[sizes == size]
        block = ordered[group[:, None] + np.arange(size)]  # units of this size, one a row
        delta = _ratio_delta(block[:, :, None], block[:, None, :])
        observed += float(delta.sum()) / (size - 1)
    distinct, frequency = np.unique(values, return_counts=True)
    weight = frequency.astype(np.float64)
    expected = 0.0
    for start in range(0, len(distinct), _RATIO_BLOCK):
        rows = slice(start, start + _RATIO_BLOCK)
        delta = _ratio_delta(distinct[rows, None], distinct[None, :])
        expected += float(weight[rows] @ delta @ weight)
    return float(observed) / n, float(expected) / (n * (n - 1))


def alpha(units: Iterable[Sequence[float]], metric: Metric = Metric.INTERVAL) -> Agreement:
    """Krippendorff's α of units, each the values its experts gave (missing ones left out)."""
    values, owner, m = _flatten(units)
    n = len(values)
    if n < 2:
        return Agreement(None, len(m), n, reason=NotComputable.TOO_FEW_VALUES)
    if float(values.max()) == float(values.min()):
        return Agreement(None, len(m), n, 0.0, 0.0, NotComputable.NO_VARIATION)
    if metric is Metric.NOMINAL:
        observed, expected = _nominal(values, owner, m)
    elif metric is Metric.RATIO:
        observed, expected = _ratio(values, owner, m)
    else:
        ranked = _mid_ranks(values) if metric is Metric.ORDINAL else values
        observed, expected = _squared(ranked, owner, m)
    return Agreement(1.0 - observed / expected, len(m), n, observed, expected)


# --- a campaign's reviews ----------------------------------------------------------------


def criterion_agreement(
    items: Iterable[Sequence[Review]],
    criteria: Sequence[Criterion],
    metric: Metric = Metric.INTERVAL,
) -> dict[Key, Agreement]:
    """α of each criterion over the items, each given as its submitted reviews.

    A review that left a criterion unscored is missing data for that criterion only.
    """
    units: dict[Key, list[list[float]]] = {criterion.key: [] for criterion in criteria}
    for reviews in items:
        for key, column in units.items():
            column.append([r.scores[key] for r in reviews if r.scores.get(key) is not None])
    return {key: alpha(column, metric) for key, column in units.items()}


def campaign_agreement(
    items: Iterable[Sequence[Review]], criteria: Sequence[Criterion]
) -> Agreement:
    """Interval α of the reviews' weighted totals (percent of the maximum) over the items."""
    return alpha(
        [[review_total(review, criteria).percent for review in reviews] for reviews in items],
        Metric.INTERVAL,
    )
