"""An organisation's routes: the approval queue, the list, the board (табло), the yearly
cyclogram, the catalogue of activities and the document's columns."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from openpyxl.styles import Alignment, Font, PatternFill

from metodset.accounts.http import AuthenticatedRequest
from metodset.core.fields import id_or_none
from metodset.core.spreadsheets import workbook, xlsx_response
from metodset.diagnostics.models import Competency
from metodset.events.models import Registration

from .. import cyclogram as cyclogram_module
from .. import document, permissions, selectors, services
from ..forms import ActivityForm, BoardFilterForm, LayoutForm, PlatformActivityForm
from ..models import Activity, HoursCredit, Step, school_year_label


@login_required
def review_queue(request: AuthenticatedRequest) -> HttpResponse:
    """Routes waiting for the methodist's (or tutor's) decision."""
    routes = (
        permissions.reviewable_routes(request.user)
        .select_related("user", "organization")
        .order_by("submitted_at", "pk")
    )
    page = Paginator(routes, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "routes/review_queue.html", {"page": page})


def _year(request: AuthenticatedRequest) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 < int(value) < 2100 else services.default_year()


def _filters(
    request: AuthenticatedRequest, organization
) -> tuple[BoardFilterForm, selectors.RouteFilters]:
    year = _year(request)
    competencies = Competency.objects.filter(
        pk__in=Step.objects.filter(
            route__organization=organization, route__year=year, competency__isnull=False
        ).values("competency_id")
    ).order_by("framework_id", "area__order", "order")
    form = BoardFilterForm(request.GET or None, competencies=competencies)
    data = form.cleaned_data if form.is_valid() else {}
    competency = data.get("competency")
    return form, selectors.RouteFilters(
        year=year,
        status=data.get("status") or "",
        competency_id=competency.pk if competency else None,
        overdue_only=bool(data.get("overdue")),
        q=(data.get("q") or "").strip(),
    )


def _query(request: AuthenticatedRequest) -> str:
    """The page's filters for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _org_context(organization, year: int) -> dict:
    return {
        "organization": organization,
        "year": year,
        "year_label": school_year_label(year),
        "previous_year": year - 1,
        "next_year": year + 1,
    }


@login_required
def organization_routes(request: AuthenticatedRequest, organization_id: int) -> HttpResponse:
    organization = permissions.organization_for_route_viewer(
        viewer=request.user, pk=organization_id
    )
    form, filters = _filters(request, organization)
    routes = selectors.organization_routes(organization=organization, filters=filters)
    page = Paginator(routes, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "routes/organization_routes.html",
        _org_context(organization, filters.year)
        | {
            "page": page,
            "query": _query(request),
            "form": form,
            "can_manage": permissions.can_manage_catalogue(request.user, organization),
        },
    )


# --- the board ---------------------------------------------------------------------------------

STATE_MARKS = {"done": "✓", "overdue": "!", "in_progress": "…", "planned": "○", "skipped": "–"}
FILLS = {"done": "C8E6C9", "overdue": "FFCDD2", "in_progress": "FFF3C4", "planned": "ECEFF1"}


def _step_state(step: Step) -> str:
    if getattr(step, "overdue", False):
        return "overdue"
    return step.status


@login_required
def board(request: AuthenticatedRequest, organization_id: int) -> HttpResponse:
    """All routes of the organisation by teacher × month: who is stuck, at a glance."""
    organization = permissions.organization_for_route_viewer(
        viewer=request.user, pk=organization_id
    )
    form, filters = _filters(request, organization)
    routes = selectors.organization_routes(organization=organization, filters=filters)
    if request.GET.get("format") == "xlsx":
        months, rows = selectors.board(organization=organization, filters=filters)
        return _board_xlsx(organization, filters.year, months, rows)
    page = Paginator(routes, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    months, rows = selectors.board(
        organization=organization, filters=filters, routes=list(page.object_list)
    )
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = "xlsx"
    return render(
        request,
        "routes/board.html",
        _org_context(organization, filters.year)
        | {
            "form": form,
            "page": page,
            "query": _query(request),
            "months": months,
            "rows": rows,
            "xlsx_query": query.urlencode(),
        },
    )


def _board_xlsx(organization, year: int, months, rows) -> HttpResponse:
    book = workbook()
    sheet = book.active
    sheet.title = _("Board")[:31]
    header = [_("Teacher"), _("Status"), _("Steps"), _("Done"), _("Overdue")] + [
        formats.date_format(m, "F Y") for m in months
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        route = row.route
        values = [
            route.user.get_full_name(),
            str(route.get_status_display()),
            route.step_count,
            route.done_count,
            route.overdue_count,
        ]
        values += [
            "\n".join(f"{STATE_MARKS.get(_step_state(s), '')} {s.title}" for s in c.steps)
            for c in row.cells
        ]
        sheet.append(values)
        for cell, board_cell in zip(sheet[sheet.max_row][5:], row.cells, strict=True):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if board_cell.state in FILLS:
                cell.fill = PatternFill("solid", fgColor=FILLS[board_cell.state])
    sheet.column_dimensions["A"].width = 32
    for index in range(6, 6 + len(months)):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = 28
    return xlsx_response(book, f"board-{organization.pk}-{year}.xlsx")


# --- the cyclogram -------------------------------------------------------------------------------


@login_required
def cyclogram(request: AuthenticatedRequest, organization_id: int) -> HttpResponse:
    organization = permissions.organization_for_route_viewer(
        viewer=request.user, pk=organization_id
    )
    year = _year(request)
    months = cyclogram_module.cyclogram(organization=organization, year=year)
    return render(
        request,
        "routes/cyclogram.html",
        _org_context(organization, year) | {"months": months},
    )


# --- the catalogue and the document's columns -----------------------------------------------------


@login_required
def catalogue(request: AuthenticatedRequest, organization_id: int) -> HttpResponse:
    """What the organisation's routes can contain; its staff add their own items (POST)."""
    if request.method != "POST":
        organization = permissions.organization_for_route_viewer(
            viewer=request.user, pk=organization_id
        )
        can_manage = permissions.can_manage_catalogue(request.user, organization)
        forms = (ActivityForm(), PlatformActivityForm(organization=organization))
        return _catalogue_page(request, organization, *(forms if can_manage else (None, None)))
    organization = permissions.organization_for_catalogue_manager(
        viewer=request.user, pk=organization_id
    )
    form = ActivityForm(request.POST)
    if not form.is_valid():
        return _catalogue_page(
            request, organization, form, PlatformActivityForm(organization=organization)
        )
    data = {k: v for k, v in form.cleaned_data.items() if k != "competencies"}
    services.activity_create(
        by=request.user,
        organization=organization,
        competencies=form.cleaned_data["competencies"],
        **data,
    )
    messages.success(request, _("The activity is added to the catalogue."))
    return redirect("routes:catalogue", organization_id=organization.pk)


@login_required
@require_POST
def catalogue_add_from_platform(
    request: AuthenticatedRequest, organization_id: int
) -> HttpResponse:
    """Add an event, programme, material or collection of the platform to the catalogue."""
    organization = permissions.organization_for_catalogue_manager(
        viewer=request.user, pk=organization_id
    )
    form = PlatformActivityForm(request.POST, organization=organization)
    if not form.is_valid():
        return _catalogue_page(request, organization, ActivityForm(), form)
    data = form.cleaned_data
    services.activity_from_platform(
        by=request.user,
        organization=organization,
        competencies=data["competencies"],
        hours=data["hours"],
        event=data["event"],
        program=data["program"],
        material=data["material"],
        collection=data["collection"],
    )
    messages.success(request, _("The activity is added to the catalogue."))
    return redirect("routes:catalogue", organization_id=organization.pk)


def _catalogue_page(request, organization, form, platform_form) -> HttpResponse:
    items = selectors.catalogue_for(organization).order_by("kind", "title")
    competency_id = id_or_none(request.GET.get("competency"))
    if competency_id is not None:
        items = items.filter(competencies=competency_id)
    page = Paginator(items, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "routes/catalogue.html",
        {
            "organization": organization,
            "page": page,
            "form": form,
            "platform_form": platform_form,
            "can_manage": form is not None,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def activity_edit(request: AuthenticatedRequest, activity_id: int) -> HttpResponse:
    activity = permissions.activity_for_editor(viewer=request.user, pk=activity_id)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "competencies"}
        services.activity_update(
            activity=Activity.objects.get(pk=activity.pk),
            competencies=form.cleaned_data["competencies"],
            by=request.user,
            **data,
        )
        messages.success(request, _("Saved."))
        if activity.organization_id:
            return redirect("routes:catalogue", organization_id=activity.organization_id)
        return redirect("routes:mine")
    return render(
        request,
        "routes/activity_form.html",
        {"form": form, "activity": activity},
        status=400 if form.errors else 200,
    )


@login_required
def layout(request: AuthenticatedRequest, organization_id: int) -> HttpResponse:
    organization = permissions.organization_for_catalogue_manager(
        viewer=request.user, pk=organization_id
    )
    form = LayoutForm(request.POST or None, initial={"columns": document.columns_for(organization)})
    if request.method == "POST" and form.is_valid():
        services.layout_set(organization=organization, columns=form.cleaned_data["columns"])
        messages.success(request, _("The columns of the route document are saved."))
        return redirect("routes:organization", organization_id=organization.pk)
    return render(
        request,
        "routes/layout.html",
        {"form": form, "organization": organization, "default": document.DEFAULT_COLUMNS},
        status=400 if form.errors else 200,
    )


# --- horizontal learning -------------------------------------------------------------------------


@login_required
def horizontal_credit(request: AuthenticatedRequest, event_id: int) -> HttpResponse:
    """After the lesson: credit hours to the teacher who taught and to those marked present.
    The teacher and whoever may mark the event's attendance may do it."""
    event, step = permissions.lesson_for_crediter(viewer=request.user, event_id=event_id)
    if request.method == "POST":
        count = services.horizontal_credit(event=event, by=request.user)
        messages.success(
            request,
            ngettext(
                "Hours are credited to %(count)s person: the teacher and the colleagues present.",
                "Hours are credited to %(count)s people: the teacher and the colleagues present.",
                count,
            )
            % {"count": count},
        )
        if step.route.user_id == request.user.pk:
            return redirect("routes:route", route_id=step.route_id)
        return redirect("events:attendance", event_id=event.pk)
    present = (
        Registration.objects.filter(event=event, attended_at__isnull=False)
        .exclude(user_id=step.route.user_id)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    credits = HoursCredit.objects.filter(event=event).count()
    return render(
        request,
        "routes/horizontal_credit.html",
        {"event": event, "step": step, "present": present, "credited": credits},
    )
