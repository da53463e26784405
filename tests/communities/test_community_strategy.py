"""The community's strategy (from the library or its own) and its tactics."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from metodset.accounts.models import AuditEntry
from metodset.communities.models import Strategy, Tactic
from metodset.communities.services import community as services

from .. import factories as base
from ..conftest import client_for
from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    kindergarten = factories.kindergarten()
    network = base.network(partners=[kindergarten])
    chair = factories.teacher_of(kindergarten, last_name="Смирнова", first_name="Ольга")
    member = factories.teacher_of(kindergarten, last_name="Кузнецова", first_name="Анна")
    colleague = factories.teacher_of(kindergarten)
    stranger = factories.teacher_of(factories.kindergarten())
    community = factories.community(organization=kindergarten, chair=chair, members=[member])
    return SimpleNamespace(
        kindergarten=kindergarten,
        network=network,
        chair=chair,
        member=member,
        colleague=colleague,
        stranger=stranger,
        community=community,
    )


# --- strategy ----------------------------------------------------------------------------------


def test_the_library_ships_the_seed_pairs_and_finds_them_by_the_difficulty(world):
    client = client_for(world.member)
    page = client.get(f"/communities/{world.community.pk}/strategy/", {"q": "познавательн"})
    assert page.status_code == 200
    assert "игровые технологии" in page.text.lower()
    assert "продуктивного чтения" not in page.text


def test_another_networks_pairs_are_not_offered(world):
    Strategy.objects.create(
        problem="Чужая проблема", strategy="Чужая стратегия", network=base.network()
    )
    Strategy.objects.create(
        problem="Своя проблема", strategy="Своя стратегия", network=world.network
    )
    page = client_for(world.member).get(f"/communities/{world.community.pk}/strategy/")
    assert "Своя стратегия" in page.text and "Чужая стратегия" not in page.text


def test_a_member_chooses_a_strategy_and_the_page_shows_it(world):
    pair = Strategy.objects.filter(network__isnull=True, strategy__icontains="чтения").first()
    client = client_for(world.member)
    response = client.post(
        f"/communities/{world.community.pk}/strategy/choose/", {"strategy": pair.pk}
    )
    assert response.status_code == 302
    page = client.get(f"/communities/{world.community.pk}/")
    assert pair.strategy in page.text
    assert AuditEntry.objects.filter(action="community.strategy").exists()


def test_choosing_another_networks_pair_is_refused(world):
    foreign = Strategy.objects.create(problem="п", strategy="с", network=base.network())
    response = client_for(world.member).post(
        f"/communities/{world.community.pk}/strategy/choose/", {"strategy": foreign.pk}
    )
    assert response.status_code == 400 and "Выберите стратегию из библиотеки." in response.text


def test_the_strategy_pages_are_404_to_non_members(world):
    for person in (world.colleague, world.stranger):
        client = client_for(person)
        assert client.get(f"/communities/{world.community.pk}/strategy/").status_code == 404
        assert client.post(f"/communities/{world.community.pk}/strategy/add/").status_code == 404


def test_a_community_adds_its_own_pair_to_its_networks_library(world):
    response = client_for(world.member).post(
        f"/communities/{world.community.pk}/strategy/add/",
        {
            "problem": "Дети не задают вопросов",
            "strategy": "Технология «Ромашка Блума»",
            "description": "",
            "network": world.network.pk,
        },
    )
    assert response.status_code == 302
    pair = Strategy.objects.get(strategy="Технология «Ромашка Блума»")
    assert pair.network == world.network
    world.community.refresh_from_db()
    assert world.community.strategy == pair


def test_adding_a_pair_without_a_strategy_keeps_the_problem_and_says_why(world):
    response = client_for(world.member).post(
        f"/communities/{world.community.pk}/strategy/add/",
        {"problem": "Дети не задают вопросов", "strategy": "", "network": world.network.pk},
    )
    assert response.status_code == 400
    assert "Обязательное поле." in response.text and "Дети не задают вопросов" in response.text


def test_a_community_outside_any_network_writes_its_own_strategy(world):
    alone = factories.community(chair=world.chair)
    page = client_for(world.chair).get(f"/communities/{alone.pk}/strategy/")
    assert "не входит ни в одну сеть" in page.text


# --- tactics -----------------------------------------------------------------------------------


def test_a_member_adds_an_action_with_people_and_dates(world):
    today = timezone.localdate()
    client = client_for(world.member)
    assert client.get(f"/communities/{world.community.pk}/tactics/new/").status_code == 200
    response = client.post(
        f"/communities/{world.community.pk}/tactics/new/",
        {
            "action": "Открытый показ чтения с остановками",
            "resources": "Музыкальный зал",
            "responsible": [world.chair.pk],
            "starts_on": today.isoformat(),
            "due_on": (today + dt.timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code == 302
    page = client.get(f"/communities/{world.community.pk}/")
    assert "Открытый показ чтения с остановками" in page.text and "Смирнова О.П." in page.text


def test_an_action_ending_before_it_starts_is_refused_with_what_was_entered(world):
    today = timezone.localdate()
    response = client_for(world.member).post(
        f"/communities/{world.community.pk}/tactics/new/",
        {
            "action": "Мастер-класс",
            "starts_on": today.isoformat(),
            "due_on": (today - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Дата окончания раньше даты начала." in response.text
    assert 'value="Мастер-класс"' in response.text


def test_a_non_member_cannot_be_responsible(world):
    response = client_for(world.member).post(
        f"/communities/{world.community.pk}/tactics/new/",
        {"action": "Семинар", "responsible": [world.colleague.pk]},
    )
    assert response.status_code == 400 and not Tactic.objects.exists()


def _tactic(world) -> Tactic:
    return services.tactic_add(
        community=world.community, action="Семинар-практикум", by=world.chair
    )


def test_a_member_edits_marks_done_and_deletes_an_action(world):
    tactic = _tactic(world)
    client = client_for(world.member)
    assert client.get(f"/communities/tactics/{tactic.pk}/edit/").status_code == 200
    client.post(f"/communities/tactics/{tactic.pk}/edit/", {"action": "Семинар для родителей"})
    client.post(f"/communities/tactics/{tactic.pk}/done/", {"done": "on"})
    tactic.refresh_from_db()
    assert tactic.action == "Семинар для родителей" and tactic.done
    client.post(f"/communities/tactics/{tactic.pk}/done/", {})
    tactic.refresh_from_db()
    assert not tactic.done
    assert client.post(f"/communities/tactics/{tactic.pk}/delete/").status_code == 302
    assert not Tactic.objects.exists()


def test_tactics_are_404_to_non_members_even_of_an_opened_community(world):
    tactic = _tactic(world)
    world.community.openness = "public"
    world.community.save()
    for person in (world.colleague, world.stranger):
        client = client_for(person)
        assert client.get(f"/communities/tactics/{tactic.pk}/edit/").status_code == 404
        assert (
            client.post(f"/communities/tactics/{tactic.pk}/done/", {"done": "on"}).status_code
            == 404
        )
        assert client.post(f"/communities/tactics/{tactic.pk}/delete/").status_code == 404
        assert client.get(f"/communities/{world.community.pk}/tactics/new/").status_code == 404
    assert Tactic.objects.get().done is False
