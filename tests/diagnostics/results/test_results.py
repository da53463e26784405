"""Children's results: import, trends, falling areas, who sees them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from metodset.diagnostics import importing as diagnostics_importing
from metodset.diagnostics.models import (
    ResultRow,
    ResultsTable,
)
from metodset.diagnostics.results import parsing as result_parsing
from metodset.diagnostics.results import services as result_services

from ...conftest import client_for
from ..instruments.test_tests_with_keys import _xlsx

RESULTS_HEADER = ["Класс", "Предмет", "Область", "Дата", "Результат", "Детей"]


def _results_file(rows, header=RESULTS_HEADER) -> bytes:
    return _xlsx([header, *rows])


def test_results_import_reads_russian_headers_dates_and_decimal_commas(world):
    data = _results_file([
        ["4 А", "Математика", "Вычисления", "05.09.2025", "72,5", 25],
        ["4 А", "Математика", "Вычисления", dt.datetime(2025, 12, 10), 64, 24],
        ["4 А", "Математика", "Задачи", 45905, "58", ""],
        ["4 Б", "Математика", "Вычисления", "05.09.2025", "80", "26"],
        ["4 А", "Математика", "Задачи", "31.02.2025", "60", 25],
        ["4 А", "", "Задачи", "01.03.2026", "много", 25],
        ["4 А", "Математика", "Геометрия", "01.03.2026", "61", "-3"],
    ])  # fmt: skip
    report = result_services.results_import(
        organization=world.school, data=data, filename="итоги.xlsx", by=world.methodist
    )
    assert report.added == 4
    assert [e.row for e in report.errors] == [6, 7, 8]
    assert "31.02.2025" in report.errors[0].message
    assert ";" in report.errors[1].message  # both problems of the row are named
    table = ResultsTable.objects.get(group="4 А")
    rows = list(table.rows.values_list("area", "measured_on", "value", "children"))
    assert rows == [
        ("Вычисления", dt.date(2025, 9, 5), 72.5, 25),
        ("Вычисления", dt.date(2025, 12, 10), 64.0, 24),
        ("Задачи", dt.date(2025, 9, 5), 58.0, None),
    ]
    # The same file again replaces rather than doubles.
    report = result_services.results_import(
        organization=world.school, data=data, filename="итоги.xlsx", by=world.methodist
    )
    assert (report.added, report.updated) == (0, 4)
    assert ResultRow.objects.count() == 4


def test_results_import_reads_csv_in_windows_1251_with_semicolons(world):
    text = (
        "Группа;Предмет;Область;Дата;Результат;Детей\n"
        "Старшая;Речевое развитие;Связная речь;01.10.2025;3,4;20\n"
    )
    report = result_services.results_import(
        organization=world.kindergarten,
        data=text.encode("cp1251"),
        filename="итоги.csv",
        by=world.superuser,
        scale="средний балл",
    )
    assert report.added == 1 and not report.errors
    table = ResultsTable.objects.get()
    assert (table.group, table.subject, table.scale) == (
        "Старшая",
        "Речевое развитие",
        "средний балл",
    )
    assert table.rows.get().value == 3.4


def test_a_file_without_the_result_column_is_refused_as_a_whole(world):
    data = _results_file(
        [["4 А", "Математика", "Вычисления", "05.09.2025"]], header=RESULTS_HEADER[:4]
    )
    with pytest.raises(diagnostics_importing.FileError):
        result_services.results_import(
            organization=world.school, data=data, filename="a.xlsx", by=world.methodist
        )


def _falling_table(world, teacher=None):
    rows = [
        result_parsing.ResultInput(
            "3 В", "Русский язык", "Орфография", dt.date(2025, 9, 10), 74, 27
        ),
        result_parsing.ResultInput(
            "3 В", "Русский язык", "Орфография", dt.date(2025, 12, 15), 66, 27
        ),
        result_parsing.ResultInput("3 В", "Русский язык", "Чтение", dt.date(2025, 9, 10), 60, 27),
        result_parsing.ResultInput("3 В", "Русский язык", "Чтение", dt.date(2025, 12, 15), 68, 26),
    ]
    report = result_services.results_save(
        organization=world.school, rows=rows, by=world.methodist, teacher=teacher
    )
    return report.tables[0]


def test_the_organisation_page_summarises_falling_areas_first(world):
    falling = _falling_table(world, teacher=world.teacher)
    result_services.results_save(
        organization=world.school,
        rows=[
            result_parsing.ResultInput("1 А", "Математика", "Счёт", dt.date(2025, 9, 10), 50),
            result_parsing.ResultInput("1 А", "Математика", "Счёт", dt.date(2025, 12, 10), 60),
        ],
        by=world.methodist,
        teacher=world.colleague,
    )
    response = client_for(world.methodist).get(reverse("diagnostics:results_list"))
    page = response.content.decode()
    assert response.status_code == 200
    summary = page.split('data-testid="falling-summary"')[1].split("</section>")[0]
    assert "Орфография" in summary and "Чтение" not in summary and "1 А" not in summary
    assert page.index(f'data-testid="table-{falling.pk}"') < page.index("1 А</a>")
    # The teacher sees only her own table.
    page = client_for(world.teacher).get(reverse("diagnostics:results_list")).content.decode()
    assert "3 В" in page and "1 А" not in page


def test_the_table_page_shows_the_chart_data_and_highlights_the_fall(world):
    table = _falling_table(world, teacher=world.teacher)
    response = client_for(world.teacher).get(reverse("diagnostics:results_detail", args=[table.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="falling-areas"' in page
    falling = response.context["falling"]
    assert [t.area for t in falling] == ["Орфография"]
    chart = response.context["chart"]
    assert chart["labels"] == ["10.09.2025", "15.12.2025"]
    assert {d["label"]: d["falling"] for d in chart["datasets"]} == {
        "Орфография": True,
        "Чтение": False,
    }
    assert "chart.umd.min.js" in page and 'id="results-chart-data"' in page


def test_the_table_exports_to_xlsx_in_the_import_layout(world):
    table = _falling_table(world)
    response = client_for(world.methodist).get(
        reverse("diagnostics:results_detail", args=[table.pk]) + "?format=xlsx"
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == tuple(RESULTS_HEADER)
    assert rows[1][:3] == ("3 В", "Русский язык", "Орфография")
    assert rows[1][3].date() == dt.date(2025, 9, 10) and rows[1][4] == 74
    # It imports back as the same rows (replaced, not doubled).
    report = result_services.results_import(
        organization=world.school, data=response.content, filename="x.xlsx", by=world.methodist
    )
    assert (report.added, report.updated, report.errors) == (0, 4, [])


def test_a_measurement_is_added_by_hand_and_bad_input_is_kept(world):
    table = _falling_table(world, teacher=world.teacher)
    client = client_for(world.teacher)
    url = reverse("diagnostics:results_detail", args=[table.pk])
    response = client.post(
        url, {"area": "Чтение", "measured_on": "2026-03-01", "value": "плохо", "children": "25"}
    )
    assert response.status_code == 400
    assert "value" in response.context["form"].errors
    assert 'value="Чтение"' in response.content.decode()
    response = client.post(
        url, {"area": "Чтение", "measured_on": "2026-03-01", "value": "59,5", "children": "25"}
    )
    assert response.status_code == 302
    assert table.rows.get(area="Чтение", measured_on=dt.date(2026, 3, 1)).value == 59.5
    row = table.rows.get(area="Чтение", measured_on=dt.date(2026, 3, 1))
    client.post(reverse("diagnostics:results_row_delete", args=[table.pk, row.pk]))
    assert not table.rows.filter(pk=row.pk).exists()


def test_upload_page_imports_and_reports_rows(world):
    data = _results_file([
        ["5 А", "Математика", "Дроби", "10.09.2025", "70", 25],
        ["5 А", "Математика", "Дроби", "не помню", "60", 25],
    ])  # fmt: skip
    client = client_for(world.teacher)
    response = client.post(
        reverse("diagnostics:results_import"),
        {"organization": world.school.pk, "scale": "% выполнения",
         "file": SimpleUploadedFile("5a.xlsx", data)},
    )  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="import-errors"' in page and "не помню" in page
    table = ResultsTable.objects.get()
    assert table.teacher == world.teacher  # a teacher's upload is hers
    assert table.rows.count() == 1


def test_upload_page_refuses_a_wrong_file_next_to_the_field(world):
    client = client_for(world.methodist)
    response = client.post(
        reverse("diagnostics:results_import"),
        {"organization": world.school.pk, "scale": "средний балл",
         "file": SimpleUploadedFile("итоги.docx", b"PK\x03\x04....")},
    )  # fmt: skip
    assert response.status_code == 400
    assert "file" in response.context["import_form"].errors
    assert 'value="средний балл"' in response.content.decode()
    response = client.post(
        reverse("diagnostics:results_table_create"),
        {"organization": world.school.pk, "group": "",
         "subject": "Окружающий мир", "scale": "%"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "group" in response.context["table_form"].errors
    assert 'value="Окружающий мир"' in response.content.decode()


def test_a_table_typed_in_by_hand(world):
    response = client_for(world.teacher).post(
        reverse("diagnostics:results_table_create"),
        {"organization": world.school.pk, "group": "2 Б",
         "subject": "Окружающий мир", "scale": "% выполнения"},
    )  # fmt: skip
    table = ResultsTable.objects.get()
    assert response["Location"] == reverse("diagnostics:results_detail", args=[table.pk])
    assert table.teacher == world.teacher


def test_a_teacher_cannot_write_into_a_colleagues_table(world):
    _falling_table(world, teacher=world.colleague)
    data = _results_file([["3 В", "Русский язык", "Орфография", "01.03.2026", "90", 27]])
    response = client_for(world.teacher).post(
        reverse("diagnostics:results_import"),
        {"organization": world.school.pk, "scale": "%",
         "file": SimpleUploadedFile("3v.xlsx", data)},
    )  # fmt: skip
    assert response.context["report"].errors[0].row == 2
    assert not ResultRow.objects.filter(measured_on=dt.date(2026, 3, 1)).exists()


def test_who_sees_childrens_results(world):
    table = _falling_table(world, teacher=world.teacher)
    detail = reverse("diagnostics:results_detail", args=[table.pk])
    export = detail + "?format=xlsx"
    row = table.rows.first()
    delete = reverse("diagnostics:results_row_delete", args=[table.pk, row.pk])
    for user in (
        world.outsider,
        world.colleague,
        world.kg_teacher,
        world.coordinator,
        world.council,
    ):
        client = client_for(user)
        assert client.get(detail).status_code == 404, user
        assert client.get(export).status_code == 404
        assert (
            client.post(
                detail, {"area": "x", "measured_on": "2026-01-01", "value": "1"}
            ).status_code
            == 404
        )
        assert client.post(delete).status_code == 404
    assert ResultRow.objects.filter(pk=row.pk).exists()
    # The outsider sees no list of the school and cannot upload.
    client = client_for(world.outsider)
    assert (
        client.get(reverse("diagnostics:results_list") + f"?org={world.school.pk}").status_code
        == 404
    )
    assert (
        client_for(world.coordinator).get(reverse("diagnostics:results_import")).status_code == 404
    )
    for user in (world.methodist, world.manager, world.teacher, world.superuser):
        assert client_for(user).get(detail).status_code == 200


def test_network_staff_see_aggregates_without_groups_or_names(world):
    _falling_table(world, teacher=world.teacher)
    response = client_for(world.coordinator).get(
        reverse("diagnostics:results_list") + f"?org={world.school.pk}"
    )
    page = response.content.decode()
    assert response.status_code == 200 and response.context["mode"] == "aggregate"
    table = page.split('data-testid="aggregate"')[1]
    assert "Русский язык" in table and "Орфография" in table
    assert "3 В" not in page and "Петрова" not in page
    assert client_for(world.coordinator).get(
        reverse("diagnostics:results_list") + f"?org={world.outside_org.pk}"
    ).status_code == 404  # fmt: skip


def test_a_teacher_cannot_take_over_a_table_the_methodist_made_without_a_teacher(world):
    _falling_table(world, teacher=None)
    data = _results_file([["3 В", "Русский язык", "Орфография", "01.03.2026", "90", 27]])
    report = result_services.results_import(
        organization=world.school,
        data=data,
        filename="3v.xlsx",
        by=world.teacher,
        teacher=world.teacher,
        only_own=True,
    )
    assert [e.row for e in report.errors] == [2]
    assert ResultsTable.objects.get().teacher is None


def test_the_results_example_file_reads_back_and_imports(world):
    client = client_for(world.teacher)
    response = client.get(reverse("diagnostics:results_import") + "?format=template")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == tuple(RESULTS_HEADER)
    assert rows[1][:3] == ("4 А", "Математика", "Вычисления")
    response = client.post(
        reverse("diagnostics:results_import"),
        {"organization": world.school.pk, "scale": "% выполнения",
         "file": SimpleUploadedFile("example.xlsx", response.content)},
    )  # fmt: skip
    report = response.context["report"]
    assert (report.added, report.errors) == (4, [])
    # The example itself shows a fall: «Вычисления» 72,5 → 66.
    table = report.tables[0]
    page = client.get(reverse("diagnostics:results_detail", args=[table.pk])).content.decode()
    assert 'data-testid="falling-areas"' in page and "Вычисления" in page
