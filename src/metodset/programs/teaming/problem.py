"""The problem in canonical form, shared by both solvers: applicants sorted by id, wish
groups merged and packed, features as small integers, and the lower bound."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .data import Applicant, Weights
from .sizes import team_sizes


@dataclass(frozen=True)
class _Problem:
    applicants: tuple[Applicant, ...]  # sorted by id; "applicant i" below means this order
    sizes: tuple[int, ...]
    min_size: int
    max_size: int
    units: tuple[tuple[int, ...], ...]  # wish groups kept and everyone else alone, by first index
    placed: tuple[int, ...]  # the team of each kept wish group, -1 for a single applicant
    wishes: tuple[Collection[int], ...]
    weights: Weights


def _prepare(
    applicants: Sequence[Applicant],
    min_size: int,
    max_size: int,
    wishes: Sequence[Collection[int]],
    teams: int | None,
    weights: Weights,
) -> _Problem:
    people = tuple(sorted(applicants, key=lambda a: a.id))
    repeated = sorted({a.id for a, b in zip(people, people[1:], strict=False) if a.id == b.id})
    if repeated:
        raise ValueError(f"applicant ids repeat: {repeated}")
    sizes = team_sizes(applicants=len(people), min_size=min_size, max_size=max_size, teams=teams)
    index = {a.id: i for i, a in enumerate(people)}
    groups = _merge_wishes(
        [sorted(index[i] for i in set(wish) if i in index) for wish in wishes],
        len(people),
        max_size,
    )
    kept, teams_of_groups = _pack(groups, sizes, min_size, max_size)
    loose = set(range(len(people))) - {i for group in kept for i in group}
    units = sorted([tuple(group) for group in kept] + [(i,) for i in loose])
    team_of_group = {tuple(g): t for g, t in zip(kept, teams_of_groups, strict=True)}
    placed = tuple(team_of_group.get(unit, -1) for unit in units)
    return _Problem(people, sizes, min_size, max_size, tuple(units), placed, tuple(wishes), weights)


def _merge_wishes(wishes: list[list[int]], count: int, max_size: int) -> list[list[int]]:
    """Overlapping wishes joined into groups of at most ``max_size``, in a canonical order."""
    root = list(range(count))
    size = [1] * count

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    # Small wishes first, so one oversized wish cannot crowd out several that fit.
    for wish in sorted((w for w in wishes if len(w) > 1), key=lambda w: (len(w), w)):
        tops = sorted({find(i) for i in wish})
        if sum(size[top] for top in tops) > max_size:
            continue
        for top in tops[1:]:
            root[top] = tops[0]
            size[tops[0]] += size[top]
    groups: dict[int, list[int]] = {}
    for i in range(count):
        groups.setdefault(find(i), []).append(i)
    return sorted(group for group in groups.values() if len(group) > 1)


def _pack(
    groups: list[list[int]], sizes: tuple[int, ...], min_size: int, max_size: int
) -> tuple[list[list[int]], list[int]]:
    """Wish groups placed largest first in the smallest team; those that do not fit are dropped.

    Besides the upper bound, a team may only grow past ``min_size`` while the others can still
    reach it: the sum of the excesses must stay within ``n - k * min_size``.
    """
    load = [0] * len(sizes)
    slack = sum(sizes) - len(sizes) * min_size
    kept: list[list[int]] = []
    where: list[int] = []
    for group in sorted(groups, key=lambda g: (-len(g), g)):
        team = min(range(len(load)), key=lambda t: (load[t], t))
        grown = max(0, load[team] + len(group) - min_size) - max(0, load[team] - min_size)
        if load[team] + len(group) <= max_size and grown <= slack:
            slack -= grown
            load[team] += len(group)
            kept.append(group)
            where.append(team)
    return kept, where


def _features(people: Sequence[Applicant], weights: Weights) -> tuple[list[list[int]], list[int]]:
    """Each applicant's features as small integers, and each feature's weight.

    A feature only one applicant has can never be shared, so it is left out.
    """
    keys = [_feature_keys(a, weights) for a in people]
    seen = _tally(key for row in keys for key, _ in row)
    ids: dict[tuple[str, str], int] = {}
    weight: list[int] = []
    for key, w in sorted({item for row in keys for item in row}):
        if seen[key] > 1 and w > 0:
            ids[key] = len(weight)
            weight.append(w)
    return [[ids[key] for key, _ in row if key in ids] for row in keys], weight


def _feature_keys(a: Applicant, weights: Weights) -> list[tuple[tuple[str, str], int]]:
    keys = [(("organization", str(a.organization)), weights.organization)]
    if _key(a.city):
        keys.append((("city", _key(a.city)), weights.city))
    if _key(a.specialty):
        keys.append((("specialty", _key(a.specialty)), weights.specialty))
        keys.append((("specialist", ""), weights.specialists))
    return keys


def _lower_bound(people: Sequence[Applicant], k: int, weights: Weights) -> int:
    """Each feature spread as evenly as ``k`` teams allow, ignoring the others and the sizes."""
    if k == 0:
        return 0
    total = 0
    for (_, w), m in _tally(item for a in people for item in _feature_keys(a, weights)).items():
        base, extra = divmod(m, k)
        total += w * (extra * (base + 1) * base // 2 + (k - extra) * base * (base - 1) // 2)
    return total


_Item = TypeVar("_Item", bound=Hashable)


def _tally(items: Iterable[_Item]) -> dict[_Item, int]:
    counts: dict[_Item, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def _key(text: str) -> str:
    """A city or specialty as compared: spaces collapsed, case folded."""
    return " ".join(text.split()).casefold()
