"""Team formation: sizes, mixing, specialists, wishes, determinism, tutors, the gap to CP-SAT."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from metodset.bench.teaming import QUICK, teaming_bench_quick
from metodset.programs.teaming import (
    OPTIMAL_MAX_APPLICANTS,
    Applicant,
    TeamDiversity,
    assign_tutors,
    evaluate_teams,
    form_teams,
    optimal_teams,
    team_diversity,
    team_sizes,
)

BOUNDS = [(1, 1), (2, 3), (3, 3), (3, 4), (3, 5), (4, 6), (5, 5)]
SPECIALTIES = ["психолог", "логопед", "дефектолог"]


def make(*rows: tuple[str, int] | tuple[str, int, str]) -> list[Applicant]:
    """Applicants numbered from 1 from (city, organisation[, specialty]) rows."""
    return [Applicant(n, *row) for n, row in enumerate(rows, start=1)]


def random_pool(
    rng: random.Random, size: int, *, organizations: int, cities: int, specialists: float = 0.3
) -> list[Applicant]:
    """Organisations mostly in one city each, some teachers registered elsewhere."""
    home = [rng.randrange(cities) for _ in range(organizations)]
    pool = []
    for n in range(size):
        organization = rng.randrange(organizations)
        city = home[organization] if rng.random() < 0.6 else rng.randrange(cities)
        specialty = rng.choice(SPECIALTIES) if rng.random() < specialists else ""
        pool.append(Applicant(n + 1, f"Город {city}", organization, specialty))
    return pool


def fits(n: int, low: int, high: int) -> bool:
    return any(k * low <= n <= k * high for k in range(n + 1))


# Sizes


def test_sizes_fit_the_bounds_for_every_count_or_are_refused():
    for low, high in BOUNDS:
        for n in range(61):
            if not fits(n, low, high):
                with pytest.raises(ValueError, match="^Нельзя разбить"):
                    team_sizes(applicants=n, min_size=low, max_size=high)
                continue
            sizes = team_sizes(applicants=n, min_size=low, max_size=high)
            assert sum(sizes) == n
            assert all(low <= size <= high for size in sizes)
            assert len(sizes) == -(-n // high)  # the fewest teams that fit
            assert max(sizes, default=0) - min(sizes, default=0) <= 1


def test_ten_in_teams_of_three_or_four_make_four_three_three():
    assert team_sizes(applicants=10, min_size=3, max_size=4) == (4, 3, 3)


def test_five_cannot_make_teams_of_three():
    with pytest.raises(ValueError) as refused:
        form_teams(applicants=make(*[("Омск", n) for n in range(5)]), min_size=3, max_size=3)
    assert str(refused.value) == "Нельзя разбить 5 участников на команды по 3 человека"


def test_refusals_agree_in_number_and_name_the_team_count():
    with pytest.raises(ValueError) as refused:
        team_sizes(applicants=21, min_size=4, max_size=5, teams=3)
    assert str(refused.value) == "Нельзя разбить 21 участника на 3 команды от 4 до 5 человек"
    with pytest.raises(ValueError) as refused:
        team_sizes(applicants=7, min_size=5, max_size=5)
    assert str(refused.value) == "Нельзя разбить 7 участников на команды по 5 человек"


def test_explicit_team_count_is_kept():
    assert team_sizes(applicants=12, min_size=2, max_size=4, teams=5) == (3, 3, 2, 2, 2)


@pytest.mark.parametrize(
    ("low", "high", "teams", "message"),
    [
        (0, 3, None, "В команде должен быть хотя бы один человек."),
        (4, 3, None, "Наименьший размер команды (4) больше наибольшего (3)."),
        (3, 4, 0, "Команд должно быть не меньше одной."),
    ],
)
def test_bad_bounds_are_refused_in_russian(low, high, teams, message):
    with pytest.raises(ValueError) as refused:
        team_sizes(applicants=10, min_size=low, max_size=high, teams=teams)
    assert str(refused.value) == message


def test_formed_teams_are_a_partition_within_bounds():
    rng = random.Random(7)
    primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53]
    for n in sorted(set(range(1, 41)) | set(primes)):
        pool = random_pool(rng, n, organizations=max(2, n // 4), cities=3)
        ids = [a.id for a in pool]
        wishes = [set(rng.sample(ids, 2))] if n >= 4 else []
        for low, high in [(3, 4), (4, 6), (2, 3), (3, 3)]:
            if not fits(n, low, high):
                continue
            formed = form_teams(applicants=pool, min_size=low, max_size=high, wishes=wishes)
            assert sorted(i for team in formed.teams for i in team) == ids
            assert all(low <= len(team) <= high for team in formed.teams)
            assert len(formed.teams) == len(team_sizes(applicants=n, min_size=low, max_size=high))
            assert formed.lower_bound <= formed.cost


def test_no_one_is_left_for_an_empty_pool():
    formed = form_teams(applicants=[], min_size=3, max_size=4)
    assert (formed.teams, formed.cost) == ((), 0)


# What a team is made of


def test_colleagues_are_split_when_they_can_be():
    # Four kindergartens of three, two per town: each team gets one of each kindergarten.
    pool = make(*[("Омск" if org < 2 else "Томск", org) for org in range(4) for _ in range(3)])
    formed = form_teams(applicants=pool, min_size=3, max_size=4)
    assert formed.same_organization_pairs == 0
    assert [d.organizations for d in formed.diversity] == [4, 4, 4]
    assert formed.same_city_pairs == 6  # two from each town in each team cannot be avoided
    assert formed.optimal


def test_cities_are_mixed_when_they_can_be():
    # Twelve schools in four cities, three from each: every team has all four cities.
    cities = ["Омск", "Томск", "Барнаул", "Кемерово"]
    formed = form_teams(applicants=make(*[(cities[n % 4], n) for n in range(12)]), min_size=3,
                        max_size=4)  # fmt: skip
    assert formed.same_city_pairs == 0
    assert [d.cities for d in formed.diversity] == [4, 4, 4]


def test_fewer_specialists_than_teams_get_one_team_each():
    pool = make(
        *[(f"Город {n}", n, "психолог" if n in (1, 2) else "логопед" if n in (3, 4) else "")
          for n in range(16)]
    )  # fmt: skip
    formed = form_teams(applicants=pool, min_size=4, max_size=4)
    assert [len(d.specialists) for d in formed.diversity] == [1, 1, 1, 1]
    assert formed.specialist_pairs == 0


def test_two_specialists_of_one_kind_do_not_share_a_team():
    kinds = ["психолог", "логопед"] * 4 + [""] * 8
    formed = form_teams(applicants=make(*[(f"Город {n}", n, kinds[n]) for n in range(16)]),
                        min_size=4, max_size=4)  # fmt: skip
    assert formed.same_specialty_pairs == 0
    assert [d.specialists for d in formed.diversity] == [("логопед", "психолог")] * 4


def test_blank_city_is_not_a_shared_city():
    formed = evaluate_teams(applicants=make(("", 1), ("", 2), (" ", 3)), teams=[[1, 2, 3]])
    assert formed.same_city_pairs == 0
    assert formed.diversity == (TeamDiversity(size=3, cities=0, organizations=3, specialists=()),)


def test_team_diversity_counts_cities_organisations_and_specialists():
    team = make(("Омск", 1, "логопед"), ("омск ", 1), ("Томск", 2, "психолог"))
    assert team_diversity(team) == TeamDiversity(
        size=3, cities=2, organizations=2, specialists=("логопед", "психолог")
    )


def test_reported_cost_is_the_weighted_count_of_pairs():
    pool = random_pool(random.Random(3), 30, organizations=6, cities=3)
    formed = form_teams(applicants=pool, min_size=3, max_size=4)
    assert formed.cost == (
        10 * formed.same_organization_pairs
        + 4 * formed.same_city_pairs
        + 2 * formed.same_specialty_pairs
        + formed.specialist_pairs
    )
    assert evaluate_teams(applicants=pool, teams=formed.teams) == formed


# Wishes


def test_colleagues_who_asked_stay_together():
    pool = make(*[(f"Город {n % 3}", n // 2) for n in range(12)])  # pairs of colleagues
    formed = form_teams(applicants=pool, min_size=3, max_size=4, wishes=[{1, 2}, {5, 6}])
    assert formed.wishes_honoured == (True, True)
    assert any({1, 2} <= set(team) for team in formed.teams)
    assert formed.same_organization_pairs == 2  # the two wishes, nobody else


def test_a_wish_larger_than_a_team_is_reported_not_honoured():
    pool = make(*[(f"Город {n}", n) for n in range(12)])
    formed = form_teams(applicants=pool, min_size=3, max_size=4, wishes=[{1, 2, 3, 4, 5}, {6, 7}])
    assert formed.wishes_honoured == (False, True)


def test_wishes_that_do_not_fit_are_reported_not_honoured():
    # Three teams of three hold one pair each: the fourth pair cannot be kept together.
    pool = make(*[(f"Город {n}", n) for n in range(9)])
    wishes = [{1, 2}, {3, 4}, {5, 6}, {7, 8}]
    formed = form_teams(applicants=pool, min_size=3, max_size=3, wishes=wishes)
    assert sorted(formed.wishes_honoured) == [False, True, True, True]


def test_a_wish_naming_someone_who_left_keeps_the_others_together():
    pool = make(*[(f"Город {n}", n) for n in range(8)])
    formed = form_teams(applicants=pool, min_size=4, max_size=4, wishes=[{3, 4, 999}])
    assert formed.wishes_honoured == (True,)


# Determinism


def test_the_same_people_in_another_order_get_the_same_teams():
    rng = random.Random(11)
    pool = random_pool(rng, 80, organizations=12, cities=5)
    wishes = [set(rng.sample(range(1, 81), rng.choice([2, 3]))) for _ in range(6)]
    formed = form_teams(applicants=pool, min_size=3, max_size=4, wishes=wishes)
    shuffled_pool, shuffled_wishes = pool[:], wishes[:]
    rng.shuffle(shuffled_pool)
    rng.shuffle(shuffled_wishes)
    again = form_teams(applicants=shuffled_pool, min_size=3, max_size=4, wishes=shuffled_wishes)
    assert again.teams == formed.teams
    assert again.cost == formed.cost
    assert form_teams(applicants=pool, min_size=3, max_size=4, wishes=wishes) == formed


# The gap to the optimum


def test_heuristic_reaches_the_cp_sat_optimum_on_small_random_pools():
    rng = random.Random(20261124)
    reached, above_bound, cases = 0, 0, 50
    for _ in range(cases):
        size = rng.randint(8, 14)
        pool = random_pool(
            rng, size, organizations=rng.randint(3, 6), cities=rng.randint(2, 4), specialists=0.5
        )
        low, high = rng.choice([(3, 4), (4, 6), (3, 5)])
        wishes = [set(rng.sample(range(1, size + 1), 2)) for _ in range(rng.randint(0, 2))]
        heuristic = form_teams(applicants=pool, min_size=low, max_size=high, wishes=wishes)
        exact = optimal_teams(applicants=pool, min_size=low, max_size=high, wishes=wishes)
        assert exact.optimal
        assert all(exact.wishes_honoured) and all(heuristic.wishes_honoured)
        assert exact.lower_bound <= exact.cost <= heuristic.cost
        assert heuristic.cost <= 1.1 * exact.cost  # never more than 10 % above the optimum
        reached += heuristic.cost == exact.cost
        above_bound += exact.cost > exact.lower_bound
    assert reached >= 0.9 * cases
    assert above_bound >= 5  # pools where no partition spreads everything evenly


def test_optimal_teams_refuses_pools_too_large_to_prove():
    pool = make(*[(f"Город {n}", n) for n in range(OPTIMAL_MAX_APPLICANTS + 1)])
    with pytest.raises(ValueError, match="use form_teams"):
        optimal_teams(applicants=pool, min_size=3, max_size=4)


def test_optimal_teams_keeps_wishes_too():
    pool = make(*[("Омск" if n < 6 else "Томск", n // 2) for n in range(12)])
    exact = optimal_teams(applicants=pool, min_size=3, max_size=4, wishes=[{1, 2}])
    assert exact.wishes_honoured == (True,)
    assert exact.same_organization_pairs == 1


# Tutors


def teams_of(*organizations: list[int]) -> list[list[Applicant]]:
    return [[Applicant(0, "Омск", org) for org in team] for team in organizations]


def test_tutor_loads_differ_by_at_most_one():
    tutors = assign_tutors(teams_of(*[[n] for n in range(10)]), [30, 10, 20])
    assert sorted(Counter(tutors).values()) == [3, 3, 4]
    assert tutors == (10, 20, 30, 10, 20, 30, 10, 20, 30, 10)  # round-robin by id


def test_tutor_from_the_team_organisation_is_avoided_when_possible():
    teams = teams_of([1, 5], [1, 6], [2, 7], [2, 8])
    tutors = assign_tutors(teams, [100, 200], tutor_organization={100: 1, 200: 2})
    assert tutors == (200, 200, 100, 100)
    assert assign_tutors(teams, [200, 100], tutor_organization={100: 1, 200: 2}) == tutors


def test_a_tutor_is_assigned_even_when_every_choice_shares_an_organisation():
    teams = teams_of([1, 2], [1, 3], [1, 1])
    tutors = assign_tutors(teams, [7, 8], tutor_organization={7: 1, 8: 1})
    assert tutors == (7, 8, 7)  # every choice costs the same, so round-robin stands


def test_more_tutors_than_teams_take_one_team_each():
    tutors = assign_tutors(teams_of([1], [2]), [1, 2, 3])
    assert len(set(tutors)) == 2


def test_no_tutors_is_refused_in_russian():
    with pytest.raises(ValueError, match="Нет тьюторов"):
        assign_tutors(teams_of([1]), [])


# The benchmark harness


def test_quick_bench_reports_teams_within_bounds():
    report = teaming_bench_quick()
    assert report["applicants"] == QUICK["applicants"]
    assert report["sizes_within_bounds"] is True
    assert report["wishes_honoured"] <= report["wishes"]
    assert report["same_organization_share"] <= report["random_same_organization_share"]
    assert {"seconds", "same_city_share", "random_same_city_share", "small_cases"} <= set(report)
    small = report["small_cases"]
    assert small["cases"] == QUICK["small_cases"]
    assert {"mean_gap", "max_gap", "optimal_reached", "exact_mean_seconds"} <= set(small)
