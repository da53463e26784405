"""Pages of children's results: the tables of an organisation, one table, the import.

Objects the user may not see answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts import permissions as roles
from metodset.accounts.models import Membership, Organization, User
from metodset.core.spreadsheets import xlsx_response
from metodset.diagnostics.importing import FileError
from metodset.diagnostics.models import (
    ResultRow,
    ResultsTable,
)
from metodset.diagnostics.results.forms import ResultRowForm, ResultsImportForm, ResultsTableForm
from metodset.diagnostics.results.selectors import trends_chart

from . import exports, permissions, selectors, services
from .trends import fall_points_for


def _org_scope(request: HttpRequest) -> tuple[Organization, str]:
    """The organisation of the results pages and how much the user sees of it:
    "full" (its staff), "own" (a teacher: her own tables) or "aggregate" (network staff)."""
    user = request.user
    uploadable = permissions.results_upload_organizations(user)
    aggregate = permissions.results_aggregate_organization_ids(user)
    org_id = request.GET.get("org") or request.POST.get("org")
    if org_id:
        if not str(org_id).isdigit():
            raise Http404
        org = Organization.objects.filter(pk=int(org_id)).first()
    else:
        staff = roles.staff_organization_ids(user)
        org = (
            uploadable.filter(pk__in=staff).order_by("pk").first()
            or uploadable.order_by("pk").first()
        )
        if org is None and aggregate:
            org = Organization.objects.filter(pk__in=aggregate).order_by("short_name", "pk").first()
    if org is None:
        raise Http404
    if permissions.results_is_staff(user, org):
        return org, "full"
    if uploadable.filter(pk=org.pk).exists():
        return org, "own"
    if org.pk in aggregate:
        return org, "aggregate"
    raise Http404


@login_required
def results_list(request: HttpRequest) -> HttpResponse:
    """An organisation's tables of children's results, those with falling areas first."""
    org, mode = _org_scope(request)
    mine = set(permissions.results_upload_organizations(request.user).values_list("pk", flat=True))
    mine |= permissions.results_aggregate_organization_ids(request.user)
    others = (
        Organization.objects.filter(pk__in=mine).exclude(pk=org.pk).order_by("short_name", "name")
    )
    context = {"organization": org, "mode": mode, "others": others}
    if mode == "aggregate":
        context["aggregate"] = selectors.organization_aggregate(org)
    else:
        tables = ResultsTable.objects.filter(organization=org)
        if mode == "own":
            tables = tables.filter(teacher=request.user)
        summaries = selectors.tables_summary(tables)
        context["summaries"] = summaries
        context["falling"] = [s for s in summaries if s.falling]
    return render(request, "diagnostics/results_list.html", context)


def _table(request: HttpRequest, table_id: int) -> ResultsTable:
    table = (
        permissions.results_tables_visible(request.user)
        .select_related("organization", "teacher")
        .filter(pk=table_id)
        .first()
    )
    if table is None:
        raise Http404
    return table


@login_required
def results_detail(request: HttpRequest, table_id: int) -> HttpResponse:
    """One table: the chart, the trends with the falling areas highlighted, all measurements;
    a form to add a measurement; ``?format=xlsx`` downloads it in the import layout."""
    table = _table(request, table_id)
    if request.GET.get("format") == "xlsx":
        name = f"results-{table.pk}.xlsx"
        return xlsx_response(exports.results_xlsx(table), name)
    editable = permissions.results_editable(request.user, table)
    form = ResultRowForm(request.POST or None) if editable else None
    status = 200
    if request.method == "POST":
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
                    _("The measurement is added.")
                    if created
                    else _("The measurement is replaced."),
                )
                return redirect("diagnostics:results_detail", table_id=table.pk)
        status = 400
    trends = selectors.table_trends(table)
    return render(
        request,
        "diagnostics/results_detail.html",
        {
            "table": table,
            "trends": trends,
            "falling": [t for t in trends if t.falling],
            "rows": table.rows.order_by("area", "measured_on"),
            "chart": trends_chart(trends),
            "form": form,
            "editable": editable,
            "fall_points": fall_points_for(p.value for t in trends for p in t.points),
        },
        status=status,
    )


@login_required
@require_POST
def results_row_delete(request: HttpRequest, table_id: int, row_id: int) -> HttpResponse:
    table = _table(request, table_id)
    if not permissions.results_editable(request.user, table):
        raise Http404
    row = ResultRow.objects.filter(table=table, pk=row_id).first()
    if row is None:
        raise Http404
    services.result_row_delete(row=row)
    messages.success(request, _("The measurement is deleted."))
    return redirect("diagnostics:results_detail", table_id=table.pk)


def _teachers(request: HttpRequest, organizations) -> object:
    """Teachers a staff member may assign a table to; None for a teacher (she is the teacher)."""
    staff = roles.staff_organization_ids(request.user)
    if not (request.user.is_superuser or staff):
        return None
    org_ids = list(organizations.values_list("pk", flat=True))
    return (
        User.objects.filter(
            memberships__organization_id__in=org_ids, memberships__role=Membership.Role.TEACHER
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


@login_required
def results_import(request: HttpRequest) -> HttpResponse:
    """Upload a file of children's results, or start a table typed in by hand."""
    organizations = permissions.results_upload_organizations(request.user)
    if not organizations.exists():
        raise Http404
    if request.GET.get("format") == "template":
        return xlsx_response(exports.results_template_xlsx(), "children-results.xlsx")
    action = request.POST.get("action", "import") if request.method == "POST" else ""
    teachers = _teachers(request, organizations)
    import_form = ResultsImportForm(
        request.POST if action == "import" else None,
        request.FILES if action == "import" else None,
        organizations=organizations,
        teachers=teachers,
    )
    table_form = ResultsTableForm(
        request.POST if action == "table" else None, organizations=organizations
    )
    report = None
    status = 200
    if action == "import":
        if import_form.is_valid():
            data = import_form.cleaned_data
            org = data["organization"]
            staff = permissions.results_is_staff(request.user, org)
            teacher = data.get("teacher") if staff else request.user
            if (
                staff
                and teacher is not None
                and not teacher.memberships.filter(organization=org).exists()
            ):
                import_form.add_error(
                    "teacher", _("This teacher does not work in the organisation.")
                )
            else:
                upload = data["file"]
                try:
                    report = services.results_import(
                        organization=org,
                        data=upload.read(),
                        filename=upload.name,
                        by=request.user,
                        teacher=teacher,
                        scale=data["scale"],
                        only_own=not staff,
                    )
                except FileError as exc:
                    import_form.add_error("file", str(exc))
        if import_form.errors:
            status = 400
    elif action == "table":
        if table_form.is_valid():
            data = table_form.cleaned_data
            org = data["organization"]
            staff = permissions.results_is_staff(request.user, org)
            table = services.results_table_create(
                organization=org,
                group=data["group"],
                subject=data["subject"],
                scale=data["scale"],
                by=request.user,
                teacher=None if staff else request.user,
            )
            if permissions.results_editable(request.user, table):
                return redirect("diagnostics:results_detail", table_id=table.pk)
            table_form.add_error(
                None,
                _("The table «%(group)s, %(subject)s» already exists and belongs to another "
                  "teacher.") % {"group": table.group, "subject": table.subject},
            )  # fmt: skip
        status = 400
    return render(
        request,
        "diagnostics/results_import.html",
        {"import_form": import_form, "table_form": table_form, "report": report},
        status=status,
    )
