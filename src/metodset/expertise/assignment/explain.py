"""Why no assignment exists, in terms a coordinator can act on.

The cheap counts come first (``precheck``, run before every solve): the pool's total capacity
against the reviews needed (``capacity_short``), the min loads against the reviews there are
and each reviewer's min load against the papers they may review (``load_unfilled``), and each
paper's eligible reviewers, counting one an organisation (``paper_short``). When all of these
pass and the flow still has none, ``reach`` finds the culprits with max flows (on the
candidate pairs, grown until a cut is proven on the whole problem): first with loads up to
the max only — a flow short of the reviews needed has a minimum cut whose sink side is a set
of papers whose eligible reviewers together cannot cover them (a violation of Hall's
condition, ``group_short``); then with loads up to the min only — a flow short of the min
loads has a cut whose source side is a set of reviewers that the papers they may review
cannot fill (``load_unfilled``). By the linking property of flows the two together are
exact: if each kind of flow exists, so does one meeting both.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import max_flow

from .matrix import BoolArray, IntArray, Matrix
from .problem import Reason


def precheck(matrix: Matrix) -> tuple[Reason, ...]:
    needed = int(matrix.reviews.sum())
    reasons: list[Reason] = []
    capacity = int(matrix.max_load.sum())
    if capacity < needed:
        reasons.append(Reason("capacity_short", needed=needed, available=capacity))
    floor = int(matrix.min_load.sum())
    if floor > needed:
        reasons.append(
            Reason(
                "load_unfilled",
                reviewers=_keys(matrix.reviewer_keys, matrix.min_load > 0),
                needed=floor,
                available=needed,
            )
        )
    usable = matrix.eligible & (matrix.max_load > 0)[None, :]
    available = _distinct_reviewers(matrix, usable)
    for row in np.flatnonzero(available < matrix.reviews).tolist():
        reasons.append(
            Reason(
                "paper_short",
                papers=(int(matrix.paper_keys[row]),),
                reviewers=_keys(matrix.reviewer_keys, usable[row]),
                needed=int(matrix.reviews[row]),
                available=int(available[row]),
            )
        )
    open_papers = matrix.eligible & (matrix.reviews > 0)[:, None]
    reachable = open_papers.sum(axis=0)
    for col in np.flatnonzero(reachable < matrix.min_load).tolist():
        reasons.append(
            Reason(
                "load_unfilled",
                papers=_keys(matrix.paper_keys, open_papers[:, col]),
                reviewers=(int(matrix.reviewer_keys[col]),),
                needed=int(matrix.min_load[col]),
                available=int(reachable[col]),
            )
        )
    return tuple(reasons)


def explain(matrix: Matrix, pairs: BoolArray | None = None) -> tuple[Reason, ...]:
    """The reasons a problem that passed ``precheck`` has no assignment; () if it has one.

    ``pairs`` (a subset of the eligible pairs, default all of them) is where the max flows
    start; see ``reach``."""
    reasons, _ = reach(matrix, matrix.eligible if pairs is None else pairs)
    return reasons


def reach(matrix: Matrix, pairs: BoolArray) -> tuple[tuple[Reason, ...], BoolArray]:
    """Either the reasons no assignment exists, proven on the whole problem, or more pairs on
    which both max flows (loads up to the max; loads up to the min) are full.

    The max flows run on ``pairs`` only, which is fast. A flow short of its target has a
    minimum cut; if no eligible pair left out crosses it (from a reviewer on the source side
    to a paper, or its (paper, organisation) node, on the sink side), the cut is as small in
    the whole problem: the shortage is real and the cut names it. Otherwise the crossing
    pairs join and the flow runs again. On the bench's 7.5 million pairs this takes a
    fraction of a second where one max flow on all of them takes five."""
    pairs = pairs.copy()
    needed = int(matrix.reviews.sum())
    while True:
        network = _Network(matrix, pairs, loads=matrix.max_load)
        if network.flow >= needed:
            break
        source_side = ~network.sink_side()
        crossing = network.crossing(matrix, pairs, source_side)
        if crossing.any():
            pairs |= crossing
            continue
        papers = ~network.papers(source_side)
        return (
            Reason(
                "group_short",
                papers=_keys(matrix.paper_keys, papers),
                reviewers=_keys(matrix.reviewer_keys, matrix.eligible[papers].any(axis=0)),
                needed=int(matrix.reviews[papers].sum()),
                available=network.flow - int(matrix.reviews[~papers].sum()),
            ),
        ), pairs
    floor = int(matrix.min_load.sum())
    while True:
        network = _Network(matrix, pairs, loads=matrix.min_load)
        if network.flow >= floor:
            return (), pairs
        source_side = network.source_side()
        crossing = network.crossing(matrix, pairs, source_side)
        if crossing.any():
            pairs |= crossing
            continue
        reviewers = network.reviewers(source_side)
        return (
            Reason(
                "load_unfilled",
                papers=_keys(matrix.paper_keys, matrix.eligible[:, reviewers].any(axis=1)),
                reviewers=_keys(matrix.reviewer_keys, reviewers),
                needed=int(matrix.min_load[reviewers].sum()),
                available=network.flow - int(matrix.min_load[~reviewers].sum()),
            ),
        ), pairs


def unexplained(matrix: Matrix) -> tuple[Reason, ...]:
    """The whole campaign as one group: what is left when no smaller culprit is found (only
    reviewers of several organisations, which the flow cannot model, lead here)."""
    return (
        Reason(
            "group_short",
            papers=tuple(matrix.paper_keys.tolist()),
            reviewers=_keys(matrix.reviewer_keys, matrix.several),
            needed=int(matrix.reviews.sum()),
            available=0,
        ),
    )


class _Network:
    """source → reviewer (cap: loads) → (paper, organisation) (cap 1) → paper → sink (reviews);
    a (paper, organisation) node only where two of the pairs could clash."""

    def __init__(self, matrix: Matrix, pairs: BoolArray, *, loads: IntArray) -> None:
        papers, reviewers = matrix.shape
        organizations = matrix.organizations
        rows, cols = np.nonzero(pairs)
        rows, cols = rows.astype(np.int64), cols.astype(np.int64)
        org = matrix.organization[cols]
        pair_key = rows * organizations + org
        keys, counts = np.unique(pair_key[org >= 0], return_counts=True)
        keys = keys[counts > 1]
        grouped = (org >= 0) & np.isin(pair_key, keys)
        self.first_paper = 1 + reviewers
        self.sink = self.first_paper + papers
        self.nodes = self.sink + 1 + len(keys)
        group_nodes = self.sink + 1 + np.arange(len(keys))
        group_rows = keys // max(organizations, 1)
        # node_of[p, o]: the node a pair of paper p and a reviewer of organisation o enters
        # (column ``organizations``: reviewers counted under none)
        paper_node = self.first_paper + np.arange(papers)
        self.node_of = np.repeat(paper_node[:, None], organizations + 1, axis=1)
        self.node_of[group_rows, keys % max(organizations, 1)] = group_nodes
        entry = self.node_of[rows, np.where(grouped, org, organizations)]
        tails = np.concatenate([np.zeros(reviewers, np.int64), 1 + cols, group_nodes, paper_node])
        heads = np.concatenate(
            [1 + np.arange(reviewers), entry, paper_node[group_rows], np.full(papers, self.sink)]
        )
        capacities = np.concatenate(
            [loads, np.ones(len(rows) + len(keys), np.int64), matrix.reviews]
        )
        self.shape = matrix.shape
        self.network = max_flow.SimpleMaxFlow()
        self.network.add_arcs_with_capacity(tails, heads, capacities)
        self.network.solve(0, self.sink)
        self.flow = int(self.network.optimal_flow())

    def sink_side(self) -> BoolArray:
        return self._mark(self.network.get_sink_side_min_cut())

    def source_side(self) -> BoolArray:
        return self._mark(self.network.get_source_side_min_cut())

    def papers(self, side: BoolArray) -> BoolArray:
        return side[self.first_paper : self.sink]

    def reviewers(self, side: BoolArray) -> BoolArray:
        return side[1 : self.first_paper]

    def crossing(self, matrix: Matrix, pairs: BoolArray, source_side: BoolArray) -> BoolArray:
        """Eligible pairs left out that would cross the cut: source-side reviewer, sink-side
        entry node (a (paper, organisation) node the pairs lack would be the paper's)."""
        org = np.where(matrix.organization >= 0, matrix.organization, matrix.organizations)
        entry_on_sink_side = ~source_side[self.node_of][:, org]
        return matrix.eligible & ~pairs & self.reviewers(source_side)[None, :] & entry_on_sink_side

    def _mark(self, nodes: list[int]) -> BoolArray:
        side = np.zeros(self.nodes, dtype=np.bool_)
        side[np.array(nodes, dtype=np.int64)] = True
        return side


def _distinct_reviewers(matrix: Matrix, usable: BoolArray) -> IntArray:
    """Per paper: how many of its usable reviewers can serve together, one an organisation."""
    loose = matrix.organization < 0
    count: IntArray = usable[:, loose].sum(axis=1).astype(np.int64)
    if matrix.organizations:
        grouped = np.flatnonzero(~loose)
        order = grouped[np.argsort(matrix.organization[grouped], kind="stable")]
        if len(order):
            orgs = matrix.organization[order]
            starts = np.flatnonzero(np.r_[True, orgs[1:] != orgs[:-1]])
            any_of: BoolArray = np.logical_or.reduceat(usable[:, order], starts, axis=1)
            count += any_of.sum(axis=1)
    return count


def _keys(keys: IntArray, mask: BoolArray | np.bool_) -> tuple[int, ...]:
    return tuple(keys[mask].tolist())
