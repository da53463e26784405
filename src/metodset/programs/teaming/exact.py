"""The exact model for OR-Tools CP-SAT, proving optima for small programmes."""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

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
from .problem import _features, _prepare, _Problem

if TYPE_CHECKING:  # annotations only: CP-SAT is imported when the check runs
    from ortools.sat.python import cp_model


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
    model = cp_model.CpModel()
    x = _assignment(model, problem)
    model.minimize(sum(_shared_feature_costs(model, problem, x)))
    _hint(model, x, heuristic)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 20261124
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _result(problem, heuristic.team_lists(), proven=False)
    return _result(problem, _teams_found(solver, problem, x), proven=status == cp_model.OPTIMAL)


def _assignment(model: cp_model.CpModel, problem: _Problem) -> list[list[cp_model.IntVar]]:
    """``x[u][t]``: unit u is in team t; each unit in exactly one team, each team in size."""
    units, k = problem.units, len(problem.sizes)
    # Teams are interchangeable, so numbering them by their first unit loses nothing.
    x = [[model.new_bool_var(f"x{u}_{t}") for t in range(min(u + 1, k))] for u in range(len(units))]
    for choices in x:
        model.add_exactly_one(choices)
    for t in range(k):
        size = sum(len(units[u]) * x[u][t] for u in range(len(units)) if t < len(x[u]))
        model.add_linear_constraint(size, problem.min_size, problem.max_size)
    return x


def _feature_holders(problem: _Problem, features: list[list[int]]) -> dict[int, dict[int, int]]:
    """For each feature, how many members of each unit have it (units without it left out)."""
    holders: dict[int, dict[int, int]] = {}
    for u, members in enumerate(problem.units):
        for f in (f for i in members for f in features[i]):
            having = holders.setdefault(f, {})
            having[u] = having.get(u, 0) + 1
    return holders


def _shared_feature_costs(
    model: cp_model.CpModel, problem: _Problem, x: list[list[cp_model.IntVar]]
) -> list[cp_model.LinearExpr]:
    """The cost terms of the features teammates share, one per feature and team.

    A team pays w * C(c, 2) for a feature c of its members share. At an integer c, C(c, 2)
    is the largest of the lines j * c - C(j + 1, 2) through (j, C(j, 2)) and (j + 1, C(j + 1,
    2)), so "pairs >= each line" is exact once minimised, and linear: a strong relaxation.
    """
    features, weight = _features(problem.applicants, problem.weights)
    terms = []
    for f, having in sorted(_feature_holders(problem, features).items()):
        most = min(problem.max_size, sum(having.values()))
        for t in range(len(problem.sizes)):
            count = sum(m * x[u][t] for u, m in having.items() if t < len(x[u]))
            pairs = model.new_int_var(0, most * (most - 1) // 2, f"pairs{f}_{t}")
            for j in range(1, most):
                model.add(pairs >= j * count - j * (j + 1) // 2)
            terms.append(weight[f] * pairs)
    return terms


def _hint(model: cp_model.CpModel, x: list[list[cp_model.IntVar]], heuristic: _Search) -> None:
    """Start the search from the heuristic's teams, numbered as the model numbers them."""
    for t, in_team in enumerate(sorted(heuristic.members, key=min)):
        for u in in_team:
            for label in range(len(x[u])):
                model.add_hint(x[u][label], label == t)


def _teams_found(
    solver: cp_model.CpSolver, problem: _Problem, x: list[list[cp_model.IntVar]]
) -> list[list[int]]:
    """The applicants' ids in each team of the solver's answer."""
    found: list[list[int]] = [[] for _ in range(len(problem.sizes))]
    for u, choices in enumerate(x):
        team = next(t for t, var in enumerate(choices) if solver.boolean_value(var))
        found[team].extend(problem.applicants[i].id for i in problem.units[u])
    return found
