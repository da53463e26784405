"""Route drafting at the scale of a region, and its gap to the optimum on small cases.

The region: 30,000 teachers in 500 organisations, assessed against a framework of 20
competencies in 5 areas. Each teacher's deficits are drawn competency by competency with
area-dependent prevalence (digital and inclusive-education deficits are the most common, as
in the regional centres' reports), 0 to 9 of them, with severities between 0.1 and 2 levels.
The catalogue holds 300 shared activities: courses of 16–72 hours, community work, learning
from a colleague and self-study, each developing one to three competencies, mostly of one
area, a quarter with fixed dates (some outside the school year); each organisation adds 4 of
its own (a community, a mentor, its seminars), which drafting prefers.
Every teacher gets a draft within 72 hours and 8 steps. Small cases (10
competencies, 30 activities) are solved by CP-SAT too. Nothing touches the database.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections.abc import Sequence
from typing import Any

from metodset.routes.drafting import Candidate, Deficit, draft_route, optimal_route

TEACHERS = 30_000
ORGANIZATIONS = 500
COMPETENCIES = 20
AREAS = 5
ACTIVITIES = 300
OWN_PER_ORGANIZATION = 4
BUDGET = 72.0
SMALL_CASES = 200
WINDOW = (dt.date(2026, 9, 1), dt.date(2027, 5, 31))
QUICK = {"teachers": 300, "small_cases": 10}
# Share of teachers with a deficit in a competency of each area (норм.-прав., предм., метод.,
# психол.-пед., цифр.).
PREVALENCE = (0.15, 0.12, 0.22, 0.28, 0.35)


def routes_bench(
    *,
    teachers: int = TEACHERS,
    small_cases: int = SMALL_CASES,
    seed: int = 20261124,
) -> dict[str, Any]:
    rng = random.Random(seed)
    catalogue = _catalogue(rng, activities=ACTIVITIES, competencies=COMPETENCIES)
    profiles = [_profile(rng, COMPETENCIES) for _ in range(teachers)]
    organizations = [rng.randrange(ORGANIZATIONS) for _ in range(teachers)]
    coverages, hours, steps, with_deficits, over_budget = [], [], [], 0, 0
    own_steps = 0
    # The catalogue as each organisation sees it: the shared items and its own.
    own_items = _own_items(rng)
    seen_by = {org: catalogue + own_items[org] for org in range(ORGANIZATIONS)}
    started = time.perf_counter()
    for deficits, organization in zip(profiles, organizations, strict=True):
        candidates = seen_by[organization]
        draft = draft_route(
            deficits=deficits, candidates=candidates, hours_budget=BUDGET, window=WINDOW
        )
        over_budget += draft.hours > BUDGET
        if deficits:
            with_deficits += 1
            coverages.append(draft.coverage)
            hours.append(draft.hours)
            steps.append(len(draft.steps))
            own_steps += sum(1 for s in draft.steps if s.reason.own)
    seconds = time.perf_counter() - started
    return {
        "teachers": teachers,
        "teachers_with_deficits": with_deficits,
        "competencies": COMPETENCIES,
        "activities": len(catalogue),
        "own_activities_per_organization": OWN_PER_ORGANIZATION,
        "hours_budget": BUDGET,
        "mean_deficits": round(statistics.fmean(len(p) for p in profiles), 2),
        "seconds": round(seconds, 2),
        "ms_per_draft": round(seconds * 1000 / teachers, 3),
        "mean_coverage": _mean(coverages),
        "fully_covered_share": _mean([1.0 if c >= 1 else 0.0 for c in coverages]),
        "mean_hours": _mean(hours),
        "mean_steps": _mean(steps),
        "own_steps_share": round(own_steps / sum(steps), 4) if steps else 0.0,
        "drafts_over_budget": over_budget,
        "small_cases": (small := _small_cases(count=small_cases, rng=random.Random(seed + 1))),
        "ok": over_budget == 0 and small["mean_gap"] >= -0.001,
    }


def routes_bench_quick(*, seed: int = 20261124) -> dict[str, Any]:
    return routes_bench(seed=seed, **QUICK)


def _catalogue(rng: random.Random, *, activities: int, competencies: int) -> list[Candidate]:
    """The shared activities: shipped, the network's and the region's."""
    per_area = competencies // AREAS
    kinds = (  # (share, hours to choose from)
        (0.45, (16, 18, 24, 36, 36, 72)),  # courses
        (0.15, (10, 12, 18, 20)),  # community work
        (0.15, (6, 8, 10, 12)),  # learning from a colleague
        (0.25, (4, 6, 8, 10, 12)),  # self-study
    )
    items = []
    for n in range(activities):
        hours_choices = rng.choices([k[1] for k in kinds], weights=[k[0] for k in kinds])[0]
        area = rng.randrange(AREAS)
        own_area = list(range(area * per_area, (area + 1) * per_area))
        count = rng.choices((1, 2, 3), weights=(0.45, 0.4, 0.15))[0]
        developed = set(rng.sample(own_area, min(count, per_area)))
        if rng.random() < 0.2:  # an interdisciplinary one reaches into another area
            developed.add(rng.randrange(competencies))
        starts_on = ends_on = None
        if rng.random() < 0.25:
            starts_on = WINDOW[0] + dt.timedelta(days=rng.randrange(-30, 300))
            ends_on = starts_on + dt.timedelta(days=rng.choice((0, 7, 30)))
        items.append(
            Candidate(
                id=n + 1,
                competencies=frozenset(developed),
                hours=float(rng.choice(hours_choices)),
                starts_on=starts_on,
                ends_on=ends_on,
            )
        )
    return items


def _own_items(rng: random.Random) -> dict[int, list[Candidate]]:
    """What each organisation runs itself: a community, a mentor, its methodical seminars."""
    per_area = COMPETENCIES // AREAS
    result = {}
    next_id = 100_000
    for org in range(ORGANIZATIONS):
        items = []
        for _ in range(OWN_PER_ORGANIZATION):
            area = rng.randrange(AREAS)
            count = rng.choice((1, 2))
            developed = rng.sample(range(area * per_area, (area + 1) * per_area), count)
            next_id += 1
            items.append(
                Candidate(
                    id=next_id,
                    competencies=frozenset(developed),
                    hours=float(rng.choice((6, 8, 10, 12, 18, 20))),
                    own=True,
                )
            )
        result[org] = items
    return result


def _profile(rng: random.Random, competencies: int) -> list[Deficit]:
    per_area = competencies // AREAS
    deficits = []
    for competency in range(competencies):
        if rng.random() < PREVALENCE[competency // per_area]:
            severity = round(min(2.0, rng.expovariate(1.6) + 0.1), 2)
            deficits.append(Deficit(competency, severity, code=f"К.{competency + 1}"))
    return deficits


def _small_cases(*, count: int, rng: random.Random) -> dict[str, Any]:
    gaps, heuristic_seconds, exact_seconds = [], [], []
    proven = 0
    for _ in range(count):
        competencies = 10
        deficits = [
            Deficit(k, round(rng.uniform(0.1, 2.0), 2), code=f"К.{k + 1}")
            for k in rng.sample(range(competencies), rng.randint(3, 7))
        ]
        catalogue = [
            Candidate(
                id=n + 1,
                competencies=frozenset(rng.sample(range(competencies), rng.choice((1, 1, 2, 3)))),
                hours=float(rng.choice((4, 6, 8, 12, 16, 24, 36, 72))),
                own=rng.random() < 0.2,
            )
            for n in range(30)
        ]
        budget = float(rng.choice((24, 36, 48, 72)))
        clock = time.perf_counter()
        greedy = draft_route(
            deficits=deficits, candidates=catalogue, hours_budget=budget, window=WINDOW
        )
        heuristic_seconds.append(time.perf_counter() - clock)
        clock = time.perf_counter()
        exact = optimal_route(
            deficits=deficits, candidates=catalogue, hours_budget=budget, window=WINDOW
        )
        exact_seconds.append(time.perf_counter() - clock)
        proven += exact.proven_optimal
        gaps.append((exact.value - greedy.value) / exact.value if exact.value else 0.0)
    return {
        "cases": count,
        "competencies": 10,
        "activities": 30,
        "optimal_reached": sum(1 for gap in gaps if gap <= 1e-9),
        "exact_proven": proven,
        "mean_gap": round(statistics.fmean(gaps), 4) if gaps else 0.0,
        "max_gap": round(max(gaps), 4) if gaps else 0.0,
        "heuristic_mean_ms": round(statistics.fmean(heuristic_seconds) * 1000, 3) if gaps else 0.0,
        "exact_mean_ms": round(statistics.fmean(exact_seconds) * 1000, 2) if gaps else 0.0,
    }


def report_lines(results: dict[str, Any]) -> list[str]:
    small = results["small_cases"]
    return [
        f"Route drafting: {results['teachers']:,} teachers ({results['mean_deficits']} deficits "
        f"each on average over {results['competencies']} competencies), a catalogue of "
        f"{results['activities']} activities, {results['hours_budget']:.0f} h budget: "
        f"{results['seconds']:.1f} s, {results['ms_per_draft']:.2f} ms a draft",
        f"  deficit coverage (severity-weighted) mean {results['mean_coverage']:.1%}, fully "
        f"covered {results['fully_covered_share']:.1%}; mean {results['mean_hours']:.1f} h in "
        f"{results['mean_steps']:.1f} steps; own organisation's steps "
        f"{results['own_steps_share']:.1%}",
        f"  {small['cases']} small cases ({small['competencies']} competencies, "
        f"{small['activities']} activities): optimum reached {small['optimal_reached']}/"
        f"{small['cases']} (proven {small['exact_proven']}), gap mean {small['mean_gap']:.2%} "
        f"max {small['max_gap']:.2%}; heuristic {small['heuristic_mean_ms']:.2f} ms, CP-SAT "
        f"{small['exact_mean_ms']:.1f} ms a case",
    ]


def _mean(values: Sequence[float]) -> float:
    return round(statistics.fmean(values), 4) if values else 0.0
