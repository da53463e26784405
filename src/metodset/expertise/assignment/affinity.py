"""Affinity of every (reviewer, paper) pair as one dense matrix, computed with numpy.

How well a reviewer suits a paper is a weighted count of what they share: subjects,
competencies (each a set of labels on both sides) and the reviewer's bid. Counting shared
labels pair by pair in Python took 1.6 s for a regional contest (5,000 papers × 1,500
reviewers, 820,000 pairs sharing something); as the product of two 0/1 incidence matrices
(papers × labels and labels × reviewers) it is one BLAS call of milliseconds. The result,
``DenseAffinity``, is a read-only mapping of the pairs whose affinity is not 0, so whatever
takes a dict of pairs takes it too; ``matrix_build`` recognises it and copies the matrix
instead of looking up 820,000 keys. Pure: plain data in, plain data out.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterator, Mapping, Sequence
from functools import cached_property

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
Int32Array = npt.NDArray[np.int32]


class DenseAffinity(Mapping[tuple[int, int], int]):
    """Affinities as a papers × reviewers int32 matrix; a mapping (reviewer key, paper key)
    → affinity of the pairs that are not 0, like the sparse dicts it stands in for."""

    def __init__(
        self, *, reviewer_keys: Sequence[int], paper_keys: Sequence[int], matrix: Int32Array
    ):
        self.reviewer_keys: IntArray = np.asarray(reviewer_keys, dtype=np.int64)
        self.paper_keys: IntArray = np.asarray(paper_keys, dtype=np.int64)
        if matrix.shape != (len(self.paper_keys), len(self.reviewer_keys)):
            raise ValueError("the matrix must be papers × reviewers")
        if len(set(self.reviewer_keys.tolist())) != len(self.reviewer_keys):
            raise ValueError("reviewer keys must be unique")
        if len(set(self.paper_keys.tolist())) != len(self.paper_keys):
            raise ValueError("paper keys must be unique")
        # Taken over, not copied (30 MB for a regional contest), and frozen.
        self.matrix: Int32Array = matrix.astype(np.int32, copy=False)
        self.matrix.flags.writeable = False

    @cached_property
    def _column(self) -> dict[int, int]:
        return {key: i for i, key in enumerate(self.reviewer_keys.tolist())}

    @cached_property
    def _row(self) -> dict[int, int]:
        return {key: i for i, key in enumerate(self.paper_keys.tolist())}

    @cached_property
    def _nonzero(self) -> tuple[IntArray, IntArray]:
        rows, cols = np.nonzero(self.matrix)
        return rows.astype(np.int64), cols.astype(np.int64)

    def __getitem__(self, pair: tuple[int, int]) -> int:
        reviewer, paper = pair
        value = int(self.matrix[self._row[paper], self._column[reviewer]])  # KeyError if unknown
        if value == 0:
            raise KeyError(pair)
        return value

    def __iter__(self) -> Iterator[tuple[int, int]]:
        rows, cols = self._nonzero
        reviewers, papers = self.reviewer_keys[cols].tolist(), self.paper_keys[rows].tolist()
        return iter(zip(reviewers, papers, strict=True))

    def __len__(self) -> int:
        return len(self._nonzero[0])


def shared_counts(
    papers: Sequence[Collection[Hashable]], reviewers: Sequence[Collection[Hashable]]
) -> Int32Array:
    """A papers × reviewers matrix: how many labels each paper shares with each reviewer."""
    labels: dict[Hashable, int] = {}
    for owned in (*papers, *reviewers):
        for label in owned:
            labels.setdefault(label, len(labels))
    return (_incidence(papers, labels) @ _incidence(reviewers, labels).T).astype(np.int32)


def _incidence(
    owners: Sequence[Collection[Hashable]], labels: dict[Hashable, int]
) -> npt.NDArray[np.float32]:
    """0/1 owners × labels, in float32: BLAS multiplies it, and counts stay exact far below
    2**24 labels."""
    matrix = np.zeros((len(owners), len(labels)), dtype=np.float32)
    rows = [i for i, owned in enumerate(owners) for _ in owned]
    cols = [labels[label] for owned in owners for label in owned]
    matrix[rows, cols] = 1.0
    return matrix
