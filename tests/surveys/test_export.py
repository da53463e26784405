"""The XLSX export: built by a background task, shown with its progress, read back by openpyxl."""

from datetime import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from metodset.surveys import exports
from metodset.surveys.models import Question, ResultsExport

from ..conftest import client_for
from . import factories

Kind = Question.Kind
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def answered(world):
    q = factories.questionnaire(by=world.coordinator, network=world.network, title="Итоги года")
    qs = factories.all_kinds(q)
    factories.respond(
        q,
        {
            qs["single"]: 0,
            qs["multiple"]: [0, 2],
            qs["scale"]: 5,
            qs["yes_no"]: True,
            qs["long_text"]: "=1+1 это не формула",
            qs["number"]: 2.5,
            qs["matrix"]: [5, 4],
        },
        user=world.teacher,
    )
    factories.respond(q, {qs["single"]: 2, qs["yes_no"]: False}, channel="public")
    return q, qs


def _download(client, q, export) -> bytes:
    response = client.get(f"/surveys/{q.pk}/export/{export.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def test_export_is_built_in_the_background_and_read_back_with_russian_headers(
    world, answered, django_capture_on_commit_callbacks
):
    q, _qs = answered
    client = client_for(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/surveys/{q.pk}/export/", **HTMX)
    assert response.status_code == 200
    export = ResultsExport.objects.get()
    assert export.status == "done" and export.total == 2

    status = client.get(f"/surveys/{q.pk}/export/{export.pk}/", **HTMX)
    assert "Скачать файл XLSX" in status.content.decode()

    book = load_workbook(BytesIO(_download(client, q, export)))
    assert book.sheetnames == ["Ответы", "Сводка"]
    rows = list(book["Ответы"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:5] == (
        "№",
        "Дата и время ответа, Москва (UTC+3)",
        "Канал",
        "Участник",
        "Электронная почта",
    )
    assert header[5] == "1. Все ли цели были реализованы?"
    assert header[-2:] == (
        "8. Насколько интернатура помогла вам? — Проектировать события",
        "8. Насколько интернатура помогла вам? — Анализировать продукт",
    )
    first = dict(zip(header, rows[1], strict=True))
    assert first["№"] == 1
    assert isinstance(first["Дата и время ответа, Москва (UTC+3)"], datetime)
    assert first["Канал"] == "по приглашению"
    assert first["Участник"] == "Петрова Елена Викторовна"
    assert first["1. Все ли цели были реализованы?"] == "Да, все"
    assert first["2. Какие трудности возникли?"] == "Не хватало времени; Команда"
    assert first["3. Насколько вы удовлетворены событием?"] == 5
    assert first["4. Обращались ли вы к тьютору?"] == "Да"
    assert first["6. Ваш отзыв об интернатуре"] == "=1+1 это не формула"
    assert first["7. Сколько коллег вы познакомите с опытом?"] == 2.5
    second = dict(zip(header, rows[2], strict=True))
    assert second["Канал"] == "по публичной ссылке" and second["Участник"] is None
    assert second["1. Все ли цели были реализованы?"] == "Меньшая часть"

    summary = [row[:5] for row in book["Сводка"].iter_rows(values_only=True)]
    assert summary[0][0] == "Итоги года"
    assert ("№", "Вопрос", "Вариант или значение", "Ответов", "%") in summary
    assert (None, None, "Да, все", 1, 50) in summary


def test_anonymous_export_has_no_names_and_only_dates(world, answered):
    q, _qs = answered
    q.anonymous = True
    q.save()
    book = load_workbook(BytesIO(exports.workbook_bytes(questionnaire=q)))
    header = next(book["Ответы"].iter_rows(values_only=True))
    assert header[:3] == ("№", "Дата ответа, Москва (UTC+3)", "Канал")
    assert "Участник" not in header


def test_running_the_task_twice_builds_the_file_once(world, answered):
    q, _qs = answered
    export = ResultsExport.objects.create(questionnaire=q, requested_by=world.coordinator, total=2)
    exports.export_run(export_id=export.pk)
    export.refresh_from_db()
    name = export.file.name
    exports.export_run(export_id=export.pk)
    export.refresh_from_db()
    assert export.file.name == name and export.status == "done"


def test_progress_is_shown_while_the_file_is_prepared(world, answered):
    q, _qs = answered
    export = ResultsExport.objects.create(
        questionnaire=q, requested_by=world.coordinator, total=30000, done=12000, status="running"
    )
    html = " ".join(
        client_for(world.coordinator)
        .get(f"/surveys/{q.pk}/export/{export.pk}/", **HTMX)
        .content.decode()
        .split()
    )
    assert "Файл готовится: 12 000 из 30 000 ответов…" in html
    assert f'hx-get="/surveys/{q.pk}/export/{export.pk}/" hx-trigger="load delay:1s"' in html
    page = client_for(world.coordinator).get(f"/surveys/{q.pk}/results/")
    assert "Файл готовится" in page.content.decode()


def test_an_export_is_seen_only_by_the_person_who_asked(world, answered):
    q, _qs = answered
    export = ResultsExport.objects.create(questionnaire=q, requested_by=world.coordinator)
    exports.export_run(export_id=export.pk)
    assert (
        client_for(world.superuser).get(f"/surveys/{q.pk}/export/{export.pk}/").status_code == 404
    )
    teacher = client_for(world.teacher)
    assert teacher.get(f"/surveys/{q.pk}/export/{export.pk}/download/").status_code == 403
    assert teacher.post(f"/surveys/{q.pk}/export/").status_code == 403
