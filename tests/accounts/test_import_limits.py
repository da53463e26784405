"""Files shaped to make work (empty rows, wide rows, ZIP bombs) are refused early, by the
one reader used by the worker and the command line."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from metodset.accounts.importing import ImportFileError, import_file
from metodset.accounts.importing.reading import check_upload, open_table
from metodset.accounts.models import User
from metodset.cli import main

from .import_helpers import PEOPLE_HEADER, xlsx_bytes

EMPTY_ROWS_FIRST = (
    "Перед строкой заголовков больше 1 000 пустых строк; удалите их и загрузите файл снова."
)


def _header_at(row: int, *, column: int = 1) -> bytes:
    """A workbook of a few kilobytes whose header stands at ``row``: the sheet holds no
    rows above it, which a reader fills in as empty ones (the shape of the attack)."""
    workbook = Workbook()
    sheet = workbook.active
    for offset, title in enumerate(PEOPLE_HEADER):
        sheet.cell(row=row, column=column + offset, value=title)
    for offset, value in enumerate(["Орлова", "Ия", "", "o@example.ru", "Школа"]):
        sheet.cell(row=row + 1, column=column + offset, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _rows(data: bytes, filename: str) -> list:
    return list(open_table(kind="people", data=data, filename=filename).rows)


def test_a_million_empty_rows_before_the_header_are_refused_at_once():
    data = _header_at(1_000_000)
    assert len(data) < 20_000
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(ImportFileError) as refused:
        _rows(data, "a.xlsx")
    elapsed = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert str(refused.value) == EMPTY_ROWS_FIRST
    # 1 001 rows read, not a million: far below what the million would take (~10 s)
    assert elapsed < 5
    assert peak < 20 * 1024 * 1024


def test_empty_rows_up_to_the_limit_are_skipped(settings):
    settings.IMPORT_MAX_EMPTY_ROWS = 20
    [(number, values)] = _rows(_header_at(21), "a.xlsx")
    assert (number, values["last_name"], values["email"]) == (22, "Орлова", "o@example.ru")
    with pytest.raises(ImportFileError, match="больше 20 пустых строк"):
        _rows(_header_at(22), "a.xlsx")


def test_empty_lines_before_the_header_of_a_csv_are_refused_too(settings):
    settings.IMPORT_MAX_EMPTY_ROWS = 20
    data = ("\n" * 21 + "Фамилия;Имя;E-mail;Организация\nОрлова;Ия;o@example.ru;Школа\n").encode()
    with pytest.raises(ImportFileError, match="больше 20 пустых строк"):
        _rows(data, "a.csv")


def test_empty_rows_after_the_header_are_bounded(monkeypatch):
    monkeypatch.setattr("metodset.accounts.importing.reading.MAX_ROWS", 30)
    data = xlsx_bytes([PEOPLE_HEADER] + [[]] * 31 + [["Орлова", "Ия", "", "o@example.ru", "Ш"]])
    with pytest.raises(ImportFileError) as refused:
        _rows(data, "a.xlsx")
    assert str(refused.value) == "В файле больше 30 пустых строк; удалите их."


def test_a_cell_beyond_the_column_limit_is_refused(settings):
    # the last column Excel has: a reader that trusts the sheet's size builds 16 384 cells a row
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(PEOPLE_HEADER)
    sheet.append(["Орлова", "Ия", "", "o@example.ru", "Школа"])
    sheet.cell(row=2, column=16_384, value="x")
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(ImportFileError) as refused:
        _rows(out.getvalue(), "a.xlsx")
    assert str(refused.value) == (
        "В строке 2 больше 100 столбцов; оставьте только столбцы для импорта."
    )
    # empty cells to the right are no reason to refuse a file
    settings.IMPORT_MAX_COLUMNS = 12
    wide_but_empty = "Фамилия;Имя;E-mail;Организация" + ";" * 40 + "\nО;И;o@example.ru;Ш\n"
    assert len(_rows(wide_but_empty.encode(), "a.csv")) == 1


def _zip_bomb(unpacked: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", b"<" * unpacked)
    return out.getvalue()


BOMB = "Файл XLSX после распаковки занимает больше 1,0 МБ; сохраните только лист для импорта"


def test_a_zip_bomb_is_refused_before_it_is_unpacked(settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    data = _zip_bomb(5 * 1024 * 1024)
    assert len(data) < 20_000
    with pytest.raises(ImportFileError, match=BOMB):
        _rows(data, "a.xlsx")
    with pytest.raises(ImportFileError, match=BOMB):
        check_upload(file=io.BytesIO(data), filename="a.xlsx")


def test_the_default_unpacked_limit_leaves_real_workbooks_alone():
    data = xlsx_bytes([PEOPLE_HEADER, ["Орлова", "Ия", "", "o@example.ru", "Школа"]])
    stream = io.BytesIO(data)
    assert check_upload(file=stream, filename="a.xlsx") == "xlsx"
    assert stream.tell() == 0  # left where the storage will read it from


def test_the_upload_check_reads_only_the_start_of_a_csv():
    head = "Фамилия;Имя\n".encode() + "Ё".encode() * 40_000  # the sample ends mid-letter
    stream = io.BytesIO(head + b"\x00" * 1000)  # what is past the sample is not looked at
    assert check_upload(file=stream, filename="a.csv") == "csv"


def test_the_command_line_uses_the_same_reader(db, tmp_path, settings, capsys):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(_zip_bomb(5 * 1024 * 1024))
    empty_first = tmp_path / "empty.xlsx"
    empty_first.write_bytes(_header_at(1_000_000))
    users = User.objects.count()

    assert main(["import", "people", str(bomb)]) == 1
    assert BOMB in capsys.readouterr().err
    assert main(["import", "people", str(empty_first)]) == 1
    assert EMPTY_ROWS_FIRST in capsys.readouterr().err
    with pytest.raises(ImportFileError, match=BOMB):
        import_file(kind="people", file=bomb, filename="bomb.xlsx", by=None)
    assert User.objects.count() == users


def test_the_reader_tells_how_far_it_has_read(db):
    rows = [["Фамилия", "Имя", "E-mail", "Организация"]]
    rows += [["Орлова", "Ия", f"o{i}@example.ru", "Нет такой"] for i in range(2500)]
    data = "\n".join(";".join(row) for row in rows).encode()
    told: list[int] = []

    report = import_file(
        kind="people", file=io.BytesIO(data), filename="a.csv", by=None, dry_run=True,
        progress=told.append,
    )  # fmt: skip

    assert told == [1000, 2000]
    assert len(report.rejected) == 2500
