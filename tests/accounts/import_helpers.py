"""Files for import tests: XLSX and CSV built in memory from rows, and realistic people."""

from __future__ import annotations

import csv
import io

from faker import Faker
from openpyxl import Workbook

PEOPLE_HEADER = [
    "Фамилия*",
    "Имя*",
    "Отчество",
    "E-mail*",
    "Организация*",
    "Роль",
    "Должность",
    "Специализация",
    "Стаж",
    "Часовой пояс",
]
ORGANIZATION_HEADER = [
    "Полное наименование*",
    "Краткое наименование*",
    "Тип*",
    "Регион*",
    "Город*",
    "ИНН",
    "Сайт",
    "E-mail",
    "Телефон",
    "Контактное лицо",
]


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_file(rows: list[list]) -> io.BytesIO:
    return io.BytesIO(xlsx_bytes(rows))


def csv_bytes(rows: list[list], *, delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def people_rows(count: int, organizations: list[str], *, seed: int = 7) -> list[list]:
    """``count`` valid people in the given organisations, with realistic Russian names."""
    fake = Faker("ru_RU")
    fake.seed_instance(seed)
    roles = ["педагог", "", "Педагог", "методист", "эксперт", "руководитель"]
    subjects = ["математика", "русский язык", "история", "физика", "начальные классы", ""]
    rows = []
    for i in range(count):
        female = i % 3 != 0
        if female:
            last, first, middle = (
                fake.last_name_female(),
                fake.first_name_female(),
                fake.middle_name_female(),
            )
        else:
            last, first, middle = (
                fake.last_name_male(),
                fake.first_name_male(),
                fake.middle_name_male(),
            )
        rows.append(
            [
                last,
                first,
                middle if i % 10 else "",
                f"{fake.user_name()}.{i}@example.org",
                organizations[i % len(organizations)],
                roles[i % len(roles)],
                fake.job()[:200] if i % 4 else "",
                subjects[i % len(subjects)],
                i % 45 if i % 7 else "",
                "МСК+2" if i % 50 == 0 else "",
            ]
        )
    return rows
