"""Children's results as XLSX: the example file and a table in the import layout."""

from __future__ import annotations

import datetime as dt

from metodset.diagnostics.models import (
    ResultsTable,
)


def results_template_xlsx():
    """An example file in the import layout."""
    from openpyxl.styles import Font

    from metodset.core.spreadsheets import workbook

    book = workbook()
    sheet = book.active
    sheet.title = "Результаты"
    sheet.append(["Класс", "Предмет", "Область", "Дата", "Результат", "Детей"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for area, date, value in (
        ("Вычисления", dt.date(2025, 9, 15), 72.5),
        ("Вычисления", dt.date(2025, 12, 15), 66),
        ("Текстовые задачи", dt.date(2025, 9, 15), 58),
        ("Текстовые задачи", dt.date(2025, 12, 15), 61),
    ):
        sheet.append(["4 А", "Математика", area, date, value, 25])
        sheet.cell(sheet.max_row, 4).number_format = "DD.MM.YYYY"
    for column, width in zip("ABCDEF", (12, 24, 36, 12, 12, 8), strict=True):
        sheet.column_dimensions[column].width = width
    return book


def results_xlsx(table: ResultsTable):
    """The table's measurements in the import layout (so it can be corrected and re-imported)."""
    from openpyxl.styles import Font

    from metodset.core.spreadsheets import workbook

    book = workbook()
    sheet = book.active
    sheet.title = "Результаты"
    sheet.append(["Класс", "Предмет", "Область", "Дата", "Результат", "Детей"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows.order_by("area", "measured_on"):
        sheet.append(
            [table.group, table.subject, row.area, row.measured_on, row.value, row.children]
        )
        sheet.cell(sheet.max_row, 4).number_format = "DD.MM.YYYY"
    for column, width in zip("ABCDEF", (12, 24, 36, 12, 12, 8), strict=True):
        sheet.column_dimensions[column].width = width
    return book
