"""One more review for one paper, nobody else moved: a declined or overdue review replaced."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .problem import Infeasible, Problem, Reason, ReasonCode


def reassign(problem: Problem, assigned: Iterable[tuple[int, int]], paper: int) -> int:
    """The reviewer to add to ``paper``: the highest affinity among those who may take it
    (eligible, not already on it, no organisation already on it when one a paper, load below
    their max), then one still under their min load, then the lightest load, then the smaller
    key. ``assigned`` are the (reviewer, paper) pairs standing now: leave a declined review's
    pair out of them (its reviewer's load drops) and put it among the problem's conflicts (so
    they are not asked again)."""
    target = next((p for p in problem.papers if p.key == paper), None)
    if target is None:
        raise ValueError(f"unknown paper {paper}")
    pairs = list(assigned)
    loads = Counter(r for r, _ in pairs)
    on_paper = {r for r, p in pairs if p == paper}
    taken = {
        org
        for reviewer in problem.reviewers
        if reviewer.key in on_paper
        for org in reviewer.organizations
    }
    eligible = [
        reviewer
        for reviewer in problem.reviewers
        if reviewer.key not in on_paper
        and reviewer.max_load > 0
        and problem.eligible(reviewer, target)
        and not (problem.one_per_organization and reviewer.organizations & taken)
    ]
    free = [r for r in eligible if loads[r.key] < r.max_load]
    if not free:
        code: ReasonCode = "capacity_short" if eligible else "paper_short"
        raise Infeasible(
            (
                Reason(
                    code,
                    papers=(paper,),
                    reviewers=tuple(r.key for r in eligible),
                    needed=1,
                    available=0,
                ),
            )
        )
    best = max(
        free,
        key=lambda r: (
            problem.affinity.get((r.key, paper), 0),
            loads[r.key] < r.min_load,
            -loads[r.key],
            -r.key,
        ),
    )
    return best.key
