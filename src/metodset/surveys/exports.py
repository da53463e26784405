"""The XLSX export of a questionnaire's responses, built in the background.

30,000 responses take several seconds, so the page asks for an export, a task builds it in
openpyxl's write-only mode chunk by chunk (the page shows the progress) and the file waits
in the media storage until the next export replaces it.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metodset.accounts.models import User
from metodset.accounts.timezones import DEFAULT_TIME_ZONE, zone_label
from metodset.core.spreadsheets import SafeWorkbook, cell, workbook, xlsx_bytes

from . import results, selectors
from .models import NO, YES, Answer, Question, Questionnaire, Response, ResultsExport

Kind = Question.Kind
CHUNK = 2000
Status = ResultsExport.Status


@transaction.atomic
def export_create(*, questionnaire: Questionnaire, by: User, language: str) -> ResultsExport:
    """Ask for a new export; the user's earlier exports of this questionnaire are dropped."""
    from .tasks import build_export

    for old in ResultsExport.objects.filter(questionnaire=questionnaire, requested_by=by):
        if old.file:
            old.file.delete(save=False)
        old.delete()
    export = ResultsExport.objects.create(
        questionnaire=questionnaire,
        requested_by=by,
        language=language,
        total=questionnaire.responses.count(),
    )
    transaction.on_commit(lambda: build_export.enqueue(export_id=export.pk))
    return export


def export_run(*, export_id: int) -> None:
    """Build the file. Safe to run twice: a finished export is left alone."""
    export = (
        ResultsExport.objects.select_related("questionnaire", "requested_by")
        .filter(pk=export_id)
        .first()
    )
    if export is None or export.status == Status.DONE:
        return
    ResultsExport.objects.filter(pk=export.pk).update(status=Status.RUNNING, done=0)
    zone = export.requested_by.time_zone if export.requested_by else DEFAULT_TIME_ZONE
    try:
        with translation.override(export.language or settings.LANGUAGE_CODE):
            content = workbook_bytes(
                questionnaire=export.questionnaire,
                time_zone=zone,
                progress=lambda done: ResultsExport.objects.filter(pk=export.pk).update(done=done),
            )
    except Exception as exc:
        ResultsExport.objects.filter(pk=export.pk).update(
            status=Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    export.file.save("export.xlsx", ContentFile(content), save=False)
    ResultsExport.objects.filter(pk=export.pk).update(
        status=Status.DONE,
        file=export.file.name,
        done=export.total,
        finished_at=timezone.now(),
    )


def download_name(export: ResultsExport) -> str:
    """«Анкета — Рефлексия участника… — 2026-11-24.xlsx», safe for every system."""
    title = re.sub(r'[\\/:*?"<>|\n\r\t]+', " ", export.questionnaire.title).strip()[:80]
    day = timezone.localdate(export.created_at).isoformat()
    return f"{title} — {day}.xlsx"


# --- the workbook ------------------------------------------------------------------------


def _cell(sheet: Any, value: Any, *, bold: bool = False) -> Any:
    return cell(sheet, value, bold=bold, wrap=bold)


def _columns(questions: list[Question]) -> list[tuple[Question, int | None, str]]:
    """(question, matrix row, header) for each column: a matrix has a column per row."""
    columns: list[tuple[Question, int | None, str]] = []
    for q in questions:
        title = f"{q.number}. {q.text}"  # type: ignore[attr-defined]
        if q.kind == Kind.MATRIX:
            columns += [(q, i, f"{title} — {row}") for i, row in enumerate(q.rows)]
        else:
            columns.append((q, None, title))
    return columns


def _value(question: Question, choice: int | None, number: Decimal | None, text: str) -> Any:
    if choice is not None:
        if question.kind == Kind.YES_NO:
            return _("Yes") if choice == YES else _("No") if choice == NO else ""
        labels = question.options
        return labels[choice] if 0 <= choice < len(labels) else ""
    if number is not None:
        return int(number) if number == number.to_integral_value() else float(number)
    return text


def _response_rows(
    questionnaire: Questionnaire,
    columns: list[tuple[Question, int | None, str]],
    zone: zoneinfo.ZoneInfo,
    progress: Any,
) -> Iterator[list[Any]]:
    named = not questionnaire.anonymous
    index = {(q.pk, row): i for i, (q, row, _h) in enumerate(columns)}
    questions = {q.pk: q for q, _r, _h in columns}
    channels = dict(Response.Channel.choices)
    fields = ["pk", "submitted_at", "channel"]
    if named:
        fields += ["user__last_name", "user__first_name", "user__middle_name", "user__email"]
    responses = Response.objects.filter(questionnaire=questionnaire).order_by("pk")
    last, number = 0, 0
    while True:
        chunk = list(responses.filter(pk__gt=last).values_list(*fields)[:CHUNK])
        if not chunk:
            return
        first, last = chunk[0][0], chunk[-1][0]
        cells: dict[int, list[list[Any]]] = {row[0]: [[] for _c in columns] for row in chunk}
        answers = (
            Answer.objects.filter(
                response_id__gte=first, response_id__lte=last, question_id__in=list(questions)
            )
            .order_by("response_id", "question_id", "row_index", "choice_index")
            .values_list(
                "response_id", "question_id", "row_index", "choice_index", "number", "text"
            )
        )
        for response_id, question_id, row, choice, value, text in answers.iterator(chunk_size=5000):
            slot = cells.get(response_id)
            if slot is None:
                continue
            slot[index[(question_id, row)]].append(
                _value(questions[question_id], choice, value, text)
            )
        for response in chunk:
            number += 1
            submitted = timezone.localtime(response[1], zone).replace(tzinfo=None)
            head: list[Any] = [
                number,
                submitted if named else submitted.date(),
                str(channels.get(response[2], response[2])),
            ]
            if named:
                name = " ".join(p for p in response[3:6] if p)
                head += [name, response[6] or ""]
            values = [
                "; ".join(str(v) for v in slot) if len(slot) > 1 else (slot[0] if slot else None)
                for slot in cells[response[0]]
            ]
            yield head + values
        progress(number)


def workbook_bytes(
    *, questionnaire: Questionnaire, time_zone: str = DEFAULT_TIME_ZONE, progress: Any = None
) -> bytes:
    """The responses (one row each) and the summary, as an XLSX file."""
    progress = progress or (lambda done: None)
    zone = zoneinfo.ZoneInfo(time_zone)
    questions = selectors.ordered_questions(questionnaire=questionnaire)
    columns = _columns(questions)
    book = workbook(write_only=True)

    sheet = book.create_sheet(_("Responses")[:31])
    sheet.freeze_panes = "A2"
    named = not questionnaire.anonymous
    when = _("Answered at") if named else _("Date of the answer")
    header = ["№", f"{when}, {zone_label(time_zone)}", _("Channel")]
    if named:
        header += [_("Participant"), _("E-mail")]
    header += [title for _q, _r, title in columns]
    widths = [6, 22, 18] + ([32, 28] if named else []) + [28] * len(columns)
    for i, width in enumerate(widths):
        sheet.column_dimensions[_letter(i)].width = width
    sheet.append([_cell(sheet, h, bold=True) for h in header])
    for row in _response_rows(questionnaire, columns, zone, progress):
        sheet.append(row)

    _summary_sheet(book, questionnaire)
    return xlsx_bytes(book)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _summary_sheet(book: SafeWorkbook, questionnaire: Questionnaire) -> None:
    summary = results.summary(questionnaire=questionnaire)
    sheet = book.create_sheet(_("Summary")[:31])
    for i, width in enumerate([6, 60, 40, 12, 10]):
        sheet.column_dimensions[_letter(i)].width = width
    sheet.append([_cell(sheet, questionnaire.title, bold=True)])
    sheet.append(
        [
            _cell(sheet, _("Responses")),
            summary.responses,
            _cell(sheet, _("Invited")),
            summary.invited,
            _cell(sheet, _("Answered")),
            summary.answered,
        ]
    )
    sheet.append([])
    sheet.append(
        [
            _cell(sheet, h, bold=True)
            for h in ("№", _("Question"), _("Option or value"), _("Answers"), "%")
        ]
    )
    for r in summary.questions:
        sheet.append([r.number, _cell(sheet, r.question.text), None, r.respondents])
        for bar in r.bars:
            sheet.append([None, None, _cell(sheet, bar.label), bar.count, round(bar.percent, 1)])
        if r.mean is not None:
            sheet.append([None, None, _cell(sheet, _("Mean")), round(r.mean, 2)])
        for row in r.rows:
            mean = f" ({_('mean')} {row.mean:.2f})" if row.mean is not None else ""
            sheet.append([None, _cell(sheet, f"{row.label}{mean}")])
            for bar in row.bars:
                sheet.append(
                    [None, None, _cell(sheet, bar.label), bar.count, round(bar.percent, 1)]
                )
