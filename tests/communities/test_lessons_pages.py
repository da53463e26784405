"""The lesson-study cycle's pages: who opens what, planning, case children, predictions, guests,
rounds, the correction and the version history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from metodset.accounts.models import User
from metodset.communities import sections
from metodset.communities.models import (
    CaseChild,
    Community,
    Cycle,
    CycleGuest,
    Lesson,
    MapStage,
    MapVersion,
    Prediction,
    StageComment,
)
from metodset.communities.services import lessons as services
from metodset.communities.services.lessons import StageInput

from .. import factories as base
from ..conftest import client_for
from . import factories

pytestmark = pytest.mark.django_db


@dataclass
class Team:
    community: Community
    cycle: Cycle
    chair: User
    member: User
    colleague: User  # works in the kindergarten, not a member
    stranger: User  # another organisation
    guest: User  # a methodist from outside, invited to the cycle


@pytest.fixture
def team() -> Team:
    kindergarten = factories.kindergarten()
    chair = factories.teacher_of(kindergarten, last_name="Смирнова")
    member = factories.teacher_of(kindergarten, last_name="Орлова")
    colleague = factories.teacher_of(kindergarten)
    stranger = factories.teacher_of(factories.kindergarten())
    guest = base.person(last_name="Гостева", email="methodist@iro.example")
    community = factories.community(organization=kindergarten, chair=chair, members=[member])
    cycle = factories.cycle(community_=community)
    CycleGuest.objects.create(cycle=cycle, user=guest, invited_by=chair)
    return Team(community, cycle, chair, member, colleague, stranger, guest)


def _cycle_sections(request, community):
    """The community page's sections this part of the app contributes (the cycles)."""
    return [
        (template, context)
        for template, context in sections.for_page(request, community)
        if template == "communities/_section_cycles.html"
    ]


def _stages(version: MapVersion) -> list[StageInput]:
    return [
        StageInput(s.title, s.minutes, s.activities, s.expected, source=s.pk)
        for s in version.stages.order_by("order")
    ]


def _map_post(stages: list[StageInput], *, base: int, note: str = "") -> dict[str, object]:
    data: dict[str, object] = {
        "stage-TOTAL_FORMS": len(stages),
        "stage-INITIAL_FORMS": len(stages),
        "stage-MIN_NUM_FORMS": 0,
        "stage-MAX_NUM_FORMS": 30,
        "base": base,
        "change_note": note,
    }
    for i, s in enumerate(stages):
        data |= {
            f"stage-{i}-title": s.title,
            f"stage-{i}-minutes": s.minutes,
            f"stage-{i}-activities": s.activities,
            f"stage-{i}-expected": s.expected,
            f"stage-{i}-source": s.source or "",
        }
    return data


def _pages(cycle: Cycle) -> list[str]:
    return [
        f"/communities/cycles/{cycle.pk}/",
        f"/communities/cycles/{cycle.pk}/map/",
        f"/communities/cycles/{cycle.pk}/versions/",
        f"/communities/cycles/{cycle.pk}/children/",
        f"/communities/cycles/{cycle.pk}/predictions/",
    ]


def _member_pages(cycle: Cycle) -> list[str]:
    return [
        f"/communities/{cycle.community_id}/cycles/new/",
        f"/communities/cycles/{cycle.pk}/map/edit/",
        f"/communities/cycles/{cycle.pk}/guests/",
        f"/communities/cycles/{cycle.pk}/schedule/",
        f"/communities/children/{cycle.case_children.first().pk}/edit/",
    ]


# --- who opens what -----------------------------------------------------------------------------


def test_members_open_every_page_of_the_cycle(team):
    client = client_for(team.member)
    for url in _pages(team.cycle) + _member_pages(team.cycle):
        assert client.get(url).status_code == 200, url


def test_a_non_member_and_another_organisation_get_404_everywhere(team):
    child = team.cycle.case_children.first()
    stage = team.cycle.versions.get().stages.first()
    version = team.cycle.versions.get()
    lesson = Lesson.objects.create(
        cycle=team.cycle, number=1, version=version, stage=Lesson.Stage.CORRECTING
    )
    guest = CycleGuest.objects.get(cycle=team.cycle)
    posts = [
        f"/communities/lessons/{lesson.pk}/start/",
        f"/communities/lessons/{lesson.pk}/correct/",
        f"/communities/guests/{guest.pk}/remove/",
        f"/communities/cycles/{team.cycle.pk}/predictions/",
        f"/communities/cycles/{team.cycle.pk}/children/add/",
        f"/communities/children/{child.pk}/remove/",
        f"/communities/stages/{stage.pk}/comment/",
        f"/communities/cycles/{team.cycle.pk}/close/",
    ]
    for person in (team.colleague, team.stranger):
        client = client_for(person)
        for url in [*_pages(team.cycle), *_member_pages(team.cycle), posts[1]]:
            assert client.get(url).status_code == 404, url
        for url in posts:
            assert client.post(url, {"code": "Р-9", "text": "x"}).status_code == 404, url
    assert CaseChild.objects.filter(pk=child.pk).exists()
    assert CycleGuest.objects.filter(pk=guest.pk).exists()
    lesson.refresh_from_db()
    assert lesson.stage == Lesson.Stage.CORRECTING


def test_a_guest_gets_404_on_the_community_page(team):
    url = reverse("communities:detail", args=[team.community.pk])
    assert client_for(team.guest).get(url).status_code == 404
    assert client_for(team.member).get(url).status_code == 200


def test_a_guest_sees_the_cycle_and_comments_but_not_the_community_nor_other_cycles(team):
    other = factories.cycle(community_=team.community, title="Игровые технологии")
    client = client_for(team.guest)
    for url in _pages(team.cycle):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/communities/cycles/{team.cycle.pk}/")
    assert "Р-1" in page.text and team.community.name not in page.text
    for url in _pages(other) + _member_pages(team.cycle):
        assert client.get(url).status_code == 404, url
    stage = team.cycle.versions.get().stages.get(order=2)
    response = client.post(f"/communities/stages/{stage.pk}/comment/", {"text": "Паузы длиннее"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Паузы длиннее" in page.text and "Гостева" in page.text
    # a guest reads the predictions but does not write them
    post = client.post(f"/communities/cycles/{team.cycle.pk}/predictions/", {})
    assert post.status_code == 404
    # nor the community's page section
    request = RequestFactory().get("/")
    request.user = team.guest
    assert _cycle_sections(request, team.community) == []


def test_the_section_lists_cycles_for_members_and_only_conclusions_when_opened(team):
    lesson = services.cycle_create(
        community=team.community, title="Сказка", group="средняя", by=team.chair
    ).lessons.get()
    Lesson.objects.filter(pk=lesson.pk).update(conclusions="Дети задают вопросы сами")
    request = RequestFactory().get("/")
    request.user = team.member
    [(template, context)] = _cycle_sections(request, team.community)
    html = render_to_string(template, {"section": context})
    assert "Новый цикл" in html and "Совместное планирование" in html and "средняя" in html

    request.user = team.colleague
    assert _cycle_sections(request, team.community) == []
    team.community.openness = Community.Openness.ORGANIZATION
    team.community.save()
    [(template, context)] = _cycle_sections(request, team.community)
    html = render_to_string(template, {"section": context})
    assert "Сказка" in html and "Дети задают вопросы сами" in html
    assert "Новый цикл" not in html and "средняя" not in html


def test_an_opened_community_shows_the_map_but_not_the_children(team):
    team.community.openness = Community.Openness.ORGANIZATION
    team.community.save()
    client = client_for(team.colleague)
    page = client.get(f"/communities/cycles/{team.cycle.pk}/")
    assert page.status_code == 200 and "Беседа по вопросам" in page.text
    assert "Р-1" not in page.text
    assert client.get(f"/communities/cycles/{team.cycle.pk}/children/").status_code == 404
    assert client.get(f"/communities/cycles/{team.cycle.pk}/map/edit/").status_code == 404


# --- creating and planning ----------------------------------------------------------------------


def test_a_member_creates_a_cycle_and_its_first_round_is_being_planned(team):
    client = client_for(team.member)
    response = client.post(
        f"/communities/{team.community.pk}/cycles/new/",
        {"title": "Продуктивное слушание", "group": "подготовительная", "goal": "Понимание"},
    )
    cycle = Cycle.objects.get(title="Продуктивное слушание")
    assert response["Location"] == f"/communities/cycles/{cycle.pk}/"
    page = client.get(response["Location"])
    assert "Совместное планирование" in page.text and 'data-testid="step-current"' in page.text
    assert cycle.lessons.get().version.number == 1


def test_the_map_is_edited_in_place_until_a_lesson_is_taught_then_versioned(team):
    client = client_for(team.member)
    version = team.cycle.versions.get()
    stages = _stages(version)
    stages[0] = StageInput("Сюрпризный момент", 4, "Письмо", "Удивление", source=stages[0].source)
    url = f"/communities/cycles/{team.cycle.pk}/map/edit/"
    assert client.post(url, _map_post(stages, base=1)).status_code == 302
    assert list(team.cycle.versions.values_list("number", flat=True)) == [1]
    page = client.get(f"/communities/cycles/{team.cycle.pk}/map/")
    assert "Сюрпризный момент" in page.text and "Всего: 26 минут" in page.text

    lesson = Lesson.objects.create(
        cycle=team.cycle, number=1, version=version, stage=Lesson.Stage.OBSERVING
    )
    assert client.post(url, _map_post(stages, base=1)).status_code == 200  # under way: refused
    Lesson.objects.filter(pk=lesson.pk).update(stage=Lesson.Stage.DONE)
    Lesson.objects.create(cycle=team.cycle, number=2, version=version)
    page = client.post(url, _map_post(stages, base=1))
    assert page.status_code == 200 and "Обязательно" in page.text  # the note is required
    assert team.cycle.versions.count() == 1
    response = client.post(url, _map_post(stages[:3], base=1, note="Рефлексия — в игре"))
    assert response.status_code == 302
    assert team.cycle.lessons.get(number=2).version.number == 2


def test_two_editors_saving_the_same_version_the_second_is_told(team):
    client = client_for(team.member)
    version = team.cycle.versions.get()
    Lesson.objects.create(cycle=team.cycle, number=1, version=version, stage="done")
    Lesson.objects.create(cycle=team.cycle, number=2, version=version)
    url = f"/communities/cycles/{team.cycle.pk}/map/edit/"
    stages = _stages(version)
    client.post(url, _map_post(stages, base=1, note="Первая правка"))
    page = client.post(url, _map_post(stages, base=1, note="Вторая правка"))
    assert "сохранил более новую версию" in page.text
    assert team.cycle.versions.count() == 2


# --- case children ------------------------------------------------------------------------------


def test_a_name_as_code_is_refused_with_the_reason_and_the_note_kept(team):
    client = client_for(team.member)
    page = client.post(
        f"/communities/cycles/{team.cycle.pk}/children/add/",
        {"code": "Иванов Петя", "note": "Редко отвечает на вопросы"},
    )
    assert page.status_code == 200
    assert "Это похоже на имя" in page.text and "Редко отвечает на вопросы" in page.text
    assert "Иванов Петя" in page.text  # kept in the field to correct it
    assert not team.cycle.case_children.filter(code="Иванов Петя").exists()
    assert "никогда не имя ребёнка" in page.text.lower()


def test_case_children_are_added_renamed_and_removed(team):
    client = client_for(team.member)
    add = f"/communities/cycles/{team.cycle.pk}/children/add/"
    assert client.post(add, {"code": "Лиса"}).status_code == 302
    page = client.post(add, {"code": "Лиса"})
    assert "уже есть ребёнок с этим кодом" in page.text
    assert client.post(add, {"code": "Ёж"}).status_code == 302
    page = client.post(add, {"code": "Р-5"})
    assert page.status_code == 200 and "Добавить ребёнка" not in page.text
    assert team.cycle.case_children.count() == 4
    child = team.cycle.case_children.get(code="Ёж")
    client.post(f"/communities/children/{child.pk}/edit/", {"code": "Р-3", "note": ""})
    child.refresh_from_db()
    assert child.code == "Р-3"
    client.post(f"/communities/children/{child.pk}/remove/")
    assert not CaseChild.objects.filter(pk=child.pk).exists()


# --- predictions --------------------------------------------------------------------------------


def test_predictions_are_written_per_child_and_stage_and_frozen_at_the_start(team):
    client = client_for(team.member)
    version = team.cycle.versions.get()
    stage = version.stages.get(order=2)
    r1 = team.cycle.case_children.get(code="Р-1")
    url = f"/communities/cycles/{team.cycle.pk}/predictions/"
    page = client.get(url)
    assert page.text.count('data-testid="prediction-card"') == 2
    client.post(url, {f"p-{r1.pk}-{stage.pk}": "Назовёт героя, не объяснит поступок"})
    assert Prediction.objects.get(stage=stage, case_child=r1).text.startswith("Назовёт")
    lesson = Lesson.objects.create(cycle=team.cycle, number=1, version=version)
    services.lesson_schedule(cycle=team.cycle, teacher=team.chair, starts_at=None, by=team.chair)
    client.post(f"/communities/lessons/{lesson.pk}/start/")
    lesson.refresh_from_db()
    assert lesson.stage == Lesson.Stage.OBSERVING
    page = client.post(url, {f"p-{r1.pk}-{stage.pk}": "Другое"})
    assert "до начала занятия" in page.text
    assert Prediction.objects.get(stage=stage, case_child=r1).text.startswith("Назовёт")


# --- guests -------------------------------------------------------------------------------------


def test_a_member_invites_a_guest_by_the_email_of_an_account(team):
    scientist = base.person(last_name="Учёная", email="science@univer.example")
    client = client_for(team.member)
    url = f"/communities/cycles/{team.cycle.pk}/guests/"
    page = client.post(url, {"email": "nobody@nowhere.example"})
    assert "Учётной записи с таким адресом нет" in page.text
    assert client.post(url, {"email": "Science@Univer.example"}).status_code == 302
    assert CycleGuest.objects.filter(cycle=team.cycle, user=scientist).exists()
    assert client_for(scientist).get(f"/communities/cycles/{team.cycle.pk}/").status_code == 200
    guest = CycleGuest.objects.get(user=scientist)
    client.post(f"/communities/guests/{guest.pk}/remove/")
    assert client_for(scientist).get(f"/communities/cycles/{team.cycle.pk}/").status_code == 404


# --- rounds and correction ----------------------------------------------------------------------


def test_a_round_is_scheduled_in_the_viewers_zone_and_stored_in_utc(team):
    team.member.time_zone = "Asia/Yekaterinburg"
    team.member.save()
    client = client_for(team.member)
    day = (timezone.now() + dt.timedelta(days=7)).date()
    response = client.post(
        f"/communities/cycles/{team.cycle.pk}/schedule/",
        {"teacher": team.chair.pk, "starts_at": f"{day.isoformat()}T10:00"},
    )
    assert response.status_code == 302
    lesson = team.cycle.lessons.get()
    assert lesson.teacher == team.chair
    assert lesson.starts_at == dt.datetime.combine(day, dt.time(5, 0), tzinfo=dt.UTC)
    page = client.get(f"/communities/cycles/{team.cycle.pk}/")
    assert "10:00" in page.text and "Смирнова" in page.text
    page = client.post(
        f"/communities/cycles/{team.cycle.pk}/schedule/",
        {"teacher": team.colleague.pk, "starts_at": ""},
    )
    assert page.status_code == 200 and lesson.teacher == team.chair


def test_correction_makes_the_next_round_and_the_history_shows_both_maps(team):
    client = client_for(team.member)
    version = team.cycle.versions.get()
    lesson = Lesson.objects.create(
        cycle=team.cycle,
        number=1,
        version=version,
        teacher=team.chair,
        stage=Lesson.Stage.CORRECTING,
        recommendations="Дать детям время подумать",
    )
    url = f"/communities/lessons/{lesson.pk}/correct/"
    page = client.get(url)
    assert "Дать детям время подумать" in page.text and "Беседа по вопросам" in page.text
    stages = _stages(version)
    stages[2] = StageInput(
        "Беседа в парах", 8, "Вопросы к тексту в парах", "Ответы", source=stages[2].source
    )
    page = client.post(url, _map_post(stages, base=1))
    assert page.status_code == 200 and team.cycle.versions.count() == 1
    response = client.post(url, _map_post(stages, base=1, note="Больше времени на ответы"))
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.stage == Lesson.Stage.DONE
    nxt = team.cycle.lessons.get(number=2)
    assert nxt.stage == Lesson.Stage.PLANNING and nxt.version.number == 2
    page = client.get(f"/communities/cycles/{team.cycle.pk}/")
    assert "Дать детям время подумать" in page.text and "Следующее занятие" in page.text
    history = client.get(f"/communities/cycles/{team.cycle.pk}/versions/")
    assert history.text.count('data-testid="map-version"') == 2
    assert "Беседа по вопросам" in history.text and "Беседа в парах" in history.text
    assert "Больше времени на ответы" in history.text
    assert 'data-testid="diff-changed"' in history.text
    assert "<del>по вопросам</del>" in history.text and "<ins>в парах</ins>" in history.text
    # the cycle can be closed now that a round is finished
    client.post(f"/communities/cycles/{team.cycle.pk}/close/")
    team.cycle.refresh_from_db()
    assert team.cycle.closed_at is not None


def test_correction_is_refused_before_the_analysis(team):
    version = team.cycle.versions.get()
    lesson = Lesson.objects.create(cycle=team.cycle, number=1, version=version)
    client = client_for(team.member)
    assert client.get(f"/communities/lessons/{lesson.pk}/correct/").status_code == 404
    start = f"/communities/lessons/{lesson.pk}/start/"
    assert client_for(team.guest).post(start).status_code == 404
    client.post(f"/communities/cycles/{team.cycle.pk}/close/")
    team.cycle.refresh_from_db()
    assert team.cycle.closed_at is None


# --- queries ------------------------------------------------------------------------------------


def _grow(cycle: Cycle, by: User, rounds: int, *, extra_stages: int = 0) -> None:
    """Rounds (all finished but the last, in correction), each on a new version of the map
    with ``extra_stages`` more stages, comments and predictions."""
    for n in range(1, rounds + 1):
        version = cycle.versions.order_by("-number").first()
        if n > 1:
            old = version
            version = MapVersion.objects.create(cycle=cycle, number=n, change_note="Правка")
            for stage in old.stages.all():
                MapStage.objects.create(
                    version=version, order=stage.order, title=stage.title, minutes=stage.minutes
                )
        last = version.stages.count()
        for k in range(1, extra_stages + 1):
            MapStage.objects.create(version=version, order=last + k, title=f"Этап {k}", minutes=2)
        for stage in version.stages.all():
            StageComment.objects.create(stage=stage, author=by, text="Комментарий")
            for child in cycle.case_children.all():
                Prediction.objects.create(stage=stage, case_child=child, text="Прогноз")
        Lesson.objects.create(
            cycle=cycle,
            number=n,
            version=version,
            teacher=by,
            stage=Lesson.Stage.CORRECTING if n == rounds else Lesson.Stage.DONE,
            starts_at=timezone.now() + dt.timedelta(days=n),
            conclusions="Выводы",
        )


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_cycle_page_costs_the_same_queries_at_two_sizes(team):
    small = team.cycle
    _grow(small, team.chair, 1)
    large = factories.cycle(community_=team.community, children=("А-1", "А-2", "А-3", "А-4"))
    _grow(large, team.chair, 4, extra_stages=2)
    for _n in range(5):
        CycleGuest.objects.create(cycle=large, user=base.person())
    client = client_for(team.member)
    for path in ("", "map/", "versions/", "versions/?a=1&b=3", "predictions/", "children/"):
        one = _count(client, f"/communities/cycles/{small.pk}/{path}")
        many = _count(client, f"/communities/cycles/{large.pk}/{path}")
        assert many == one, path
    request = RequestFactory().get("/")
    request.user = team.member
    with CaptureQueriesContext(connection) as few:
        _cycle_sections(request, Community.objects.get(pk=team.community.pk))
    for _n in range(3):
        _grow(factories.cycle(community_=team.community), team.chair, 2)
    with CaptureQueriesContext(connection) as more:
        _cycle_sections(request, Community.objects.get(pk=team.community.pk))
    assert len(more) == len(few)
