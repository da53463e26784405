"""Spreadsheets of events: the attendance list."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from metodset.core.spreadsheets import SafeWorkbook, workbook

from .models import Event, Registration


def attendance_workbook(*, event: Event, registrations: Iterable[Registration]) -> SafeWorkbook:
    """One row per registered or waiting person: name, organisation, position, status, present."""
    book = workbook()
    sheet = book.active
    sheet.title = _("Attendance")[:31]
    sheet.append([event.title])
    sheet.append(
        [
            f"{timezone.localtime(event.starts_at):%d.%m.%Y %H:%M} "
            f"({timezone.get_current_timezone_name()}) · {event.organizer.short_name}"
        ]
    )
    sheet.append([])
    header = [
        _("No."),
        _("Last name, first name, patronymic"),
        _("E-mail"),
        _("Organisation"),
        _("Position"),
        _("Status"),
        _("Present"),
        _("Checked in at"),
    ]
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=13)
    for n, registration in enumerate(registrations, start=1):
        user = registration.user
        organizations = ", ".join(
            # Prefetch(to_attr=...) in selectors.attendance: untyped on the rows (a stub gap).
            dict.fromkeys(m.organization.short_name for m in user.org_memberships)  # type: ignore[attr-defined]
        )
        attended = registration.attended_at
        sheet.append(
            [
                n,
                user.get_full_name(),
                user.email,
                organizations,
                user.position,
                str(registration.get_status_display()),
                _("yes") if attended else _("no"),
                timezone.localtime(attended).replace(tzinfo=None) if attended else None,
            ]
        )
    widths = [5, 36, 30, 30, 28, 20, 12, 18]
    for column, width in zip("ABCDEFGH", widths, strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=5, min_col=8, max_col=8):
        for cell in row:
            cell.number_format = "DD.MM.YYYY HH:MM"
    return book
