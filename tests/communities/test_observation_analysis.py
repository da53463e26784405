"""The analysis of a research lesson: predictions beside observations, then the discussion."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from metodset.communities.models import CaseChild, Lesson, MapStage
from metodset.communities.selectors import observation as selectors
from metodset.communities.services import observation as services

from ..conftest import client_for
from . import factories
from .test_observation_views import Setting, setting  # noqa: F401 - the shared fixture

pytestmark = pytest.mark.django_db
Step = Lesson.Stage


def _url(name: str, lesson: Lesson) -> str:
    return reverse(f"communities:{name}", kwargs={"lesson_id": lesson.pk})


def _observe(case: Setting, who, code: str, order: int | None, minute: int, text: str) -> None:
    lesson = case.lesson
    stage = lesson.version.stages.get(order=order) if order else None
    services.entry_add(
        lesson=lesson,
        case_child=lesson.cycle.case_children.get(code=code),
        stage=stage,
        minute=minute,
        text=text,
        client_key=uuid.uuid4(),
        by=who,
    )


@pytest.fixture
def observed(setting: Setting) -> Setting:  # noqa: F811
    """Predictions for both children; two observers' entries; then the analysis begins."""
    factories.predict(
        cycle_=setting.lesson.cycle,
        texts={
            ("Р-1", 2): "Будет угадывать продолжение по картинке",
            ("Р-2", 3): "Ответит одним словом",
        },
    )
    _observe(setting, setting.observer, "Р-1", 2, 6, "Сказал: «Журавль тоже её обманет»")
    _observe(setting, setting.guest, "Р-1", 2, 8, "Смотрел на картинку, молчал")
    _observe(setting, setting.observer, "Р-2", 3, 15, "Ответил полным предложением")
    _observe(setting, setting.guest, "Р-2", None, 21, "Помог соседу убрать книги")
    Lesson.objects.filter(pk=setting.lesson.pk).update(stage=Step.ANALYSING)
    setting.lesson.refresh_from_db()
    return setting


def test_the_table_sets_predictions_beside_every_observers_entries(observed):
    tables = selectors.analysis_tables(observed.lesson)

    first, second = tables
    assert [t.child.code for t in tables] == ["Р-1", "Р-2"]
    reading = first.rows[1]
    assert reading.stage.title == "Чтение сказки с остановками"
    assert reading.prediction == "Будет угадывать продолжение по картинке"
    assert [(o.minute, o.text, o.observer) for o in reading.observed] == [
        (6, "Сказал: «Журавль тоже её обманет»", "Петрова Мария Петровна"),
        (8, "Смотрел на картинку, молчал", "Знающая Мария Петровна"),
    ]
    assert [row.prediction for row in first.rows] == [
        "",
        "Будет угадывать продолжение по картинке",
        "",
        "",
    ]
    assert first.unmatched == []
    assert [o.text for o in second.rows[2].observed] == ["Ответил полным предложением"]
    assert [(o.minute, o.text) for o in second.unmatched] == [(21, "Помог соседу убрать книги")]


def test_assemble_puts_entries_of_unknown_stages_after_the_table():
    child = CaseChild(pk=1, code="Р-1")
    stage = MapStage(pk=10, order=1, title="Мотивация", minutes=3)
    entry = selectors.Observed(2, "Улыбнулся", "А. Б.")
    stray = selectors.Observed(None, "Ушёл к окну", "А. Б.")

    (table,) = selectors.assemble(
        children=[child],
        stages=[stage],
        predictions={(1, 10): "Удивится"},
        entries=[(1, 10, entry), (1, 99, stray), (2, 10, entry)],
        notes=[(1, selectors.Observed(None, "Устал к концу", "А. Б."))],
    )

    assert table.rows[0].prediction == "Удивится" and table.rows[0].observed == [entry]
    assert table.unmatched == [stray]
    assert [n.text for n in table.notes] == ["Устал к концу"]


@pytest.mark.parametrize("who", ["observer", "guest", "teacher", "chair"])
def test_participants_see_predictions_and_observations_side_by_side(observed, who):
    response = client_for(getattr(observed, who)).get(_url("analysis_lesson", observed.lesson))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Анализ занятия 1" in page
    assert "Будет угадывать продолжение по картинке" in page
    assert "Сказал: «Журавль тоже её обманет»" in page
    assert "Наблюдения вне этапов" in page and "Помог соседу убрать книги" in page
    assert "Индивидуальный прогресс кейс-детей" in page


@pytest.mark.parametrize("who", ["colleague", "stranger"])
def test_non_participants_get_404_on_the_analysis(observed, who):
    client = client_for(getattr(observed, who))

    assert client.get(_url("analysis_lesson", observed.lesson)).status_code == 404
    response = client.post(_url("analysis_save", observed.lesson), {"conclusions": "x"})
    assert response.status_code == 404
    assert client.post(_url("analysis_finish", observed.lesson)).status_code == 404


def test_the_analysis_waits_for_the_end_of_the_observation(setting):  # noqa: F811
    response = client_for(setting.observer).get(_url("analysis_lesson", setting.lesson))

    assert response.status_code == 302
    assert response["Location"] == _url("observe", setting.lesson)
    Lesson.objects.filter(pk=setting.lesson.pk).update(stage=Step.PLANNING)
    assert (
        client_for(setting.observer).get(_url("analysis_lesson", setting.lesson)).status_code == 404
    )


ANALYSIS = {
    "on_children": "Р-1 прогнозирует сюжет, Р-2 отвечает развёрнуто",
    "on_group": "Группа активна на втором этапе",
    "on_teaching": "Вопросы к тексту слишком закрытые",
    "conclusions": "Остановки в чтении работают",
    "recommendations": "Добавить открытые вопросы на третьем этапе",
}


def test_a_guest_writes_the_discussion_and_the_teacher_finishes_it(observed):
    response = client_for(observed.guest).post(
        _url("analysis_save", observed.lesson), ANALYSIS, follow=True
    )
    assert "Анализ сохранён." in response.content.decode()

    assert (
        client_for(observed.guest).post(_url("analysis_finish", observed.lesson)).status_code == 403
    )
    teacher = client_for(observed.teacher)
    response = teacher.post(_url("analysis_finish", observed.lesson))
    assert response["Location"] == reverse(
        "communities:correct", kwargs={"lesson_id": observed.lesson.pk}
    )

    page = teacher.get(_url("analysis_lesson", observed.lesson)).content.decode()
    assert "Анализ завершён: скорректируйте карту." in page
    assert "Добавить открытые вопросы на третьем этапе" in page
    assert "Скорректировать карту" in page
    assert 'name="conclusions"' not in page  # read-only once finished
    observed.lesson.refresh_from_db()
    assert observed.lesson.stage == Step.CORRECTING
    assert observed.lesson.on_teaching == "Вопросы к тексту слишком закрытые"


def test_the_analysis_is_not_finished_without_conclusions(observed):
    response = client_for(observed.chair).post(
        _url("analysis_finish", observed.lesson), follow=True
    )

    assert "Прежде чем завершить, запишите согласованные выводы." in response.content.decode()
    observed.lesson.refresh_from_db()
    assert observed.lesson.stage == Step.ANALYSING


def test_a_closed_analysis_is_not_changed(observed):
    Lesson.objects.filter(pk=observed.lesson.pk).update(stage=Step.DONE)

    response = client_for(observed.observer).post(
        _url("analysis_save", observed.lesson), ANALYSIS, follow=True
    )

    assert "Анализ этого занятия завершён." in response.content.decode()
    observed.lesson.refresh_from_db()
    assert observed.lesson.conclusions == ""


def _queries(case: Setting) -> int:
    client = client_for(case.observer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url("analysis_lesson", case.lesson)).status_code == 200
    return len(queries)


def test_the_analysis_page_queries_do_not_grow_with_observers_and_entries(observed):
    few = _queries(observed)
    kindergarten = observed.lesson.cycle.community.organization
    observed.lesson.stage = Step.OBSERVING
    for n in range(6):
        member = factories.teacher_of(kindergarten, last_name=f"Наблюдатель{n}")
        observed.lesson.cycle.community.members.create(user=member)
        for code in ("Р-1", "Р-2"):
            for order in (1, 2, 3, 4, None):
                _observe(observed, member, code, order, 3, "Запись")
    Lesson.objects.filter(pk=observed.lesson.pk).update(stage=Step.ANALYSING)

    assert _queries(observed) == few


def test_the_minute_since_the_start_is_computed_and_capped():
    lesson = Lesson(starts_at=timezone.now() - timedelta(minutes=7, seconds=30))

    assert selectors.minute_since_start(lesson, timezone.now()) == 7
    assert selectors.minute_since_start(lesson, lesson.starts_at - timedelta(minutes=1)) is None
    assert selectors.minute_since_start(Lesson(), timezone.now()) is None
    assert selectors.minute_since_start(lesson, lesson.starts_at + timedelta(hours=9)) == 240


def test_during_the_analysis_an_observer_may_correct_only_her_own_entries(observed):
    page = client_for(observed.observer).get(_url("analysis_lesson", observed.lesson))

    html = page.content.decode()
    own = observed.lesson.protocols.get(observer=observed.observer, case_child__code="Р-1")
    other = observed.lesson.protocols.get(observer=observed.guest, case_child__code="Р-1")
    edit = "communities:observe_entry_edit"
    assert reverse(edit, kwargs={"entry_id": own.entries.get().pk}) in html
    assert reverse(edit, kwargs={"entry_id": other.entries.get().pk}) not in html
