"""The plain data team formation takes and returns, its default weights and its limits."""

from __future__ import annotations

from dataclasses import dataclass

OPTIMAL_MAX_APPLICANTS = 24  # CP-SAT proves these in well under a second; beyond, no promise
MAX_EVALUATIONS = 3_000_000  # steps weighed at most: about a second for 2,000 applicants
KICK_PATIENCE = 300  # kicks in a row without a better partition before the search gives up


@dataclass(frozen=True)
class Applicant:
    """A person to place in a team; ``specialty`` is empty for an ordinary teacher."""

    id: int
    city: str
    organization: int
    specialty: str = ""  # "психолог", "логопед", "музыкальный руководитель", ...


@dataclass(frozen=True)
class Weights:
    """What a pair of teammates costs for each thing they share (see the module docstring)."""

    organization: int = 10
    city: int = 4
    specialty: int = 2
    specialists: int = 1


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class TeamDiversity:
    size: int
    cities: int  # distinct known cities
    organizations: int
    specialists: tuple[str, ...]  # the specialties of the team's specialists, sorted


@dataclass(frozen=True)
class TeamFormation:
    teams: tuple[tuple[int, ...], ...]  # applicant ids, sorted; teams ordered by their first id
    cost: int
    lower_bound: int  # no partition into this many teams costs less
    optimal: bool  # proven: CP-SAT says so, or the cost reached the lower bound
    same_organization_pairs: int
    same_city_pairs: int
    same_specialty_pairs: int
    specialist_pairs: int  # pairs of specialists of any kinds in one team
    wishes_honoured: tuple[bool, ...]  # one per wish, in the order given
    diversity: tuple[TeamDiversity, ...]  # one per team
