"""Reviewer assignment at the scale of a regional contest, and one declined review replaced.

5,000 items × 3 reviews from 1,500 experts in 150 organisations, loads 9–11. Experts and
items have a subject (20 of them; an expert also knows 0–2 more) and a level (preschool,
school, college); an item has 1–3 authors, a fifth of them from a second organisation.
Conflicts, as the database side passes them: every expert of an author's organisation, and
0–3 former co-authors of the authors among the other experts. Affinity, sparse as it comes
from profiles and bids: 60 for the expert's main subject, 30 for another of theirs, +20 for
the same level, +25 for a bid (each expert bids on 15 items of their subjects), nothing
otherwise. Times are wall clock of this process; nothing touches the database here — the
same contest through the database is ``bench/expertise_database.py``, whose lines this
section's report carries.
"""

from __future__ import annotations

import random
import time
from typing import Any

from metodset.bench import expertise_database
from metodset.bench.certificates import _one_core
from metodset.expertise.assignment import Infeasible, Paper, Problem, Reviewer, reassign, solve

ITEMS, REVIEWS, EXPERTS, ORGANIZATIONS = 5000, 3, 1500, 150
MIN_LOAD, MAX_LOAD = 9, 11
SUBJECTS, LEVELS, BIDS = 20, 3, 15
GOAL_SECONDS, GOAL_RATIO, GOAL_REASSIGN_SECONDS = 5.0, 0.999, 1.0
QUICK = {"items": 300, "experts": 90, "organizations": 15}


def expertise_bench(
    *,
    items: int = ITEMS,
    experts: int = EXPERTS,
    organizations: int = ORGANIZATIONS,
    seed: int = 20261207,
) -> dict[str, Any]:
    """Build the campaign, solve it and replace one declined review, pinned to one core; the
    wall clock and this process's CPU time (a shared machine's other work shows only in the
    former)."""
    with _one_core() as core:
        clock, cpu = time.perf_counter(), time.process_time()
        problem = campaign_problem(
            items=items, experts=experts, organizations=organizations, rng=random.Random(seed)
        )
        built, built_cpu = time.perf_counter(), time.process_time()
        result: dict[str, Any] = {
            "items": items,
            "reviews_per_item": REVIEWS,
            "experts": experts,
            "organizations": organizations,
            "loads": [MIN_LOAD, MAX_LOAD],
            "conflicts": len(problem.conflicts),
            "affinities": len(problem.affinity),
            "core": core,
            "problem_seconds": round(built - clock, 3),
        }
        try:
            solution = solve(problem)
        except Infeasible as exc:
            return {**result, "error": f"infeasible: {exc}", "ok": False}
        solved, solved_cpu = time.perf_counter(), time.process_time()
        declined = solution.pairs[len(solution.pairs) // 2]
        standing = [pair for pair in solution.pairs if pair != declined]
        without_decliner = Problem(  # the decliner is not asked again
            reviewers=problem.reviewers,
            papers=problem.papers,
            conflicts=problem.conflicts | {declined},
            affinity=problem.affinity,
        )
        reassign_clock, reassign_cpu = time.perf_counter(), time.process_time()
        replacement = reassign(without_decliner, standing, declined[1])
        reassign_seconds = time.perf_counter() - reassign_clock
        reassign_cpu = time.process_time() - reassign_cpu
    seconds, cpu_seconds = solved - built, solved_cpu - built_cpu
    result.update(
        {
            "solve_seconds": round(seconds, 3),
            "solve_cpu_seconds": round(cpu_seconds, 3),
            "end_to_end_seconds": round(solved - clock, 3),
            "end_to_end_cpu_seconds": round(solved_cpu - cpu, 3),
            "pairs": len(solution.pairs),
            "objective": solution.objective,
            "bound": solution.bound,
            "ratio": round(solution.ratio, 6),
            "exact": solution.exact,
            "valid": _valid(problem, solution.pairs),
            "reassign_seconds": round(reassign_seconds, 4),
            "reassign_cpu_seconds": round(reassign_cpu, 4),
            "reassigned_to_other": replacement != declined[0],
            "goals": {
                "solve_seconds": GOAL_SECONDS,
                "ratio": GOAL_RATIO,
                "reassign_seconds": GOAL_REASSIGN_SECONDS,
            },
        }
    )
    # Checked on the CPU time of the process pinned to one core: one core's work, which the
    # wall clock of a shared machine inflates by whatever else runs there (both reported).
    result["goal_met"] = (
        result["end_to_end_cpu_seconds"] < GOAL_SECONDS
        and solution.ratio >= GOAL_RATIO
        and reassign_cpu < GOAL_REASSIGN_SECONDS
    )
    result["ok"] = result["valid"] and result["reassigned_to_other"]
    return result


def expertise_bench_quick(*, seed: int = 20261207) -> dict[str, Any]:
    return expertise_bench(seed=seed, **QUICK)


def campaign_problem(
    *, items: int, experts: int, organizations: int, rng: random.Random
) -> Problem:
    members: list[list[int]] = [[] for _ in range(organizations)]
    reviewers, knows, level_of = [], [], []
    for key in range(experts):
        org = key % organizations if key < organizations else rng.randrange(organizations)
        members[org].append(key)
        main = rng.randrange(SUBJECTS)
        extra = set(rng.sample(range(SUBJECTS), rng.randint(0, 2))) - {main}
        knows.append({main: 60, **dict.fromkeys(extra, 30)})
        level_of.append(rng.randrange(LEVELS))
        reviewers.append(
            Reviewer(key=key, organizations=frozenset({org}), min_load=MIN_LOAD, max_load=MAX_LOAD)
        )
    by_subject: list[list[int]] = [[] for _ in range(SUBJECTS)]
    for key, subjects in enumerate(knows):
        for subject in subjects:
            by_subject[subject].append(key)

    papers: list[Paper] = []
    conflicts: set[tuple[int, int]] = set()
    affinity: dict[tuple[int, int], int] = {}
    items_of_subject: list[list[int]] = [[] for _ in range(SUBJECTS)]
    for key in range(items):
        orgs = {rng.randrange(organizations)}
        if rng.random() < 0.2:
            orgs.add(rng.randrange(organizations))
        papers.append(Paper(key=key, organizations=frozenset(orgs), reviews=REVIEWS))
        for org in orgs:
            conflicts.update((expert, key) for expert in members[org])
        conflicts.update((rng.randrange(experts), key) for _ in range(rng.randint(0, 3)))
        subject, level = rng.randrange(SUBJECTS), rng.randrange(LEVELS)
        items_of_subject[subject].append(key)
        for expert in by_subject[subject]:
            affinity[expert, key] = knows[expert][subject] + 20 * (level_of[expert] == level)
    for expert, subjects in enumerate(knows):
        pool = [item for subject in subjects for item in items_of_subject[subject]]
        for item in rng.sample(pool, min(BIDS, len(pool))):
            affinity[expert, item] += 25
    return Problem(
        reviewers=tuple(reviewers),
        papers=tuple(papers),
        conflicts=frozenset(conflicts),
        affinity=affinity,
    )


def _valid(problem: Problem, pairs: tuple[tuple[int, int], ...]) -> bool:
    """Every hard rule, checked again on the answer."""
    loads: dict[int, int] = {}
    per_paper: dict[int, int] = {}
    seen: set[tuple[int, int]] = set()
    reviewer_of = {r.key: r for r in problem.reviewers}
    paper_of = {p.key: p for p in problem.papers}
    for reviewer, paper in pairs:
        if not problem.eligible(reviewer_of[reviewer], paper_of[paper]):
            return False
        loads[reviewer] = loads.get(reviewer, 0) + 1
        per_paper[paper] = per_paper.get(paper, 0) + 1
        for org in reviewer_of[reviewer].organizations:
            if (paper, org) in seen:
                return False
            seen.add((paper, org))
    return all(r.min_load <= loads.get(r.key, 0) <= r.max_load for r in problem.reviewers) and all(
        per_paper.get(p.key, 0) == p.reviews for p in problem.papers
    )


def report_lines(results: dict[str, Any]) -> list[str]:
    database = expertise_database.report_lines(results["database"]) if "database" in results else []
    if "error" in results:
        return [f"Expert assignment: FAILED: {results['error']}", *database]
    goals = results["goals"]
    return [
        f"Expert assignment: {results['items']:,} items × {results['reviews_per_item']} "
        f"reviews from {results['experts']:,} experts in {results['organizations']} "
        f"organisations, loads {results['loads'][0]}–{results['loads'][1]}, "
        f"{results['conflicts']:,} conflicts, {results['affinities']:,} affinities "
        f"({'on one core' if results.get('core') is not None else 'not pinned to a core'}): "
        f"solved in {results['solve_cpu_seconds']:.2f} CPU-s ({results['solve_seconds']:.2f} s "
        f"wall), end to end with the problem's construction "
        f"{results['end_to_end_cpu_seconds']:.2f} CPU-s ({results['end_to_end_seconds']:.2f} s "
        f"wall); every rule kept: {'yes' if results['valid'] else 'NO'}",
        f"  objective {results['objective']:,} against the LP relaxation bound "
        f"{results['bound']:,.0f}: {results['ratio']:.4%}"
        f"{' (proven optimal)' if results['exact'] else ''}; a declined review reassigned in "
        f"{results['reassign_cpu_seconds'] * 1000:.1f} CPU-ms; goals (end to end < "
        f"{goals['solve_seconds']:.0f} s, ≥ {goals['ratio']:.1%} of the bound, reassignment "
        f"< {goals['reassign_seconds']:.0f} s): {'met' if results['goal_met'] else 'NOT met'}",
        *database,
    ]
