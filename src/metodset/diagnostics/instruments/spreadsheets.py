"""A test's items from XLSX/CSV, and the example workbook of that layout."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from metodset.diagnostics.importing import (
    ImportReport,
    RowError,
    cell_text,
    locate_header,
    spreadsheet_rows,
)
from metodset.diagnostics.instruments.keys import key_parse, options_parse
from metodset.diagnostics.instruments.services import item_add, items_lock_check
from metodset.diagnostics.models import (
    Indicator,
    Test,
)

ITEM_COLUMNS = {
    "indicator": ("кодиндикатора", "индикатор", "код", "indicator", "indicatorcode"),
    "text": ("вопрос", "задание", "текствопроса", "question", "text"),
    "options": ("вариантыответа", "варианты", "вариантыответов", "options"),
    "key": (
        "правильные", "правильныйответ", "правильныеответы", "номерправильных",
        "номераправильныхответов", "номерправильногоответа", "ключ", "верные", "key", "correct",
    ),
    "points": ("баллы", "балл", "points"),
}  # fmt: skip


ITEM_ORDER = ("indicator", "text", "options", "key", "points")


@transaction.atomic
def items_import(*, test: Test, data: bytes, filename: str) -> ImportReport:
    """Items from XLSX/CSV: indicator code, question, options (new lines or «;»), numbers of
    the correct options, points (empty: 1). Good rows are added, bad ones reported by number."""
    items_lock_check(test)
    rows = spreadsheet_rows(data, filename)
    columns, start = locate_header(rows, ITEM_COLUMNS, ITEM_ORDER)
    indicators = {i.code.lower(): i for i in Indicator.objects.filter(framework=test.framework)}
    report = ImportReport()
    for number, cells in rows[start:]:
        values = {name: cells[pos] if pos < len(cells) else None for name, pos in columns.items()}
        if not any(cell_text(v) for v in values.values()):
            continue
        code = cell_text(values.get("indicator"))
        indicator = indicators.get(code.lower())
        if indicator is None:
            report.errors.append(
                RowError(
                    number,
                    _("no indicator «%(code)s» in the framework «%(framework)s»")
                    % {"code": code, "framework": test.framework.title}
                    if code
                    else _("the indicator code is empty"),
                )
            )
            continue
        options = options_parse(cell_text(values.get("options")))
        try:
            key = key_parse(values.get("key"))
        except ValueError as exc:
            report.errors.append(RowError(number, str(exc)))
            continue
        raw_points = cell_text(values.get("points")) or "1"
        try:
            points = int(float(raw_points.replace(",", ".")))
        except ValueError:
            report.errors.append(
                RowError(number, _("points «%(value)s» are not a number") % {"value": raw_points})
            )
            continue
        try:
            with transaction.atomic():
                item_add(
                    test=test,
                    indicator=indicator,
                    text=cell_text(values.get("text")),
                    options=options,
                    key=key,
                    points=points,
                )
        except ValidationError as exc:
            messages = [m for ms in exc.message_dict.values() for m in ms]
            report.errors.append(RowError(number, " ".join(messages)))
            continue
        report.added += 1
    return report


def items_template_xlsx():
    """An example workbook in the import layout."""
    from openpyxl.styles import Alignment, Font

    from metodset.core.spreadsheets import workbook

    book = workbook()
    sheet = book.active
    sheet.title = "Задания"
    sheet.append(["Код индикатора", "Вопрос", "Варианты ответа", "Правильные", "Баллы"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append([
        "НП.1.1",
        "Какой документ устанавливает права обучающихся?",
        "Федеральный закон № 273-ФЗ\nУстав школы\nПриказ директора",
        "1",
        1,
    ])  # fmt: skip
    for column, width in zip("ABCDE", (16, 60, 50, 14, 8), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return book
