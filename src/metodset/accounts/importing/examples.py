"""The example files offered on the upload page (``accounts/data/import_*_example.*``).

They are generated from the column list, so they always match it:
``python -c "from metodset.accounts.importing.examples import write_examples; write_examples()"``
(with Django set up). The people example names organisations of the demo network.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.utils import translation

from .columns import COLUMNS, ORGANIZATIONS, PEOPLE

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

PEOPLE_ROWS = [
    [
        "Иванова",
        "Мария",
        "Петровна",
        "ivanova.mp@example.ru",
        "МБОУ «СОШ № 161»",
        "педагог",
        "учитель математики",
        "математика",
        12,
        "",
    ],
    [
        "Смирнов",
        "Алексей",
        "Викторович",
        "smirnov.av@example.ru",
        "МБОУ «СОШ № 161»",
        "методист",
        "заместитель директора по УВР",
        "физика",
        21,
        "",
    ],
    [
        "Кузнецова",
        "Ольга",
        "Николаевна",
        "kuznetsova.on@example.ru",
        "МОУ «Гимназия № 53»",
        "педагог",
        "учитель начальных классов",
        "начальное общее образование",
        7,
        "МСК+2",
    ],
    [
        "Попов",
        "Дмитрий",
        "",
        "popov.d@example.ru",
        "МОУ «Гимназия № 53»",
        "эксперт",
        "учитель истории",
        "история и обществознание",
        30,
        "",
    ],
    [
        "Васильева",
        "Анна",
        "Сергеевна",
        "vasilyeva.as@example.ru",
        "МБОУ «СОШ № 161»",
        "",
        "педагог-психолог",
        "",
        3,
        "",
    ],
]
ORGANIZATION_ROWS = [
    [
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
        "школа № 8»",
        "МБОУ «СОШ № 8»",
        "школа",
        "Калининградская область",
        "Калининград",
        "3906021446",
        "https://school8.example.ru",
        "school8@example.ru",
        "+7 4012 00-00-08",
        "Орлова Светлана Юрьевна",
        "",
    ],
    [
        "Муниципальное автономное дошкольное образовательное учреждение «Детский сад № 21 "
        "„Радуга“»",
        "МАДОУ «Детский сад № 21»",
        "МАДОУ",
        "Калининградская область",
        "Калининград",
        "3906021453",
        "",
        "ds21@example.ru",
        "",
        "",
        "",
    ],
    [
        "Государственное бюджетное профессиональное образовательное учреждение «Омский "
        "педагогический колледж № 1»",
        "ГБПОУ «ОПК № 1»",
        "колледж",
        "Омская область",
        "Омск",
        "5504037383",
        "https://opk1.example.ru",
        "",
        "+7 3812 00-00-01",
        "",
        "",
    ],
    [
        "Муниципальное казённое учреждение «Информационно-методический центр»",
        "МКУ «ИМЦ»",
        "методический центр",
        "Камчатский край",
        "Петропавловск-Камчатский",
        "",
        "",
        "",
        "",
        "",
        "МСК+9",
    ],
]


def headers(kind: str) -> list[str]:
    return [f"{c.title}*" if c.required else c.title for c in _shown(kind)]


def _shown(kind: str):
    return [c for c in COLUMNS[kind] if c.field != "full_name"]


def xlsx_bytes(kind: str, rows: list[list]) -> bytes:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from metodset.core import spreadsheets

    workbook = spreadsheets.workbook()
    sheet = workbook.active
    sheet.title = "Люди" if kind == PEOPLE else "Организации"
    sheet.append(headers(kind))
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, title in enumerate(headers(kind), start=1):
        width = max(len(title), *(len(str(r[index - 1])) for r in rows)) + 2
        sheet.column_dimensions[get_column_letter(index)].width = min(width, 60)

    reference = workbook.create_sheet("Справка")
    reference.append(["Столбец", "Обязательный", "Что писать", "Также называется"])
    with translation.override("ru"):
        for c in COLUMNS[kind]:
            reference.append(
                [c.title, "да" if c.required else "", str(c.help), ", ".join(c.aliases)]
            )
    for cell in reference[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCD", (22, 14, 90, 50), strict=True):
        reference.column_dimensions[letter].width = width
    workbook.active = 0
    return spreadsheets.xlsx_bytes(workbook)


def csv_bytes(kind: str, rows: list[list]) -> bytes:
    """«;»-separated UTF-8 with BOM: what Russian Excel opens without questions."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers(kind))
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def write_examples(directory: Path = DATA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    files = {
        "import_people_example.xlsx": xlsx_bytes(PEOPLE, PEOPLE_ROWS),
        "import_people_example.csv": csv_bytes(PEOPLE, PEOPLE_ROWS),
        "import_organizations_example.xlsx": xlsx_bytes(ORGANIZATIONS, ORGANIZATION_ROWS),
        "import_organizations_example.csv": csv_bytes(ORGANIZATIONS, ORGANIZATION_ROWS),
    }
    written = []
    for name, content in files.items():
        path = directory / name
        path.write_bytes(content)
        written.append(path)
    return written
