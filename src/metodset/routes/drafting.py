"""Drafting a route from a deficit profile: which activities, in which order, on which dates.

A pure function over plain data (no database), so that it can be tested and benchmarked on
its own. Each deficit needs hours in proportion to how far it is below the threshold
(``HOURS_PER_LEVEL`` a level: a competency at «не проявляется» wants a 36-hour course, one
just below the threshold a few hours of self-study). An activity gives its hours to every
deficit it develops. A deficit is covered to the share of its need that the chosen
activities meet (at most 1), and hours from an activity the teacher's own organisation runs
count ``OWN_BONUS`` more: the methodist prefers what the school already does.

Value of a choice = Σ over deficits of severity × (min(1, hours / need) + OWN_BONUS ×
min(1, own hours / need)), chosen within the hours budget, the date window and ``MAX_STEPS``
steps. Mandatory candidates (a programme's invariant modules, chosen variative modules) are
always in; their hours come out of the budget first.

``draft_route`` is a greedy heuristic (lazy greedy by gain per hour and by plain gain, and
again from each of the ``SEEDS`` largest single gains), each run followed by local search
(add one, swap one for one, swap one for two); a millisecond or two for a realistic
catalogue. ``optimal_route`` solves the same problem exactly with CP-SAT, for measuring the
heuristic's gap on small cases (see ``metodset.bench.routes``).
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

OWN_BONUS = 0.1  # hours of the organisation's own activities count 10 % more
HOURS_PER_LEVEL = 18.0  # hours a deficit needs per level below the threshold
MIN_NEED = 4.0  # even a slight deficit is worth a few hours
MAX_STEPS = 8  # a route a teacher can read on one page (least paperwork)
SEEDS = 2  # greedy runs more, each starting from one of the largest single gains
_SCALE = 10_000  # CP-SAT works in integers: shares × 10 000, hours × 10


def need_of(severity: float) -> float:
    """Hours a deficit of this severity needs."""
    return max(MIN_NEED, severity * HOURS_PER_LEVEL)


@dataclass(frozen=True)
class Deficit:
    competency_id: int
    severity: float  # how far below the threshold, > 0
    code: str = ""
    title: str = ""
    level: float | None = None


@dataclass(frozen=True)
class Candidate:
    id: int
    competencies: frozenset[int]
    hours: float
    starts_on: dt.date | None = None  # None: any time
    ends_on: dt.date | None = None
    own: bool = False  # run by the teacher's own organisation
    mandatory: bool = False  # always in the route: an invariant or chosen module


@dataclass(frozen=True)
class Reason:
    """Why a step is in the draft, for the teacher to read."""

    mandatory: bool
    deficit: Deficit | None  # the worst deficit the step newly covers
    also: tuple[Deficit, ...] = ()  # further deficits it covers
    own: bool = False

    def text(self) -> str:
        parts = []
        if self.mandatory:
            parts.append(_("Required by the programme: an invariant or chosen module."))
        if self.deficit is not None:
            d = self.deficit
            if d.level is not None:
                parts.append(
                    _(
                        "Addresses the deficit «%(code)s %(title)s»: level %(level)s, "
                        "%(below)s below the threshold."
                    )
                    % {
                        "code": d.code,
                        "title": d.title,
                        "level": _number(d.level),
                        "below": _number(d.severity),
                    }
                )
            else:
                parts.append(
                    _("Addresses the deficit «%(code)s %(title)s».")
                    % {"code": d.code, "title": d.title}
                )
        if self.also:
            parts.append(
                _("Also develops: %(codes)s.") % {"codes": ", ".join(d.code for d in self.also)}
            )
        if self.own:
            parts.append(_("Your organisation runs it."))
        return " ".join(parts)


@dataclass(frozen=True)
class DraftStep:
    candidate_id: int
    competency_id: int | None
    starts_on: dt.date
    ends_on: dt.date
    hours: float
    reason: Reason


@dataclass
class Draft:
    steps: list[DraftStep] = field(default_factory=list)
    hours: float = 0.0
    value: float = 0.0
    covered: frozenset[int] = frozenset()  # deficits whose need of hours is fully met
    coverage: float = 0.0  # severity-weighted share of the deficits' needs met, 0..1
    proven_optimal: bool = False  # CP-SAT only


# --- the heuristic ---------------------------------------------------------------------------


def draft_route(
    *,
    deficits: Sequence[Deficit],
    candidates: Sequence[Candidate],
    hours_budget: float,
    window: tuple[dt.date, dt.date],
    max_steps: int = MAX_STEPS,
) -> Draft:
    """The greedy draft: see the module's docstring."""
    problem = _Problem.build(deficits, candidates, window)
    budget = max(0.0, hours_budget - problem.mandatory_hours)
    slots = max(0, max_steps - len(problem.mandatory))
    best: list[int] = []
    best_value = -1.0
    start = problem.state(problem.mandatory)
    gains = [(i, problem.gain(i, start)) for i in problem.optional]
    starts: list[tuple[list[int], bool]] = [([], True), ([], False)]
    # Partial enumeration: each of the few largest single gains forced first, then greedy.
    for i, _gain in sorted(gains, key=lambda item: -item[1])[:SEEDS]:
        if problem.hours[i] <= budget + 1e-9 and slots:
            starts.append(([i], True))
    for forced, by_ratio in starts:
        chosen = _greedy(problem, budget, slots, gains, by_ratio=by_ratio, forced=forced)
        chosen = _improve(problem, chosen, budget, slots)
        value = problem.value(problem.mandatory + chosen)
        if value > best_value + 1e-9:
            best, best_value = chosen, value
    return problem.draft(problem.mandatory + best, window)


def _greedy(
    problem: _Problem,
    budget: float,
    slots: int,
    gains: list[tuple[int, float]],
    *,
    by_ratio: bool,
    forced: Sequence[int] = (),
) -> list[int]:
    """Lazy greedy: gains only shrink as hours accumulate (the value is submodular), so a
    candidate whose refreshed gain still tops the heap is the best one without refreshing
    the others."""
    state = problem.state(problem.mandatory + list(forced))
    chosen: list[int] = list(forced)
    left = budget - sum(problem.hours[i] for i in forced)

    def key(i: int, gain: float) -> tuple[float, float, bool, float, int]:
        score = gain / (problem.hours[i] + 1.0) if by_ratio else gain
        # Ties: more gain, the organisation's own, fewer hours, catalogue order.
        return (-score, -gain, not problem.own[i], problem.hours[i], i)

    if forced:  # the gains changed: recompute them once
        gains = [(i, problem.gain(i, state)) for i, _gain in gains if i not in forced]
    heap = [key(i, gain) for i, gain in gains if gain > 1e-9]
    heapq.heapify(heap)
    while heap and len(chosen) < slots:
        top = heapq.heappop(heap)
        i = top[-1]
        if problem.hours[i] > left + 1e-9:
            continue  # never fits again: the budget only shrinks
        gain = problem.gain(i, state)
        if gain <= 1e-9:
            continue
        fresh = key(i, gain)
        if heap and fresh > heap[0]:
            heapq.heappush(heap, fresh)
            continue
        chosen.append(i)
        problem.add(i, state)
        left -= problem.hours[i]
    return chosen


def _improve(problem: _Problem, chosen: list[int], budget: float, slots: int) -> list[int]:
    """Local search while the value grows: add one more that fits, swap one for one, or swap
    one for two (the hours a long course frees may buy two short items).

    Only a candidate developing a deficit whose need is left unmet (in all hours, or in own
    hours for the organisation's own candidates) can improve a choice, so only those are
    tried."""
    chosen = list(chosen)
    for _round in range(30):
        current = problem.value(problem.mandatory + chosen)
        used = sum(problem.hours[i] for i in chosen)
        better = _add_one(problem, chosen, budget - used, slots, current)
        if better is None:
            better = _swap(problem, chosen, budget, used, slots, current)
        if better is None:
            break
        chosen = better
    return chosen


def _useful(problem: _Problem, state: list[float], room: float, exclude: list[int]) -> list[int]:
    """Candidates within ``room`` hours that could raise the value of ``state``."""
    k = len(problem.deficits)
    found: dict[int, None] = {}
    for d in range(k):
        if state[k + d] >= problem.need[d]:
            continue
        met = state[d] >= problem.need[d]  # then only the own-hours bonus is left
        for i in problem.developing[d]:
            if problem.hours[i] <= room + 1e-9 and (problem.own[i] or not met):
                found[i] = None
    return [i for i in found if i not in exclude]


def _add_one(
    problem: _Problem, chosen: list[int], room: float, slots: int, current: float
) -> list[int] | None:
    if len(chosen) >= slots:
        return None
    state = problem.state(problem.mandatory + chosen)
    best, best_gain = None, 1e-9
    for i in _useful(problem, state, room, chosen):
        gain = problem.gain(i, state)
        if gain > best_gain:
            best, best_gain = i, gain
    return chosen + [best] if best is not None else None


def _swap(
    problem: _Problem, chosen: list[int], budget: float, used: float, slots: int, current: float
) -> list[int] | None:
    for position, out in enumerate(chosen):
        rest = chosen[:position] + chosen[position + 1 :]
        state = problem.state(problem.mandatory + rest)
        base = problem.value_of(state)
        room = budget - used + problem.hours[out]
        useful = _useful(problem, state, room, chosen)
        gains = {i: problem.gain(i, state) for i in useful}
        best = max(useful, key=lambda i: (gains[i], -problem.hours[i]), default=None)
        if best is not None and base + gains[best] > current + 1e-9:
            return rest + [best]
        if len(rest) + 2 > slots:
            continue
        # One out, two in: the best pair among the most promising few.
        top = sorted(useful, key=lambda i: -gains[i])[:8]
        for a_index, a in enumerate(top):
            after = list(state)
            problem.add(a, after)
            value_a = base + gains[a]
            for b in top[a_index + 1 :]:
                if problem.hours[a] + problem.hours[b] > room + 1e-9:
                    continue
                if value_a + problem.gain(b, after) > current + 1e-9:
                    return rest + [a, b]
    return None


# --- the exact optimum -------------------------------------------------------------------------


def optimal_route(
    *,
    deficits: Sequence[Deficit],
    candidates: Sequence[Candidate],
    hours_budget: float,
    window: tuple[dt.date, dt.date],
    max_steps: int = MAX_STEPS,
    time_limit: float = 10.0,
) -> Draft:
    """The same problem solved exactly with OR-Tools CP-SAT (for small cases and the bench).

    Shares are integers in 1/10 000 and hours in tenths, so the optimum is exact to 0.01 %.
    """
    from ortools.sat.python import cp_model

    problem = _Problem.build(deficits, candidates, window)
    model = cp_model.CpModel()
    n = len(problem.ids)
    x = [model.new_bool_var(f"x{i}") for i in range(n)]
    usable = set(problem.mandatory) | set(problem.optional)
    for i in range(n):
        if i in problem.mandatory:
            model.add(x[i] == 1)
        elif i not in usable:
            model.add(x[i] == 0)
    tenths = [round(h * 10) for h in problem.hours]
    budget = max(hours_budget, problem.mandatory_hours)
    model.add(sum(tenths[i] * x[i] for i in range(n)) <= round(budget * 10))
    model.add(sum(x) <= max(max_steps, len(problem.mandatory)))
    objective = []
    for d, severity in enumerate(problem.severity):
        need = round(problem.need[d] * 10)
        weight = round(severity * 1000)
        for own_only, factor in ((False, 10), (True, round(OWN_BONUS * 10))):
            hours = [
                tenths[i] * x[i]
                for i in range(n)
                if d in problem.covers[i] and (problem.own[i] or not own_only)
            ]
            share = model.new_int_var(0, _SCALE, f"s{d}{own_only}")
            # share / SCALE ≤ hours / need
            model.add(share * need <= _SCALE * sum(hours) if hours else share == 0)
            objective.append(weight * factor * share)
    model.maximize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 20261124
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return problem.draft(problem.mandatory, window)
    chosen = [i for i in range(n) if solver.boolean_value(x[i])]
    ordered = problem.mandatory + [i for i in chosen if i not in problem.mandatory]
    draft = problem.draft(ordered, window)
    draft.proven_optimal = status == cp_model.OPTIMAL
    return draft


def route_value(
    *, deficits: Sequence[Deficit], candidates: Sequence[Candidate], chosen_ids: Sequence[int]
) -> float:
    """The objective of any choice of candidates (e.g. a route edited by hand)."""
    problem = _Problem.build(deficits, candidates, (dt.date.min, dt.date.max))
    index = {cid: i for i, cid in enumerate(problem.ids)}
    return round(problem.value([index[c] for c in chosen_ids if c in index]), 4)


# --- the problem --------------------------------------------------------------------------------


@dataclass
class _Problem:
    deficits: list[Deficit]  # the worst first
    severity: list[float]
    need: list[float]
    ids: list[int]
    covers: list[tuple[int, ...]]  # the deficits (indexes) each candidate develops
    hours: list[float]
    own: list[bool]
    dates: list[tuple[dt.date | None, dt.date | None]]
    mandatory: list[int]
    optional: list[int]  # usable: within the window, developing at least one deficit
    developing: list[list[int]]  # the usable candidates developing each deficit

    @classmethod
    def build(
        cls,
        deficits: Sequence[Deficit],
        candidates: Sequence[Candidate],
        window: tuple[dt.date, dt.date],
    ) -> _Problem:
        ordered = sorted(
            (d for d in deficits if d.severity > 0), key=lambda d: (-d.severity, d.code)
        )
        index_of = {d.competency_id: n for n, d in enumerate(ordered)}
        problem = cls(
            deficits=ordered,
            severity=[d.severity for d in ordered],
            need=[need_of(d.severity) for d in ordered],
            ids=[],
            covers=[],
            hours=[],
            own=[],
            dates=[],
            mandatory=[],
            optional=[],
            developing=[[] for _ in ordered],
        )
        start, end = window
        wanted = frozenset(index_of)
        for index, c in enumerate(candidates):
            common = c.competencies & wanted
            covers = tuple(sorted(index_of[k] for k in common)) if common else ()
            problem.ids.append(c.id)
            problem.covers.append(covers)
            problem.hours.append(float(c.hours))
            problem.own.append(c.own)
            problem.dates.append((c.starts_on, c.ends_on))
            within = (c.ends_on is None or c.ends_on >= start) and (
                c.starts_on is None or c.starts_on <= end
            )
            if c.mandatory:
                problem.mandatory.append(index)
            elif within and covers and c.hours > 0:
                problem.optional.append(index)
                for d in covers:
                    problem.developing[d].append(index)
        return problem

    @property
    def mandatory_hours(self) -> float:
        return sum(self.hours[i] for i in self.mandatory)

    # The state: hours given to each deficit, all and own, as one list [all..., own...].
    def state(self, chosen: Sequence[int]) -> list[float]:
        state = [0.0] * (2 * len(self.deficits))
        for i in chosen:
            self.add(i, state)
        return state

    def add(self, i: int, state: list[float]) -> None:
        k = len(self.deficits)
        for d in self.covers[i]:
            state[d] += self.hours[i]
            if self.own[i]:
                state[k + d] += self.hours[i]

    def value_of(self, state: list[float]) -> float:
        k = len(self.deficits)
        return sum(
            self.severity[d]
            * (
                min(1.0, state[d] / self.need[d])
                + OWN_BONUS * min(1.0, state[k + d] / self.need[d])
            )
            for d in range(k)
        )

    def value(self, chosen: Sequence[int]) -> float:
        return self.value_of(self.state(chosen))

    def gain(self, i: int, state: list[float]) -> float:
        k, hours, gain = len(self.deficits), self.hours[i], 0.0
        for d in self.covers[i]:
            need, had = self.need[d], state[d]
            if had < need:
                gain += self.severity[d] * (min(1.0, (had + hours) / need) - had / need)
            if self.own[i] and state[k + d] < need:
                own = state[k + d]
                gain += OWN_BONUS * self.severity[d] * (min(1.0, (own + hours) / need) - own / need)
        return gain

    def coverage(self, state: list[float]) -> float:
        total = sum(self.severity)
        if not total:
            return 1.0
        met = sum(s * min(1.0, state[d] / self.need[d]) for d, s in enumerate(self.severity))
        return met / total

    def draft(self, chosen: list[int], window: tuple[dt.date, dt.date]) -> Draft:
        """Explain and date the chosen candidates: each step is put against the deficit it
        helps most (the worst first on ties), steps in the order of those deficits."""
        state = self.state([])
        explained: list[tuple[float, int, Reason]] = []
        ordered = [i for i in chosen if i in self.mandatory] + sorted(
            (i for i in chosen if i not in self.mandatory),
            key=lambda i: (min(self.covers[i], default=999), -self.hours[i]),
        )
        for i in ordered:
            main = None
            if self.covers[i]:
                main = max(
                    self.covers[i],
                    key=lambda d: (self.severity[d] * max(0.0, self.need[d] - state[d]), -d),
                )
            self.add(i, state)
            reason = Reason(
                mandatory=i in self.mandatory,
                deficit=self.deficits[main] if main is not None else None,
                also=tuple(self.deficits[d] for d in self.covers[i] if d != main),
                own=self.own[i],
            )
            key = -1.0 if i in self.mandatory else float(main if main is not None else 999)
            explained.append((key, i, reason))
        explained.sort(key=lambda item: item[0])
        dates = _schedule([(i, self.dates[i]) for _key, i, _r in explained], window)
        steps = [
            DraftStep(
                candidate_id=self.ids[i],
                competency_id=reason.deficit.competency_id if reason.deficit else None,
                starts_on=dates[i][0],
                ends_on=dates[i][1],
                hours=self.hours[i],
                reason=reason,
            )
            for _key, i, reason in explained
        ]
        return Draft(
            steps=steps,
            hours=round(sum(self.hours[i] for i in chosen), 1),
            value=round(self.value_of(state), 4),
            covered=frozenset(
                d.competency_id for n, d in enumerate(self.deficits) if state[n] >= self.need[n]
            ),
            coverage=round(self.coverage(state), 4),
        )


def _schedule(
    items: list[tuple[int, tuple[dt.date | None, dt.date | None]]],
    window: tuple[dt.date, dt.date],
) -> dict[int, tuple[dt.date, dt.date]]:
    """Fixed-date items keep their dates (cut to the window); the others share the window in
    equal consecutive periods, in the order given (the worst deficit first)."""
    start, end = window
    result: dict[int, tuple[dt.date, dt.date]] = {}
    free = [i for i, (s, e) in items if s is None and e is None]
    for i, (s, e) in items:
        if s is not None or e is not None:
            first = max(s or start, start)
            last = min(e or end, end)
            result[i] = (first, max(first, last))
    if free:
        days = (end - start).days + 1
        for n, i in enumerate(free):
            first = start + dt.timedelta(days=days * n // len(free))
            last = start + dt.timedelta(days=days * (n + 1) // len(free) - 1)
            result[i] = (first, max(first, last))
    return result


def _number(value: float) -> str:
    from django.utils.formats import number_format

    return number_format(round(value, 1), decimal_pos=1)
