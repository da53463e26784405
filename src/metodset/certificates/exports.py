"""The registry as XLSX: the regional layout, and the columns of the ФИС ФРДО upload."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from metodset.accounts.names import gender_of
from metodset.core.spreadsheets import SafeWorkbook, workbook, xlsx_response

from . import services
from .models import Certificate, Kind

DATE = "DD.MM.YYYY"


def _book(
    title: str, header: list[str], rows: Iterable[Sequence[object]], dates: set[int]
) -> SafeWorkbook:
    book = workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(row)
    for column in dates:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = DATE
    for column, width in enumerate([max(12, min(50, len(h) + 4)) for h in header], start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width
    return book


def _rows(certificates: QuerySet[Certificate]) -> Iterable[Certificate]:
    return certificates.select_related(None).iterator(chunk_size=2000)


def registry_xlsx(certificates: QuerySet[Certificate]) -> HttpResponse:
    """Full name, date of birth, number, dates, programme, hours, organisation, status."""
    header = [
        _("Registration number"),
        _("Document"),
        _("Last name"),
        _("First name"),
        _("Patronymic"),
        _("Date of birth"),
        _("Place of work"),
        _("Position"),
        _("Programme or event"),
        _("Hours"),
        _("From"),
        _("To"),
        _("Date of issue"),
        _("Issued by"),
        _("Status"),
        _("Verification page"),
    ]
    rows = (
        [
            c.number,
            c.get_kind_display(),
            c.last_name,
            c.first_name,
            c.middle_name,
            c.birth_date,
            c.workplace,
            c.position,
            c.title,
            float(c.hours),
            c.starts_on,
            c.ends_on,
            c.issued_on,
            c.issuer_name,
            c.get_status_display(),
            services.verify_url(c.code),
        ]
        for c in _rows(certificates)
    )
    book = _book(_("Certificates"), header, rows, dates={6, 11, 12, 13})
    return xlsx_response(book, f"certificates-{timezone.localdate():%Y-%m-%d}.xlsx")


def frdo_xlsx(certificates: QuerySet[Certificate]) -> HttpResponse:
    """Legal certificates (удостоверения) in the column order of the ФИС ФРДО upload for ДПО.

    Only what the platform knows is filled in; the rest (СНИЛС, previous diploma, citizenship,
    source of funding) is left for the issuer to complete before the upload.
    """
    header = [
        "Вид документа",
        "Статус документа",
        "Подтверждение утраты",
        "Подтверждение обмена",
        "Подтверждение уничтожения",
        "Серия документа",
        "Номер документа",
        "Дата выдачи",
        "Регистрационный номер",
        "Тип ДПП",
        "Наименование ДПП",
        "Область профессиональной деятельности",
        "УГС",
        "Наименование квалификации",
        "Уровень образования ВО/СПО",
        "Фамилия, указанная в дипломе ВО/СПО",
        "Серия диплома ВО/СПО",
        "Номер диплома ВО/СПО",
        "Год начала обучения",
        "Год окончания обучения",
        "Срок обучения, часов",
        "Фамилия получателя",
        "Имя получателя",
        "Отчество получателя",
        "Дата рождения получателя",
        "Пол получателя",
        "СНИЛС",
        "Форма обучения",
        "Источник финансирования обучения",
        "Форма получения образования на момент начала обучения",
        "Гражданство получателя (код страны по ОКСМ)",
    ]
    statuses: dict[str, str] = {
        Certificate.Status.VALID: "Оригинал",
        Certificate.Status.REPLACED: "Оригинал",
        Certificate.Status.REVOKED: "Аннулирован",
    }
    genders = {"female": "Жен", "male": "Муж"}
    rows = (
        [
            "Удостоверение о повышении квалификации",
            statuses.get(c.status, ""),
            "",
            "",
            "",
            "",
            c.number,
            c.issued_on,
            c.number,
            "Повышение квалификации",
            c.title,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            c.starts_on.year if c.starts_on else c.issued_on.year,
            c.ends_on.year if c.ends_on else c.issued_on.year,
            float(c.hours),
            c.last_name,
            c.first_name,
            c.middle_name,
            c.birth_date,
            genders.get(gender_of(first_name=c.first_name, middle_name=c.middle_name) or "", ""),
            "",
            "",
            "",
            "",
            "",
        ]
        for c in _rows(certificates.filter(kind=Kind.QUALIFICATION))
    )
    book = _book("ФИС ФРДО", header, rows, dates={8, 25})
    return xlsx_response(book, f"frdo-{timezone.localdate():%Y-%m-%d}.xlsx")
