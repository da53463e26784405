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
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

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


def team_sizes(
    *, applicants: int, min_size: int, max_size: int, teams: int | None = None
) -> tuple[int, ...]:
    """The sizes of the teams, largest first; the fewest teams that fit unless ``teams`` is given.

    With ``k`` teams the sizes are ``n // k`` or one more, which fits the bounds whenever
    ``k * min_size <= n <= k * max_size``. The fewest such ``k`` is ``ceil(n / max_size)``:
    fewer tutors and more varied teams.
    """
    if min_size < 1:
        raise ValueError("В команде должен быть хотя бы один человек.")
    if min_size > max_size:
        raise ValueError(f"Наименьший размер команды ({min_size}) больше наибольшего ({max_size}).")
    if teams is not None and teams < 1:
        raise ValueError("Команд должно быть не меньше одной.")
    count = -(-applicants // max_size) if teams is None else teams
    if not count * min_size <= applicants <= count * max_size:
        people = _plural(applicants, "участника", "участников", "участников")
        into = (
            "команды"
            if teams is None
            else f"{teams} {_plural(teams, 'команду', 'команды', 'команд')}"
        )
        if min_size == max_size:
            bounds = f"по {min_size} {_plural(min_size, 'человеку', 'человека', 'человек')}"
        else:
            bounds = f"от {min_size} до {max_size} человек"
        raise ValueError(f"Нельзя разбить {applicants} {people} на {into} {bounds}")
    base, extra = divmod(applicants, count) if count else (0, 0)
    return tuple(base + 1 if t < extra else base for t in range(count))


def form_teams(
    *,
    applicants: Sequence[Applicant],
    min_size: int,
    max_size: int,
    wishes: Sequence[Collection[int]] = (),
    teams: int | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    max_evaluations: int = MAX_EVALUATIONS,
) -> TeamFormation:
    """Teams of mixed cities and organisations by the heuristic; deterministic for one input."""
    problem = _prepare(applicants, min_size, max_size, wishes, teams, weights)
    search = _Search(problem, _deal(problem))
    search.improve(max_evaluations=max_evaluations, rng=random.Random(_seed_text(problem)))
    return _result(problem, search.team_lists(), proven=False)


def optimal_teams(
    *,
    applicants: Sequence[Applicant],
    min_size: int,
    max_size: int,
    wishes: Sequence[Collection[int]] = (),
    teams: int | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    time_limit: float = 10.0,
) -> TeamFormation:
    """The cheapest teams by CP-SAT, for at most ``OPTIMAL_MAX_APPLICANTS`` applicants.

    One worker and a fixed seed make the search repeatable; ``optimal`` is false when the time
    limit stopped it before the proof, and the heuristic's teams come back if it found none.
    """
    # Imported here: CP-SAT takes half a second to import and only this check needs it.
    from ortools.sat.python import cp_model

    problem = _prepare(applicants, min_size, max_size, wishes, teams, weights)
    if len(problem.applicants) > OPTIMAL_MAX_APPLICANTS:
        raise ValueError(
            f"optimal_teams handles up to {OPTIMAL_MAX_APPLICANTS} applicants, "
            f"not {len(problem.applicants)}; use form_teams"
        )
    heuristic = _Search(problem, _deal(problem))
    heuristic.improve(max_evaluations=MAX_EVALUATIONS, rng=random.Random(_seed_text(problem)))
    units, k = problem.units, len(problem.sizes)
    model = cp_model.CpModel()
    # Teams are interchangeable, so numbering them by their first unit loses nothing.
    x = [[model.new_bool_var(f"x{u}_{t}") for t in range(min(u + 1, k))] for u in range(len(units))]
    for choices in x:
        model.add_exactly_one(choices)
    for t in range(k):
        size = sum(len(units[u]) * x[u][t] for u in range(len(units)) if t < len(x[u]))
        model.add_linear_constraint(size, problem.min_size, problem.max_size)
    # A team pays w * C(c, 2) for a feature c of its members share. At an integer c, C(c, 2)
    # is the largest of the lines j * c - C(j + 1, 2) through (j, C(j, 2)) and (j + 1, C(j + 1,
    # 2)), so "pairs >= each line" is exact once minimised, and linear: a strong relaxation.
    features, weight = _features(problem.applicants, problem.weights)
    holders: dict[int, dict[int, int]] = {}  # feature -> unit -> its members having it
    for u, members in enumerate(units):
        for f in (f for i in members for f in features[i]):
            having = holders.setdefault(f, {})
            having[u] = having.get(u, 0) + 1
    terms = []
    for f, having in sorted(holders.items()):
        most = min(problem.max_size, sum(having.values()))
        for t in range(k):
            count = sum(m * x[u][t] for u, m in having.items() if t < len(x[u]))
            pairs = model.new_int_var(0, most * (most - 1) // 2, f"pairs{f}_{t}")
            for j in range(1, most):
                model.add(pairs >= j * count - j * (j + 1) // 2)
            terms.append(weight[f] * pairs)
    model.minimize(sum(terms))
    for t, in_team in enumerate(sorted(heuristic.members, key=min)):
        for u in in_team:
            for label in range(len(x[u])):
                model.add_hint(x[u][label], label == t)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 20261124
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _result(problem, heuristic.team_lists(), proven=False)
    found: list[list[int]] = [[] for _ in range(k)]
    for u, choices in enumerate(x):
        team = next(t for t, var in enumerate(choices) if solver.boolean_value(var))
        found[team].extend(problem.applicants[i].id for i in units[u])
    return _result(problem, found, proven=status == cp_model.OPTIMAL)


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


def assign_tutors(
    teams: Sequence[Sequence[Applicant]],
    tutors: Sequence[int],
    *,
    tutor_organization: Mapping[int, int] | None = None,
) -> tuple[int, ...]:
    """A tutor id for each team: loads within one of each other, outsiders preferred.

    A minimum-cost flow gives each tutor ``T // m`` or ``T // m + 1`` of the ``T`` teams and
    minimises the teammates who share their tutor's organisation; among equally good answers
    it keeps the round-robin one (team ``i`` to the ``i % m``-th tutor by id), so the result
    depends only on the teams' order and the set of tutors.
    """
    if not teams:
        return ()
    people = sorted(set(tutors))
    if not people:
        raise ValueError("Нет тьюторов: добавьте в программу хотя бы одного тьютора.")
    from ortools.graph.python import min_cost_flow  # imported on use, like CP-SAT above

    home = tutor_organization or {}
    count, tutor_count = len(teams), len(people)
    base, extra = divmod(count, tutor_count)
    source, spare, sink = 0, 1, 2
    tutor_node = [3 + j for j in range(tutor_count)]
    team_node = [3 + tutor_count + i for i in range(count)]
    flow = min_cost_flow.SimpleMinCostFlow()
    for j in range(tutor_count):
        flow.add_arc_with_capacity_and_unit_cost(source, tutor_node[j], base, 0)
        flow.add_arc_with_capacity_and_unit_cost(spare, tutor_node[j], 1, 0)
    flow.add_arc_with_capacity_and_unit_cost(source, spare, extra, 0)
    choice: dict[int, tuple[int, int]] = {}
    for i, team in enumerate(teams):
        organizations = [a.organization for a in team]
        for j, tutor in enumerate(people):
            shared = organizations.count(home[tutor]) if tutor in home else 0
            # A shared teammate outweighs any amount of departure from round-robin.
            cost = shared * (count + 1) + (0 if i % tutor_count == j else 1)
            arc = flow.add_arc_with_capacity_and_unit_cost(tutor_node[j], team_node[i], 1, cost)
            choice[arc] = (i, tutor)
        flow.add_arc_with_capacity_and_unit_cost(team_node[i], sink, 1, 0)
    flow.set_node_supply(source, count)
    flow.set_node_supply(sink, -count)
    if flow.solve() != flow.OPTIMAL:  # cannot happen: the network always carries every team
        raise RuntimeError("tutor assignment has no solution")
    assigned = [0] * count
    for arc, (i, tutor) in choice.items():
        if flow.flow(arc):
            assigned[i] = tutor
    return tuple(assigned)


# The problem in canonical form, shared by both solvers.


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


def _deal(problem: _Problem) -> list[int]:
    """The first partition: wish groups where packed, then everyone else round-robin.

    Dealing a list sorted by city and organisation over the teams in turn puts the ``m``
    people of one city into ``m`` consecutive teams, the most even spread there is; filling
    level by level keeps sizes equal where the wish groups allow.
    """
    people = problem.applicants
    cities = _tally(_key(a.city) for a in people)
    organizations = _tally(a.organization for a in people)
    k = len(problem.sizes)
    team = list(problem.placed)
    load = [0] * k
    for u, t in enumerate(team):
        if t >= 0:
            load[t] += len(problem.units[u])

    def order(u: int) -> tuple[int, str, int, int, str, int]:
        a = people[problem.units[u][0]]
        city = _key(a.city)
        return (-cities[city], city, -organizations[a.organization], a.organization,
                _key(a.specialty), a.id)  # fmt: skip

    level, turn = 1, 0
    short = sum(1 for t in range(k) if load[t] < level)  # teams still below the level
    for u in sorted((u for u, t in enumerate(team) if t < 0), key=order):
        while short == 0:
            level += 1
            short = sum(1 for t in range(k) if load[t] < level)
        while load[turn] >= level:
            turn = (turn + 1) % k
        team[u] = turn
        load[turn] += 1
        short -= load[turn] == level
        turn = (turn + 1) % k
    return team


class _Search:
    """A partition with per-team feature counters, so that a step costs a few lookups.

    A feature is an organisation, a city, a specialty or "is a specialist"; two teammates pay
    the weight of every feature they share. ``own[u]`` is what unit ``u`` pays against the rest
    of its team: a move of ``u`` to team ``t`` changes the cost by (what ``u`` would pay in
    ``t``) - ``own[u]``, and a swap adds the partner's side minus twice what the two pay each
    other, since they no longer meet.
    """

    def __init__(self, problem: _Problem, assignment: list[int]) -> None:
        self.lo, self.hi = problem.min_size, problem.max_size
        self.lower_bound = _lower_bound(problem.applicants, len(problem.sizes), problem.weights)
        features, self.weight = _features(problem.applicants, problem.weights)
        self.feats: list[list[tuple[int, int, int]]] = []  # per unit: feature, weight * m, m
        self.mult: list[dict[int, int]] = []  # per unit: feature -> members having it
        for members in problem.units:
            mult: dict[int, int] = {}
            for i in members:
                for f in features[i]:
                    mult[f] = mult.get(f, 0) + 1
            self.mult.append(mult)
            self.feats.append([(f, self.weight[f] * m, m) for f, m in sorted(mult.items())])
        self.unit_size = [len(members) for members in problem.units]
        self.units = problem.units
        self.ids = [a.id for a in problem.applicants]
        k = len(problem.sizes)
        self.counts: list[dict[int, int]] = [{} for _ in range(k)]
        self.members: list[list[int]] = [[] for _ in range(k)]
        self.size = [0] * k
        self.team = list(assignment)
        for u, t in enumerate(assignment):
            self.members[t].append(u)
            self.size[t] += self.unit_size[u]
            counts = self.counts[t]
            for f, _, m in self.feats[u]:
                counts[f] = counts.get(f, 0) + m
        self.own = [0] * len(problem.units)
        for t in range(k):
            self._refresh(t)
        self.cost = sum(
            self.weight[f] * c * (c - 1) // 2 for counts in self.counts for f, c in counts.items()
        )
        self.evaluations = 0

    def team_lists(self) -> list[list[int]]:
        return [[self.ids[i] for u in members for i in self.units[u]] for members in self.members]

    def improve(self, *, max_evaluations: int, rng: random.Random) -> None:
        """Descend to a local optimum, then kick and repair while kicks keep paying off."""
        k = len(self.members)
        if k < 2:
            return
        while self.cost > self.lower_bound and self.evaluations < max_evaluations:
            before = self.cost
            self._descend(self._conflicted(), max_evaluations, log=None)
            if self.cost == before:
                break
        stale = 0
        while (
            stale < KICK_PATIENCE
            and self.cost > self.lower_bound
            and self.evaluations < max_evaluations
        ):
            stale += 1
            conflicted = [u for u, own in enumerate(self.own) if own > 0]
            self.evaluations += len(self.own)  # the look at every unit is work too
            if not conflicted:  # what is left is paid inside wish groups
                break
            u = rng.choice(conflicted)
            t1 = self.team[u]
            t2 = rng.randrange(k - 1)
            t2 += t2 >= t1
            v = rng.choice(self.members[t2])
            before = self.cost
            log: list[tuple[int, int]] = []
            self._move(u, t2, log)
            self._move(v, t1, log)
            # A wish group swapped for one person leaves a team too big: people from it
            # follow, so that a group may trade places with several singles, which no single
            # step of the descent can do.
            while not (self._sized(t1) and self._sized(t2)):
                big, small = (t1, t2) if self.size[t1] > self.size[t2] else (t2, t1)
                singles = [
                    w for w in self.members[big] if self.unit_size[w] == 1 and w not in (u, v)
                ]
                if not singles:
                    break
                self._move(rng.choice(singles), small, log)
            if self._sized(t1) and self._sized(t2):
                self._descend(self.members[t1] + self.members[t2], max_evaluations, log)
                if self.cost < before:
                    stale = 0
                if self.cost <= before:  # an equal partition stays: it lets the search drift
                    continue
            for unit, back in reversed(log):
                self._move(unit, back, None)

    def _sized(self, t: int) -> bool:
        return self.lo <= self.size[t] <= self.hi

    def _conflicted(self) -> list[int]:
        return sorted((u for u, own in enumerate(self.own) if own > 0), key=lambda u: -self.own[u])

    def _descend(
        self, start: Iterable[int], max_evaluations: int, log: list[tuple[int, int]] | None
    ) -> None:
        queue = deque(start)
        queued = [False] * len(self.own)
        for u in queue:
            queued[u] = True
        while queue and self.evaluations < max_evaluations and self.cost > self.lower_bound:
            u = queue.popleft()
            queued[u] = False
            if self.own[u] == 0:  # a step helping u's partner is found when the partner is seen
                continue
            step = self._best_step(u)
            if step is None:
                continue
            t1, (t2, v) = self.team[u], step
            self._move(u, t2, log)
            if v >= 0:
                self._move(v, t1, log)
            for w in self.members[t1] + self.members[t2]:
                if not queued[w]:
                    queued[w] = True
                    queue.append(w)

    def _fits(self, u: int, v: int, t1: int, t2: int) -> bool:
        change = self.unit_size[u] - (self.unit_size[v] if v >= 0 else 0)
        return self.lo <= self.size[t1] - change <= self.hi and (
            self.lo <= self.size[t2] + change <= self.hi
        )

    def _best_step(self, u: int) -> tuple[int, int] | None:
        """The best move or swap of ``u`` as (team, partner or -1), if it lowers the cost."""
        t1, own, feats, mult = self.team[u], self.own[u], self.feats[u], self.mult[u]
        here = self.counts[t1]
        best, best_delta = None, 0
        for t2, there in enumerate(self.counts):
            if t2 == t1:
                continue
            joining = 0  # what u would pay in t2
            for f, wm, _ in feats:
                joining += wm * there.get(f, 0)
            if joining - own < best_delta and self._fits(u, -1, t1, t2):
                best, best_delta = (t2, -1), joining - own
            partners = self.members[t2]
            self.evaluations += 1 + len(partners)
            for v in partners:
                meeting = 0  # what u and v pay each other
                arriving = 0  # what v would pay in t1 without u
                for f, wm, _ in self.feats[v]:
                    shared = mult.get(f, 0)
                    meeting += wm * shared
                    arriving += wm * (here.get(f, 0) - shared)
                delta = joining - meeting + arriving - own - self.own[v]
                if delta < best_delta and self._fits(u, v, t1, t2):
                    best, best_delta = (t2, v), delta
        return best

    def _move(self, u: int, t2: int, log: list[tuple[int, int]] | None) -> None:
        t1 = self.team[u]
        there = self.counts[t2]
        here = self.counts[t1]
        for f, wm, m in self.feats[u]:
            self.cost += wm * there.get(f, 0)
            here[f] -= m
            there[f] = there.get(f, 0) + m
        self.cost -= self.own[u]
        self.members[t1].remove(u)
        self.members[t2].append(u)
        self.size[t1] -= self.unit_size[u]
        self.size[t2] += self.unit_size[u]
        self.team[u] = t2
        self._refresh(t1)
        self._refresh(t2)
        if log is not None:
            log.append((u, t1))

    def _refresh(self, t: int) -> None:
        counts = self.counts[t]
        for u in self.members[t]:
            self.own[u] = sum(wm * (counts[f] - m) for f, wm, m in self.feats[u])


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


def _seed_text(problem: _Problem) -> str:
    # A string seed is hashed with SHA-512, not Python's randomised hash: same input, same run.
    people = ";".join(f"{a.id},{a.organization},{_key(a.city)},{_key(a.specialty)}"
                      for a in problem.applicants)  # fmt: skip
    return f"{problem.sizes}|{problem.units}|{people}"


def _tally(items: Iterable) -> dict:
    counts: dict = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def _key(text: str) -> str:
    """A city or specialty as compared: spaces collapsed, case folded."""
    return " ".join(text.split()).casefold()


def _plural(n: int, one: str, few: str, many: str) -> str:
    """The Russian word form for ``n``: 1 участника, 2 участников, 5 участников."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many
