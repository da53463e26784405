"""Team formation at the scale of a large internship, and its gap to the optimum on small cases.

The pool is what a network-wide digital internship draws: preschool and school teachers from
about one organisation per seven applicants, in up to forty cities where the host city and a
few big organisations send many people (Zipf-like weights), a tenth of them specialists of
five kinds, and a few dozen groups of two or three (mostly colleagues) who asked to work
together. The heuristic's teams are compared with a random partition into the same sizes, and
on small pools of a regional internship with the CP-SAT optimum. Nothing touches the database.
"""

from __future__ import annotations

import random
import statistics
import time
from typing import Any

from metodset.programs.teaming import (
    Applicant,
    TeamFormation,
    evaluate_teams,
    form_teams,
    optimal_teams,
    team_sizes,
)

SPECIALTIES = (
    "педагог-психолог",
    "учитель-логопед",
    "музыкальный руководитель",
    "инструктор по физкультуре",
    "учитель-дефектолог",
)
MIN_SIZE, MAX_SIZE = 3, 4
QUICK = {"applicants": 200, "small_cases": 5}


def teaming_bench(
    *, applicants: int = 2000, small_cases: int = 30, seed: int = 20261124
) -> dict[str, Any]:
    """Time ``form_teams`` on a realistic pool and measure its quality; returns plain data."""
    rng = random.Random(seed)
    pool = applicant_pool(applicants=applicants, rng=rng)
    wishes = wish_groups(pool=pool, count=max(1, applicants // 60), rng=rng)
    started = time.perf_counter()
    formed = form_teams(applicants=pool, min_size=MIN_SIZE, max_size=MAX_SIZE, wishes=wishes)
    seconds = time.perf_counter() - started

    shuffled = [a.id for a in pool]
    rng.shuffle(shuffled)
    cut, random_teams = 0, []
    for size in team_sizes(applicants=len(pool), min_size=MIN_SIZE, max_size=MAX_SIZE):
        random_teams.append(shuffled[cut : cut + size])
        cut += size
    baseline = evaluate_teams(applicants=pool, teams=random_teams, wishes=wishes)

    return {
        "applicants": len(pool),
        "organizations": len({a.organization for a in pool}),
        "cities": len({a.city for a in pool}),
        "teams": len(formed.teams),
        "seconds": round(seconds, 3),
        "sizes_within_bounds": all(MIN_SIZE <= len(t) <= MAX_SIZE for t in formed.teams),
        "cost": formed.cost,
        "lower_bound": formed.lower_bound,
        "random_cost": baseline.cost,
        "same_organization_share": _share(formed.same_organization_pairs, formed),
        "same_city_share": _share(formed.same_city_pairs, formed),
        "random_same_organization_share": _share(baseline.same_organization_pairs, baseline),
        "random_same_city_share": _share(baseline.same_city_pairs, baseline),
        "specialists": sum(1 for a in pool if a.specialty),
        "teams_with_two_specialists": _crowded(formed),
        "random_teams_with_two_specialists": _crowded(baseline),
        "same_specialty_pairs": formed.same_specialty_pairs,
        "random_same_specialty_pairs": baseline.same_specialty_pairs,
        "wishes": len(wishes),
        "wishes_honoured": sum(formed.wishes_honoured),
        "small_cases": _small_cases(count=small_cases, rng=random.Random(seed + 1)),
    }


def teaming_bench_quick(*, seed: int = 20261124) -> dict[str, Any]:
    """The same measurement at sizes that take a second or two, for a test of the harness."""
    return teaming_bench(seed=seed, **QUICK)


def applicant_pool(*, applicants: int, rng: random.Random) -> list[Applicant]:
    """Teachers of a network: few big cities and organisations, a long tail of small ones."""
    city_count = max(4, min(40, applicants // 50))
    organization_count = max(8, applicants // 7)
    city_weights = [1 / (rank + 1) ** 1.2 for rank in range(city_count)]
    city_of = rng.choices(range(city_count), weights=city_weights, k=organization_count)
    organization_weights = [1 / (rank + 1) for rank in range(organization_count)]
    members = rng.choices(range(organization_count), weights=organization_weights, k=applicants)
    return [
        Applicant(
            id=100_000 + n,
            city=f"Город {city_of[organization] + 1}",
            organization=organization + 1,
            specialty=rng.choice(SPECIALTIES) if rng.random() < 0.1 else "",
        )
        for n, organization in enumerate(members)
    ]


def wish_groups(*, pool: list[Applicant], count: int, rng: random.Random) -> list[set[int]]:
    """Groups of two or three; most are colleagues who applied together."""
    colleagues: dict[int, list[int]] = {}
    for a in pool:
        colleagues.setdefault(a.organization, []).append(a.id)
    groups = []
    for _ in range(count):
        size = rng.choice([2, 2, 3])
        first = rng.choice(pool)
        mates = [i for i in colleagues[first.organization] if i != first.id]
        if rng.random() < 0.7 and len(mates) >= size - 1:
            groups.append({first.id, *rng.sample(mates, size - 1)})
        else:
            groups.append({first.id, *(a.id for a in rng.sample(pool, size - 1))})
    return groups


def small_pool(*, rng: random.Random) -> list[Applicant]:
    """A regional internship of 10-14 teachers from a few organisations in a few towns."""
    cities = rng.randint(2, 4)
    organizations = rng.randint(3, 6)
    city_of = [rng.randrange(cities) for _ in range(organizations)]
    weights = [1 / (rank + 1) for rank in range(organizations)]
    pool = []
    for n in range(rng.randint(10, 14)):
        organization = rng.choices(range(organizations), weights=weights)[0]
        pool.append(
            Applicant(
                id=n + 1,
                city=f"Город {city_of[organization] + 1}",
                organization=organization + 1,
                specialty=rng.choice(SPECIALTIES[:3]) if rng.random() < 0.3 else "",
            )
        )
    return pool


def _small_cases(*, count: int, rng: random.Random) -> dict[str, Any]:
    gaps: list[float] = []
    heuristic_seconds: list[float] = []
    exact_seconds: list[float] = []
    proven = 0
    for _ in range(count):
        pool = small_pool(rng=rng)
        wishes = [set(rng.sample([a.id for a in pool], 2))] if rng.random() < 0.5 else []
        started = time.perf_counter()
        heuristic = form_teams(applicants=pool, min_size=MIN_SIZE, max_size=MAX_SIZE, wishes=wishes)
        heuristic_seconds.append(time.perf_counter() - started)
        started = time.perf_counter()
        exact = optimal_teams(applicants=pool, min_size=MIN_SIZE, max_size=MAX_SIZE, wishes=wishes)
        exact_seconds.append(time.perf_counter() - started)
        proven += exact.optimal
        # Relative to the optimum; an optimum of 0 counts as 1 so the gap stays defined.
        gaps.append((heuristic.cost - exact.cost) / max(exact.cost, 1))
    return {
        "cases": count,
        "applicants": "10-14",
        "optimal_reached": sum(1 for gap in gaps if gap <= 0),
        "exact_proven": proven,
        "mean_gap": round(statistics.fmean(gaps), 4) if gaps else 0.0,
        "max_gap": round(max(gaps), 4) if gaps else 0.0,
        "heuristic_mean_seconds": _mean(heuristic_seconds),
        "exact_mean_seconds": _mean(exact_seconds),
    }


def _share(pairs: int, formation: TeamFormation) -> float:
    """``pairs`` among all pairs of teammates."""
    total = sum(len(team) * (len(team) - 1) // 2 for team in formation.teams)
    return round(pairs / total, 4) if total else 0.0


def _crowded(formation: TeamFormation) -> int:
    return sum(1 for team in formation.diversity if len(team.specialists) >= 2)


def _mean(values: list[float]) -> float:
    return round(statistics.fmean(values), 4) if values else 0.0
