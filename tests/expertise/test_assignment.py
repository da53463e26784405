"""The reviewer-assignment solver on plain data: constructed cases with an optimum worked out
by hand, each infeasibility with its explanation, reassignment, and random cases checked
against every hard rule and against CP-SAT's optimum."""

import random

import pytest

from metodset.expertise.assignment import (
    Infeasible,
    Paper,
    Problem,
    Reviewer,
    Solution,
    reassign,
    solve,
)
from metodset.expertise.assignment.exact import solve_cpsat
from metodset.expertise.assignment.matrix import matrix_build


def reviewer(key, *orgs, min_load=0, max_load=1):
    return Reviewer(key=key, organizations=frozenset(orgs), min_load=min_load, max_load=max_load)


def paper(key, *orgs, reviews=1):
    return Paper(key=key, organizations=frozenset(orgs), reviews=reviews)


def reasons_of(problem):
    with pytest.raises(Infeasible) as caught:
        solve(problem)
    return caught.value.reasons


def assert_valid(problem: Problem, solution: Solution) -> None:
    """Every hard rule: no conflict, exactly its reviews a paper, loads within bounds, one
    reviewer of an organisation a paper."""
    reviewers = {r.key: r for r in problem.reviewers}
    papers = {p.key: p for p in problem.papers}
    assert len(set(solution.pairs)) == len(solution.pairs)
    for r, p in solution.pairs:
        assert (r, p) not in problem.conflicts
        assert not reviewers[r].organizations & papers[p].organizations
    for p in problem.papers:
        on_it = [r for r, q in solution.pairs if q == p.key]
        assert len(on_it) == p.reviews
        if problem.one_per_organization:
            orgs = [o for r in on_it for o in reviewers[r].organizations]
            assert len(orgs) == len(set(orgs))
    for r in problem.reviewers:
        load = sum(1 for q, _ in solution.pairs if q == r.key)
        assert r.min_load <= load <= r.max_load
    assert solution.objective == sum(problem.affinity.get(pair, 0) for pair in solution.pairs)


# --- known optima --------------------------------------------------------------------------


def test_the_optimum_is_not_the_greedy_choice():
    # Greedy takes A–X (5) and is left with B–Y (1): 6. Swapping gives A–Y 4 + B–X 4 = 8.
    problem = Problem(
        reviewers=(reviewer(1, 10), reviewer(2, 20), reviewer(3, 30, max_load=0)),
        papers=(paper(100), paper(200)),
        affinity={(1, 100): 5, (1, 200): 4, (2, 100): 4, (2, 200): 1},
    )
    solution = solve(problem)
    assert solution.pairs == ((1, 200), (2, 100))
    assert solution.objective == 8
    assert solution.bound == 8 and solution.exact and solution.ratio == 1.0


def test_at_most_one_reviewer_of_an_organisation_a_paper():
    # A and B (one school) are the best two, but only one of them may review: A + C = 10 + 2.
    reviewers = (reviewer(1, 10), reviewer(2, 10), reviewer(3, 20))
    affinity = {(1, 100): 10, (2, 100): 9, (3, 100): 2}
    problem = Problem(reviewers=reviewers, papers=(paper(100, reviews=2),), affinity=affinity)
    solution = solve(problem)
    assert solution.pairs == ((1, 100), (3, 100))
    assert solution.objective == 12

    free = Problem(
        reviewers=reviewers,
        papers=(paper(100, reviews=2),),
        affinity=affinity,
        one_per_organization=False,
    )
    assert solve(free).pairs == ((1, 100), (2, 100))


def test_a_reviewer_of_the_papers_organisation_is_never_assigned_even_unlisted():
    problem = Problem(
        reviewers=(reviewer(1, 10), reviewer(2, 20)),
        papers=(paper(100, 10),),
        affinity={(1, 100): 50},
    )
    assert solve(problem).pairs == ((2, 100),)


def test_declared_conflicts_are_respected_whatever_the_affinity():
    problem = Problem(
        reviewers=(reviewer(1, 10), reviewer(2, 20)),
        papers=(paper(100),),
        conflicts=frozenset({(1, 100)}),
        affinity={(1, 100): 50},
    )
    assert solve(problem).pairs == ((2, 100),)


def test_min_loads_take_precedence_over_affinity():
    # A is best everywhere, but C must review one paper and B two: A gets what is left.
    problem = Problem(
        reviewers=(
            reviewer(1, 10, max_load=3),
            reviewer(2, 20, min_load=2, max_load=2),
            reviewer(3, 30, min_load=1, max_load=1),
        ),
        papers=(paper(100), paper(200), paper(300), paper(400)),
        affinity={(1, p): 10 for p in (100, 200, 300, 400)}
        | {(2, 100): 3, (2, 200): 1, (3, 300): 2, (3, 400): 1},
    )
    # A takes exactly one paper (10 wherever); B's best two are 100 and 200 (3 + 1), C's best
    # is 300 (2), so A takes 400: 16. Any other split gives B + C at most 4.
    solution = solve(problem)
    assert solution.pairs == ((1, 400), (2, 100), (2, 200), (3, 300))
    assert solution.objective == 16
    assert_valid(problem, solution)


def test_a_reviewer_of_several_organisations_counts_for_each():
    # A belongs to schools 1 and 2; A + C would be best (19) but C is also of school 2. The
    # flow counts A under school 1 only, finds the clash, and CP-SAT settles it: B + C = 18.
    problem = Problem(
        reviewers=(reviewer(1, 1, 2), reviewer(2, 1), reviewer(3, 2), reviewer(4, 3)),
        papers=(paper(100, reviews=2),),
        affinity={(1, 100): 10, (2, 100): 9, (3, 100): 9, (4, 100): 1},
    )
    solution = solve(problem)
    assert solution.pairs == ((2, 100), (3, 100))
    assert solution.objective == 18 and solution.exact


def test_nothing_to_review_is_an_empty_assignment():
    problem = Problem(reviewers=(reviewer(1, 10),), papers=(paper(100, reviews=0),))
    assert solve(problem) == Solution(pairs=(), objective=0, bound=0, exact=True)


# --- infeasible, explained -----------------------------------------------------------------


def test_too_little_capacity_in_the_pool():
    problem = Problem(
        reviewers=(reviewer(1, 10, max_load=2), reviewer(2, 20, max_load=1)),
        papers=(paper(100), paper(200), paper(300), paper(400)),
    )
    (reason,) = reasons_of(problem)
    assert (reason.code, reason.needed, reason.available) == ("capacity_short", 4, 3)


def test_a_paper_with_too_few_eligible_reviewers_one_an_organisation():
    # Paper 100 needs three reviews; of the four reviewers one is conflicted and two share a
    # school, so only two can review it together.
    problem = Problem(
        reviewers=(reviewer(1, 10), reviewer(2, 10), reviewer(3, 20), reviewer(4, 30)),
        papers=(paper(100, reviews=3),),
        conflicts=frozenset({(4, 100)}),
    )
    (reason,) = reasons_of(problem)
    assert reason.code == "paper_short"
    assert reason.papers == (100,)
    assert reason.reviewers == (1, 2, 3)
    assert (reason.needed, reason.available) == (3, 2)


def test_min_loads_above_the_reviews_there_are():
    problem = Problem(
        reviewers=(reviewer(1, 10, min_load=2, max_load=3), reviewer(2, 20, min_load=1)),
        papers=(paper(100), paper(200)),
    )
    (reason,) = reasons_of(problem)
    assert reason.code == "load_unfilled"
    assert reason.reviewers == (1, 2)
    assert (reason.needed, reason.available) == (3, 2)


def test_a_reviewer_whose_min_load_exceeds_the_papers_they_may_review():
    problem = Problem(
        reviewers=(reviewer(1, 10, min_load=2, max_load=2), reviewer(2, 20, max_load=3)),
        papers=(paper(100), paper(200, 10), paper(300, 10)),
    )
    (reason,) = reasons_of(problem)
    assert reason.code == "load_unfilled"
    assert reason.reviewers == (1,)
    assert reason.papers == (100,)
    assert (reason.needed, reason.available) == (2, 1)


def test_a_group_of_papers_whose_reviewers_cannot_cover_them():
    # X and Y need two reviews each and only A, B, C (one review each) may review them; D,
    # with room for five, is conflicted with both. Each paper alone has three reviewers.
    problem = Problem(
        reviewers=(
            reviewer(1, 1),
            reviewer(2, 2),
            reviewer(3, 3),
            reviewer(4, 4, max_load=5),
        ),
        papers=(paper(10, reviews=2), paper(20, reviews=2), paper(30)),
        conflicts=frozenset({(4, 10), (4, 20), (1, 30), (2, 30), (3, 30)}),
    )
    (reason,) = reasons_of(problem)
    assert reason.code == "group_short"
    assert reason.papers == (10, 20)
    assert reason.reviewers == (1, 2, 3)
    assert (reason.needed, reason.available) == (4, 3)


def test_a_group_of_reviewers_whose_min_loads_the_papers_cannot_fill():
    # A and B must review two papers each but may review only X and Y, one review each; Z's
    # three reviews come from three others, who may review nothing else.
    problem = Problem(
        reviewers=(
            reviewer(1, 1, min_load=2, max_load=2),
            reviewer(2, 2, min_load=2, max_load=2),
            reviewer(3, 3),
            reviewer(4, 4),
            reviewer(5, 5),
        ),
        papers=(paper(10), paper(20), paper(30, reviews=3)),
        conflicts=frozenset({(1, 30), (2, 30)} | {(r, p) for r in (3, 4, 5) for p in (10, 20)}),
    )
    (reason,) = reasons_of(problem)
    assert reason.code == "load_unfilled"
    assert reason.reviewers == (1, 2)
    assert reason.papers == (10, 20)
    assert (reason.needed, reason.available) == (4, 2)


# --- reassignment --------------------------------------------------------------------------


def test_reassign_picks_the_best_free_reviewer_and_moves_nobody():
    problem = Problem(
        reviewers=(
            reviewer(1, 10, max_load=2),
            reviewer(2, 10, max_load=2),  # the same school as 1, who is on the paper
            reviewer(3, 30, max_load=1),  # full
            reviewer(4, 40, max_load=2),
            reviewer(5, 50, max_load=2),
        ),
        papers=(paper(100, reviews=2), paper(200)),
        conflicts=frozenset({(5, 100)}),
        affinity={(2, 100): 50, (3, 100): 40, (4, 100): 5, (5, 100): 60},
    )
    assigned = [(1, 100), (3, 200)]
    assert reassign(problem, assigned, 100) == 4


def test_reassign_prefers_a_reviewer_under_min_load_then_the_lightest():
    problem = Problem(
        reviewers=(
            reviewer(1, 10, max_load=3),
            reviewer(2, 20, min_load=2, max_load=3),
            reviewer(3, 30, max_load=3),
        ),
        papers=(paper(100), paper(200), paper(300)),
    )
    assert reassign(problem, [(2, 200), (3, 300)], 100) == 2
    assert reassign(problem, [(1, 200), (1, 300), (2, 200), (2, 300)], 100) == 3


def test_reassign_explains_when_everyone_eligible_is_full_or_nobody_is():
    problem = Problem(
        reviewers=(reviewer(1, 10), reviewer(2, 20), reviewer(3, 30)),
        papers=(paper(100, reviews=2), paper(200)),
        conflicts=frozenset({(3, 100)}),
    )
    with pytest.raises(Infeasible) as caught:
        reassign(problem, [(1, 100), (2, 200)], 100)
    (reason,) = caught.value.reasons
    assert (reason.code, reason.papers, reason.reviewers) == ("capacity_short", (100,), (2,))

    with pytest.raises(Infeasible) as caught:
        reassign(problem, [(1, 100), (2, 100)], 100)
    assert caught.value.reasons[0].code == "paper_short"
    with pytest.raises(ValueError):
        reassign(problem, [], 999)


# --- random cases --------------------------------------------------------------------------


def random_problem(rng: random.Random, *, several: bool = False) -> Problem:
    organizations = rng.randint(2, 8)
    reviewers = []
    for key in range(rng.randint(4, 45)):
        orgs = {rng.randrange(organizations)} if rng.random() < 0.9 else set()
        if several and rng.random() < 0.3:
            orgs.add(rng.randrange(organizations))
        low = rng.randint(0, 1)
        reviewers.append(reviewer(key, *orgs, min_load=low, max_load=low + rng.randint(1, 5)))
    papers = [
        paper(
            1000 + key,
            *({rng.randrange(organizations)} if rng.random() < 0.8 else set()),
            reviews=rng.randint(0, 3),
        )
        for key in range(rng.randint(1, 45))
    ]
    conflicts = frozenset(
        (rng.choice(reviewers).key, rng.choice(papers).key) for _ in range(len(papers))
    )
    affinity = {
        (r.key, p.key): rng.randint(-3, 20) for r in reviewers for p in papers if rng.random() < 0.5
    }
    return Problem(
        reviewers=tuple(reviewers),
        papers=tuple(papers),
        conflicts=conflicts,
        affinity=affinity,
        one_per_organization=rng.random() < 0.85,
    )


@pytest.mark.parametrize("seed", range(50))
def test_random_cases_keep_every_rule_and_reach_cp_sats_optimum(seed):
    rng = random.Random(seed)
    problem = random_problem(rng, several=seed % 5 == 0)
    try:
        reference = solve_cpsat(problem, matrix_build(problem))
    except Infeasible:
        reference = None
    if reference is None:
        assert reasons_of(problem)  # infeasible too, and with a reason
        return
    solution = solve(problem)
    assert_valid(problem, solution)
    assert solution.objective == reference.objective
    assert solution.exact and solution.bound == solution.objective


def test_random_cases_are_mostly_feasible():
    """The random cases above exercise the solver, not only its refusals."""
    feasible = 0
    for seed in range(50):
        problem = random_problem(random.Random(seed), several=seed % 5 == 0)
        try:
            solve(problem)
            feasible += 1
        except Infeasible:
            pass
    assert feasible >= 15


@pytest.mark.parametrize("seed", range(3))
def test_pairs_left_out_of_the_first_candidates_are_priced_in_to_the_optimum(seed):
    # 70 papers × 2 from 50 reviewers: each paper's first candidates are a subset of the
    # eligible reviewers, and the optimum needs pairs outside them.
    rng = random.Random(seed)
    reviewers = tuple(reviewer(key, key % 10, min_load=2, max_load=4) for key in range(50))
    papers = tuple(paper(100 + key, rng.randrange(10), reviews=2) for key in range(70))
    affinity = {
        (r.key, p.key): rng.randint(0, 30) for r in reviewers for p in papers if rng.random() < 0.6
    }
    problem = Problem(reviewers=reviewers, papers=papers, affinity=affinity)
    solution = solve(problem)
    assert_valid(problem, solution)
    assert solution.exact
    assert solution.objective == solve_cpsat(problem, matrix_build(problem)).objective


def test_the_quick_bench_case_is_solved_exactly_and_reassigns_a_declined_review():
    from metodset.bench.expertise import expertise_bench_quick

    result = expertise_bench_quick()
    assert result["valid"] and result["exact"] and result["ratio"] == 1.0
    assert result["pairs"] == 300 * 3
    assert result["reassigned_to_other"] and result["ok"]


def test_max_flows_on_too_few_pairs_grow_them_instead_of_refusing():
    # Started on pairs that leave reviewer 3 out, the flows are one short; the left-out pairs
    # crossing the cut join them and the flows fill, so no reason is given.
    from metodset.expertise.assignment import explain

    problem = Problem(
        reviewers=(reviewer(1, 10), reviewer(2, 20), reviewer(3, 30, min_load=1)),
        papers=(paper(100), paper(200), paper(300)),
    )
    matrix = matrix_build(problem)
    some = matrix.eligible.copy()
    some[:, 2] = False
    reasons, grown = explain.reach(matrix, some)
    assert reasons == ()
    assert grown[:, 2].any() and not (grown & ~matrix.eligible).any()

    short = Problem(reviewers=problem.reviewers, papers=problem.papers + (paper(400, 10),))
    matrix = matrix_build(short)
    some = matrix.eligible.copy()
    some[:, 2] = False
    (reason,) = explain.reach(matrix, some)[0]
    assert reason.code == "group_short" and (reason.needed, reason.available) == (4, 3)


@pytest.mark.parametrize("seed", range(5))
def test_the_lp_bound_of_the_first_candidates_holds_for_the_whole_problem(seed):
    # Stopped after the first flow, the bound from its potentials must still be at least the
    # true optimum (CP-SAT on every pair), and the flow's objective at most that.
    from metodset.expertise.assignment import flow

    rng = random.Random(100 + seed)
    reviewers = tuple(
        reviewer(key, key % 8, min_load=1, max_load=rng.randint(2, 4)) for key in range(40)
    )
    papers = tuple(paper(100 + key, rng.randrange(8), reviews=2) for key in range(50))
    affinity = {
        (r.key, p.key): rng.randint(0, 40) for r in reviewers for p in papers if rng.random() < 0.4
    }
    problem = Problem(reviewers=reviewers, papers=papers, affinity=affinity)
    matrix = matrix_build(problem)
    candidates = flow._candidates(matrix)
    assert (matrix.eligible & ~candidates).any()
    run = flow._FlowRun.solve(matrix, candidates)
    assert run is not None
    gain, _ = run.price(matrix, candidates)
    optimum = solve_cpsat(problem, matrix).objective
    assert run.objective <= optimum <= run.objective + gain


def test_a_reviewer_of_several_organisations_in_a_larger_campaign_keeps_every_rule():
    rng = random.Random(3)
    reviewers = tuple(
        reviewer(key, key % 6, *((key + 1) % 6,) * (key % 5 == 0), max_load=4) for key in range(30)
    )
    papers = tuple(paper(100 + key, rng.randrange(6), reviews=2) for key in range(40))
    affinity = {(r.key, p.key): rng.randint(0, 9) for r in reviewers for p in papers}
    problem = Problem(reviewers=reviewers, papers=papers, affinity=affinity)
    solution = solve(problem)
    assert_valid(problem, solution)
    assert solution.exact
    assert solution.objective == solve_cpsat(problem, matrix_build(problem)).objective
