"""The import pages: upload → preview with every bad row → confirm → result; who may see them."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook

from metodset.accounts.models import ImportBatch, Membership, NetworkPartner, User

from .. import factories
from ..conftest import client_for
from .import_helpers import ORGANIZATION_HEADER, PEOPLE_HEADER, people_rows, xlsx_bytes

Status = ImportBatch.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run what a view queues after commit (checks and imports) before returning."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def _people_file(world, *, bad: int = 2, good: int = 3) -> bytes:
    rows = [PEOPLE_HEADER] + people_rows(good, [world.school.short_name, world.kindergarten.name])
    for i in range(bad):
        rows.append(
            ["Плохой", "Пример", "", f"bad{i}@", world.school.short_name, "", "", "", "", ""]
        )
    return xlsx_bytes(rows)


def _upload(client, run_tasks, content: bytes, *, kind="people", name="люди.xlsx", **extra):
    data = {"kind": kind, "file": SimpleUploadedFile(name, content), **extra}
    return run_tasks(lambda: client.post("/import/", data))


# --- who may see the pages ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/import/", "/import/1/", "/import/examples/import_people_example.xlsx"],
)
def test_anonymous_is_sent_to_log_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("url", ["/import/1/confirm/", "/import/1/cancel/"])
def test_anonymous_cannot_confirm_or_cancel(client, db, url):
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("who", ["teacher", "council", "kg_teacher"])
def test_people_without_an_import_role_are_refused(world, who):
    client = client_for(getattr(world, who))
    assert client.get("/import/").status_code == 403
    assert client.get("/import/examples/import_people_example.xlsx").status_code == 403


def test_a_methodist_may_import_people_only(world):
    response = client_for(world.methodist).get("/import/")
    assert response.status_code == 200
    kinds = response.context["form"].fields["kind"].choices
    assert kinds == [("people", "Люди")]
    assert response.context["form"].fields["organization"].initial == world.school.pk
    assert "network" not in response.context["form"].fields
    assert (
        client_for(world.methodist)
        .get("/import/examples/import_organizations_example.xlsx")
        .status_code
        == 404
    )


def test_a_methodist_posting_organisations_gets_a_form_error(world, run_tasks):
    content = xlsx_bytes(
        [ORGANIZATION_HEADER, ["Школа", "Школа", "школа", "Омская область", "Омск"]]
    )
    response = _upload(client_for(world.methodist), run_tasks, content, kind="organizations")
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.context["form"].errors["kind"][0]
    assert not ImportBatch.objects.exists()


def test_someone_elses_batch_does_not_exist_for_anyone_else(world, run_tasks):
    _upload(client_for(world.coordinator), run_tasks, _people_file(world))
    batch = ImportBatch.objects.get()
    for other in (world.methodist, world.manager, world.superuser):
        client = client_for(other)
        assert client.get(f"/import/{batch.pk}/").status_code == 404
        assert client.post(f"/import/{batch.pk}/confirm/").status_code == 404
        assert client.post(f"/import/{batch.pk}/cancel/").status_code == 404
    batch.refresh_from_db()
    assert batch.status == Status.PREVIEWED


def test_a_person_who_lost_the_role_cannot_confirm_their_batch(world, run_tasks):
    _upload(client_for(world.methodist), run_tasks, _people_file(world))
    batch = ImportBatch.objects.get()
    Membership.objects.filter(user=world.methodist).update(role=Membership.Role.TEACHER)
    client = client_for(User.objects.get(pk=world.methodist.pk))
    assert client.post(f"/import/{batch.pk}/confirm/").status_code == 403
    batch.refresh_from_db()
    assert batch.status == Status.PREVIEWED


# --- the journey -------------------------------------------------------------------------


def test_upload_preview_confirm_result(world, run_tasks):
    client = client_for(world.coordinator)
    users_before = User.objects.count()

    response = _upload(client, run_tasks, _people_file(world, good=3, bad=2))

    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/import/{batch.pk}/"
    assert batch.status == Status.PREVIEWED
    assert User.objects.count() == users_before  # nothing imported yet
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "В файле 5 строк с данными. Файл проверен; пока ничего не импортировано." in html
    counts = page.context["report"]
    assert (counts.created, counts.updated, counts.unchanged, len(counts.rejected)) == (3, 0, 0, 2)
    assert "будет создано" in html
    assert "Строка" in html and "Причина" in html
    assert "Некорректный адрес электронной почты «bad0@»" in html
    assert "Некорректный адрес электронной почты «bad1@»" in html
    assert ">Импортировать</button>" in html

    response = run_tasks(lambda: client.post(f"/import/{batch.pk}/confirm/"))

    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == Status.IMPORTED
    assert not batch.file  # the uploaded file is not kept after the import
    assert User.objects.count() == users_before + 3
    html = client.get(f"/import/{batch.pk}/").content.decode()
    assert "Импорт завершён" in html
    assert "создано" in html
    assert "Некорректный адрес электронной почты «bad1@»" in html
    assert "Импортировать</button>" not in html


def test_confirming_twice_imports_once(world, run_tasks):
    client = client_for(world.coordinator)
    _upload(client, run_tasks, _people_file(world))
    batch = ImportBatch.objects.get()
    run_tasks(lambda: client.post(f"/import/{batch.pk}/confirm/"))
    users = User.objects.count()
    response = run_tasks(lambda: client.post(f"/import/{batch.pk}/confirm/"))
    assert response.status_code == 302
    assert User.objects.count() == users


def test_confirmation_validates_again(world, run_tasks):
    client = client_for(world.coordinator)
    _upload(client, run_tasks, _people_file(world, good=4, bad=0))
    batch = ImportBatch.objects.get()
    assert batch.report["created"] == 4
    # between preview and confirmation the kindergarten leaves the network
    NetworkPartner.objects.filter(organization=world.kindergarten).delete()

    run_tasks(lambda: client.post(f"/import/{batch.pk}/confirm/"))

    batch.refresh_from_db()
    assert batch.report["created"] == 2
    assert [r["reason"] for r in batch.report["rejected"]] == [
        "У вас нет права импортировать людей в «МБДОУ «Д/с № 12»»"
    ] * 2


def test_organisations_by_a_coordinator(world, run_tasks):
    client = client_for(world.coordinator)
    content = xlsx_bytes(
        [
            ORGANIZATION_HEADER,
            ["МБОУ «СОШ № 8»", "СОШ № 8", "школа", "Омская область", "Омск", "3906021446"],
            ["Плохая", "Плохая", "школа", "Омская область", "Омск", "3906021447"],
        ]
    )
    _upload(client, run_tasks, content, kind="organizations", name="orgs.xlsx")
    batch = ImportBatch.objects.get()
    html = client.get(f"/import/{batch.pk}/").content.decode()
    assert "Неверная контрольная сумма ИНН 3906021447" in html
    run_tasks(lambda: client.post(f"/import/{batch.pk}/confirm/"))
    assert world.network.partners.filter(inn="3906021446").exists()


def test_cancel_discards_the_upload(world, run_tasks):
    client = client_for(world.coordinator)
    _upload(client, run_tasks, _people_file(world))
    batch = ImportBatch.objects.get()
    path = batch.file.path
    response = client.post(f"/import/{batch.pk}/cancel/", follow=True)
    assert "Загрузка отменена; ничего не импортировано." in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert not os.path.exists(path)


def test_a_new_upload_replaces_the_unconfirmed_one(world, run_tasks):
    client = client_for(world.coordinator)
    _upload(client, run_tasks, _people_file(world))
    _upload(client, run_tasks, _people_file(world))
    assert ImportBatch.objects.count() == 1


def test_long_lists_of_bad_rows_are_paginated(world, run_tasks):
    client = client_for(world.coordinator)
    _upload(client, run_tasks, _people_file(world, good=1, bad=120))
    batch = ImportBatch.objects.get()
    first = client.get(f"/import/{batch.pk}/")
    assert len(first.context["page"].object_list) == 50
    assert "Страница 1 из 3" in first.content.decode()
    last = client.get(f"/import/{batch.pk}/?page=3")
    rows = [r.row for r in last.context["page"].object_list]
    assert rows == list(range(103, 123))


def test_the_preview_page_query_count_does_not_grow_with_bad_rows(world, run_tasks):
    def queries_for(bad: int) -> int:
        client = client_for(world.coordinator)
        _upload(client, run_tasks, _people_file(world, good=1, bad=bad))
        batch = ImportBatch.objects.latest("pk")
        client.get(f"/import/{batch.pk}/")  # warm up the session
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"/import/{batch.pk}/").status_code == 200
        return len(context)

    assert queries_for(2) == queries_for(40)


def test_progress_is_polled_until_the_check_is_done(world):
    batch = ImportBatch.objects.create(
        kind="people", created_by=world.coordinator, filename="a.xlsx", status=Status.CHECKING
    )
    client = client_for(world.coordinator)
    page = client.get(f"/import/{batch.pk}/")
    assert "Проверяем файл…" in page.content.decode()
    partial = client.get(f"/import/{batch.pk}/", HTTP_HX_REQUEST="true")
    assert 'hx-trigger="load delay:1s"' in partial.content.decode()
    ImportBatch.objects.filter(pk=batch.pk).update(status=Status.PREVIEWED, report={"created": 1})
    done = client.get(f"/import/{batch.pk}/", HTTP_HX_REQUEST="true")
    assert done.status_code == 204
    assert done["HX-Refresh"] == "true"


def test_the_progress_says_how_many_rows_the_worker_has_read(world):
    from metodset.accounts.importing.batches import _progress_key

    batch = ImportBatch.objects.create(
        kind="people", created_by=world.coordinator, filename="a.xlsx", status=Status.CHECKING
    )
    client = client_for(world.coordinator)
    partial = client.get(f"/import/{batch.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Проверяем файл…" in partial and "Прочитан" not in partial
    cache.set(_progress_key(batch.pk), 2000)  # what the worker writes every thousand rows
    partial = client.get(f"/import/{batch.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Прочитано 2\xa0000 строк" in partial
    cache.set(_progress_key(batch.pk), 2001)
    page = client.get(f"/import/{batch.pk}/").content.decode()
    assert "Прочитана 2\xa0001 строка" in page


def test_a_failed_check_shows_its_reason(world):
    batch = ImportBatch.objects.create(
        kind="people",
        created_by=world.coordinator,
        filename="a.xlsx",
        status=Status.FAILED,
        error="Файл XLSX повреждён и не читается.",
    )
    html = client_for(world.coordinator).get(f"/import/{batch.pk}/").content.decode()
    assert "Файл XLSX повреждён и не читается." in html
    assert "Загрузить другой файл" in html


# --- upload validation -------------------------------------------------------------------


def _zip_bomb() -> bytes:
    """A workbook of a few kilobytes whose sheet unpacks to over 2 MB of blanks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", " " * 3_000_000)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            b"not a workbook",
            "a.xlsx",
            "Файл не является книгой XLSX; сохраните его в Excel как XLSX или CSV.",
        ),
        (
            b"\xd0\xcf\x11\xe0old",
            "a.xlsx",
            "Это файл старого формата Excel 97–2003 (XLS); сохраните его как XLSX или CSV"
            " и загрузите снова.",
        ),
        (
            b"\x00\x01\x02" * 100,
            "a.csv",
            "Файл CSV в кодировке UTF-16 или не текстовый; сохраните его как CSV в UTF-8.",
        ),
        (b"x", "a.pdf", "Загрузите файл XLSX или CSV (с расширением .xlsx или .csv)."),
        (
            _zip_bomb(),
            "a.xlsx",
            "Файл XLSX после распаковки занимает больше 2,0 МБ; сохраните только лист для"
            " импорта или сохраните его как CSV.",
        ),
    ],
    ids=["not-zip", "xls", "binary-csv", "pdf", "zip-bomb"],
)
def test_a_bad_upload_is_named_next_to_the_file_field(
    world, run_tasks, settings, content, name, message
):
    settings.IMPORT_MAX_UNPACKED_BYTES = 2 * 1024 * 1024
    response = _upload(client_for(world.coordinator), run_tasks, content, name=name)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["file"] == [message]
    html = response.content.decode()
    assert message in html and 'class="invalid-feedback d-block"' in html
    assert form["kind"].value() == "people"  # what was chosen is kept
    assert not ImportBatch.objects.exists()


def _empty_rows_first(count: int, organization: str = "Школа") -> bytes:
    """A workbook, written as a stream, with ``count`` empty rows above the header."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for _ in range(count):
        sheet.append([])
    sheet.append(PEOPLE_HEADER)
    sheet.append(["Орлова", "Ия", "", "orlova.i@example.ru", organization])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            "Фамилия;Имя\nИванов;Иван\n".encode(),
            "a.csv",
            "В файле нет обязательных столбцов: «E-mail», «Организация».",
        ),
        (
            "Фамилия;Имя;E-mail;Организация\n".encode(),
            "a.csv",
            "В файле есть заголовки, но нет строк для импорта.",
        ),
        (
            _empty_rows_first(60),
            "a.xlsx",
            "Перед строкой заголовков больше 50 пустых строк; удалите их и загрузите файл снова.",
        ),
        (
            ("\n" * 60 + "Фамилия;Имя;E-mail;Организация\nОрлова;Ия;o@example.ru;Школа\n").encode(),
            "a.csv",
            "Перед строкой заголовков больше 50 пустых строк; удалите их и загрузите файл снова.",
        ),
        (
            ("Фамилия;Имя;E-mail;Организация" + ";" * 120 + "x\n").encode(),
            "a.csv",
            "В строке 1 больше 100 столбцов; оставьте только столбцы для импорта.",
        ),
    ],
    ids=["missing-columns", "headers-only", "empty-rows-xlsx", "empty-rows-csv", "wide"],
)
def test_the_file_is_read_in_the_worker_and_the_page_says_why_it_is_refused(
    world, django_capture_on_commit_callbacks, settings, content, name, message
):
    settings.IMPORT_MAX_EMPTY_ROWS = 50
    client = client_for(world.coordinator)
    data = {"kind": "people", "file": SimpleUploadedFile(name, content)}
    with django_capture_on_commit_callbacks() as queued:
        response = client.post("/import/", data)

    # the web request only stored the file: nothing was parsed yet
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/import/{batch.pk}/"
    assert (batch.status, batch.error, batch.report) == (Status.CHECKING, "", {})
    assert "Проверяем файл…" in client.get(response["Location"]).content.decode()

    for callback in queued:  # the worker
        callback()

    batch.refresh_from_db()
    assert (batch.status, batch.error) == (Status.FAILED, message)
    assert not batch.file
    html = client.get(f"/import/{batch.pk}/").content.decode()
    assert message in html and "Загрузить другой файл" in html


def test_a_file_below_the_empty_row_limit_previews_and_imports(world, run_tasks, settings):
    settings.IMPORT_MAX_EMPTY_ROWS = 50
    client = client_for(world.coordinator)
    content = _empty_rows_first(50, world.school.short_name)

    _upload(client, run_tasks, content)

    batch = ImportBatch.objects.get()
    assert (batch.status, batch.report["created"], batch.report["rejected"]) == (
        Status.PREVIEWED,
        1,
        [],
    )
    run_tasks(lambda: client.post(f"/import/{batch.pk}/confirm/"))
    batch.refresh_from_db()
    assert batch.status == Status.IMPORTED
    assert User.objects.filter(email="orlova.i@example.ru").exists()


def test_a_default_organisation_makes_the_column_optional(world, run_tasks):
    content = "Фамилия;Имя;E-mail\nОрлова;Ия;orlova.i@example.ru\n".encode()
    client = client_for(world.methodist)
    response = _upload(client, run_tasks, content, name="a.csv", organization=world.school.pk)
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    run_tasks(lambda: client.post(f"/import/{batch.pk}/confirm/"))
    assert Membership.objects.get(user__email="orlova.i@example.ru").organization == world.school


def test_a_file_over_the_limit_is_refused_on_the_form(world, run_tasks, settings):
    settings.IMPORT_MAX_BYTES = 2000
    content = ("Фамилия;Имя;E-mail;Организация\n" + "Орлова;Ия;o@example.ru;Школа\n" * 100).encode()
    response = _upload(client_for(world.coordinator), run_tasks, content, name="a.csv")
    assert response.context["form"].errors["file"] == ["Файл больше 2,0 КБ."]


def test_a_coordinator_of_two_networks_must_choose_one_for_organisations(world, run_tasks):
    other = factories.network(name="Вторая сеть")
    Membership.objects.create(user=world.coordinator, network=other, role="coordinator")
    content = xlsx_bytes(
        [ORGANIZATION_HEADER, ["Школа", "Школа", "школа", "Омская область", "Омск"]]
    )
    client = client_for(User.objects.get(pk=world.coordinator.pk))
    response = _upload(client, run_tasks, content, kind="organizations")
    assert response.context["form"].errors["network"] == [
        "Выберите сеть, в которую войдут организации."
    ]
    response = _upload(client, run_tasks, content, kind="organizations", network=other.pk)
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    run_tasks(lambda: client.post(f"/import/{batch.pk}/confirm/"))
    assert list(other.partners.values_list("name", flat=True)) == ["Школа"]
    assert not world.network.partners.filter(name="Школа").exists()


def test_example_files_download(world):
    response = client_for(world.coordinator).get("/import/examples/import_people_example.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).decode("utf-8-sig").startswith("Фамилия*;Имя*")
    assert client_for(world.coordinator).get("/import/examples/other.xlsx").status_code == 404


def test_upload_page_shows_the_column_reference_and_examples(world):
    html = client_for(world.coordinator).get("/import/").content.decode()
    assert "Справка по столбцам" in html
    assert "import_people_example.xlsx" in html and "import_organizations_example.xlsx" in html
    assert "Краткое наименование" in html and "Часовой пояс" in html


# --- what is kept ------------------------------------------------------------------------------


def test_a_failed_check_drops_the_uploaded_file(world):
    from metodset.accounts.importing.batches import import_batch_check, import_batch_create

    batch = import_batch_create(
        by=world.methodist,
        kind="people",
        upload=SimpleUploadedFile("люди.xlsx", _people_file(world)),
    )
    path = batch.file.path
    Membership.objects.filter(user=world.methodist).update(role=Membership.Role.TEACHER)

    import_batch_check(batch_id=batch.pk)

    batch.refresh_from_db()
    assert (batch.status, batch.error) == (
        Status.FAILED,
        "У вас больше нет права импортировать этот файл.",
    )
    assert not batch.file
    assert not os.path.exists(path)


def test_uploads_left_unconfirmed_for_a_week_are_discarded(world, run_tasks):
    _upload(client_for(world.methodist), run_tasks, _people_file(world))
    old = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    path = old.file.path

    _upload(client_for(world.coordinator), run_tasks, _people_file(world))

    assert list(ImportBatch.objects.values_list("created_by", flat=True)) == [world.coordinator.pk]
    assert not os.path.exists(path)
