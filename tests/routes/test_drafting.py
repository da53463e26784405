"""Drafting a route from deficits: a pure function, tested on plain data."""

import datetime as dt
import random

from metodset.routes.drafting import (
    Candidate,
    Deficit,
    draft_route,
    need_of,
    optimal_route,
    route_value,
)

WINDOW = (dt.date(2026, 9, 1), dt.date(2027, 5, 31))
ASSESSMENT, PARENTS, DIGITAL, LAW = 1, 2, 3, 4
DEFICITS = [
    Deficit(ASSESSMENT, 2.0, "МТ.4", "Оценивание образовательных результатов", 0.0),
    Deficit(PARENTS, 1.0, "КМ.2", "Взаимодействие с родителями", 1.0),
    Deficit(DIGITAL, 0.5, "ЦФ.2", "Применение ЦОР", 1.5),
]


def c(id, *competencies, hours=10, **fields):
    return Candidate(id=id, competencies=frozenset(competencies), hours=hours, **fields)


def test_covers_the_worst_deficit_first_and_explains_each_step():
    draft = draft_route(
        deficits=DEFICITS,
        candidates=[c(10, ASSESSMENT, hours=36), c(11, PARENTS, hours=18), c(12, DIGITAL)],
        hours_budget=72,
        window=WINDOW,
    )
    assert [s.candidate_id for s in draft.steps] == [10, 11, 12]
    assert draft.coverage == 1.0  # each deficit got the hours it needs (18 h a level)
    assert draft.hours == 64
    first = draft.steps[0]
    assert first.competency_id == ASSESSMENT
    assert "МТ.4 Оценивание образовательных результатов" in first.reason.text()
    # Steps without dates share the window in order, the worst deficit first.
    assert first.starts_on == WINDOW[0]
    assert draft.steps[-1].ends_on == WINDOW[1]
    assert first.ends_on < draft.steps[1].starts_on


def test_a_severe_deficit_wants_a_course_not_an_hour_of_reading():
    draft = draft_route(
        deficits=DEFICITS[:1],
        candidates=[c(10, ASSESSMENT, hours=4), c(11, ASSESSMENT, hours=36)],
        hours_budget=40,
        window=WINDOW,
        max_steps=1,
    )
    assert [s.candidate_id for s in draft.steps] == [11]
    assert need_of(2.0) == 36 and need_of(0.1) == 4


def test_keeps_within_the_hours_budget_preferring_severe_deficits():
    draft = draft_route(
        deficits=DEFICITS,
        candidates=[
            c(10, ASSESSMENT, hours=36),
            c(11, PARENTS, hours=30),
            c(12, DIGITAL, hours=30),
        ],
        hours_budget=66,
        window=WINDOW,
    )
    assert {s.candidate_id for s in draft.steps} == {10, 11}
    assert draft.hours == 66
    assert round(draft.coverage, 3) == round(3 / 3.5, 3)


def test_one_activity_for_two_deficits_beats_two_when_hours_are_short():
    draft = draft_route(
        deficits=DEFICITS,
        candidates=[
            c(10, ASSESSMENT, hours=20),
            c(11, PARENTS, hours=20),
            c(12, ASSESSMENT, PARENTS, hours=24),
        ],
        hours_budget=30,
        window=WINDOW,
    )
    assert [s.candidate_id for s in draft.steps] == [12]
    assert "КМ.2" in draft.steps[0].reason.text()  # «Also develops: КМ.2.»


def test_prefers_what_the_organisation_runs_itself():
    draft = draft_route(
        deficits=DEFICITS,
        candidates=[c(10, ASSESSMENT, hours=16), c(11, ASSESSMENT, hours=16, own=True)],
        hours_budget=20,
        window=WINDOW,
    )
    assert [s.candidate_id for s in draft.steps] == [11]
    assert draft.steps[0].reason.own


def test_activities_outside_the_window_are_left_out_and_fixed_dates_kept():
    june = c(10, ASSESSMENT, starts_on=dt.date(2027, 6, 10), ends_on=dt.date(2027, 6, 20))
    november = c(
        11, ASSESSMENT, hours=12, starts_on=dt.date(2026, 11, 12), ends_on=dt.date(2026, 11, 12)
    )
    draft = draft_route(
        deficits=DEFICITS, candidates=[june, november], hours_budget=72, window=WINDOW
    )
    assert [(s.candidate_id, s.starts_on, s.ends_on) for s in draft.steps] == [
        (11, dt.date(2026, 11, 12), dt.date(2026, 11, 12))
    ]


def test_mandatory_modules_are_always_in_and_spend_the_budget_first():
    module = c(99, hours=40, mandatory=True)  # an invariant module, developing none of them
    draft = draft_route(
        deficits=DEFICITS,
        candidates=[module, c(10, ASSESSMENT, hours=36), c(11, PARENTS, hours=30)],
        hours_budget=72,
        window=WINDOW,
    )
    assert [s.candidate_id for s in draft.steps] == [99, 11]
    assert draft.steps[0].reason.mandatory
    assert draft.hours == 70


def test_no_deficits_no_steps():
    draft = draft_route(deficits=[], candidates=[c(10, ASSESSMENT)], hours_budget=72, window=WINDOW)
    assert draft.steps == [] and draft.coverage == 1.0


def test_at_most_max_steps():
    deficits = [Deficit(n, 1.0, f"К.{n}") for n in range(1, 13)]
    candidates = [c(100 + n, n, hours=2) for n in range(1, 13)]
    draft = draft_route(
        deficits=deficits, candidates=candidates, hours_budget=100, window=WINDOW, max_steps=5
    )
    assert len(draft.steps) == 5


def test_the_heuristic_reaches_the_optimum_on_most_small_cases():
    rng = random.Random(7)
    reached = 0
    for _ in range(20):
        competencies = list(range(1, 9))
        deficits = [
            Deficit(k, round(rng.uniform(0.2, 2), 2), f"К.{k}") for k in rng.sample(competencies, 4)
        ]
        candidates = [
            c(
                n,
                *rng.sample(competencies, rng.choice([1, 2])),
                hours=rng.choice([4, 8, 16, 24, 36]),
                own=rng.random() < 0.2,
            )
            for n in range(12)
        ]
        greedy = draft_route(
            deficits=deficits, candidates=candidates, hours_budget=40, window=WINDOW, max_steps=4
        )
        exact = optimal_route(
            deficits=deficits, candidates=candidates, hours_budget=40, window=WINDOW, max_steps=4
        )
        assert exact.proven_optimal
        assert greedy.value <= exact.value + 1e-9
        assert greedy.hours <= 40 and exact.hours <= 40
        chosen = [s.candidate_id for s in exact.steps]
        assert (
            route_value(deficits=deficits, candidates=candidates, chosen_ids=chosen) == exact.value
        )
        reached += greedy.value >= exact.value - 1e-9
    assert reached >= 17
