"""The community's own pages: my communities, the network's directory, founding, the page,
the charter and goal, openness: who may and who may not, and what each one sees."""

from __future__ import annotations

import zoneinfo
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import dateformat, timezone

from metodset.accounts.models import AuditEntry, Membership
from metodset.communities.models import Community, Member
from metodset.communities.services import community as services

from .. import factories as base
from ..conftest import client_for
from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    kindergarten = factories.kindergarten()
    chair = factories.teacher_of(kindergarten, last_name="Смирнова", first_name="Ольга")
    member = factories.teacher_of(kindergarten, last_name="Кузнецова", first_name="Анна")
    colleague = factories.teacher_of(kindergarten, last_name="Попова", first_name="Елена")
    stranger = factories.teacher_of(factories.kindergarten(), last_name="Орлова")
    community = factories.community(
        organization=kindergarten,
        chair=chair,
        members=[member],
        direction="Речевое развитие",
        line_of_change="Понимание прочитанного и вдумчивое слушание",
    )
    return SimpleNamespace(
        kindergarten=kindergarten,
        chair=chair,
        member=member,
        colleague=colleague,
        stranger=stranger,
        community=community,
    )


# --- the list ----------------------------------------------------------------------------------


def test_my_communities_lists_mine_with_role_and_members_count(world):
    page = client_for(world.member).get("/communities/")
    assert page.status_code == 200
    assert "Мои сообщества" in page.text
    assert "ПОС «Читаем вместе»" in page.text and "участник" in page.text
    assert "2 участника" in page.text


def test_my_communities_show_the_next_meeting_in_my_zone(world):
    from datetime import timedelta

    from metodset.communities.models import Meeting

    world.member.time_zone = "Asia/Yekaterinburg"
    world.member.save()
    soon = base.event(title="Методический четверг", starts_in=timedelta(days=3))
    later = base.event(title="Методический четверг", starts_in=timedelta(days=10))
    Meeting.objects.create(community=world.community, event=later)
    Meeting.objects.create(community=world.community, event=soon)
    page = client_for(world.member).get("/communities/")
    assert "следующая встреча" in page.text
    shown = timezone.localtime(soon.starts_at, zoneinfo.ZoneInfo("Asia/Yekaterinburg"))
    assert dateformat.format(shown, "j E, H:i") in page.text
    assert "Екатеринбург" in page.text


def test_a_colleague_sees_a_closed_community_nowhere_and_an_opened_one_below(world):
    client = client_for(world.colleague)
    assert "ПОС «Читаем вместе»" not in client.get("/communities/").text
    world.community.openness = Community.Openness.ORGANIZATION
    world.community.save()
    page = client.get("/communities/")
    assert "Сообщества, открытые вам" in page.text and "ПОС «Читаем вместе»" in page.text


def _list_queries(user) -> int:
    client = client_for(user)
    client.get("/communities/")  # the session and roles warm up
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/communities/").status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_one_and_for_many_communities(world):
    few = _list_queries(world.member)
    for n in range(4):
        other = factories.community(
            organization=world.kindergarten, members=[world.member], name=f"Группа {n}"
        )
        factories.community(
            organization=world.kindergarten,
            openness=Community.Openness.ORGANIZATION,
            name=f"Открытая {n}",
            chair=world.chair,
        )
        assert other.pk
    assert _list_queries(world.member) == few


# --- the directory -----------------------------------------------------------------------------


@pytest.fixture
def network_world(world):
    school = base.organization()
    network = base.network(partners=[world.kindergarten, school])
    coordinator = base.person(network_=network, role=Membership.Role.NETWORK_COORDINATOR)
    opened = factories.community(
        organization=school,
        name="Творческая группа «Цифра»",
        direction="Функциональная грамотность",
        openness=Community.Openness.NETWORK,
    )
    return SimpleNamespace(network=network, coordinator=coordinator, school=school, opened=opened)


def test_directory_shows_opened_communities_with_links_and_closed_ones_by_name(
    world, network_world
):
    page = client_for(network_world.coordinator).get("/communities/directory/")
    assert page.status_code == 200
    assert "Функциональная грамотность" in page.text and "Речевое развитие" in page.text
    assert f'href="/communities/{network_world.opened.pk}/"' in page.text
    assert "ПОС «Читаем вместе»" in page.text  # the name only:
    assert f'href="/communities/{world.community.pk}/"' not in page.text
    assert "закрыто" in page.text


def test_directory_is_refused_to_a_person_of_no_network(world):
    assert client_for(world.stranger).get("/communities/directory/").status_code == 404


def test_directory_costs_the_same_queries_at_two_sizes(world, network_world):
    client = client_for(network_world.coordinator)
    client.get("/communities/directory/")
    with CaptureQueriesContext(connection) as few:
        client.get("/communities/directory/")
    for n in range(4):
        factories.community(organization=network_world.school, name=f"Группа {n}")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/communities/directory/")
    assert page.text.count('data-testid="directory-row"') == 6
    assert len(many) == len(few)


# --- founding ----------------------------------------------------------------------------------


def test_a_teacher_founds_a_community_in_her_kindergarten_and_chairs_it(world):
    client = client_for(world.colleague)
    form = client.get("/communities/new/")
    assert form.status_code == 200 and "МБДОУ «Детский сад № 12»" in form.text
    response = client.post(
        "/communities/new/",
        {
            "kind": "creative_group",
            "name": "Творческая группа «Играем»",
            "home": f"org-{world.kindergarten.pk}",
            "direction": "Познавательное развитие",
            "educational_areas": "Познавательное развитие",
        },
    )
    community = Community.objects.get(name="Творческая группа «Играем»")
    assert response.status_code == 302 and response["Location"] == f"/communities/{community.pk}/"
    assert community.members.get().role == Member.Role.CHAIR
    assert AuditEntry.objects.filter(action="community.create", target_id=community.pk).exists()


def test_founding_without_a_name_keeps_what_was_entered_and_says_why(world):
    response = client_for(world.colleague).post(
        "/communities/new/",
        {"kind": "plc", "name": "", "home": f"org-{world.kindergarten.pk}", "direction": "Речь"},
    )
    assert response.status_code == 400
    assert "Обязательное поле." in response.text and 'value="Речь"' in response.text


def test_founding_in_another_organisation_is_refused(world):
    response = client_for(world.stranger).post(
        "/communities/new/",
        {"kind": "plc", "name": "Чужая", "home": f"org-{world.kindergarten.pk}"},
    )
    assert response.status_code == 400 and not Community.objects.filter(name="Чужая").exists()


def test_a_network_coordinator_founds_a_network_community(network_world):
    client = client_for(network_world.coordinator)
    response = client.post(
        "/communities/new/",
        {
            "kind": "school_teams",
            "name": "Сообщество школьных команд",
            "home": f"net-{network_world.network.pk}",
        },
    )
    community = Community.objects.get(name="Сообщество школьных команд")
    assert response.status_code == 302
    assert community.network == network_world.network and community.organization is None


def test_founding_is_refused_to_a_person_with_no_organisation_or_network():
    loner = base.person()
    assert client_for(loner).get("/communities/new/").status_code == 404


# --- the page ----------------------------------------------------------------------------------


def test_a_member_sees_the_page_with_the_charter_members_and_vote(world):
    page = client_for(world.member).get(f"/communities/{world.community.pk}/")
    assert page.status_code == 200
    assert "Понимание прочитанного и вдумчивое слушание" in page.text
    assert "Смирнова Ольга" in page.text and "председатель" in page.text
    assert 'data-testid="vote-form"' in page.text
    assert "Только участники видят" in page.text


def test_the_page_is_404_to_a_colleague_and_to_another_organisation(world):
    for person in (world.colleague, world.stranger):
        assert client_for(person).get(f"/communities/{world.community.pk}/").status_code == 404


def test_an_opened_community_is_read_only_to_a_colleague(world):
    world.community.openness = Community.Openness.ORGANIZATION
    world.community.save()
    page = client_for(world.colleague).get(f"/communities/{world.community.pk}/")
    assert page.status_code == 200 and 'data-testid="read-only"' in page.text
    assert 'data-testid="vote-form"' not in page.text
    assert f"/communities/{world.community.pk}/charter/" not in page.text
    assert (
        client_for(world.colleague).get(f"/communities/{world.community.pk}/charter/").status_code
        == 404
    )


def _page_queries(user, community) -> int:
    client = client_for(user)
    client.get(f"/communities/{community.pk}/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/communities/{community.pk}/").status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_with_few_and_many_members_and_tactics(world):
    few = _page_queries(world.chair, world.community)
    for n in range(5):
        person = factories.teacher_of(world.kindergarten)
        Member.objects.create(community=world.community, user=person)
        services.tactic_add(
            community=world.community,
            action=f"Открытый показ № {n}",
            responsible=[person, world.member],
            by=world.chair,
        )
    assert _page_queries(world.chair, world.community) == few + 1  # the tactics' people appear


# --- charter and goal --------------------------------------------------------------------------


def test_any_member_edits_the_charter_and_it_is_audited(world):
    client = client_for(world.member)
    assert client.get(f"/communities/{world.community.pk}/charter/").status_code == 200
    response = client.post(
        f"/communities/{world.community.pk}/charter/",
        {
            "idea": "Каждый ребёнок понимает прочитанное",
            "vision": "",
            "values": "Доверие, равенство",
            "line_of_change": "Речевое развитие: чтение и слушание",
            "direction": "Речевое развитие",
            "educational_areas": "Речевое развитие",
        },
    )
    assert response.status_code == 302
    world.community.refresh_from_db()
    assert world.community.values == "Доверие, равенство"
    entry = AuditEntry.objects.get(action="community.charter")
    assert entry.changes["line_of_change"][1] == "Речевое развитие: чтение и слушание"


def test_the_charter_is_404_to_a_non_member(world):
    response = client_for(world.stranger).post(
        f"/communities/{world.community.pk}/charter/", {"idea": "x"}
    )
    assert response.status_code == 404


def test_the_goal_is_edited_by_a_member_and_a_too_long_measure_is_refused(world):
    client = client_for(world.member)
    response = client.post(
        f"/communities/{world.community.pk}/goal/",
        {"goal": "Понимание текста", "goal_measure": "я" * 501, "strategy_note": "Каждый день"},
    )
    assert response.status_code == 400
    assert "Понимание текста" in response.text and "не более 500" in response.text.replace(
        "\xa0", " "
    )
    client.post(
        f"/communities/{world.community.pk}/goal/",
        {"goal": "Понимание текста", "goal_measure": "не менее 60 %", "strategy_note": ""},
    )
    world.community.refresh_from_db()
    assert world.community.goal_measure == "не менее 60 %"


# --- openness ----------------------------------------------------------------------------------


def test_a_coordinator_opens_the_community_to_the_organisation_and_it_is_audited(world):
    response = client_for(world.chair).post(
        f"/communities/{world.community.pk}/openness/", {"openness": "organization"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="community.openness")
    assert entry.changes["openness"] == ["только участники", "организация"]
    page = client_for(world.colleague).get(f"/communities/{world.community.pk}/")
    assert "МБДОУ «Детский сад № 12» видят" in page.text


def test_openness_is_403_to_a_member_and_404_to_a_stranger(world):
    url = f"/communities/{world.community.pk}/openness/"
    assert client_for(world.member).post(url, {"openness": "public"}).status_code == 403
    assert client_for(world.stranger).post(url, {"openness": "public"}).status_code == 404
    world.community.refresh_from_db()
    assert world.community.openness == Community.Openness.MEMBERS


def test_an_unknown_openness_is_refused_with_a_message(world):
    response = client_for(world.chair).post(
        f"/communities/{world.community.pk}/openness/", {"openness": "world"}
    )
    assert response.status_code == 400 and "Выберите корректный вариант" in response.text


# --- the menu ----------------------------------------------------------------------------------


def test_the_menu_offers_communities_to_a_teacher_and_not_to_a_person_of_nowhere(world):
    assert 'href="/communities/"' in client_for(world.colleague).get("/").text
    assert 'href="/communities/"' not in client_for(base.person()).get("/").text


# --- the sections other parts of the app add ---------------------------------------------------


@pytest.fixture
def a_section():
    """A section as the analysis or the cycles register it: members only."""
    from metodset.communities import permissions, sections

    template = "communities/_openness_statement.html"
    sections.register(
        template,
        lambda request, community: (
            {"n": 1} if permissions.is_member(request.user, community) else None
        ),
        order=999,
    )
    yield
    sections._sections.pop(template)


def test_the_page_includes_the_sections_others_register_for_those_they_allow(world, a_section):
    world.community.openness = Community.Openness.ORGANIZATION
    world.community.save()
    statement = "Сотрудники МБДОУ «Детский сад № 12» видят"
    assert (
        client_for(world.member).get(f"/communities/{world.community.pk}/").text.count(statement)
        == 2
    )
    assert (
        client_for(world.colleague).get(f"/communities/{world.community.pk}/").text.count(statement)
        == 1
    )
