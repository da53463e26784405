"""Affinity as one matrix: shared labels counted by matrix product, the dense mapping behaves
as the dict of pairs it replaces, and the solver's matrix is the same either way."""

import random

import numpy as np
import pytest

from metodset.expertise.assignment import DenseAffinity, Paper, Problem, Reviewer, shared_counts
from metodset.expertise.assignment.matrix import matrix_build


def test_shared_labels_are_counted_as_by_hand():
    papers = [{"математика", "физика"}, set(), {"история"}]
    reviewers = [{"физика", "математика", "химия"}, {"история", "физика"}]
    assert shared_counts(papers, reviewers).tolist() == [[2, 1], [0, 0], [0, 1]]


def test_shared_counts_match_set_intersections_on_random_cases():
    rng = random.Random(7)
    for _ in range(20):
        labels = range(rng.randint(1, 12))
        papers = [set(rng.sample(labels, rng.randint(0, len(labels)))) for _ in range(9)]
        reviewers = [set(rng.sample(labels, rng.randint(0, len(labels)))) for _ in range(7)]
        counted = shared_counts(papers, reviewers)
        assert counted.dtype == np.int32
        assert counted.tolist() == [[len(p & r) for r in reviewers] for p in papers]


def test_the_dense_mapping_holds_the_pairs_that_are_not_zero():
    affinity = DenseAffinity(
        reviewer_keys=[10, 20], paper_keys=[7, 8], matrix=np.array([[5, 0], [0, -3]], np.int32)
    )
    assert dict(affinity) == {(10, 7): 5, (20, 8): -3}
    assert len(affinity) == 2
    assert affinity.get((20, 7), 0) == 0  # zero: absent, as in the sparse dict
    assert affinity.get((99, 7), 0) == 0  # unknown reviewer
    assert affinity[(10, 7)] == 5
    with pytest.raises(KeyError):
        affinity[(20, 7)]
    with pytest.raises(ValueError, match="unique"):
        DenseAffinity(reviewer_keys=[1, 1], paper_keys=[2], matrix=np.zeros((1, 2), np.int32))
    with pytest.raises(ValueError, match="papers × reviewers"):
        DenseAffinity(reviewer_keys=[1], paper_keys=[2], matrix=np.zeros((2, 1), np.int32))


def test_the_solvers_matrix_is_the_same_from_a_dense_mapping_and_from_a_dict():
    rng = random.Random(11)
    reviewer_keys = rng.sample(range(100, 200), 12)
    paper_keys = rng.sample(range(1, 100), 15)
    matrix = np.array(
        [[rng.choice([0, 0, 10, 20, -20]) for _ in reviewer_keys] for _ in paper_keys], np.int32
    )
    dense = DenseAffinity(reviewer_keys=reviewer_keys, paper_keys=paper_keys, matrix=matrix)
    # The problem sees some of the papers and reviewers, in another order, and one of each
    # the mapping doesn't know (affinity 0).
    reviewers = tuple(
        Reviewer(key=k, min_load=0, max_load=3) for k in [*rng.sample(reviewer_keys, 8), 999]
    )
    papers = tuple(Paper(key=k, reviews=1) for k in [*rng.sample(paper_keys, 10), 998])
    from_dense = matrix_build(Problem(reviewers=reviewers, papers=papers, affinity=dense))
    from_dict = matrix_build(Problem(reviewers=reviewers, papers=papers, affinity=dict(dense)))
    assert np.array_equal(from_dense.affinity, from_dict.affinity)
    assert from_dense.affinity[:, -1].tolist() == [0] * len(papers)
    assert from_dense.affinity[-1, :].tolist() == [0] * len(reviewers)
    assert from_dense.affinity.flags.writeable
