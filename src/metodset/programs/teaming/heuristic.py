"""The fast heuristic: round-robin by city and organisation, then local search with
seeded kicks, capped by a number of evaluated steps so one input always gives one answer."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Collection, Iterable, Sequence

from .data import DEFAULT_WEIGHTS, KICK_PATIENCE, MAX_EVALUATIONS, Applicant, TeamFormation, Weights
from .evaluation import _result
from .problem import _features, _key, _lower_bound, _prepare, _Problem, _tally


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


def _seed_text(problem: _Problem) -> str:
    # A string seed is hashed with SHA-512, not Python's randomised hash: same input, same run.
    people = ";".join(f"{a.id},{a.organization},{_key(a.city)},{_key(a.specialty)}"
                      for a in problem.applicants)  # fmt: skip
    return f"{problem.sizes}|{problem.units}|{people}"
