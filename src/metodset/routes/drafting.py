"""Drafting a route from a deficit profile: which activities, in which order, on which dates.

A pure function over plain data (no database), so that it can be tested and benchmarked on
its own. The problem is budgeted maximum coverage: choose activities within the hours budget,
the date window and a number of steps, so that the deficits they develop, weighted by how far
each is below the threshold (its severity), are covered as much as possible. A deficit
covered by an activity the teacher's own organisation runs counts ``OWN_BONUS`` more: the
methodist prefers what the school already does (and pays nothing extra for it).

Value of a choice = Σ over covered deficits of severity × (1 + OWN_BONUS if covered by an
own activity). Mandatory candidates (a programme's invariant modules, chosen variative
modules) are always in; their hours come out of the budget first.

``draft_route`` is a greedy heuristic with two orders (gain per hour, plain gain) and a pass of
single swaps, milliseconds for a realistic catalogue; ``optimal_route`` solves the same
problem exactly with CP-SAT, for measuring the heuristic's gap on small cases (see
``metodset.bench.routes``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

OWN_BONUS = 0.1  # a deficit covered by the organisation's own activity counts 10 % more
MAX_STEPS = 8  # a route a teacher can read on one page (least paperwork)
_SCALE = 1000  # CP-SAT works in integers: severity × 1000, hours × 10


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
    covered: frozenset[int] = frozenset()  # competency ids of the deficits covered
    coverage: float = 0.0  # covered severity / total severity, 0..1
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
    for by_ratio in (True, False):
        chosen = _greedy(problem, budget, slots, by_ratio=by_ratio)
        chosen = _improve(problem, chosen, budget)
        value = problem.value(problem.mandatory + chosen)
        if value > best_value + 1e-9:
            best, best_value = chosen, value
    return problem.draft(problem.mandatory + best, window)


def _greedy(problem: _Problem, budget: float, slots: int, *, by_ratio: bool) -> list[int]:
    covered, own_covered = problem.masks(problem.mandatory)
    chosen: list[int] = []
    left = budget
    pool = [i for i in problem.optional if problem.hours[i] <= left + 1e-9]
    while pool and len(chosen) < slots:
        best_i, best_key = -1, None
        for i in pool:
            gain = problem.gain(i, covered, own_covered)
            if gain <= 1e-12:
                continue
            score = gain / (problem.hours[i] + 1.0) if by_ratio else gain
            # Ties: more gain, the organisation's own, fewer hours, catalogue order.
            key = (score, gain, problem.own[i], -problem.hours[i], -i)
            if best_key is None or key > best_key:
                best_i, best_key = i, key
        if best_i < 0:
            break
        chosen.append(best_i)
        covered |= problem.cover[best_i]
        if problem.own[best_i]:
            own_covered |= problem.cover[best_i]
        left -= problem.hours[best_i]
        pool = [i for i in pool if i != best_i and problem.hours[i] <= left + 1e-9]
    return chosen


def _improve(problem: _Problem, chosen: list[int], budget: float) -> list[int]:
    """Single swaps (one chosen out, one other in) while the value grows."""
    chosen = list(chosen)
    base_cov, base_own = problem.masks(problem.mandatory)
    for _round in range(10):
        current = problem.value(problem.mandatory + chosen)
        used = sum(problem.hours[i] for i in chosen)
        swap = None
        for position, out in enumerate(chosen):
            rest = chosen[:position] + chosen[position + 1 :]
            cov, own = problem.masks(rest)
            cov, own = cov | base_cov, own | base_own
            room = budget - used + problem.hours[out]
            for candidate in problem.optional:
                mask = problem.cover[candidate]
                if problem.hours[candidate] > room + 1e-9 or candidate in chosen:
                    continue
                if not mask & ~cov and not (problem.own[candidate] and mask & ~own):
                    continue  # brings nothing the rest does not cover already
                value = problem.weight(cov | mask) + OWN_BONUS * problem.weight(
                    own | mask if problem.own[candidate] else own
                )
                if value > current + 1e-9:
                    swap = rest + [candidate]
                    break
            if swap:
                break
        if swap is None:
            break
        chosen = swap
    return chosen


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
    """The same problem solved exactly with OR-Tools CP-SAT (for small cases and the bench)."""
    from ortools.sat.python import cp_model

    problem = _Problem.build(deficits, candidates, window)
    model = cp_model.CpModel()
    n = len(problem.ids)
    x = [model.new_bool_var(f"x{i}") for i in range(n)]
    for i in problem.mandatory:
        model.add(x[i] == 1)
    for i in range(n):
        if i not in problem.mandatory and i not in problem.optional:
            model.add(x[i] == 0)
    budget = max(hours_budget, problem.mandatory_hours)
    model.add(sum(round(problem.hours[i] * 10) * x[i] for i in range(n)) <= round(budget * 10))
    model.add(sum(x) <= max(max_steps, len(problem.mandatory)))
    objective = []
    for bit, severity in enumerate(problem.severity):
        covering = [x[i] for i in range(n) if problem.cover[i] >> bit & 1]
        own_covering = [x[i] for i in range(n) if problem.cover[i] >> bit & 1 and problem.own[i]]
        y = model.new_bool_var(f"y{bit}")
        z = model.new_bool_var(f"z{bit}")
        model.add(y <= sum(covering) if covering else y == 0)
        model.add(z <= sum(own_covering) if own_covering else z == 0)
        model.add(z <= y)
        weight = round(severity * _SCALE)
        objective += [weight * 10 * y, round(weight * OWN_BONUS * 10) * z]
    model.maximize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 20261124
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        draft = problem.draft(problem.mandatory, window)
        return draft
    chosen = [i for i in range(n) if solver.boolean_value(x[i])]
    ordered = problem.mandatory + [i for i in chosen if i not in problem.mandatory]
    draft = problem.draft(ordered, window)
    draft.proven_optimal = status == cp_model.OPTIMAL
    return draft


def route_value(
    *, deficits: Sequence[Deficit], candidates: Sequence[Candidate], chosen_ids: Sequence[int]
) -> float:
    """The objective of any choice of candidates (e.g. a route edited by hand)."""
    far = (dt.date.min, dt.date.max)
    problem = _Problem.build(deficits, candidates, far)
    index = {cid: i for i, cid in enumerate(problem.ids)}
    return round(problem.value([index[c] for c in chosen_ids if c in index]), 4)


# --- the problem in bit masks ------------------------------------------------------------------


@dataclass
class _Problem:
    deficits: list[Deficit]
    severity: list[float]
    ids: list[int]
    cover: list[int]  # bit mask of deficits each candidate covers
    hours: list[float]
    own: list[bool]
    dates: list[tuple[dt.date | None, dt.date | None]]
    mandatory: list[int]
    optional: list[int]  # usable: within the window, covering at least one deficit
    _weights: dict[int, float] = field(default_factory=dict)

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
        bit_of = {d.competency_id: bit for bit, d in enumerate(ordered)}
        problem = cls(
            deficits=ordered,
            severity=[d.severity for d in ordered],
            ids=[],
            cover=[],
            hours=[],
            own=[],
            dates=[],
            mandatory=[],
            optional=[],
        )
        start, end = window
        for index, c in enumerate(candidates):
            mask = 0
            for competency in c.competencies:
                bit = bit_of.get(competency)
                if bit is not None:
                    mask |= 1 << bit
            problem.ids.append(c.id)
            problem.cover.append(mask)
            problem.hours.append(float(c.hours))
            problem.own.append(c.own)
            problem.dates.append((c.starts_on, c.ends_on))
            within = (c.ends_on is None or c.ends_on >= start) and (
                c.starts_on is None or c.starts_on <= end
            )
            if c.mandatory:
                problem.mandatory.append(index)
            elif within and mask:
                problem.optional.append(index)
        return problem

    @property
    def mandatory_hours(self) -> float:
        return sum(self.hours[i] for i in self.mandatory)

    def masks(self, chosen: Sequence[int]) -> tuple[int, int]:
        covered = own_covered = 0
        for i in chosen:
            covered |= self.cover[i]
            if self.own[i]:
                own_covered |= self.cover[i]
        return covered, own_covered

    def weight(self, mask: int) -> float:
        cached = self._weights.get(mask)
        if cached is not None:
            return cached
        total, bit, rest = 0.0, 0, mask
        while rest:
            if rest & 1:
                total += self.severity[bit]
            rest >>= 1
            bit += 1
        self._weights[mask] = total
        return total

    def value(self, chosen: Sequence[int]) -> float:
        covered, own_covered = self.masks(chosen)
        return self.weight(covered) + OWN_BONUS * self.weight(own_covered)

    def gain(self, i: int, covered: int, own_covered: int) -> float:
        new = self.cover[i] & ~covered
        gain = self.weight(new)
        if self.own[i]:
            gain += OWN_BONUS * self.weight(self.cover[i] & ~own_covered)
        return gain

    def draft(self, chosen: list[int], window: tuple[dt.date, dt.date]) -> Draft:
        """Explain and date the chosen candidates: each step is put against the worst deficit
        it newly covers, in the order of that deficit's severity."""
        covered = 0
        explained: list[tuple[int, int, Reason]] = []  # (sort key, index, reason)
        # Mandatory first, then by the worst deficit each one brings.
        rest = sorted(
            (i for i in chosen if i not in self.mandatory),
            key=lambda i: _lowest_bit(self.cover[i]),
        )
        for i in [i for i in chosen if i in self.mandatory] + rest:
            new = self.cover[i] & ~covered
            main_bit = _lowest_bit(new) if new else _lowest_bit(self.cover[i])
            main = self.deficits[main_bit] if main_bit is not None else None
            also = tuple(
                self.deficits[bit]
                for bit in range(len(self.deficits))
                if self.cover[i] >> bit & 1 and bit != main_bit
            )
            covered |= self.cover[i]
            reason = Reason(mandatory=i in self.mandatory, deficit=main, also=also, own=self.own[i])
            key = -1 if i in self.mandatory else (main_bit if main_bit is not None else 999)
            explained.append((key, i, reason))
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
        covered_all, _own = self.masks(chosen)
        total = sum(self.severity)
        return Draft(
            steps=steps,
            hours=round(sum(self.hours[i] for i in chosen), 1),
            value=round(self.value(chosen), 4),
            covered=frozenset(
                d.competency_id for bit, d in enumerate(self.deficits) if covered_all >> bit & 1
            ),
            coverage=round(self.weight(covered_all) / total, 4) if total else 1.0,
        )


def _lowest_bit(mask: int) -> int | None:
    if not mask:
        return None
    return (mask & -mask).bit_length() - 1


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
