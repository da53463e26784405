"""Assignment from the database: every kind of conflict kept apart, exactly k reviews per
item, loads within bounds, an explained refusal, and a reassignment that moves nobody else.

The solver may be the greedy stand-in or exp-assign's exact one: only properties any correct
solver has are asserted, never which of several valid assignments is made.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.accounts.models import Membership, Organization
from metodset.expertise.models import Bid, Campaign, Conflict, ItemAuthor, Review
from metodset.expertise.services import assigning
from metodset.programs.models import Program, ProgramMember, Team

from .. import factories
from . import factories as ef


@pytest.fixture
def network(db):
    return factories.network()


def _school() -> Organization:
    return factories.organization()


def _teacher(organization: Organization, **fields):
    return factories.person(organization_=organization, **fields)


def _assert_sound(campaign: Campaign) -> None:
    """No reviewer of an author's organisation or an author, k active reviews per item,
    numbers 1..k, at most one reviewer per organisation, loads within the maximum."""
    loads: Counter[int] = Counter()
    for item in campaign.items.all():
        reviews = list(item.reviews.filter(status__in=Review.ACTIVE))
        assert len(reviews) == campaign.reviews_per_item, item
        assert sorted(r.number for r in reviews) == list(range(1, len(reviews) + 1))
        author_orgs = {a.organization_id for a in item.authors.all()} - {None}
        authors = {a.user_id for a in item.authors.all()}
        seen_orgs: list[int] = []
        for review in reviews:
            loads[review.expert_id] += 1
            orgs = set(
                Membership.objects.filter(
                    user=review.expert, organization__isnull=False
                ).values_list("organization_id", flat=True)
            )
            assert review.expert_id not in authors
            assert not orgs & author_orgs
            seen_orgs += orgs
        assert len(seen_orgs) == len(set(seen_orgs)), "two reviewers of one organisation"
    assert all(load <= campaign.max_load for load in loads.values())


def test_every_item_gets_exactly_its_reviews_without_conflicts(network):
    schools = [_school() for _ in range(4)]
    for n in range(8):
        ef.expert(network=network, organization=schools[n % 4])
    campaign = ef.campaign(
        network=network, status=Campaign.Status.OPEN, reviews_per_item=2, max_load=4
    )
    for n in range(6):
        ef.item(campaign_=campaign, authors=[_teacher(schools[n % 4])], title=f"Разработка {n}")
    result = assigning.campaign_assign(campaign=campaign, by=None)
    assert result.ok, result.problems
    assert len(result.reviews) == 12
    _assert_sound(campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.REVIEWING
    assert set(campaign.items.values_list("status", flat=True)) == {"reviewing"}
    again = assigning.campaign_assign(campaign=campaign, by=None)
    assert again.reviews == [] and Review.objects.count() == 12


def test_no_conflict_of_any_kind_is_ever_assigned(network):
    home = _school()
    author = _teacher(home)
    program = Program.objects.create(
        kind=Program.Kind.DIGITAL_INTERNSHIP, title="Стажировка", organizer=home
    )
    team = Team.objects.create(program=program, number=1)
    ProgramMember.objects.create(program=program, user=author, role="intern", team=team)
    conflicted = {
        "same organisation": ef.expert(network=network, organization=home),
        "the author herself": ef.expert(network=network, organization=_school()),
        "her address": ef.expert(network=network, organization=_school()),
        "declared item": ef.expert(network=network, organization=_school()),
        "declared person": ef.expert(network=network, organization=_school()),
        "declared organisation": ef.expert(network=network, organization=_school()),
        "tutor": ef.expert(network=network, organization=_school()),
        "team-mate": ef.expert(network=network, organization=_school()),
        "co-author": ef.expert(network=network, organization=_school()),
    }
    free = [ef.expert(network=network, organization=_school(), max_load=5) for _ in range(2)]
    team.tutor = conflicted["tutor"]
    team.save()
    ProgramMember.objects.create(
        program=program, user=conflicted["team-mate"], role="intern", team=team
    )
    campaign = ef.campaign(network=network, status=Campaign.Status.OPEN, reviews_per_item=2)
    work = ef.item(campaign_=campaign, authors=[author, conflicted["the author herself"]])
    ItemAuthor.objects.create(
        item=work, name="Соавтор без учётной записи", email=conflicted["her address"].email.upper()
    )
    ef.item(campaign_=campaign, authors=[author, conflicted["co-author"]], title="Другая")
    Conflict.objects.create(expert=conflicted["declared item"], item=work, reason="Родственник")
    Conflict.objects.create(expert=conflicted["declared person"], person=author, reason="Друг")
    Conflict.objects.create(
        expert=conflicted["declared organisation"], organization=home, reason="Бывшая школа"
    )
    result = assigning.campaign_assign(campaign=campaign, by=None)
    assert result.ok, result.problems
    assigned = set(work.reviews.values_list("expert_id", flat=True))
    assert assigned == {e.pk for e in free}
    for reason, expert in conflicted.items():
        assert expert.pk not in assigned, reason
    _assert_sound(campaign)


def test_an_infeasible_campaign_says_which_item_and_writes_nothing(network):
    ef.expert(network=network, organization=_school())
    ef.expert(network=network, organization=_school())
    campaign = ef.campaign(network=network, status=Campaign.Status.OPEN, reviews_per_item=3)
    ef.item(campaign_=campaign, authors=[_teacher(_school())], title="Квест «Сказка»")
    result = assigning.campaign_assign(campaign=campaign, by=None)
    assert not result.ok
    assert Review.objects.count() == 0
    assert any("«Квест «Сказка»»" in line for line in result.problems), result.problems
    assert {reason.code for reason in result.reasons} & {"paper_short", "capacity_short"}


def test_a_declined_review_is_reassigned_and_nobody_else_moves(network):
    for _ in range(6):
        ef.expert(network=network, organization=_school())
    campaign = ef.campaign(network=network, status=Campaign.Status.OPEN, reviews_per_item=2)
    for n in range(3):
        ef.item(campaign_=campaign, authors=[_teacher(_school())], title=f"Работа {n}")
    assert assigning.campaign_assign(campaign=campaign, by=None).ok
    declined = Review.objects.order_by("pk").first()
    declined.status = Review.Status.DECLINED
    declined.declined_reason = "Болею"
    declined.save()
    before = set(
        Review.objects.exclude(pk=declined.pk).values_list("pk", "expert_id", "item_id", "status")
    )
    replacement = assigning.review_reassign(review=declined, by=None)
    assert replacement is not None
    assert replacement.number == declined.number
    assert replacement.item_id == declined.item_id
    assert replacement.expert_id != declined.expert_id
    after = set(
        Review.objects.exclude(pk__in=[declined.pk, replacement.pk]).values_list(
            "pk", "expert_id", "item_id", "status"
        )
    )
    assert after == before
    _assert_sound(campaign)


def test_nobody_free_leaves_the_review_unassigned(network):
    ef.expert(network=network, organization=_school())
    ef.expert(network=network, organization=_school())
    campaign = ef.campaign(network=network, status=Campaign.Status.OPEN, reviews_per_item=2)
    ef.item(campaign_=campaign, authors=[_teacher(_school())])
    assert assigning.campaign_assign(campaign=campaign, by=None).ok
    review = Review.objects.first()
    assert assigning.review_reassign(review=review, by=None) is None
    review.refresh_from_db()
    assert review.status == Review.Status.WITHDRAWN


def test_peers_review_each_other_never_their_own(network):
    campaign = ef.campaign(
        network=network,
        status=Campaign.Status.OPEN,
        reviews_per_item=2,
        pool=Campaign.Pool.PEERS,
        max_load=3,
    )
    authors = [_teacher(_school()) for _ in range(4)]
    for n, author in enumerate(authors):
        ef.item(campaign_=campaign, authors=[author], title=f"Продукт {n}")
    result = assigning.campaign_assign(campaign=campaign, by=None)
    assert result.ok, result.problems
    _assert_sound(campaign)
    assert set(Review.objects.values_list("expert_id", flat=True)) <= {a.pk for a in authors}


def test_the_reason_names_matching_subjects_and_the_bid(network):
    expert = ef.expert(network=network, organization=_school(), subjects="Математика, физика")
    campaign = ef.campaign(network=network, status=Campaign.Status.OPEN, reviews_per_item=1)
    work = ef.item(
        campaign_=campaign, authors=[_teacher(_school())], subjects="математика, история"
    )
    Bid.objects.create(expert=expert, item=work, level=Bid.Level.EAGER)
    assert assigning.campaign_assign(campaign=campaign, by=None).ok
    review = work.reviews.get()
    assert review.expert == expert
    assert "математика" in review.reason
    assert review.affinity == (
        assigning.AFFINITY_SUBJECT + assigning.AFFINITY_BID * Bid.Level.EAGER
    )


def test_at_most_one_expert_of_an_organisation_per_item(network):
    crowded = _school()
    same = [ef.expert(network=network, organization=crowded) for _ in range(3)]
    lone = ef.expert(network=network, organization=_school())
    campaign = ef.campaign(network=network, status=Campaign.Status.OPEN, reviews_per_item=2)
    work = ef.item(campaign_=campaign, authors=[_teacher(_school())])
    assert assigning.campaign_assign(campaign=campaign, by=None).ok
    chosen = set(work.reviews.values_list("expert_id", flat=True))
    assert lone.pk in chosen and len(chosen & {e.pk for e in same}) == 1
    campaign.reviews_per_item = 3
    campaign.save()
    refused = assigning.campaign_assign(campaign=campaign, by=None)
    assert not refused.ok and work.reviews.count() == 2


def test_a_later_deadline_for_an_unfinished_review_only(network):
    from django.utils import timezone

    from metodset.expertise.services.campaigns import CampaignError

    ef.expert(network=network, organization=_school())
    campaign = ef.campaign(network=network, status=Campaign.Status.OPEN, reviews_per_item=1)
    ef.item(campaign_=campaign, authors=[_teacher(_school())])
    assert assigning.campaign_assign(campaign=campaign, by=None).ok
    review = Review.objects.get()
    later = timezone.now() + timezone.timedelta(days=20)
    assert assigning.review_extend(review=review, until=later, by=None).due_at == later
    with pytest.raises(CampaignError):
        assigning.review_extend(review=review, until=timezone.now(), by=None)
    review.status = Review.Status.SUBMITTED
    review.save()
    with pytest.raises(CampaignError):
        assigning.review_extend(review=review, until=later, by=None)


def test_the_result_carries_the_objective_of_the_reviews_written_and_its_bound(network):
    experts = [
        ef.expert(network=network, organization=_school(), subjects=subjects)
        for subjects in ("математика", "математика, физика", "история", "физика")
    ]
    campaign = ef.campaign(network=network, status=Campaign.Status.OPEN, reviews_per_item=2)
    for subjects in ("математика", "физика"):
        ef.item(campaign_=campaign, authors=[_teacher(_school())], subjects=subjects)
    result = assigning.campaign_assign(campaign=campaign, by=None)
    assert result.ok and result.solution is not None
    written = list(Review.objects.filter(item__campaign=campaign).order_by("item_id", "number"))
    assert [r.pk for r in result.reviews] == [r.pk for r in written]
    assert result.solution.objective == sum(r.affinity for r in written) == 4 * 10
    assert result.solution.bound >= result.solution.objective
    assert {r.expert_id for r in written} == {e.pk for e in experts[:2]} | {experts[3].pk}


def test_the_reason_names_matching_competencies_but_not_a_stranger_s_bid(network):
    from metodset.diagnostics.models import Competency

    competency = Competency.objects.order_by("pk").first()
    expert = ef.expert(network=network, organization=_school())
    expert.expert_profiles.get().competencies.add(competency)
    outsider = factories.person(organization_=_school())  # no expert profile in the network
    campaign = ef.campaign(network=network, status=Campaign.Status.OPEN, reviews_per_item=1)
    work = ef.item(campaign_=campaign, authors=[_teacher(_school())])
    work.competencies.add(competency)
    Bid.objects.create(expert=outsider, item=work, level=Bid.Level.EAGER)
    assert assigning.campaign_assign(campaign=campaign, by=None).ok
    review = work.reviews.get()
    assert review.expert == expert
    assert review.affinity == assigning.AFFINITY_COMPETENCY
    assert str(competency) in review.reason and "математика" not in review.reason


def _assignment_queries(network, *, items: int) -> int:
    schools = [_school() for _ in range(3)]
    experts = [
        ef.expert(network=network, organization=schools[n % 3], subjects="математика")
        for n in range(6)
    ]
    campaign = ef.campaign(
        network=network, status=Campaign.Status.OPEN, reviews_per_item=2, max_load=items
    )
    for n in range(items):
        work = ef.item(campaign_=campaign, authors=[_teacher(schools[n % 3])], subjects="физика")
        Bid.objects.create(expert=experts[n % 6], item=work, level=Bid.Level.WILLING)
        Conflict.objects.create(expert=experts[(n + 1) % 6], item=work, reason="Соседка")
    with CaptureQueriesContext(connection) as queries:
        assert assigning.campaign_assign(campaign=campaign, by=None).ok
    assert Review.objects.filter(item__campaign=campaign).count() == 2 * items
    return len(queries)


def test_assignment_queries_do_not_grow_with_the_items(network):
    assert _assignment_queries(network, items=2) == _assignment_queries(
        factories.network(), items=9
    )
