"""Who may open the pages of a community's work, and what they see: the analysis and the
learning plan are the members'; the meetings are seen by whoever sees an opened community.
Everyone else, a member of another organisation included, gets 404."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metodset.communities.models import AnalysisLink, Community, LearningItem
from metodset.communities.services import work as services
from metodset.diagnostics.models import ResultRow, ResultsTable

from ..conftest import client_for
from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 9, 10, 9, 0, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def setting():
    community, chair, others = factories.work_community(members=2)
    colleague = factories.teacher_of(community.organization)  # same kindergarten, not a member
    stranger = factories.teacher_of(factories.kindergarten())
    return community, chair, others, colleague, stranger


def _a_meeting(community, chair):
    today = dt.date.today()
    return services.meetings_schedule(
        community=community,
        title="Методический четверг",
        first_date=today + dt.timedelta(days=1),
        last_date=today + dt.timedelta(days=1),
        start_time=dt.time(15, 0),
        time_zone="Europe/Moscow",
        place="Методический кабинет",
        by=chair,
    )[0]


def _pages(community, chair, member):
    link = services.analysis_link_create(community=community, difficulty="Не слушают", by=chair)
    item = services.learning_item_create(
        community=community, member=member, kind="internet", title="Вебинары", by=chair
    )
    meeting = _a_meeting(community, chair)
    return [
        reverse("communities:analysis", args=[community.pk]),
        reverse("communities:analysis_add", args=[community.pk]),
        reverse("communities:analysis_edit", args=[link.pk]),
        reverse("communities:learning", args=[community.pk]),
        reverse("communities:learning_add", args=[community.pk]),
        reverse("communities:learning_edit", args=[item.pk]),
        reverse("communities:meetings", args=[community.pk]),
        reverse("communities:meeting", args=[meeting.pk]),
        reverse("communities:meeting_edit", args=[meeting.pk]),
        reverse("communities:meeting_material_add", args=[meeting.pk]),
    ]


def test_every_page_opens_for_a_member_and_is_404_for_others(setting):
    community, chair, others, colleague, stranger = setting
    pages = _pages(community, chair, others[0])
    for url in pages:
        assert client_for(others[0]).get(url).status_code == 200, url
        assert client_for(colleague).get(url).status_code == 404, url
        assert client_for(stranger).get(url).status_code == 404, url
    posts = [
        reverse("communities:analysis_delete", args=[AnalysisLink.objects.get().pk]),
        reverse("communities:learning_delete", args=[LearningItem.objects.get().pk]),
        reverse("communities:learning_to_route", args=[LearningItem.objects.get().pk]),
        reverse("communities:meetings_schedule", args=[community.pk]),
    ]
    for url in posts:
        assert client_for(colleague).post(url).status_code == 404, url
        assert client_for(stranger).post(url).status_code == 404, url


def test_an_opened_community_shows_its_meetings_read_only(setting):
    community, chair, _others, colleague, stranger = setting
    community.openness = Community.Openness.ORGANIZATION
    community.save()
    meeting = _a_meeting(community, chair)
    meeting.minutes = "Договорились о приёмах продуктивного чтения."
    meeting.save()

    page = client_for(colleague).get(reverse("communities:meeting", args=[meeting.pk]))
    assert page.status_code == 200
    assert "Договорились о приёмах продуктивного чтения." in page.content.decode()
    assert "Изменить повестку и протокол" not in page.content.decode()
    assert (
        client_for(colleague).get(reverse("communities:meetings", args=[community.pk])).status_code
        == 200
    )
    edit = reverse("communities:meeting_edit", args=[meeting.pk])
    assert client_for(colleague).get(edit).status_code == 404
    add = reverse("communities:meeting_material_add", args=[meeting.pk])
    assert client_for(colleague).post(add, {"title": "x", "url": "https://a.ru"}).status_code == 404
    assert (
        client_for(colleague).get(reverse("communities:analysis", args=[community.pk])).status_code
        == 404
    )
    assert (
        client_for(colleague).get(reverse("communities:learning", args=[community.pk])).status_code
        == 404
    )
    assert (
        client_for(stranger).get(reverse("communities:meeting", args=[meeting.pk])).status_code
        == 404
    )


def test_scheduling_is_for_coordinators(setting):
    community, chair, others, _colleague, _stranger = setting
    url = reverse("communities:meetings_schedule", args=[community.pk])
    assert client_for(others[0]).get(url).status_code == 403
    assert client_for(chair).get(url).status_code == 200


def test_a_member_changes_her_own_lines_a_coordinator_everyones(setting):
    community, chair, others, _colleague, _stranger = setting
    mine = services.learning_item_create(
        community=community, member=others[0], kind="internet", title="Вебинары", by=others[0]
    )
    hers = services.learning_item_create(
        community=community, member=others[1], kind="walk", title="Прогулка", by=others[1]
    )
    assert (
        client_for(others[0]).get(reverse("communities:learning_edit", args=[hers.pk])).status_code
        == 403
    )
    assert (
        client_for(others[0])
        .post(reverse("communities:learning_delete", args=[hers.pk]))
        .status_code
        == 403
    )
    assert (
        client_for(others[0])
        .post(reverse("communities:learning_delete", args=[mine.pk]))
        .status_code
        == 302
    )
    assert (
        client_for(chair).post(reverse("communities:learning_delete", args=[hers.pk])).status_code
        == 302
    )
    assert not LearningItem.objects.exists()


def test_the_team_adds_edits_and_deletes_a_line_of_the_analysis(setting):
    community, chair, others, _colleague, _stranger = setting
    table = ResultsTable.objects.create(
        organization=community.organization, group="старшая группа «Б»", subject="Речевое развитие"
    )
    client = client_for(others[0])
    response = client.post(
        reverse("communities:analysis_add", args=[community.pk]),
        {
            "difficulty": "Не понимают прочитанного",
            "results_table": table.pk,
            "results_area": "Понимание текста",
            "note": "Педагоги не владеют приёмами продуктивного чтения",
        },
    )
    assert response.status_code == 302
    link = AnalysisLink.objects.get()
    page = client.get(reverse("communities:analysis", args=[community.pk])).content.decode()
    assert "Не понимают прочитанного" in page and "старшая группа «Б»: Речевое развитие" in page

    client.post(
        reverse("communities:analysis_edit", args=[link.pk]),
        {"difficulty": "Не умеют вдумчиво слушать", "results_table": "", "note": ""},
    )
    link.refresh_from_db()
    assert link.difficulty == "Не умеют вдумчиво слушать" and link.results_table is None
    client.post(reverse("communities:analysis_delete", args=[link.pk]))
    assert not AnalysisLink.objects.exists()


def test_bad_input_is_refused_in_russian_and_kept(setting):
    community, _chair, others, _colleague, _stranger = setting
    other_table = ResultsTable.objects.create(
        organization=factories.kindergarten(), group="Чужая группа", subject="Речь"
    )
    response = client_for(others[0]).post(
        reverse("communities:analysis_add", args=[community.pk]),
        {"difficulty": "  ", "results_table": other_table.pk, "note": "Моя заметка"},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Опишите затруднение детей." in text
    assert "Моя заметка" in text
    assert "Чужая группа" not in text

    response = client_for(others[0]).post(
        reverse("communities:learning_add", args=[community.pk]),
        {"member": others[0].pk, "kind": "horizontal", "title": "Курс по ТРИЗ"},
    )
    assert response.status_code == 400
    assert "Укажите, когда педагог научит коллег" in response.content.decode()
    assert "Курс по ТРИЗ" in response.content.decode()


def _grow(community, chair, members, n: int) -> None:
    for i in range(n):
        table = ResultsTable.objects.create(
            organization=community.organization, group=f"Группа {i}", subject="Речь"
        )
        ResultRow.objects.create(
            table=table, area="Речь", measured_on=dt.date(2026, 9, 1), value=50
        )
        ResultRow.objects.create(
            table=table, area="Речь", measured_on=dt.date(2027, 1, 1), value=60
        )
        services.analysis_link_create(
            community=community, difficulty=f"Затруднение {i}", results_table=table, by=chair
        )
        services.learning_item_create(
            community=community,
            member=members[i % len(members)],
            kind="internet",
            title=f"Курс {i}",
            by=chair,
        )
        _a_meeting(community, chair)


@pytest.mark.parametrize("name", ["analysis", "learning", "meetings"])
def test_list_pages_do_not_grow_their_queries_with_the_data(setting, name):
    community, chair, others, _colleague, _stranger = setting
    client = client_for(chair)
    url = reverse(f"communities:{name}", args=[community.pk])
    counts = []
    for n in (1, 4):
        _grow(community, chair, [chair, *others], n)
        client.get(url)  # sessions and caches warm
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_network_community_analyses_the_results_of_its_members_schools():
    from .. import factories as base

    schools = [base.organization(short_name=f"МБОУ «СОШ № {n}»") for n in (161, 162, 163)]
    network = base.network(partners=schools)
    chair = factories.teacher_of(schools[0])
    member = factories.teacher_of(schools[1])
    community = factories.community(
        network=network, organization=None, chair=chair, members=[member]
    )
    for school in schools:
        ResultsTable.objects.create(
            organization=school, group=f"5 А {school.short_name}", subject="Чтение"
        )

    page = client_for(member).get(reverse("communities:analysis", args=[community.pk]))

    text = page.content.decode()
    assert "5 А МБОУ «СОШ № 161»" in text and "5 А МБОУ «СОШ № 162»" in text
    assert "СОШ № 163" not in text  # a partner none of the members works in
