"""A route's own pages: my routes, the route with its steps, editing, approval, evidence."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts import permissions as account_permissions
from metodset.accounts.http import AuthenticatedRequest
from metodset.core import uploads
from metodset.core.fields import id_or_none
from metodset.core.redirects import safe_next

from .. import document, permissions, selectors, services
from ..forms import DoneForm, ReviewForm, RouteForm, StepAddForm, StepForm, TeachForm
from ..models import Activity, Route, Step


@login_required
def from_profile(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    """From one's competency profile to one's route of the year (drafted there if missing)."""
    route = selectors.routes_of(request.user).filter(year=services.default_year()).first()
    if route is not None:
        return redirect("routes:route", route_id=route.pk)
    return redirect("routes:mine")


@login_required
def my_routes(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    routes = list(selectors.routes_of(user))
    year = services.default_year()
    return render(
        request,
        "routes/mine.html",
        {
            "routes": routes,
            "has_current": any(r.year == year for r in routes),
            "year_label": f"{year}/{str(year + 1)[-2:]}",
            "workplace": services.workplace_of(user),
            "to_review": permissions.reviewable_routes(user).count(),
            "organizations": permissions.organizations_with_routes(user).order_by("short_name")[
                :20
            ],
        },
    )


@login_required
@require_POST
def route_draft(request: AuthenticatedRequest) -> HttpResponse:
    """Draft the person's route of the current year from their diagnostics (or redraft it)."""
    try:
        route = services.route_draft_for(user=request.user, by=request.user)
    except services.RouteError as error:
        messages.error(request, str(error))
        return redirect("routes:mine")
    if not route.deficits.exists():
        messages.info(
            request,
            _(
                "No deficits were found in your diagnostics (or you have not taken one yet): "
                "add the steps yourself."
            ),
        )
    else:
        messages.success(
            request, _("The draft is ready: check each step, swap what does not suit you.")
        )
    return redirect("routes:route", route_id=route.pk)


def _route_context(request: AuthenticatedRequest, route: Route) -> dict:
    user = request.user
    steps = list(selectors.steps_of(route))
    for step in steps:
        step.overdue = step.is_overdue()  # type: ignore[attr-defined]
    # A deficit is addressed by a step for it, and by a step whose activity develops it too
    # (a digital course for ЦФ.1 covers ЦФ.2 as well); matched by code across versions.
    live = [s for s in steps if s.status != Step.Status.SKIPPED]
    addressed = {s.competency.code for s in live if s.competency}
    addressed |= set(
        Activity.competencies.through.objects.filter(
            activity_id__in=[s.activity_id for s in live if s.activity_id]
        ).values_list("competency__code", flat=True)
    )
    deficits = list(route.deficits.select_related("area").order_by("area__order", "order"))
    for competency in deficits:
        competency.addressed = competency.code in addressed  # type: ignore[attr-defined]
    return {
        "route": route,
        "steps": steps,
        "hours": selectors.hours_of(route),
        "deficits": deficits,
        "is_owner": route.user_id == user.pk,
        "can_edit": permissions.can_edit_route(user, route),
        "can_review": permissions.can_review(user, route)
        and route.status == Route.Status.SUBMITTED,
        "can_follow": permissions.can_follow_steps(user, route),
        "review_form": ReviewForm(),
        "route_form": RouteForm(instance=route),
    }


@login_required
def route_detail(request: AuthenticatedRequest, route_id: int) -> HttpResponse:
    route = permissions.route_for_viewer(viewer=request.user, pk=route_id)
    return render(request, "routes/route.html", _route_context(request, route))


def _steps_partial(request: AuthenticatedRequest, route: Route) -> HttpResponse:
    return render(request, "routes/_steps.html", _route_context(request, route))


@login_required
@require_POST
def route_edit(request: AuthenticatedRequest, route_id: int) -> HttpResponse:
    route = permissions.route_for_editor(viewer=request.user, pk=route_id)
    form = RouteForm(request.POST, instance=Route.objects.get(pk=route.pk))
    if not form.is_valid():
        context = _route_context(request, route) | {"route_form": form}
        return render(request, "routes/route.html", context, status=400)
    services.route_update(
        route=route,
        goal=form.cleaned_data["goal"],
        hours_budget=form.cleaned_data["hours_budget"],
        by=request.user,
    )
    messages.success(request, _("Saved."))
    return redirect("routes:route", route_id=route.pk)


@login_required
@require_POST
def route_submit(request: AuthenticatedRequest, route_id: int) -> HttpResponse:
    route = permissions.route_for_owner(viewer=request.user, pk=route_id)
    try:
        services.route_submit(route=route, by=request.user)
        messages.success(request, _("The route is sent to your methodist for approval."))
    except services.RouteError as error:
        messages.error(request, str(error))
    return redirect("routes:route", route_id=route.pk)


@login_required
@require_POST
def route_review(request: AuthenticatedRequest, route_id: int) -> HttpResponse:
    route = permissions.route_for_reviewer(viewer=request.user, pk=route_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        context = _route_context(request, route) | {"review_form": form}
        return render(request, "routes/route.html", context, status=400)
    try:
        if form.cleaned_data["decision"] == "approve":
            services.route_approve(
                route=route, by=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("The route is approved."))
        else:
            services.route_return(
                route=route, by=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("The route is returned to the teacher."))
    except services.RouteError as error:
        messages.error(request, str(error))
    # back to the queue of routes to approve, or to the route
    return redirect(safe_next(request, reverse("routes:route", kwargs={"route_id": route.pk})))


@login_required
def route_export(request: AuthenticatedRequest, route_id: int, fmt: str) -> HttpResponse:
    route = permissions.route_for_viewer(viewer=request.user, pk=route_id)
    doc = document.build(route, list(selectors.steps_of(route)))
    filename = f"iom-{route.user.last_name}-{route.year}".replace(" ", "_")
    if fmt == "docx":
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        response = HttpResponse(document.to_docx(doc), content_type=content_type)
    else:
        response = HttpResponse(document.to_pdf(doc), content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.{fmt}"
    return response


# --- steps ---------------------------------------------------------------------------------------


@login_required
def step_alternatives(request: AuthenticatedRequest, step_id: int) -> HttpResponse:
    """Other activities for the step's competency, to swap in (an htmx fragment, or a page)."""
    step = permissions.step_for_editor(viewer=request.user, pk=step_id)
    context = {"step": step, "alternatives": selectors.alternatives(step), "route": step.route}
    template = "routes/_alternatives.html" if request.htmx else "routes/step_alternatives.html"
    return render(request, template, context)


@login_required
@require_POST
def step_swap(request: AuthenticatedRequest, step_id: int) -> HttpResponse:
    step, activity = permissions.swap_for_editor(
        viewer=request.user, step_id=step_id, pk=request.POST.get("activity")
    )
    try:
        services.step_swap(step=step, activity=activity, by=request.user)
    except services.RouteError as error:
        messages.error(request, str(error))
    if request.htmx:
        return _steps_partial(request, step.route)
    return redirect("routes:route", route_id=step.route_id)


@login_required
@require_POST
def step_remove(request: AuthenticatedRequest, step_id: int) -> HttpResponse:
    step = permissions.step_for_editor(viewer=request.user, pk=step_id)
    route = step.route
    try:
        services.step_remove(step=step, by=request.user)
    except services.RouteError as error:
        messages.error(request, str(error))
    if request.htmx:
        return _steps_partial(request, route)
    return redirect("routes:route", route_id=route.pk)


@login_required
def step_edit(request: AuthenticatedRequest, step_id: int) -> HttpResponse:
    step = permissions.step_for_editor(viewer=request.user, pk=step_id)
    form = StepForm(request.POST or None, instance=step, route=step.route)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.step_update(step=Step.objects.get(pk=step.pk), by=request.user, **fields)
        except services.RouteError as error:
            messages.error(request, str(error))
        return redirect("routes:route", route_id=step.route_id)
    return render(
        request,
        "routes/step_form.html",
        {"form": form, "route": step.route, "step": step},
        status=400 if form.errors else 200,
    )


@login_required
def step_add(request: AuthenticatedRequest, route_id: int) -> HttpResponse:
    route = permissions.route_for_editor(viewer=request.user, pk=route_id)
    activities = selectors.catalogue_for(route.organization).order_by("kind", "title")
    competency_id = id_or_none(request.GET.get("competency"))
    if competency_id is not None:
        activities = activities.filter(competencies=competency_id)
    form = StepAddForm(
        request.POST or None,
        route=route,
        activities=activities,
        initial={"competency": competency_id} if competency_id else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.step_add(
                route=route,
                activity=data["activity"],
                title=data["title"],
                competency=data["competency"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                hours=data["hours"],
                by=request.user,
            )
            return redirect("routes:route", route_id=route.pk)
        except services.RouteError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "routes/step_add.html",
        {"form": form, "route": route},
        status=400 if form.errors else 200,
    )


@login_required
def step_evidence(request: AuthenticatedRequest, step_id: int) -> HttpResponseBase:
    """The evidence file of a step, to whoever may see the route (404 to everyone else)."""
    step = permissions.step_for_viewer(viewer=request.user, pk=step_id)
    if not step.evidence_file:
        raise Http404
    return uploads.file_response(step.evidence_file, inline=True)


@login_required
def step_done(request: AuthenticatedRequest, step_id: int) -> HttpResponse:
    """The teacher marks a step done with evidence and a short reflection."""
    step = permissions.step_for_follower(viewer=request.user, pk=step_id)
    form = DoneForm(request.POST or None, request.FILES or None, step=step)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.step_mark_done(
                step=step,
                by=request.user,
                evidence_file=data["evidence_file"],
                evidence_url=data["evidence_url"],
                evidence_text=data["evidence_text"],
                reflection=data["reflection"],
            )
            messages.success(request, _("The step is marked done."))
            return redirect("routes:route", route_id=step.route_id)
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "routes/step_done.html",
        {"form": form, "step": step, "route": step.route},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def step_status(request: AuthenticatedRequest, step_id: int) -> HttpResponse:
    step = permissions.step_for_follower(viewer=request.user, pk=step_id)
    status = request.POST.get("status", "")
    if status not in (Step.Status.PLANNED, Step.Status.IN_PROGRESS, Step.Status.SKIPPED):
        raise Http404
    services.step_set_status(step=step, status=status, by=request.user)
    if request.htmx:
        return _steps_partial(request, step.route)
    return redirect("routes:route", route_id=step.route_id)


@login_required
def step_teach(request: AuthenticatedRequest, step_id: int) -> HttpResponse:
    """Horizontal learning: after a course, the teacher offers a lesson to colleagues."""
    step = permissions.step_for_viewer(viewer=request.user, pk=step_id)
    if (
        step.route.user_id != request.user.pk
        or step.status != Step.Status.DONE
        or step.teaching_event_id
    ):
        raise Http404
    if not account_permissions.organization_ids(request.user) & {step.route.organization_id}:
        raise Http404
    form = TeachForm(
        request.POST or None,
        time_zone=request.user.time_zone,
        initial={"title": _("Learning from a colleague: %(title)s") % {"title": step.title}},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        event = services.step_teach_colleagues(
            step=step,
            by=request.user,
            title=data["title"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            format=data["format"],
            place=data["place"],
        )
        messages.success(
            request,
            _("The event is created: colleagues of your organisation can register for it."),
        )
        return redirect("events:detail", event_id=event.pk)
    return render(
        request,
        "routes/step_teach.html",
        {"form": form, "step": step, "route": step.route},
        status=400 if form.errors else 200,
    )
