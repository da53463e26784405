"""Files that are not what they claim, too large or without the needed columns stop the import."""

from __future__ import annotations

import io
import zipfile

import pytest

from metodset.accounts.importing import ImportFileError, import_file, inspect_file
from metodset.accounts.models import User

from .import_helpers import PEOPLE_HEADER, csv_bytes, people_rows, xlsx_bytes


def _zip(name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "a.xlsx", "Файл пустой."),
        (
            b"just text",
            "a.xlsx",
            "Файл не является книгой XLSX; сохраните его в Excel как XLSX или CSV.",
        ),
        (
            _zip("word/document.xml", b"<w/>"),
            "a.xlsx",
            "Файл не является книгой XLSX; сохраните его в Excel как XLSX или CSV.",
        ),
        (
            _zip("xl/workbook.xml", b"not xml"),
            "a.xlsx",
            "Файл не является книгой XLSX; сохраните его в Excel как XLSX или CSV.",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500,
            "a.xlsx",
            "Это файл старого формата Excel 97–2003 (XLS); сохраните его как XLSX или CSV "
            "и загрузите снова.",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100,
            "a.csv",
            "Файл CSV в кодировке UTF-16 или не текстовый; сохраните его как CSV в UTF-8.",
        ),
        (
            "Фамилия;Имя".encode("utf-16"),
            "a.csv",
            "Файл CSV в кодировке UTF-16 или не текстовый; сохраните его как CSV в UTF-8.",
        ),
        (
            bytes(range(1, 32)) * 50,
            "a.csv",
            "Файл CSV не является текстом в кодировке UTF-8 или Windows-1251.",
        ),
        (
            b"Surname,Name\nIvanov,Ivan\n",
            "a.csv",
            "Не найдена строка заголовков: в первой строке должны быть названия столбцов: "
            "«Фамилия», «Имя», «E-mail», «Организация».",
        ),
        (b"whatever", "a.txt", "Загрузите файл XLSX или CSV (с расширением .xlsx или .csv)."),
        (b"whatever", "a.xls", "Загрузите файл XLSX или CSV (с расширением .xlsx или .csv)."),
    ],
    ids=[
        "empty",
        "text-as-xlsx",
        "other-zip",
        "broken-xlsx",
        "xls",
        "png-as-csv",
        "utf16",
        "binary",
        "no-headers",
        "txt",
        "xls-name",
    ],
)
def test_a_bad_file_is_refused_with_a_russian_reason_and_nothing_imported(
    db, content, filename, message
):
    users = User.objects.count()
    with pytest.raises(ImportFileError) as error:
        import_file(kind="people", file=io.BytesIO(content), filename=filename, by=None)
    assert str(error.value) == message
    assert User.objects.count() == users


def test_a_file_over_the_size_limit_is_refused(world, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    rows = [PEOPLE_HEADER] + people_rows(2, [world.school.short_name])
    content = csv_bytes(rows) + b" " * (1024 * 1024)
    with pytest.raises(ImportFileError) as error:
        import_file(kind="people", file=io.BytesIO(content), filename="a.csv", by=None)
    assert str(error.value) == "Файл больше 1,0 МБ."


def test_a_path_may_be_given_instead_of_a_file_object(world, tmp_path):
    path = tmp_path / "люди.xlsx"
    path.write_bytes(xlsx_bytes([PEOPLE_HEADER] + people_rows(2, [world.school.short_name])))
    report = import_file(kind="people", file=path, filename=path.name, by=None)
    assert report.created == 2


def test_inspecting_a_file_with_headers_only_says_there_is_nothing_to_import(db):
    with pytest.raises(ImportFileError) as error:
        inspect_file(kind="people", data=xlsx_bytes([PEOPLE_HEADER]), filename="a.xlsx")
    assert str(error.value) == "В файле есть заголовки, но нет строк для импорта."


def test_the_shipped_example_files_import_cleanly(world):
    from metodset.accounts.views.imports import EXAMPLES, EXAMPLES_DIR

    for name, kind in EXAMPLES.items():
        report = import_file(kind=kind, file=EXAMPLES_DIR / name, filename=name, by=None)
        assert report.rejected == [], name
        assert report.ignored_columns == [], name
