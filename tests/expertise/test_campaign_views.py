"""The coordinator's pages: who may open each, what they show, and what a refused person
cannot do; list pages whose queries don't grow with the campaigns."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metodset.accounts.models import Membership
from metodset.expertise import permissions
from metodset.expertise.models import Campaign, Decision, Item, Review
from metodset.expertise.services import assigning

from .. import factories
from . import factories as ef

Role = Membership.Role


@pytest.fixture
def world(db):
    school = factories.organization()
    network = factories.network(partners=[school])
    people = {
        "coordinator": factories.person(network_=network, role=Role.NETWORK_COORDINATOR),
        "council": factories.person(network_=network, role=Role.COUNCIL_MEMBER),
        "manager": factories.person(organization_=school, role=Role.MANAGER),
        "teacher": factories.person(organization_=school),
        "outsider": factories.person(network_=factories.network(), role=Role.NETWORK_COORDINATOR),
    }
    experts = [ef.expert(network=network, organization=factories.organization()) for _ in range(3)]
    campaign = ef.campaign(
        network=network,
        status=Campaign.Status.OPEN,
        reviews_per_item=2,
        created_by=people["coordinator"],
    )
    work = ef.item(campaign_=campaign, authors=[people["teacher"]], title="Урок-квест")
    return network, school, people, experts, campaign, work


def _login(client, user):
    client.force_login(user)
    return client


def test_the_coordinator_sees_campaigns_and_a_teacher_is_refused(client, world):
    _n, _s, people, _e, campaign, _w = world
    page = _login(client, people["coordinator"]).get(reverse("expertise:campaigns"))
    assert page.status_code == 200 and campaign.title in page.content.decode()
    # its own words, not diagnostics' («Новая диагностика» shared the English msgid)
    assert "Новая экспертиза" in page.content.decode()
    client.force_login(people["teacher"])
    assert client.get(reverse("expertise:campaigns")).status_code == 403
    assert client.get(reverse("expertise:campaign_create")).status_code == 403


def test_a_campaign_is_created_and_bad_loads_are_explained(client, world):
    network, _s, people, _e, _c, _w = world
    _login(client, people["coordinator"])
    data = {
        "title": "Экспертиза программ",
        "kind": Campaign.Kind.PROGRAMS,
        "network": network.pk,
        "rubric": ef.shipped_rubric().pk,
        "pool": Campaign.Pool.EXPERTS,
        "reviews_per_item": 2,
        "min_load": 5,
        "max_load": 3,
        "blindness": Campaign.Blindness.BLIND,
        "spread_limit": 25,
        "remind_days": 2,
    }
    page = client.post(reverse("expertise:campaign_create"), data)
    assert page.status_code == 200
    assert "не может превышать" in page.content.decode()
    assert 'value="Экспертиза программ"' in page.content.decode()
    data["min_load"] = 1
    page = client.post(reverse("expertise:campaign_create"), data)
    made = Campaign.objects.get(title="Экспертиза программ")
    assert page.status_code == 302 and made.rubric.network == network


def test_a_manager_organises_only_for_her_organisation(client, world):
    network, school, people, _e, _c, _w = world
    _login(client, people["manager"])
    data = {
        "title": "Аудит",
        "kind": Campaign.Kind.AUDIT,
        "network": network.pk,
        "rubric": ef.shipped_rubric().pk,
        "pool": Campaign.Pool.EXPERTS,
        "reviews_per_item": 1,
        "min_load": 0,
        "max_load": 3,
        "blindness": Campaign.Blindness.OPEN,
        "remind_days": 2,
    }
    assert client.post(reverse("expertise:campaign_create"), data).status_code == 200
    assert not Campaign.objects.filter(title="Аудит").exists()
    data["organization"] = school.pk
    assert client.post(reverse("expertise:campaign_create"), data).status_code == 302
    made = Campaign.objects.get(title="Аудит")
    page = client.get(reverse("expertise:campaign_detail", args=[made.pk]))
    assert page.status_code == 200


@pytest.mark.parametrize("who", ["teacher", "outsider", "manager"])
def test_others_dont_see_a_network_campaign(client, world, who):
    _n, _s, people, experts, campaign, _w = world
    _login(client, people[who])
    assert client.get(reverse("expertise:campaign_detail", args=[campaign.pk])).status_code == 404
    assert client.get(reverse("expertise:campaign_results", args=[campaign.pk])).status_code == 404
    client.force_login(experts[0])
    assert client.get(reverse("expertise:campaign_detail", args=[campaign.pk])).status_code == 404


def test_an_infeasible_assignment_is_explained_on_the_page(client, world):
    _n, _s, people, _e, campaign, _w = world
    campaign.reviews_per_item = 5
    campaign.save()
    page = _login(client, people["council"]).post(
        reverse("expertise:campaign_assign", args=[campaign.pk])
    )
    assert page.status_code == 200
    assert 'data-testid="infeasible"' in page.content.decode()
    assert "Урок-квест" in page.content.decode()
    assert Review.objects.count() == 0


def test_assignment_from_the_page_and_refused_to_a_teacher(client, world):
    _n, _s, people, _e, campaign, work = world
    _login(client, people["teacher"])
    assert client.post(reverse("expertise:campaign_assign", args=[campaign.pk])).status_code == 404
    assert Review.objects.count() == 0
    client.force_login(people["coordinator"])
    page = client.post(reverse("expertise:campaign_assign", args=[campaign.pk]))
    assert page.status_code == 302
    assert work.reviews.count() == 2


def test_item_page_names_experts_for_the_coordinator_only(client, world):
    _n, _s, people, experts, campaign, work = world
    assigning.campaign_assign(campaign=campaign, by=None)
    assigned = work.reviews.first().expert
    page = _login(client, people["coordinator"]).get(
        reverse("expertise:item_detail", args=[work.pk])
    )
    assert page.status_code == 200 and assigned.get_full_name() in page.content.decode()
    client.force_login(people["teacher"])  # the author
    assert client.get(reverse("expertise:item_detail", args=[work.pk])).status_code == 403
    client.force_login(assigned)
    assert client.get(reverse("expertise:item_detail", args=[work.pk])).status_code == 403
    client.force_login(people["outsider"])
    assert client.get(reverse("expertise:item_detail", args=[work.pk])).status_code == 404


def test_a_blind_items_author_never_learns_the_experts(world):
    _n, _s, people, _e, campaign, work = world
    assert campaign.blindness == Campaign.Blindness.BLIND
    assert not permissions.sees_expert_names(people["teacher"], work)
    assert permissions.sees_expert_names(people["coordinator"], work)
    assert permissions.sees_author_names(people["teacher"], work)


def test_an_expert_sees_only_the_items_assigned_to_her(world):
    _n, _s, people, experts, campaign, work = world
    other = ef.item(campaign_=campaign, authors=[factories.person()], title="Чужая")
    ef.review(item_=work, expert_=experts[0])
    assert list(permissions.visible_items(experts[0])) == [work]
    assert list(permissions.visible_items(experts[1])) == []
    assert other not in permissions.visible_items(people["teacher"])
    assert list(permissions.items_of_author(people["teacher"])) == [work]
    Review.objects.filter(expert=experts[0]).update(status=Review.Status.DECLINED)
    assert list(permissions.visible_items(experts[0])) == []
    assert permissions.reviews_of_expert(experts[0]).count() == 1


def test_the_decision_is_the_coordinators(client, world):
    _n, _s, people, experts, _c, work = world
    ef.review(item_=work, expert_=experts[0], scores=[3, 3, 3])
    data = {"verdict": Item.Verdict.RECOMMENDED, "reason": "Все эксперты рекомендуют"}
    client.force_login(experts[0])
    assert client.post(reverse("expertise:item_decide", args=[work.pk]), data).status_code == 403
    assert not Decision.objects.exists()
    client.force_login(people["coordinator"])
    assert client.post(reverse("expertise:item_decide", args=[work.pk]), data).status_code == 302
    work.refresh_from_db()
    assert work.status == Item.Status.ACCEPTED


def test_a_stalled_review_is_given_to_another_expert(client, world):
    _n, _s, people, experts, campaign, work = world
    assigning.campaign_assign(campaign=campaign, by=None)
    stalled = work.reviews.first()
    url = reverse("expertise:review_reassign", args=[stalled.pk])
    client.force_login(stalled.expert)
    assert client.post(url).status_code == 404
    client.force_login(people["coordinator"])
    assert client.post(url).status_code == 302
    stalled.refresh_from_db()
    assert stalled.status == Review.Status.WITHDRAWN
    assert work.reviews.filter(status=Review.Status.ASSIGNED).count() == 2


def test_results_explain_alpha(client, world):
    _n, _s, people, experts, campaign, work = world
    ef.review(item_=work, expert_=experts[0], scores=[3, 3, 3])
    page = _login(client, people["coordinator"]).get(
        reverse("expertise:campaign_results", args=[campaign.pk])
    )
    assert page.status_code == 200
    assert 'data-testid="agreement"' in page.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_pages_queries_dont_grow(client, world):
    network, _s, people, experts, campaign, work = world
    _login(client, people["coordinator"])
    assigning.campaign_assign(campaign=campaign, by=None)
    first = ef.item(campaign_=campaign, authors=[factories.person()], title="Первая")
    ef.review(item_=first, expert_=experts[0], scores=[1, 2, 2])
    pages = [
        reverse("expertise:campaigns"),
        reverse("expertise:campaign_detail", args=[campaign.pk]),
        reverse("expertise:campaign_results", args=[campaign.pk]),
        reverse("expertise:item_detail", args=[work.pk]),
    ]
    before = [_queries(client, url) for url in pages]
    for n in range(3):
        ef.campaign(network=network, title=f"Ещё {n}")
        more = ef.item(campaign_=campaign, authors=[factories.person()], title=f"Работа {n}")
        ef.review(item_=more, expert_=experts[0], scores=[2, 2, 2])
        ef.review(item_=more, expert_=experts[1], number=2, scores=[3, 2, 2])
        declining = ef.expert(network=network, organization=factories.organization())
        ef.review(item_=work, expert_=declining, number=3 + n, status=Review.Status.DECLINED)
    assert [_queries(client, url) for url in pages] == before


def test_who_reviews_cannot_change_on_the_page_once_reviews_began(client, world):
    _n, _s, people, _e, campaign, _w = world
    campaign.status = Campaign.Status.REVIEWING
    campaign.save()
    _login(client, people["coordinator"])
    url = reverse("expertise:campaign_edit", args=[campaign.pk])
    assert client.get(url).status_code == 200
    data = {
        "title": "Новое название",
        "kind": campaign.kind,
        "rubric": campaign.rubric_id,
        "pool": campaign.pool,
        "reviews_per_item": 3,
        "min_load": 0,
        "max_load": 10,
        "blindness": campaign.blindness,
        "spread_limit": 25,
        "remind_days": 2,
    }
    page = client.post(url, data)
    assert page.status_code == 200 and "Экспертиза началась" in page.content.decode()
    campaign.refresh_from_db()
    assert campaign.reviews_per_item == 2 and campaign.title != "Новое название"
    data["reviews_per_item"] = 2
    assert client.post(url, data).status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "Новое название"
    client.force_login(people["teacher"])
    assert client.get(url).status_code == 404
