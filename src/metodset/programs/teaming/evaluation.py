"""What a partition costs and how varied its teams are, whoever made it."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from itertools import combinations

from .data import DEFAULT_WEIGHTS, Applicant, TeamDiversity, TeamFormation, Weights
from .problem import _key, _lower_bound, _Problem


def evaluate_teams(
    *,
    applicants: Sequence[Applicant],
    teams: Sequence[Collection[int]],
    wishes: Sequence[Collection[int]] = (),
    weights: Weights = DEFAULT_WEIGHTS,
) -> TeamFormation:
    """The cost and diversity of teams as they are, e.g. after a coordinator's manual moves."""
    placed = [i for team in teams for i in team]
    if sorted(placed) != sorted(a.id for a in applicants):
        raise ValueError("every applicant must be in exactly one team")
    return _formation(applicants, teams, wishes, weights, proven=False)


def team_diversity(members: Sequence[Applicant]) -> TeamDiversity:
    """How varied a team is: its distinct cities and organisations, and its specialists."""
    return TeamDiversity(
        size=len(members),
        cities=len({_key(a.city) for a in members} - {""}),
        organizations=len({a.organization for a in members}),
        specialists=tuple(sorted(a.specialty.strip() for a in members if _key(a.specialty))),
    )


def _result(problem: _Problem, teams: list[list[int]], *, proven: bool) -> TeamFormation:
    return _formation(problem.applicants, teams, problem.wishes, problem.weights, proven=proven)


def _formation(
    people: Sequence[Applicant],
    teams: Iterable[Collection[int]],
    wishes: Iterable[Collection[int]],
    weights: Weights,
    *,
    proven: bool,
) -> TeamFormation:
    by_id = {a.id: a for a in people}
    ordered = sorted(tuple(sorted(team)) for team in teams)
    counts = [0, 0, 0, 0]
    for team in ordered:
        for i, j in combinations(team, 2):
            a, b = by_id[i], by_id[j]
            counts[0] += a.organization == b.organization
            counts[1] += _key(a.city) != "" and _key(a.city) == _key(b.city)
            both = _key(a.specialty) != "" and _key(b.specialty) != ""
            counts[2] += both and _key(a.specialty) == _key(b.specialty)
            counts[3] += both
    cost = (
        weights.organization * counts[0]
        + weights.city * counts[1]
        + weights.specialty * counts[2]
        + weights.specialists * counts[3]
    )
    bound = _lower_bound(people, len(ordered), weights)
    team_of = {i: t for t, team in enumerate(ordered) for i in team}
    honoured = tuple(len({team_of[i] for i in wish if i in team_of}) <= 1 for wish in wishes)
    return TeamFormation(
        teams=tuple(ordered),
        cost=cost,
        lower_bound=bound,
        optimal=proven or cost == bound,
        same_organization_pairs=counts[0],
        same_city_pairs=counts[1],
        same_specialty_pairs=counts[2],
        specialist_pairs=counts[3],
        wishes_honoured=honoured,
        diversity=tuple(team_diversity([by_id[i] for i in team]) for team in ordered),
    )
