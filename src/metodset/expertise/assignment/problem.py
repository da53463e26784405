"""The reviewer-assignment problem and its answers as plain, frozen data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

ReasonCode = Literal["paper_short", "capacity_short", "load_unfilled", "group_short"]


@dataclass(frozen=True)
class Reviewer:
    """An expert: the organisations they belong to and how many reviews they take."""

    key: int
    organizations: frozenset[int] = frozenset()
    min_load: int = 0
    max_load: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.min_load <= self.max_load:
            raise ValueError(f"reviewer {self.key}: 0 ≤ min_load ≤ max_load required")


@dataclass(frozen=True)
class Paper:
    """An item to review: its authors' organisations and how many reviews it still needs."""

    key: int
    organizations: frozenset[int] = frozenset()
    reviews: int = 0

    def __post_init__(self) -> None:
        if self.reviews < 0:
            raise ValueError(f"paper {self.key}: reviews ≥ 0 required")


@dataclass(frozen=True)
class Problem:
    reviewers: tuple[Reviewer, ...]
    papers: tuple[Paper, ...]
    conflicts: frozenset[tuple[int, int]] = frozenset()  # (reviewer key, paper key)
    affinity: Mapping[tuple[int, int], int] = field(
        default_factory=lambda: MappingProxyType({})
    )  # higher is better
    one_per_organization: bool = True  # at most one reviewer of any one organisation a paper

    def __post_init__(self) -> None:
        if len({r.key for r in self.reviewers}) != len(self.reviewers):
            raise ValueError("reviewer keys must be unique")
        if len({p.key for p in self.papers}) != len(self.papers):
            raise ValueError("paper keys must be unique")

    def eligible(self, reviewer: Reviewer, paper: Paper) -> bool:
        """No declared conflict and no organisation in common (the DB passes those too)."""
        return (reviewer.key, paper.key) not in self.conflicts and not (
            reviewer.organizations & paper.organizations
        )


@dataclass(frozen=True)
class Solution:
    pairs: tuple[tuple[int, int], ...]  # (reviewer key, paper key), sorted
    objective: int  # Σ affinity over the pairs
    bound: float  # no assignment can score more (LP relaxation, or CP-SAT's best bound)
    exact: bool  # objective is proven optimal

    @property
    def ratio(self) -> float:
        """Objective over bound: 1.0 when proven optimal (and when both are 0)."""
        if self.bound <= 0:
            return 1.0 if self.objective >= self.bound else 0.0
        return self.objective / self.bound


@dataclass(frozen=True)
class Reason:
    """Why no assignment exists: which rule, which papers and reviewers, how short."""

    code: ReasonCode
    papers: tuple[int, ...] = ()
    reviewers: tuple[int, ...] = ()
    needed: int = 0
    available: int = 0


class Infeasible(Exception):
    def __init__(self, reasons: tuple[Reason, ...]) -> None:
        self.reasons = reasons
        super().__init__(
            "; ".join(f"{r.code}: needed {r.needed}, available {r.available}" for r in reasons)
        )
