"""Observing a research lesson on a phone: who may, what is stored, and when."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from metodset.accounts.models import User
from metodset.communities.models import CycleGuest, Lesson, ProtocolEntry

from ..conftest import client_for
from . import factories

pytestmark = pytest.mark.django_db
Step = Lesson.Stage


@dataclass
class Setting:
    chair: User
    teacher: User
    observer: User
    guest: User
    colleague: User
    stranger: User
    lesson: Lesson


@pytest.fixture
def setting() -> Setting:
    kindergarten = factories.kindergarten()
    chair = factories.teacher_of(kindergarten, last_name="Смирнова")
    teacher = factories.teacher_of(kindergarten, last_name="Кузнецова")
    observer = factories.teacher_of(kindergarten, last_name="Петрова")
    colleague = factories.teacher_of(kindergarten, last_name="Соколова")
    guest = factories.teacher_of(factories.kindergarten(), last_name="Знающая")
    community = factories.community(
        organization=kindergarten, chair=chair, members=[teacher, observer]
    )
    cycle = factories.cycle(community_=community)
    CycleGuest.objects.create(cycle=cycle, user=guest)
    other_org = factories.kindergarten()
    stranger = factories.teacher_of(other_org)
    factories.cycle(community_=factories.community(organization=other_org, members=[stranger]))
    lesson = factories.lesson(
        cycle_=cycle, teacher=teacher, starts_at=timezone.now() - timedelta(minutes=12)
    )
    return Setting(chair, teacher, observer, guest, colleague, stranger, lesson)


def _url(name: str, lesson: Lesson) -> str:
    return reverse(f"communities:{name}", kwargs={"lesson_id": lesson.pk})


def _entry(lesson: Lesson, *, key: uuid.UUID | None = None, **fields) -> dict:
    stage = lesson.version.stages.get(order=fields.pop("order", 2))
    return {
        "case_child": lesson.cycle.case_children.get(code=fields.pop("code", "Р-1")).pk,
        "stage": stage.pk,
        "minute": fields.pop("minute", 5),
        "text": fields.pop("text", "Предположил, что лиса обманет журавля"),
        "client_key": str(key or uuid.uuid4()),
        **fields,
    }


# --- the observer's page ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["observer", "guest", "teacher"])
def test_participants_see_the_stages_and_the_case_children(setting, who):
    response = client_for(getattr(setting, who)).get(_url("observe", setting.lesson))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Наблюдение за занятием 1" in page
    assert "Чтение сказки с остановками" in page and "Рефлексия" in page
    assert "Р-1" in page and "Р-2" in page
    assert 'value="12"' in page  # the minute since the lesson's start


@pytest.mark.parametrize("who", ["colleague", "stranger"])
def test_non_participants_get_404_on_the_observation(setting, who):
    client = client_for(getattr(setting, who))

    assert client.get(_url("observe", setting.lesson)).status_code == 404
    assert (
        client.post(_url("observe_entry", setting.lesson), _entry(setting.lesson)).status_code
        == 404
    )
    assert not ProtocolEntry.objects.exists()


def test_a_lesson_still_planned_is_not_observed(setting):
    Lesson.objects.filter(pk=setting.lesson.pk).update(stage=Step.PLANNING)

    assert client_for(setting.observer).get(_url("observe", setting.lesson)).status_code == 404


def test_after_the_observation_the_page_leads_to_the_analysis(setting):
    Lesson.objects.filter(pk=setting.lesson.pk).update(stage=Step.ANALYSING)

    response = client_for(setting.observer).get(_url("observe", setting.lesson), follow=True)

    assert response.redirect_chain[-1][0] == _url("analysis_lesson", setting.lesson)
    assert "Наблюдение завершено: группа анализирует занятие." in response.content.decode()


def test_an_unknown_child_in_the_address_is_404(setting):
    client = client_for(setting.observer)

    assert client.get(_url("observe", setting.lesson) + "?child=99999").status_code == 404
    assert client.get(_url("observe", setting.lesson) + "?child=abc").status_code == 404


# --- entries ---------------------------------------------------------------------------------


def test_an_entry_posted_without_script_appears_in_the_protocol(setting):
    client = client_for(setting.observer)

    response = client.post(
        _url("observe_entry", setting.lesson), _entry(setting.lesson), follow=True
    )

    page = response.content.decode()
    assert "Запись сохранена." in page
    assert "Предположил, что лиса обманет журавля" in page
    protocol = setting.lesson.protocols.get()
    assert (protocol.observer, protocol.case_child.code) == (setting.observer, "Р-1")


def test_the_same_key_posted_twice_stores_one_entry(setting):
    client = client_for(setting.observer)
    data = _entry(setting.lesson, key=uuid.uuid4())

    first = client.post(_url("observe_entry", setting.lesson), data, HTTP_ACCEPT="application/json")
    second = client.post(
        _url("observe_entry", setting.lesson), data, HTTP_ACCEPT="application/json"
    )

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json()["created"] is True and second.json()["created"] is False
    assert first.json()["key"] == data["client_key"]
    assert "Предположил, что лиса обманет журавля" in second.json()["html"]
    assert ProtocolEntry.objects.count() == 1


def test_two_observers_keep_their_own_protocols_of_one_child(setting):
    key = uuid.uuid4()
    for who in (setting.observer, setting.guest):
        client_for(who).post(_url("observe_entry", setting.lesson), _entry(setting.lesson, key=key))

    assert setting.lesson.protocols.count() == 2
    assert ProtocolEntry.objects.count() == 2


def test_htmx_gets_the_list_item(setting):
    response = client_for(setting.guest).post(
        _url("observe_entry", setting.lesson), _entry(setting.lesson), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith("<li")
    assert "5 мин." in response.content.decode()


def test_a_stage_of_another_cycle_is_refused_next_to_the_field(setting):
    other = factories.cycle(community_=setting.lesson.cycle.community, title="Другой цикл")
    data = _entry(setting.lesson, stage=other.versions.get().stages.first().pk, text="Запомни меня")

    response = client_for(setting.observer).post(_url("observe_entry", setting.lesson), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Выберите корректный вариант" in page
    assert "Запомни меня" in page
    assert not ProtocolEntry.objects.exists()


def test_an_entry_after_the_observation_is_refused(setting):
    Lesson.objects.filter(pk=setting.lesson.pk).update(stage=Step.ANALYSING)

    response = client_for(setting.observer).post(
        _url("observe_entry", setting.lesson),
        _entry(setting.lesson),
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 409
    assert response.json()["error"] == "Наблюдение за этим занятием завершено."


def test_the_author_corrects_and_removes_her_entry_until_the_analysis_ends(setting):
    client = client_for(setting.observer)
    client.post(_url("observe_entry", setting.lesson), _entry(setting.lesson))
    entry = ProtocolEntry.objects.get()
    edit = reverse("communities:observe_entry_edit", kwargs={"entry_id": entry.pk})
    stage = setting.lesson.version.stages.get(order=3)

    assert client.get(edit).status_code == 200
    client.post(edit, {"stage": stage.pk, "minute": 14, "text": "Ответил полным предложением"})
    entry.refresh_from_db()
    assert (entry.stage, entry.minute, entry.text) == (stage, 14, "Ответил полным предложением")

    Lesson.objects.filter(pk=setting.lesson.pk).update(stage=Step.CORRECTING)
    assert client.get(edit).status_code == 404
    Lesson.objects.filter(pk=setting.lesson.pk).update(stage=Step.ANALYSING)
    delete = reverse("communities:observe_entry_delete", kwargs={"entry_id": entry.pk})
    assert client.post(delete).status_code == 302
    assert not ProtocolEntry.objects.exists()


def test_another_member_cannot_touch_an_entry(setting):
    client_for(setting.observer).post(_url("observe_entry", setting.lesson), _entry(setting.lesson))
    entry = ProtocolEntry.objects.get()

    for who in (setting.chair, setting.stranger):
        client = client_for(who)
        edit = reverse("communities:observe_entry_edit", kwargs={"entry_id": entry.pk})
        delete = reverse("communities:observe_entry_delete", kwargs={"entry_id": entry.pk})
        assert client.get(edit).status_code == 404
        assert client.post(delete).status_code == 404
    assert ProtocolEntry.objects.count() == 1


def test_free_notes_are_kept_per_protocol(setting):
    child = setting.lesson.cycle.case_children.get(code="Р-2")
    client = client_for(setting.observer)

    response = client.post(
        _url("observe_notes", setting.lesson),
        {"case_child": child.pk, "notes": "Весь урок держал в руках игрушку"},
        follow=True,
    )

    assert "Заметки сохранены." in response.content.decode()
    assert "Весь урок держал в руках игрушку" in response.content.decode()
    assert (
        client_for(setting.stranger)
        .post(_url("observe_notes", setting.lesson), {"case_child": child.pk, "notes": "x"})
        .status_code
        == 404
    )


# --- finishing the observation ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["teacher", "chair"])
def test_the_teacher_or_a_coordinator_finishes_the_observation(setting, who):
    response = client_for(getattr(setting, who)).post(_url("observe_finish", setting.lesson))

    assert response.status_code == 302
    setting.lesson.refresh_from_db()
    assert setting.lesson.stage == Step.ANALYSING


@pytest.mark.parametrize(("who", "status"), [("observer", 403), ("guest", 403), ("stranger", 404)])
def test_others_cannot_finish_the_observation(setting, who, status):
    response = client_for(getattr(setting, who)).post(_url("observe_finish", setting.lesson))

    assert response.status_code == status
    setting.lesson.refresh_from_db()
    assert setting.lesson.stage == Step.OBSERVING


def test_finishing_twice_says_why_instead_of_failing(setting):
    client = client_for(setting.teacher)
    client.post(_url("observe_finish", setting.lesson))

    response = client.post(_url("observe_finish", setting.lesson), follow=True)

    assert "Наблюдение за этим занятием завершено." in response.content.decode()


def _observe_queries(setting: Setting) -> int:
    client = client_for(setting.observer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url("observe", setting.lesson)).status_code == 200
    return len(queries)


def test_the_observe_page_queries_do_not_grow_with_the_entries(setting):
    client = client_for(setting.observer)
    client.post(_url("observe_entry", setting.lesson), _entry(setting.lesson))
    one = _observe_queries(setting)
    for order in (1, 2, 3, 4, 1, 2, 3, 4):
        client.post(_url("observe_entry", setting.lesson), _entry(setting.lesson, order=order))

    assert _observe_queries(setting) == one
