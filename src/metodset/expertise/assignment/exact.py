"""CP-SAT: the answer when a reviewer belongs to several organisations (which a flow path
cannot count under all of them), and the reference the tests compare the flow with."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from ortools.sat.python import cp_model

from . import explain
from .matrix import BoolArray, Matrix
from .problem import Infeasible, Problem, Solution

TIME_LIMIT = 20.0  # seconds; past it the best assignment found is returned, not proven
ALL_PAIRS = 200_000  # eligible pairs CP-SAT takes all of; beyond, the flow's candidates

Pair = tuple[int, int]  # (reviewer index, paper index)


def solve_cpsat(
    problem: Problem,
    matrix: Matrix,
    *,
    hint: Solution | None = None,
    pairs: BoolArray | None = None,
) -> Solution:
    """The optimum over every eligible pair, or over ``pairs`` (with ``hint``, the flow's
    relaxed solution on them) when there are more than ``ALL_PAIRS`` eligible ones."""
    restricted = pairs is not None and int(matrix.eligible.sum()) > ALL_PAIRS
    over = pairs if restricted and pairs is not None else matrix.eligible
    model, chosen = _model(problem, matrix, over)
    if hint is not None:
        index_r = {int(k): i for i, k in enumerate(matrix.reviewer_keys)}
        index_p = {int(k): i for i, k in enumerate(matrix.paper_keys)}
        picked = {(index_r[r], index_p[p]) for r, p in hint.pairs}
        for pair, var in chosen.items():
            model.add_hint(var, pair in picked)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = TIME_LIMIT
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        proven = status == cp_model.INFEASIBLE and not restricted
        reasons = explain.explain(matrix) if proven else ()
        raise Infeasible(reasons or explain.unexplained(matrix))
    found = tuple(
        sorted(
            (int(matrix.reviewer_keys[r]), int(matrix.paper_keys[p]))
            for (r, p), var in chosen.items()
            if solver.boolean_value(var)
        )
    )
    objective = round(solver.objective_value)
    if restricted and hint is not None:  # CP-SAT's bound holds for the candidates only
        return Solution(
            pairs=found, objective=objective, bound=hint.bound, exact=objective >= hint.bound
        )
    bound = solver.best_objective_bound
    if hint is not None:
        bound = min(bound, hint.bound)  # the flow's relaxation bounds this problem too
    return Solution(
        pairs=found, objective=objective, bound=float(bound), exact=status == cp_model.OPTIMAL
    )


def _model(
    problem: Problem, matrix: Matrix, over: BoolArray
) -> tuple[cp_model.CpModel, dict[Pair, cp_model.IntVar]]:
    model = cp_model.CpModel()
    rows, cols = np.nonzero(over)
    chosen = {
        (r, p): model.new_bool_var(f"x{r}_{p}")
        for p, r in zip(rows.tolist(), cols.tolist(), strict=True)
    }
    by_paper: defaultdict[int, list[cp_model.IntVar]] = defaultdict(list)
    by_reviewer: defaultdict[int, list[cp_model.IntVar]] = defaultdict(list)
    by_group: defaultdict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    reviewer_orgs = [r.organizations for r in problem.reviewers]
    for (r, p), var in chosen.items():
        by_paper[p].append(var)
        by_reviewer[r].append(var)
        if problem.one_per_organization:
            for org in reviewer_orgs[r]:
                by_group[p, org].append(var)
    for p, paper in enumerate(problem.papers):
        model.add(sum(by_paper[p]) == paper.reviews)
    for r, reviewer in enumerate(problem.reviewers):
        model.add_linear_constraint(sum(by_reviewer[r]), reviewer.min_load, reviewer.max_load)
    for group in by_group.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    model.maximize(sum(int(matrix.affinity[p, r]) * var for (r, p), var in chosen.items()))
    return model, chosen
