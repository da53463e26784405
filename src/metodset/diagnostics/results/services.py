"""Writes of children's results: tables, measurements, and the import of a file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from metodset.accounts.models import Organization, User
from metodset.diagnostics.importing import ImportReport, RowError
from metodset.diagnostics.models import (
    ResultRow,
    ResultsTable,
)
from metodset.diagnostics.results.parsing import ResultInput, norm, results_parse
from metodset.diagnostics.results.permissions import results_editable, results_is_staff


@transaction.atomic
def results_table_create(
    *,
    organization: Organization,
    group: str,
    subject: str,
    by: User | None,
    teacher: User | None = None,
    scale: str = "",
) -> ResultsTable:
    group, subject = norm(group), norm(subject)
    errors = {}
    if not group:
        errors["group"] = [_("Name the group or class.")]
    if not subject:
        errors["subject"] = [_("Name the subject or educational field.")]
    if errors:
        raise ValidationError(errors)
    existing = ResultsTable.objects.filter(
        organization=organization, group=group, subject=subject
    ).first()
    if existing is not None:
        return existing
    return ResultsTable.objects.create(
        organization=organization,
        group=group,
        subject=subject,
        teacher=teacher,
        scale=norm(scale) or "% выполнения",
        uploaded_by=by,
    )


def _row_check(area: str, value: float, children: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not area:
        errors["area"] = [_("Name the area.")]
    elif len(area) > 200:
        errors["area"] = [_("The area's name is longer than 200 characters.")]
    if not -1000 <= value <= 1000:
        errors["value"] = [_("The result must be between −1000 and 1000.")]
    if children is not None and not 0 <= children <= 1000:
        errors["children"] = [_("The number of children must be between 0 and 1000.")]
    return errors


@transaction.atomic
def result_row_save(
    *,
    table: ResultsTable,
    area: str,
    measured_on: dt.date,
    value: float,
    children: int | None = None,
) -> tuple[ResultRow, bool]:
    """Add a measurement or replace the one of the same area and date; (row, created)."""
    area = norm(area)
    errors = _row_check(area, value, children)
    if errors:
        raise ValidationError(errors)
    return ResultRow.objects.update_or_create(
        table=table,
        area=area,
        measured_on=measured_on,
        defaults={"value": float(value), "children": children},
    )


@transaction.atomic
def result_row_delete(*, row: ResultRow) -> None:
    row.delete()


@transaction.atomic
def results_save(
    *,
    organization: Organization,
    rows: Iterable[ResultInput | tuple[int, ResultInput]],
    by: User | None,
    teacher: User | None = None,
    scale: str = "",
    only_own: bool = False,
) -> ImportReport:
    """Save measurements into the organisation's tables (one per group and subject, made when
    missing); a measurement of the same table, area and date replaces the earlier value.

    ``only_own``: the uploader is a teacher — a table that is not hers (another teacher's, or
    one the methodist made without a teacher) is not touched; its rows are reported.
    Rows may come numbered: (row number, ResultInput).
    """
    report = ImportReport()
    tables: dict[tuple[str, str], ResultsTable] = {}
    for entry in rows:
        number, row = entry if isinstance(entry, tuple) else (0, entry)
        key = (norm(row.group), norm(row.subject))
        table = tables.get(key)
        if table is None:
            table = ResultsTable.objects.filter(
                organization=organization, group=key[0], subject=key[1]
            ).first()
            if table is None:
                table = results_table_create(
                    organization=organization,
                    group=key[0],
                    subject=key[1],
                    by=by,
                    teacher=teacher,
                    scale=scale,
                )
            elif teacher is not None and table.teacher_id is None and not only_own:
                table.teacher = teacher
                table.save(update_fields=["teacher"])
            tables[key] = table
            if table not in report.tables:
                report.tables.append(table)
        if only_own and teacher is not None and table.teacher_id != teacher.pk:
            report.errors.append(
                RowError(
                    number,
                    _(
                        "the table «%(group)s, %(subject)s» is not yours: ask the methodist to "
                        "assign it to you"
                    )
                    % {"group": key[0], "subject": key[1]},
                )
            )
            continue
        try:
            with transaction.atomic():
                _row, created = result_row_save(
                    table=table,
                    area=row.area,
                    measured_on=row.measured_on,
                    value=row.value,
                    children=row.children,
                )
        except ValidationError as exc:
            report.errors.append(
                RowError(number, " ".join(m for ms in exc.message_dict.values() for m in ms))
            )
            continue
        if created:
            report.added += 1
        else:
            report.updated += 1
    report.tables = [t for t in report.tables if t.rows.exists()]
    return report


@transaction.atomic
def results_import(
    *,
    organization: Organization,
    data: bytes,
    filename: str,
    by: User,
    teacher: User | None = None,
    scale: str = "",
    only_own: bool = False,
) -> ImportReport:
    """Parse a file and save its good rows; the report names every bad row with its reason."""
    good, errors = results_parse(data, filename)
    report = results_save(
        organization=organization,
        rows=good,
        by=by,
        teacher=teacher,
        scale=scale,
        only_own=only_own,
    )
    report.errors = sorted(errors + report.errors, key=lambda e: e.row)
    return report


@transaction.atomic
def results_upload(
    *,
    organization: Organization,
    data: bytes,
    filename: str,
    by: User,
    teacher: User | None,
    scale: str,
) -> ImportReport:
    """An upload of the results page: staff may name the teacher of the tables (one who works in
    the organisation); a teacher's upload is hers and touches only her tables. Raises
    ``ValidationError`` for a teacher from elsewhere, ``FileError`` for a file that cannot be read.
    """
    staff = results_is_staff(by, organization)
    teacher = teacher if staff else by
    if (
        staff
        and teacher is not None
        and not teacher.memberships.filter(organization=organization).exists()
    ):
        raise ValidationError(_("This teacher does not work in the organisation."))
    return results_import(
        organization=organization,
        data=data,
        filename=filename,
        by=by,
        teacher=teacher,
        scale=scale,
        only_own=not staff,
    )


@transaction.atomic
def results_table_start(
    *, organization: Organization, group: str, subject: str, scale: str, by: User
) -> ResultsTable:
    """A table typed in by hand, or the existing one of that group and subject if the person may
    write into it (a teacher's table is hers). Raises ``ValidationError`` otherwise."""
    staff = results_is_staff(by, organization)
    table = results_table_create(
        organization=organization,
        group=group,
        subject=subject,
        scale=scale,
        by=by,
        teacher=None if staff else by,
    )
    if not results_editable(by, table):
        raise ValidationError(
            _("The table «%(group)s, %(subject)s» already exists and belongs to another "
              "teacher.") % {"group": table.group, "subject": table.subject}
        )  # fmt: skip
    return table
