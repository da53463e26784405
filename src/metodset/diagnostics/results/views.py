"""Pages of children's results: the tables of an organisation, one table, the import.

Objects the user may not see answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.accounts.models import Organization, User
from metodset.core.spreadsheets import xlsx_response
from metodset.diagnostics.importing import FileError, ImportReport
from metodset.diagnostics.models import (
    ResultsTable,
)
from metodset.diagnostics.results.forms import ResultRowForm, ResultsImportForm, ResultsTableForm

from . import exports, permissions, selectors, services


@login_required
def results_list(request: AuthenticatedRequest) -> HttpResponse:
    """An organisation's tables of children's results, those with falling areas first."""
    org, mode = permissions.organization_scope(
        viewer=request.user, org_id=request.GET.get("org") or request.POST.get("org")
    )
    overview = selectors.results_overview(viewer=request.user, organization=org, mode=mode)
    return render(request, "diagnostics/results_list.html", overview)


@login_required
def results_detail(request: AuthenticatedRequest, table_id: int) -> HttpResponse:
    """One table: the chart, the trends with the falling areas highlighted, all measurements;
    a form to add a measurement; ``?format=xlsx`` downloads it in the import layout."""
    table = permissions.table_for_viewer(viewer=request.user, pk=table_id)
    if request.GET.get("format") == "xlsx":
        name = f"results-{table.pk}.xlsx"
        return xlsx_response(exports.results_xlsx(table), name)
    editable = permissions.results_editable(request.user, table)
    form = ResultRowForm(request.POST or None) if editable else None
    if request.method != "POST":
        return _detail_page(request, table, form)
    if form is None:
        raise Http404
    if form.is_valid():
        try:
            _row, created = services.result_row_save(table=table, **form.cleaned_data)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("The measurement is added.") if created else _("The measurement is replaced."),
            )
            return redirect("diagnostics:results_detail", table_id=table.pk)
    return _detail_page(request, table, form, status=400)


def _detail_page(
    request: AuthenticatedRequest,
    table: ResultsTable,
    form: ResultRowForm | None,
    *,
    status: int = 200,
) -> HttpResponse:
    context = selectors.table_page(table) | {"form": form, "editable": form is not None}
    return render(request, "diagnostics/results_detail.html", context, status=status)


@login_required
@require_POST
def results_row_delete(request: AuthenticatedRequest, table_id: int, row_id: int) -> HttpResponse:
    row = permissions.row_for_editor(viewer=request.user, table_id=table_id, pk=row_id)
    services.result_row_delete(row=row)
    messages.success(request, _("The measurement is deleted."))
    return redirect("diagnostics:results_detail", table_id=table_id)


@login_required
def results_import(request: AuthenticatedRequest) -> HttpResponse:
    """Upload a file of children's results; the page also offers a table typed in by hand
    (``results_table_create``)."""
    organizations = permissions.organizations_for_uploader(viewer=request.user)
    if request.GET.get("format") == "template":
        return xlsx_response(exports.results_template_xlsx(), "children-results.xlsx")
    teachers = selectors.teachers_assignable(viewer=request.user, organizations=organizations)
    if request.method != "POST":
        return _import_page(request, organizations, teachers)
    form = ResultsImportForm(
        request.POST, request.FILES, organizations=organizations, teachers=teachers
    )
    report = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = services.results_upload(
                organization=data["organization"],
                data=data["file"].read(),
                filename=data["file"].name,
                by=request.user,
                teacher=data.get("teacher"),
                scale=data["scale"],
            )
        except FileError as exc:
            form.add_error("file", str(exc))
        except ValidationError as exc:
            form.add_error("teacher", exc.messages)
    status = 400 if form.errors else 200
    return _import_page(
        request, organizations, teachers, import_form=form, report=report, status=status
    )


@login_required
@require_POST
def results_table_create(request: AuthenticatedRequest) -> HttpResponse:
    """A table typed in by hand: made (or the person's existing one), then its page."""
    organizations = permissions.organizations_for_uploader(viewer=request.user)
    form = ResultsTableForm(request.POST, organizations=organizations)
    if form.is_valid():
        data = form.cleaned_data
        try:
            table = services.results_table_start(
                organization=data["organization"],
                group=data["group"],
                subject=data["subject"],
                scale=data["scale"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return redirect("diagnostics:results_detail", table_id=table.pk)
    teachers = selectors.teachers_assignable(viewer=request.user, organizations=organizations)
    return _import_page(request, organizations, teachers, table_form=form, status=400)


def _import_page(
    request: AuthenticatedRequest,
    organizations: QuerySet[Organization],
    teachers: QuerySet[User] | None,
    *,
    import_form: ResultsImportForm | None = None,
    table_form: ResultsTableForm | None = None,
    report: ImportReport | None = None,
    status: int = 200,
) -> HttpResponse:
    """The import page with both forms, the one that was sent bound."""
    return render(
        request,
        "diagnostics/results_import.html",
        {
            "import_form": import_form
            or ResultsImportForm(organizations=organizations, teachers=teachers),
            "table_form": table_form or ResultsTableForm(organizations=organizations),
            "report": report,
        },
        status=status,
    )
