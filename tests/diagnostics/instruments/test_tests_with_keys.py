"""A test with keys: building, importing items, taking it once, scores, the key after the
campaign, reminders, the week and the items' statistics."""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook

from metodset.diagnostics.campaigns import services as campaign_services
from metodset.diagnostics.instruments import permissions as instrument_permissions
from metodset.diagnostics.instruments import selectors as instrument_selectors
from metodset.diagnostics.instruments import services as instrument_services
from metodset.diagnostics.instruments import tasks as instrument_tasks
from metodset.diagnostics.models import (
    Campaign,
    CompetencyScore,
    IndicatorScore,
    Participant,
)
from metodset.diagnostics.models import (
    TestAttempt as Attempt,
)
from metodset.diagnostics.models import (
    TestItem as Item,
)
from tests.factories import framework_small as small_framework

from ...conftest import client_for


def ru(message: str) -> str:
    """The message as the Russian page shows it (the msgid until the lead translates it)."""
    with translation.override("ru"):
        return gettext(message)


ALREADY = "You have already taken this test; it is taken once."


@pytest.fixture
def setup(world):
    framework = small_framework()
    ind = {i.code: i for i in framework.indicators.all()}
    test = instrument_services.test_create(
        framework=framework,
        title="Оценивание на уроке",
        organization=world.school,
        by=world.methodist,
    )
    item1 = instrument_services.item_add(
        test=test,
        indicator=ind["МТ.2.1"],
        text="Что такое критериальное оценивание?",
        options=["Оценка по заранее известным критериям", "Оценка по среднему баллу", "Рейтинг"],
        key=[0],
        points=2,
    )
    item2 = instrument_services.item_add(
        test=test,
        indicator=ind["МТ.2.1"],
        text="Какие из приёмов — формирующее оценивание?",
        options=["Лист самооценки", "Светофор", "Итоговая контрольная"],
        key=[0, 1],
        points=1,
    )
    item3 = instrument_services.item_add(
        test=test,
        indicator=ind["ЦФ.1.1"],
        text="Где искать проверенные ЦОР?",
        options=["Библиотека ЦОК", "Случайный сайт"],
        key=[0],
        points=1,
    )
    campaign = Campaign.objects.create(
        title="Диагностика 2026",
        framework=framework,
        organization=world.school,
        starts_on=dt.date(2026, 1, 10),
        ends_on=dt.date(2026, 2, 10),
        status=Campaign.Status.OPEN,
        self_assessment=False,
        test=test,
        created_by=world.methodist,
    )
    campaign_services.participants_add(campaign=campaign, people=[world.teacher, world.colleague])
    return {
        "framework": framework,
        "ind": ind,
        "test": test,
        "items": [item1, item2, item3],
        "campaign": campaign,
        "participant": Participant.objects.get(campaign=campaign, user=world.teacher),
    }


def _post_answers(items, answers):
    data = {}
    for item, chosen in zip(items, answers, strict=True):
        if chosen is not None:
            data[f"item_{item.pk}"] = [str(c) for c in chosen]
    return data


def test_item_service_refuses_bad_items_by_field(setup):
    test, ind = setup["test"], setup["ind"]
    with pytest.raises(ValidationError) as exc:
        instrument_services.item_add(
            test=test, indicator=ind["МТ.1.1"], text="", options=["Да"], key=[3], points=0
        )
    assert set(exc.value.message_dict) == {"text", "options", "key", "points"}
    other = small_framework("other")
    with pytest.raises(ValidationError) as exc:
        instrument_services.item_add(
            test=test,
            indicator=other.indicators.first(),
            text="Вопрос",
            options=["Да", "Нет"],
            key=[0],
        )
    assert "indicator" in exc.value.message_dict


def test_methodist_builds_a_test_on_the_pages(world, setup):
    client = client_for(world.methodist)
    response = client.post(
        reverse("diagnostics:test_list"),
        {
            "title": "Цифровая грамотность",
            "framework": setup["framework"].pk,
            "owner": f"org:{world.school.pk}",
            "description": "",
        },
    )
    test = instrument_permissions.tests_managed(world.methodist).get(title="Цифровая грамотность")
    assert response.status_code == 302
    assert response["Location"] == reverse("diagnostics:test_detail", args=[test.pk])
    response = client.post(
        reverse("diagnostics:test_detail", args=[test.pk]),
        {
            "indicator": setup["ind"]["ЦФ.1.2"].pk,
            "text": "Что отмечают в электронном журнале?",
            "options": "Отметки\nПосещаемость\nПогоду",
            "key": "1; 2",
            "points": "2",
        },
    )
    assert response.status_code == 302
    item = test.items.get()
    assert (item.options, item.key, item.points) == (
        ["Отметки", "Посещаемость", "Погоду"],
        [0, 1],
        2,
    )
    page = client.get(reverse("diagnostics:test_detail", args=[test.pk])).content.decode()
    assert 'data-testid="key-option"' in page and "Посещаемость" in page
    listing = client.get(reverse("diagnostics:test_list")).content.decode()
    assert "Цифровая грамотность" in listing and "Оценивание на уроке" in listing


def test_a_bad_item_is_refused_next_to_the_field_and_nothing_is_lost(world, setup):
    test = setup["test"]
    response = client_for(world.methodist).post(
        reverse("diagnostics:test_detail", args=[test.pk]),
        {
            "indicator": setup["ind"]["МТ.1.1"].pk,
            "text": "Какая цель урока диагностична?",
            "options": "Научить решать задачи\nРешит 4 задачи из 5",
            "key": "3",
            "points": "1",
        },
    )
    assert response.status_code == 400
    form = response.context["item_form"]
    assert "key" in form.errors and "options" not in form.errors
    page = response.content.decode()
    assert "Какая цель урока диагностична?" in page and "Решит 4 задачи из 5" in page
    assert test.items.count() == 3


def test_empty_title_of_a_new_test_is_refused(world, setup):
    response = client_for(world.methodist).post(
        reverse("diagnostics:test_list"),
        {"title": "", "framework": setup["framework"].pk, "owner": f"org:{world.school.pk}",
         "description": "Инструкция для участников"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    assert "Инструкция для участников" in response.content.decode()


def test_edit_and_delete_an_item_until_somebody_takes_the_test(world, setup):
    client = client_for(world.methodist)
    test, item = setup["test"], setup["items"][2]
    url = reverse("diagnostics:test_item", args=[test.pk, item.pk])
    page = client.get(url).content.decode()
    assert "Библиотека ЦОК" in page
    response = client.post(
        url,
        {"indicator": item.indicator_id, "text": "Где искать ЦОР?", "options": "ЦОК\nФорум",
         "key": "1", "points": "3"},
    )  # fmt: skip
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.text, item.points) == ("Где искать ЦОР?", 3)
    client.post(reverse("diagnostics:test_item_delete", args=[test.pk, setup["items"][1].pk]))
    assert test.items.count() == 2
    instrument_services.test_submit(
        participant=setup["participant"], answers={setup["items"][0].pk: [0], item.pk: [0]}
    )
    response = client.post(reverse("diagnostics:test_item_delete", args=[test.pk, item.pk]))
    assert test.items.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="locked"' in page
    with pytest.raises(ValidationError):
        instrument_services.item_update(
            item=item, indicator=item.indicator, text="x", options=["a", "b"], key=[1], points=1
        )


def test_test_pages_are_hidden_from_outsiders_and_teachers(world, setup):
    test, item = setup["test"], setup["items"][0]
    for user in (world.outsider, world.teacher, world.kg_teacher):
        client = client_for(user)
        assert client.get(reverse("diagnostics:test_list")).status_code in (404, 200)
        assert client.get(reverse("diagnostics:test_detail", args=[test.pk])).status_code == 404
        assert (
            client.get(reverse("diagnostics:test_item", args=[test.pk, item.pk])).status_code == 404
        )
        url = reverse("diagnostics:test_item_delete", args=[test.pk, item.pk])
        assert client.post(url).status_code == 404
        url = reverse("diagnostics:test_import", args=[test.pk])
        assert client.post(url).status_code == 404
    # The teacher cannot build tests at all; the outsider's organisation has none of ours.
    assert client_for(world.teacher).get(reverse("diagnostics:test_list")).status_code == 404
    page = client_for(world.outsider).get(reverse("diagnostics:test_list")).content.decode()
    assert "Оценивание на уроке" not in page
    assert Item.objects.filter(pk=item.pk).exists()


def test_the_networks_coordinator_builds_the_networks_tests(world, setup):
    test = instrument_services.test_create(
        framework=setup["framework"], title="Сетевой тест", network=world.network, by=None
    )
    assert list(instrument_permissions.tests_managed(world.coordinator)) == [test]
    assert client_for(world.coordinator).get(
        reverse("diagnostics:test_detail", args=[test.pk])
    ).status_code == 200  # fmt: skip
    assert client_for(world.methodist).get(
        reverse("diagnostics:test_detail", args=[test.pk])
    ).status_code == 404  # fmt: skip


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_items_import_adds_good_rows_and_names_bad_ones(world, setup):
    test = instrument_services.test_create(
        framework=setup["framework"], title="Импорт", organization=world.school, by=None
    )
    data = _xlsx([
        ["Код индикатора", "Вопрос", "Варианты ответа", "Правильные", "Баллы"],
        ["МТ.1.1", "Цель урока — это…", "Результат ученика\nДействие учителя", 1, 2],
        ["МТ.1.2", "Выберите задания на применение",
         "Реши задачу; Выучи правило; Составь задачу", "1; 3", None],
        ["ХХ.9", "Неизвестный индикатор", "Да\nНет", "1", 1],
        ["МТ.2.1", "Без правильного ответа", "Да\nНет", "", 1],
        ["МТ.2.2", "Номер вне списка", "Да\nНет", "5", 1],
        [None, None, None, None, None],
        ["МТ.2.2", "Баллы словом", "Да\nНет", "1", "два"],
    ])  # fmt: skip
    response = client_for(world.methodist).post(
        reverse("diagnostics:test_import", args=[test.pk]),
        {"file": SimpleUploadedFile("items.xlsx", data)},
    )
    assert response.status_code == 200
    items = list(test.items.order_by("order"))
    assert [(i.indicator.code, i.key, i.points) for i in items] == [
        ("МТ.1.1", [0], 2),
        ("МТ.1.2", [0, 2], 1),
    ]
    assert items[1].options == ["Реши задачу", "Выучи правило", "Составь задачу"]
    report = response.context["report"]
    assert [e.row for e in report.errors] == [4, 5, 6, 8]
    assert "ХХ.9" in report.errors[0].message
    page = response.content.decode()
    assert 'data-testid="import-errors"' in page


def test_items_import_refuses_a_file_that_is_not_a_spreadsheet(world, setup):
    response = client_for(world.methodist).post(
        reverse("diagnostics:test_import", args=[setup["test"].pk]),
        {"file": SimpleUploadedFile("items.xlsx", b"PK\x03\x04 not really")},
    )
    assert response.status_code == 400
    assert "file" in response.context["import_form"].errors
    assert setup["test"].items.count() == 3


def test_the_items_template_reads_back_and_imports(world, setup):
    client = client_for(world.methodist)
    response = client.get(
        reverse("diagnostics:test_detail", args=[setup["test"].pk]) + "?format=template"
    )
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == ("Код индикатора", "Вопрос", "Варианты ответа", "Правильные", "Баллы")
    assert rows[1][0] == "НП.1.1"


def test_participant_takes_the_test_and_gets_test_scores(world, setup):
    items, participant = setup["items"], setup["participant"]
    client = client_for(world.teacher)
    url = reverse("diagnostics:test_take", args=[setup["campaign"].pk])
    page = client.get(url).content.decode()
    assert "Что такое критериальное оценивание?" in page
    assert 'type="checkbox"' in page and 'type="radio"' in page
    # Item 1 right (2 points), item 2 half right → 0 (all or nothing), item 3 right (1).
    response = client.post(url, _post_answers(items, [[0], [0], [0]]))
    assert response.status_code == 302
    attempt = Attempt.objects.get(participant=participant)
    assert (attempt.points, attempt.max_points) == (3, 4)
    scores = dict(
        IndicatorScore.objects.filter(participant=participant, source="test").values_list(
            "indicator__code", "value"
        )
    )
    assert scores == {"МТ.2.1": Decimal("2.00"), "ЦФ.1.1": Decimal("3.00")}
    participant.refresh_from_db()
    assert participant.test_done_at is not None and participant.scored_at is not None
    levels = dict(
        CompetencyScore.objects.filter(participant=participant).values_list(
            "competency__code", "level"
        )
    )
    assert levels == {"МТ.2": 2.0, "ЦФ.1": 3.0}
    page = client.get(url).content.decode()
    assert 'data-testid="test-points">3 / 4<' in page
    assert 'data-testid="key-hidden"' in page and 'data-testid="key-review"' not in page
    assert "Оценка по среднему баллу" not in page  # no options, let alone the key


def test_the_key_is_shown_after_the_campaign_is_closed(world, setup):
    items = setup["items"]
    instrument_services.test_submit(
        participant=setup["participant"],
        answers={items[0].pk: [1], items[1].pk: [0, 1], items[2].pk: [0]},
    )
    campaign_services.campaign_close(campaign=setup["campaign"])
    page = (
        client_for(world.teacher)
        .get(reverse("diagnostics:test_take", args=[setup["campaign"].pk]))
        .content.decode()
    )
    assert 'data-testid="key-review"' in page
    assert "Оценка по заранее известным критериям" in page
    # The colleague who never took it sees that the test is closed, not the key.
    page = (
        client_for(world.colleague)
        .get(reverse("diagnostics:test_take", args=[setup["campaign"].pk]))
        .content.decode()
    )
    assert 'data-testid="test-closed"' in page and 'data-testid="key-review"' not in page


def test_an_unanswered_question_is_named_and_the_other_answers_kept(world, setup):
    items = setup["items"]
    url = reverse("diagnostics:test_take", args=[setup["campaign"].pk])
    response = client_for(world.teacher).post(url, _post_answers(items, [[0], None, [1]]))
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == [f"item_{items[1].pk}"]
    page = response.content.decode()
    kept = rf'<input type="radio" name="item_{items[0].pk}" value="0"[^>]*checked'
    assert re.search(kept, page)
    assert re.search(rf'<input type="radio" name="item_{items[2].pk}" value="1"[^>]*checked', page)
    assert not Attempt.objects.exists()


def test_a_second_submission_is_refused(world, setup):
    items = setup["items"]
    client = client_for(world.teacher)
    url = reverse("diagnostics:test_take", args=[setup["campaign"].pk])
    client.post(url, _post_answers(items, [[0], [0, 1], [0]]))
    response = client.post(url, _post_answers(items, [[1], [2], [1]]), follow=True)
    assert ru(ALREADY) in response.content.decode()
    attempt = Attempt.objects.get()
    assert attempt.points == 4
    with pytest.raises(instrument_services.InstrumentError) as exc:
        instrument_services.test_submit(participant=setup["participant"], answers={})
    assert exc.value.message == ru(ALREADY)


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_the_same_moment_make_one_attempt(world, setup):
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("threads need a database file or PostgreSQL")
    items, participant = setup["items"], setup["participant"]
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        from django.db import connections

        try:
            barrier.wait()
            instrument_services.test_submit(
                participant=Participant.objects.get(pk=participant.pk),
                answers={items[0].pk: [0], items[1].pk: [0, 1], items[2].pk: [0]},
            )
            outcomes.append("ok")
        except instrument_services.InstrumentError as exc:
            outcomes.append(exc.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == sorted(["ok", ru(ALREADY)])
    assert Attempt.objects.count() == 1


def test_who_may_open_the_test_page(world, setup):
    url = reverse("diagnostics:test_take", args=[setup["campaign"].pk])
    for user in (world.outsider, world.methodist, world.kg_teacher):
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).post(url, {}).status_code == 404
    # A campaign without a test has no test page.
    setup["campaign"].test = None
    setup["campaign"].save()
    assert client_for(world.teacher).get(url).status_code == 404


def test_reminders_go_once_to_those_who_have_not_taken_the_test(
    world, setup, django_capture_on_commit_callbacks
):
    campaign = setup["campaign"]
    items = setup["items"]
    instrument_services.test_submit(
        participant=setup["participant"],
        answers={items[0].pk: [0], items[1].pk: [0, 1], items[2].pk: [0]},
    )
    campaign.remind_at = timezone.now() + dt.timedelta(hours=1)
    campaign.save()
    assert instrument_services.test_reminders_send_due() == 0
    later = timezone.now() + dt.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert instrument_services.test_reminders_send_due(now=later) == 1
    assert instrument_services.test_reminders_send_due(now=later) == 0
    assert [m.to for m in mail.outbox] == [[world.colleague.email]]
    body = mail.outbox[0].body
    assert "Оценивание на уроке" in body
    assert reverse("diagnostics:test_take", args=[campaign.pk]) in body
    campaign.refresh_from_db()
    assert campaign.reminded_at == later


def test_the_reminder_job_is_registered():
    from metodset.core import schedule

    assert any(j.task is instrument_tasks.send_test_reminders for j in schedule.registered())


def test_the_test_waits_on_my_week_until_it_is_taken(world, setup):
    client = client_for(world.teacher)
    page = client.get(reverse("dashboards:home")).content.decode()
    section = page.split('data-testid="week-tests"')[1]
    assert "Оценивание на уроке" in section
    assert reverse("diagnostics:test_take", args=[setup["campaign"].pk]) in section
    items = setup["items"]
    instrument_services.test_submit(
        participant=setup["participant"],
        answers={items[0].pk: [0], items[1].pk: [0, 1], items[2].pk: [0]},
    )
    assert 'data-testid="week-tests"' not in client.get(reverse("dashboards:home")).content.decode()
    # Nobody else is asked to take it.
    page = client_for(world.methodist).get(reverse("dashboards:home")).content.decode()
    assert 'data-testid="week-tests"' not in page


def test_the_methodist_sees_how_many_answered_each_item_right(world, setup):
    items = setup["items"]
    instrument_services.test_submit(
        participant=setup["participant"],
        answers={items[0].pk: [0], items[1].pk: [0], items[2].pk: [0]},
    )
    colleague = Participant.objects.get(campaign=setup["campaign"], user=world.colleague)
    instrument_services.test_submit(
        participant=colleague, answers={items[0].pk: [1], items[1].pk: [0], items[2].pk: [0]}
    )
    stats = {s.item.pk: (s.right, s.total) for s in instrument_selectors.item_stats(setup["test"])}
    assert stats == {items[0].pk: (1, 2), items[1].pk: (0, 2), items[2].pk: (2, 2)}
    response = client_for(world.methodist).get(
        reverse("diagnostics:test_detail", args=[setup["test"].pk])
    )
    page = response.content.decode()
    assert page.count('data-testid="item-stat"') == 3
    assert "Петрова" not in page and "Соколов" not in page  # no names on the test's page
