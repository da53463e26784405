"""Team formation for programmes: interns from different cities and organisations in sub-teams.

The model. ``n`` applicants are split into ``k`` teams whose sizes lie in ``[min_size,
max_size]``. A partition costs the sum, over the pairs of applicants who share a team, of the
weights of what the pair has in common (``Weights``): the same organisation 10, the same city
4, the same specialty 2 (both are, say, speech therapists), and both being specialists of any
kind 1. The terms add up, so two colleagues from one kindergarten cost 14 and two psychologists
from one city 7. Colleagues weigh most because an internship exists to bring together people
who do not already work side by side; the same city comes next because meeting teachers from
elsewhere is the point of a digital internship; specialists come last because a team gains
from a psychologist or a speech therapist but one is enough, and two of one kind add nothing
the team needs. When there are fewer specialists than teams the last term spreads them one per
team. A city left blank counts as unknown, never as a shared city.

Constraints. Every team's size lies within the bounds. Without an explicit number of teams
``team_sizes`` takes the fewest that fit (``ceil(n / max_size)``) and sizes as equal as
possible, so 10 applicants in teams of 3-4 make 4, 3, 3; when no number of teams fits, a
``ValueError`` says so in Russian. Wishes to work together ("keep together") are hard
constraints where feasible: overlapping wishes merge, a wish whose group would exceed
``max_size`` is dropped, and the groups left are packed largest first into the smallest team
while the bounds stay reachable; a group that does not fit is dropped too. The result reports
for every wish whether its members ended up together. Both solvers below keep the same groups,
so their costs compare like with like.

The heuristic (``form_teams``). Applicants are sorted by id, so the input order never matters.
The wish groups are placed first; the others are dealt round-robin over the teams sorted by
city (largest first) and, within it, by organisation, which spreads every city and every
organisation as evenly as the team count allows. A local search then moves one unit (an
applicant or a wish group) to another team or swaps two units while that lowers the cost,
visiting conflicted units first and re-visiting only the teams a step changed. Each team keeps
counters of its organisations, cities and specialties, so the cost of a step is a few lookups
rather than a recomputation. Once no step helps, random swaps of a conflicted unit (seeded
from the input) followed by local repair look for a better optimum; a kick that makes things
worse is undone. The work is capped by a number of evaluated steps, not by a clock, so the
same input always gives the same teams; the search also stops at a lower bound (every
organisation, city and specialty spread as evenly as possible), where the answer is optimal.

The exact model (``optimal_teams``) states the same problem for OR-Tools CP-SAT: a Boolean
per unit and team, exactly one team per unit, the size bounds, and for every team and feature
(an organisation, a city, a specialty, "is a specialist") the number ``c`` of members having
it, which costs ``weight * C(c, 2)``: the pairs sharing it. ``C(c, 2)`` is convex, so at the
integers it equals the largest of the lines through its consecutive integer points: linear
constraints whose relaxation is already the even spread of the lower bound. Unit ``i`` may
only join a team numbered at most ``i``, which removes the relabellings of one partition. With
one worker and a fixed seed it proves optima for up to ``OPTIMAL_MAX_APPLICANTS`` (24)
applicants in tens of milliseconds; the tests and the benchmark measure the heuristic's gap.

The package: ``data`` (the types), ``sizes``, ``problem`` (the canonical form), ``heuristic``,
``exact``, ``evaluation`` and ``tutors``; import the public names from here.
"""

from .data import (
    DEFAULT_WEIGHTS,
    KICK_PATIENCE,
    MAX_EVALUATIONS,
    OPTIMAL_MAX_APPLICANTS,
    Applicant,
    TeamDiversity,
    TeamFormation,
    Weights,
)
from .evaluation import evaluate_teams, team_diversity
from .exact import optimal_teams
from .heuristic import form_teams
from .sizes import team_sizes
from .tutors import assign_tutors

__all__ = [
    "DEFAULT_WEIGHTS",
    "KICK_PATIENCE",
    "MAX_EVALUATIONS",
    "OPTIMAL_MAX_APPLICANTS",
    "Applicant",
    "TeamDiversity",
    "TeamFormation",
    "Weights",
    "assign_tutors",
    "evaluate_teams",
    "form_teams",
    "optimal_teams",
    "team_diversity",
    "team_sizes",
]
