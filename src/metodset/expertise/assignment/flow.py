"""The exact assignment: a min-cost flow on candidate pairs, priced against all the others.

Network: source → reviewer (load between min and max: the min as the reviewer's own supply,
the standard transformation of a lower bound) → (paper, organisation) node (capacity 1: at
most one reviewer of an organisation per paper) → paper (demand: exactly its reviews). The
cost of a reviewer→paper arc is minus the affinity. The flow polytope is integral, so the
min-cost flow (OR-Tools' SimpleMinCostFlow) *is* the optimum of the LP relaxation.

Candidates. All 7.5 million pairs of a 5,000 × 1,500 campaign take the solver over 20 s, so
it starts on candidates: each paper's best eligible reviewers by affinity
(``PER_PAPER``, ties broken by a seeded random draw, so the zero-affinity rest are random
eligible reviewers) and each reviewer's best papers (``PER_REVIEWER``, so every reviewer can
reach its min load). The flow's node potentials (shortest paths in its residual network)
then price every pair left out: a left-out pair with negative reduced cost could improve the
optimum, so those join the candidates and the flow is solved again (column generation).
When none is left, the candidates' optimum is the optimum of the whole problem (``exact``).
Whatever the potentials, the LP dual gives an upper bound on the full problem's objective,
so ``bound`` is always valid, and equal to the objective once exact. When the candidates
admit no assignment at all, ``explain.reach`` runs max flows on them and adds the left-out
pairs that cross their minimum cuts until either the flows are full (and the min-cost flow is
solved again) or a cut is proven on the whole problem: then the problem is infeasible and the
cut says why. Before any of this, ``explain.precheck``'s counts catch the common causes.

A reviewer of several organisations. A flow path enters one (paper, organisation) node, so
such a reviewer is counted under one organisation only (the smallest id): a relaxation,
whose optimum bounds the true one. If the relaxed optimum has no two reviewers of one
organisation on a paper it is optimal as it stands; otherwise the problem goes to CP-SAT
with the one-per-organisation rule over all organisations, hinted with the relaxed solution:
on every eligible pair up to ``exact.ALL_PAIRS`` of them (then its best bound is reported,
``exact`` when it proves the optimum), beyond that on the flow's final candidates (then the
bound stays the flow's, valid for the whole problem, and ``exact`` means the two meet).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from . import explain
from .matrix import BoolArray, IntArray, Matrix, matrix_build
from .problem import Infeasible, Problem, Solution

PER_PAPER = 12  # candidates a paper, at least 4 × its reviews
PER_REVIEWER = 30  # candidate papers a reviewer, at least 3 × its max load
RANDOM_PER_PAPER = 6  # random reviewers a paper besides
PRICING_ROUNDS = 8
BELLMAN_FORD_ROUNDS = 2000
SEED = 20261207


def solve(problem: Problem) -> Solution:
    """The assignment of greatest total affinity that keeps every hard rule; ``Infeasible``
    with the reasons when there is none."""
    matrix = matrix_build(problem)
    reasons = explain.precheck(matrix)
    if reasons:
        raise Infeasible(reasons)
    if not matrix.reviews.sum():
        return Solution(pairs=(), objective=0, bound=0, exact=True)
    candidates = _candidates(matrix)
    reached, pricing = False, 0
    while True:
        run = _FlowRun.solve(matrix, candidates)
        if run is None:  # the candidates admit no assignment: grow them, or prove none exists
            if reached:  # (never seen: by the linking property of flows reach() suffices)
                if (candidates == matrix.eligible).all():
                    raise Infeasible(explain.explain(matrix) or explain.unexplained(matrix))
                candidates = matrix.eligible.copy()
                continue
            reasons, candidates = explain.reach(matrix, candidates)
            if reasons:
                raise Infeasible(reasons)
            reached = True
            continue
        gain, better = run.price(matrix, candidates)
        pricing += 1
        if not better.any() or pricing == PRICING_ROUNDS:
            break
        candidates = candidates | better
    solution = Solution(
        pairs=_pairs(matrix, run.chosen),
        objective=run.objective,
        bound=float(run.objective + gain),
        exact=gain == 0,
    )
    if matrix.several.any() and _organization_clash(problem, solution.pairs):
        from .exact import solve_cpsat  # only campaigns with reviewers of several organisations

        return solve_cpsat(problem, matrix, hint=solution, pairs=candidates)
    return solution


def _candidates(matrix: Matrix) -> BoolArray:
    papers, reviewers = matrix.shape
    rng = np.random.default_rng(SEED)
    # Minus the affinity, then a seeded random draw, in one integer, smallest best: ties (the
    # zero-affinity rest) go to random eligible reviewers. numpy partitions int32 several
    # times faster than floats or int64, so int32 when the affinities fit in 20 bits.
    low, high = int(matrix.affinity.min(initial=0)), int(matrix.affinity.max(initial=0))
    small = low > -(1 << 20) and high < 1 << 20
    kind, bits = (np.int32, 10) if small else (np.int64, 20)
    score = np.left_shift(np.negative(matrix.affinity.astype(kind)), bits)
    score |= rng.integers(0, 1 << bits, size=matrix.shape, dtype=kind)
    score[~matrix.eligible] = np.iinfo(kind).max
    chosen = np.zeros(matrix.shape, dtype=np.bool_)
    per_paper = max(PER_PAPER, 4 * int(matrix.reviews.max(initial=0)))
    if per_paper < reviewers:
        top = np.argpartition(score, per_paper, axis=1)[:, :per_paper]
        chosen[np.arange(papers)[:, None], top] = True
    else:
        chosen[:] = True
    per_reviewer = max(PER_REVIEWER, 3 * int(matrix.max_load.max(initial=0)))
    if per_reviewer < papers:
        top = np.argpartition(np.ascontiguousarray(score.T), per_reviewer, axis=1)
        chosen[top[:, :per_reviewer], np.arange(reviewers)[:, None]] = True
    else:
        chosen[:] = True
    # A few random reviewers a paper besides: without them a subject with few experts is
    # short of candidates though the pool has room.
    drawn = rng.integers(0, reviewers, size=(papers, RANDOM_PER_PAPER))
    chosen[np.arange(papers)[:, None], drawn] = True
    return chosen & matrix.eligible


@dataclass
class _FlowRun:
    """One min-cost flow on the candidate pairs, and what it says about the rest."""

    tails: IntArray
    heads: IntArray
    costs: IntArray
    capacities: IntArray
    supplies: IntArray
    flows: IntArray
    pair_arcs: slice  # the reviewer→(paper, organisation) arcs
    pair_rows: IntArray  # their paper index
    pair_cols: IntArray  # their reviewer index
    node_of: IntArray  # papers × (organisations + 1): the node a pair enters, by organisation
    objective: int

    @property
    def chosen(self) -> tuple[IntArray, IntArray]:
        used = self.flows[self.pair_arcs] > 0
        return self.pair_rows[used], self.pair_cols[used]

    @classmethod
    def solve(cls, matrix: Matrix, candidates: BoolArray) -> _FlowRun | None:
        papers, reviewers = matrix.shape
        organizations = matrix.organizations
        rows, cols = np.nonzero(candidates)
        rows, cols = rows.astype(np.int64), cols.astype(np.int64)
        org = matrix.organization[cols]
        first_paper = 1 + reviewers
        paper_node = first_paper + np.arange(papers)
        # node_of[p, o]: the (p, o) node, or the paper itself for reviewers of no organisation
        node_of = np.repeat(paper_node[:, None], organizations + 1, axis=1)
        # A (paper, organisation) node only where two candidates could clash: half the
        # network, and the solver's time with it. Priced pairs that need one get it next round.
        pair_key = rows * organizations + org
        keys, counts = np.unique(pair_key[org >= 0], return_counts=True)
        keys = keys[counts > 1]
        grouped = (org >= 0) & np.isin(pair_key, keys)
        group_nodes = first_paper + papers + np.arange(len(keys))
        node_of[keys // organizations, keys % organizations] = group_nodes
        heads_of_pairs = node_of[rows, np.where(grouped, org, organizations)]

        source_arcs = np.arange(reviewers)
        tails = np.concatenate([np.zeros(reviewers, np.int64), 1 + cols, group_nodes])
        heads = np.concatenate([1 + source_arcs, heads_of_pairs, paper_node[keys // organizations]])
        costs = np.concatenate(
            [
                np.zeros(reviewers, np.int64),
                -matrix.affinity[rows, cols].astype(np.int64),
                np.zeros(len(keys), np.int64),
            ]
        )
        capacities = np.concatenate(
            [matrix.max_load - matrix.min_load, np.ones(len(rows) + len(keys), np.int64)]
        )
        supplies = np.zeros(first_paper + papers + len(keys), np.int64)
        supplies[0] = matrix.reviews.sum() - matrix.min_load.sum()
        supplies[1 : 1 + reviewers] = matrix.min_load
        supplies[first_paper : first_paper + papers] = -matrix.reviews

        network = min_cost_flow.SimpleMinCostFlow()
        network.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
        network.set_nodes_supplies(np.arange(len(supplies)), supplies)
        if network.solve() != network.OPTIMAL:
            return None
        return cls(
            tails=tails,
            heads=heads,
            costs=costs,
            capacities=capacities,
            supplies=supplies,
            flows=network.flows(np.arange(len(tails))).astype(np.int64),
            pair_arcs=slice(reviewers, reviewers + len(rows)),
            pair_rows=rows,
            pair_cols=cols,
            node_of=node_of,
            objective=-int(network.optimal_cost()),
        )

    def potentials(self) -> IntArray:
        """Shortest-path distances in the residual network from a root joined to every node.

        Jacobi Bellman–Ford, vectorised; any potentials give a valid bound, converged ones a
        tight one, so a (never seen) slow convergence costs only precision."""
        forward = self.flows < self.capacities
        backward = self.flows > 0
        tails = np.concatenate([self.tails[forward], self.heads[backward]])
        heads = np.concatenate([self.heads[forward], self.tails[backward]])
        costs = np.concatenate([self.costs[forward], -self.costs[backward]])
        distance = np.zeros(len(self.supplies), np.int64)
        for _ in range(BELLMAN_FORD_ROUNDS):
            relaxed = distance.copy()
            np.minimum.at(relaxed, heads, distance[tails] + costs)
            if (relaxed == distance).all():
                break
            distance = relaxed
        return distance

    def price(self, matrix: Matrix, candidates: BoolArray) -> tuple[int, BoolArray]:
        """(How much the LP bound exceeds this objective, the left-out pairs that could help).

        For potentials d and any flow x within capacities u, with supplies b,
        cost(x) = Σ (c + d(tail) − d(head)) x − Σ d b ≥ Σ min(0, c + d(tail) − d(head)) u − Σ d b
        over every arc of the full network; a left-out pair's (paper, organisation) node, if
        the candidates made none, takes its paper's potential."""
        d = self.potentials()
        reduced = self.costs + d[self.tails] - d[self.heads]
        lower = int(np.minimum(reduced, 0) @ self.capacities) - int(d @ self.supplies)
        reviewers = matrix.shape[1]
        entry = d[self.node_of]  # papers × (organisations + 1)
        org = np.where(matrix.organization >= 0, matrix.organization, matrix.organizations)
        left_out = -matrix.affinity.astype(np.int64) + d[1 : 1 + reviewers][None, :] - entry[:, org]
        left_out[~matrix.eligible | candidates] = 0
        lower += int(np.minimum(left_out, 0).sum())
        return -lower - self.objective, left_out < 0


def _pairs(matrix: Matrix, chosen: tuple[IntArray, IntArray]) -> tuple[tuple[int, int], ...]:
    rows, cols = chosen
    return tuple(
        sorted(
            zip(
                matrix.reviewer_keys[cols].tolist(),
                matrix.paper_keys[rows].tolist(),
                strict=True,
            )
        )
    )


def _organization_clash(problem: Problem, pairs: tuple[tuple[int, int], ...]) -> bool:
    organizations = {r.key: r.organizations for r in problem.reviewers}
    seen: set[tuple[int, int]] = set()
    for reviewer, paper in pairs:
        for org in organizations[reviewer]:
            if (paper, org) in seen:
                return True
            seen.add((paper, org))
    return False
