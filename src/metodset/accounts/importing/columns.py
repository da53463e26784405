"""The columns of the import files and how headers written by people are recognised.

Headers are matched ignoring case, spaces, punctuation, ё/е and a trailing «*», so
«E-mail*», «Email» and «Электронная почта» all name the e-mail column. The same list
feeds the column reference on the upload page and the example files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .report import ImportFileError
from .values import fold

PEOPLE = "people"
ORGANIZATIONS = "organizations"
KINDS = (PEOPLE, ORGANIZATIONS)

_EMAIL_ALIASES = (
    "Email",
    "Электронная почта",
    "Эл. почта",
    "Эл почта",
    "Почта",
    "Адрес электронной почты",
    "Электронный адрес",
)


@dataclass(frozen=True)
class Column:
    field: str
    title: str  # the header in the example files and the column reference
    required: bool
    help: Promise
    example: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def keys(self) -> set[str]:
        return {fold(self.title), *(fold(a) for a in self.aliases)}


PEOPLE_COLUMNS = (
    Column("last_name", "Фамилия", True, _("Required."), "Иванова"),
    Column("first_name", "Имя", True, _("Required."), "Мария"),
    Column("middle_name", "Отчество", False, _("If the person has one."), "Петровна"),
    Column(
        "full_name",
        "ФИО",
        False,
        _("Instead of the three columns above: «Фамилия Имя Отчество» in one cell."),
        "",
        ("Ф.И.О.", "Фамилия Имя Отчество", "Фамилия, имя, отчество"),
    ),
    Column(
        "email",
        "E-mail",
        True,
        _(
            "Required; the person logs in with it. A person already on the platform is "
            "recognised by it, so importing again updates them instead of adding a copy."
        ),
        "ivanova@school161.ru",
        _EMAIL_ALIASES,
    ),
    Column(
        "organization",
        "Организация",
        True,
        _(
            "Required: the short or full name of an organisation already on the platform, "
            "or its INN. May be left out when a default organisation is chosen on upload."
        ),
        "МБОУ «СОШ № 161»",
        ("Образовательная организация", "Место работы", "Учреждение", "ОО"),
    ),
    Column(
        "role",
        "Роль",
        False,
        _("педагог (when empty), руководитель, методист or эксперт."),
        "педагог",
        ("Роль в организации",),
    ),
    Column("position", "Должность", False, _("Up to 200 characters."), "учитель математики"),
    Column(
        "specialisation",
        "Специализация",
        False,
        _("Subject or area, up to 200 characters."),
        "математика",
        ("Предмет", "Преподаваемый предмет", "Специальность"),
    ),
    Column(
        "experience",
        "Стаж",
        False,
        _("Teaching experience in whole years, 0 to 70."),
        "12",
        ("Стаж лет", "Педагогический стаж", "Стаж работы", "Педстаж"),
    ),
    Column(
        "time_zone",
        "Часовой пояс",
        False,
        _("E.g. МСК+2, UTC+5 or Екатеринбург; when empty, the zone of the organisation's region."),
        "МСК+2",
    ),
)

ORGANIZATION_COLUMNS = (
    Column(
        "name",
        "Полное наименование",
        True,
        _("Required. Without an INN, an organisation is recognised by its full name and region."),
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 161»",
        (
            "Наименование",
            "Полное название",
            "Название",
            "Наименование организации",
            "Полное наименование организации",
        ),
    ),
    Column(
        "short_name",
        "Краткое наименование",
        True,
        _("Required."),
        "МБОУ «СОШ № 161»",
        ("Сокращённое наименование", "Краткое название", "Короткое название"),
    ),
    Column(
        "kind",
        "Тип",
        True,
        _(
            "Required: школа, детский сад, колледж, методический центр or институт развития "
            "образования; СОШ, гимназия, лицей, ДОУ, МБДОУ, техникум, ИМЦ, ИРО are recognised."
        ),
        "школа",
        ("Вид", "Тип организации", "Вид организации"),
    ),
    Column(
        "region",
        "Регион",
        True,
        _("Required. A region not yet on the platform is created."),
        "Калининградская область",
        ("Субъект РФ", "Субъект"),
    ),
    Column(
        "city",
        "Город",
        True,
        _("Required."),
        "Калининград",
        ("Населённый пункт", "Нас. пункт", "Муниципалитет"),
    ),
    Column(
        "inn",
        "ИНН",
        False,
        _(
            "10 or 12 digits with valid check digits. An organisation with an INN is "
            "recognised by it."
        ),
        "3906970638",
    ),
    Column(
        "website",
        "Сайт",
        False,
        _("Address of the official website."),
        "https://school161.ru",
        ("Веб-сайт", "Адрес сайта", "Официальный сайт"),
    ),
    Column(
        "email",
        "E-mail",
        False,
        _("The organisation's e-mail."),
        "school161@mail.ru",
        _EMAIL_ALIASES,
    ),
    Column("phone", "Телефон", False, _("Up to 50 characters."), "+7 4012 00-00-00"),
    Column(
        "contact_person",
        "Контактное лицо",
        False,
        _("Up to 200 characters."),
        "Смирнова Ольга Ивановна",
    ),
    Column(
        "time_zone",
        "Часовой пояс",
        False,
        _(
            "Only for a region that is new: its time zone (when empty, it is found from the "
            "region's name, or Moscow time)."
        ),
        "МСК-1",
    ),
)

COLUMNS = {PEOPLE: PEOPLE_COLUMNS, ORGANIZATIONS: ORGANIZATION_COLUMNS}


def column(kind: str, field_name: str) -> Column:
    return next(c for c in COLUMNS[kind] if c.field == field_name)


@dataclass
class ColumnMap:
    """Where each known column is in a file, and the headers that were not recognised."""

    positions: dict[str, int] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.positions)


def match_headers(kind: str, headers: list[str]) -> ColumnMap:
    by_key = {key: c.field for c in COLUMNS[kind] for key in c.keys}
    result = ColumnMap()
    for position, header in enumerate(headers):
        if not header:
            continue
        found = by_key.get(fold(header))
        if found is None or found in result.positions:
            result.ignored.append(header)
        else:
            result.positions[found] = position
    return result


def check_required(kind: str, columns: ColumnMap, *, default_organization: bool) -> None:
    """Raise ``ImportFileError`` naming the required columns the file lacks."""
    present = set(columns.positions)
    missing = []
    for c in COLUMNS[kind]:
        if not c.required or c.field in present:
            continue
        if c.field in ("last_name", "first_name") and "full_name" in present:
            continue
        if c.field == "organization" and default_organization:
            continue
        missing.append(f"«{c.title}»")
    if missing:
        raise ImportFileError(
            gettext("Required columns are missing from the file: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
