"""Reviewer assignment: conflict-free, one reviewer an organisation a paper, exactly the
reviews each paper needs, loads within bounds, total affinity maximal — and, when impossible,
which rule and which papers or reviewers make it so. Pure: plain data in, plain data out."""

from .affinity import DenseAffinity, shared_counts
from .flow import solve
from .problem import Infeasible, Paper, Problem, Reason, ReasonCode, Reviewer, Solution
from .reassign import reassign

__all__ = [
    "DenseAffinity",
    "Infeasible",
    "Paper",
    "Problem",
    "Reason",
    "ReasonCode",
    "Reviewer",
    "Solution",
    "reassign",
    "shared_counts",
    "solve",
]
