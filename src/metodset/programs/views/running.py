"""Running a programme: the final case, completion and the dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl.styles import Font

from metodset.accounts.http import AuthenticatedRequest
from metodset.core.spreadsheets import workbook, xlsx_response
from metodset.library.selectors import collection_items

from .. import permissions, selectors, services
from ..forms import MaterialForm
from ..models import (
    ProgramMember,
)
from ..services import completion as completion_service
from . import files

Role = ProgramMember.Role


# --- the final case -------------------------------------------------------------------------


@login_required
def final_case(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    """The case's materials, and a new one added (a link or a file) on POST."""
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.final_case_material_add(program=program, by=request.user, **form.cleaned_data)
        messages.success(request, _("The material is added to the case."))
        return redirect("programs:final_case", program_id=program.pk)
    collection = program.final_case
    return render(
        request,
        "programs/final_case.html",
        {
            "program": program,
            "items": files.with_file_urls(program, list(collection_items(collection=collection)))
            if collection
            else [],
            "form": form,
            "products": selectors.accepted_team_products(program=program),
        },
    )


@login_required
@require_POST
def final_case_show(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    services.final_case_show(program=program, shown=request.POST.get("published") == "1")
    messages.success(
        request,
        _("Interns see the case now.")
        if program.final_case_published
        else _("The case is hidden from interns."),
    )
    return redirect("programs:final_case", program_id=program.pk)


@login_required
@require_POST
def final_case_remove(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program, material = permissions.final_case_material_for_coordinator(
        viewer=request.user, program_id=program_id, pk=request.POST.get("material")
    )
    services.final_case_material_remove(program=program, material=material)
    return redirect("programs:final_case", program_id=program.pk)


# --- completion -----------------------------------------------------------------------------


@login_required
def completion(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    rows = completion_service.completion(program=program)
    if request.GET.get("format") == "xlsx":
        return _completion_xlsx(program, rows)
    return render(
        request,
        "programs/completion.html",
        {
            "program": program,
            "rows": rows,
            "rules": list(program.rules.order_by("pk")),
            "eligible": sum(1 for r in rows if r.eligible),
            "not_yet": completion_service.completion_not_yet(
                program=program, time_zone=request.user.time_zone
            ),
        },
    )


def _completion_xlsx(program, rows) -> HttpResponse:
    book = workbook()
    sheet = book.active
    sheet.title = _("Completion")[:31]
    sheet.append([program.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    header = [
        _("Last name, first name, patronymic"),
        _("E-mail"),
        _("Team"),
        _("Completed"),
        _("What is missing"),
    ]
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [
                row.user.get_full_name(),
                row.user.email,
                row.team.label if row.team else "",
                _("yes") if row.eligible else _("no"),
                "; ".join(row.missing),
            ]
        )
    for column, width in zip("ABCDE", (36, 30, 24, 12, 70), strict=True):
        sheet.column_dimensions[column].width = width
    return xlsx_response(book, f"completion-{program.pk}.xlsx")


# --- the dashboard --------------------------------------------------------------------------


@login_required
def dashboard(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    """The programme at a glance: the funnel, teams' work, attendance, answers, completion."""
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    return render(request, "programs/dashboard.html", selectors.dashboard(program=program))
