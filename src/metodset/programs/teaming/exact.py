"""The exact model for OR-Tools CP-SAT, proving optima for small programmes."""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence

from .data import (
    DEFAULT_WEIGHTS,
    MAX_EVALUATIONS,
    OPTIMAL_MAX_APPLICANTS,
    Applicant,
    TeamFormation,
    Weights,
)
from .evaluation import _result
from .heuristic import _deal, _Search, _seed_text
from .problem import _features, _prepare


def optimal_teams(
    *,
    applicants: Sequence[Applicant],
    min_size: int,
    max_size: int,
    wishes: Sequence[Collection[int]] = (),
    teams: int | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    time_limit: float = 10.0,
) -> TeamFormation:
    """The cheapest teams by CP-SAT, for at most ``OPTIMAL_MAX_APPLICANTS`` applicants.

    One worker and a fixed seed make the search repeatable; ``optimal`` is false when the time
    limit stopped it before the proof, and the heuristic's teams come back if it found none.
    """
    # Imported here: CP-SAT takes half a second to import and only this check needs it.
    from ortools.sat.python import cp_model

    problem = _prepare(applicants, min_size, max_size, wishes, teams, weights)
    if len(problem.applicants) > OPTIMAL_MAX_APPLICANTS:
        raise ValueError(
            f"optimal_teams handles up to {OPTIMAL_MAX_APPLICANTS} applicants, "
            f"not {len(problem.applicants)}; use form_teams"
        )
    heuristic = _Search(problem, _deal(problem))
    heuristic.improve(max_evaluations=MAX_EVALUATIONS, rng=random.Random(_seed_text(problem)))
    units, k = problem.units, len(problem.sizes)
    model = cp_model.CpModel()
    # Teams are interchangeable, so numbering them by their first unit loses nothing.
    x = [[model.new_bool_var(f"x{u}_{t}") for t in range(min(u + 1, k))] for u in range(len(units))]
    for choices in x:
        model.add_exactly_one(choices)
    for t in range(k):
        size = sum(len(units[u]) * x[u][t] for u in range(len(units)) if t < len(x[u]))
        model.add_linear_constraint(size, problem.min_size, problem.max_size)
    # A team pays w * C(c, 2) for a feature c of its members share. At an integer c, C(c, 2)
    # is the largest of the lines j * c - C(j + 1, 2) through (j, C(j, 2)) and (j + 1, C(j + 1,
    # 2)), so "pairs >= each line" is exact once minimised, and linear: a strong relaxation.
    features, weight = _features(problem.applicants, problem.weights)
    holders: dict[int, dict[int, int]] = {}  # feature -> unit -> its members having it
    for u, members in enumerate(units):
        for f in (f for i in members for f in features[i]):
            having = holders.setdefault(f, {})
            having[u] = having.get(u, 0) + 1
    terms = []
    for f, having in sorted(holders.items()):
        most = min(problem.max_size, sum(having.values()))
        for t in range(k):
            count = sum(m * x[u][t] for u, m in having.items() if t < len(x[u]))
            pairs = model.new_int_var(0, most * (most - 1) // 2, f"pairs{f}_{t}")
            for j in range(1, most):
                model.add(pairs >= j * count - j * (j + 1) // 2)
            terms.append(weight[f] * pairs)
    model.minimize(sum(terms))
    for t, in_team in enumerate(sorted(heuristic.members, key=min)):
        for u in in_team:
            for label in range(len(x[u])):
                model.add_hint(x[u][label], label == t)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 20261124
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _result(problem, heuristic.team_lists(), proven=False)
    found: list[list[int]] = [[] for _ in range(k)]
    for u, choices in enumerate(x):
        team = next(t for t, var in enumerate(choices) if solver.boolean_value(var))
        found[team].extend(problem.applicants[i].id for i in units[u])
    return _result(problem, found, proven=status == cp_model.OPTIMAL)
