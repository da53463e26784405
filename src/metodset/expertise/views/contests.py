"""Contest pages: the list, the organiser's contest (create, edit, entries, publish, diplomas),
the author's entry, and the results — public once published."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest

from .. import permissions
from ..forms.contests import ContestCreateForm, ContestForm, EntryForm
from ..models import Contest
from ..selectors import contests as selectors
from ..services import contests as services


@login_required
def contests(request: AuthenticatedRequest) -> HttpResponse:
    """Open contests with their deadlines; the ones I entered and the ones I run."""
    user = request.user
    visible = list(permissions.visible_contests(user).order_by("-campaign__created_at", "-pk"))
    now = timezone.now()
    entered = set(
        Contest.objects.filter(
            campaign__items__authors__user=user, pk__in=[c.pk for c in visible]
        ).values_list("pk", flat=True)
    )
    return render(
        request,
        "expertise/contests/list.html",
        {
            "open": [c for c in visible if services.accepts_entries(c, now=now)],
            "entered": [c for c in visible if c.pk in entered],
            "running": [c for c in visible if permissions.can_run_contest(user, c)],
            "published": [c for c in visible if c.results_published_at],
            "can_create": permissions.can_create_contest(user),
        },
    )


@login_required
def contest_create(request: AuthenticatedRequest) -> HttpResponse:
    organizations = permissions.contest_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied
    form = ContestCreateForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        network = form.network_of(data["organization"])
        try:
            if network is None:
                raise services.ContestError(
                    _("The organisation is in no network."), field="organization"
                )
            contest = services.contest_create(network=network, by=request.user, **data)
        except services.ContestError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The contest is open for entries."))
            return redirect("expertise:contest_detail", contest.pk)
    return render(request, "expertise/contests/form.html", {"form": form, "contest": None})


@login_required
def contest_edit(request: AuthenticatedRequest, contest_id: int) -> HttpResponse:
    contest = permissions.contest_for_organiser(viewer=request.user, pk=contest_id)
    form = ContestForm(request.POST or None, initial=ContestForm.initial_for(contest))
    if request.method == "POST" and form.is_valid():
        try:
            services.contest_edit(contest=contest, by=request.user, **form.cleaned_data)
        except services.ContestError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The contest is saved."))
            return redirect("expertise:contest_detail", contest.pk)
    return render(request, "expertise/contests/form.html", {"form": form, "contest": contest})


@login_required
def contest_detail(request: AuthenticatedRequest, contest_id: int) -> HttpResponse:
    contest = permissions.contest_for_viewer(viewer=request.user, pk=contest_id)
    return render(
        request,
        "expertise/contests/detail.html",
        {
            "contest": contest,
            "campaign": contest.campaign,
            "nominations": contest.nominations.order_by("order", "pk"),
            "entries_count": selectors.entries_count(contest),
            "accepts_entries": services.accepts_entries(contest),
            "mine": selectors.my_entries(contest=contest, user=request.user),
            "can_run": permissions.can_run_contest(request.user, contest),
            "sees_results": contest.results_published_at is not None
            or permissions.is_contest_jury(request.user, contest),
        },
    )


@login_required
def contest_enter(request: AuthenticatedRequest, contest_id: int) -> HttpResponse:
    contest = permissions.contest_for_viewer(viewer=request.user, pk=contest_id)
    form = EntryForm(request.POST or None, request.FILES or None, contest=contest)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.contest_enter(contest=contest, by=request.user, **data)
        except services.ContestError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Your work is entered. The jury will review it."))
            return redirect("expertise:contest_detail", contest.pk)
    return render(
        request,
        "expertise/contests/enter.html",
        {"form": form, "contest": contest, "accepts_entries": services.accepts_entries(contest)},
    )


@login_required
def contest_entries(request: AuthenticatedRequest, contest_id: int) -> HttpResponse:
    contest = permissions.contest_for_organiser(viewer=request.user, pk=contest_id)
    return render(
        request,
        "expertise/contests/entries.html",
        {
            "contest": contest,
            "campaign": contest.campaign,
            "by_nomination": selectors.entries_by_nomination(contest),
            "open_reviews": selectors.open_reviews(contest),
            "diplomas": selectors.diplomas_of(contest).count(),
        },
    )


def contest_results(request: HttpRequest, contest_id: int) -> HttpResponse:
    """The ranking per nomination: anyone's once published, the organisers' and jury's before."""
    user = request.user
    contest = permissions.contest_for_results(viewer=user, pk=contest_id)  # type: ignore[arg-type]
    if contest is None:
        return redirect_to_login(request.get_full_path())
    can_run = user.is_authenticated and permissions.can_run_contest(user, contest)  # type: ignore[arg-type]
    return render(
        request,
        "expertise/contests/results.html",
        {
            "contest": contest,
            "campaign": contest.campaign,
            "rankings": selectors.contest_rank(contest=contest),
            "can_run": can_run,
            "published": contest.results_published_at is not None,
            "diplomas": selectors.diplomas_of(contest).count() if can_run else 0,
        },
    )


@login_required
@require_POST
def contest_publish(request: AuthenticatedRequest, contest_id: int) -> HttpResponse:
    contest = permissions.contest_for_organiser(viewer=request.user, pk=contest_id)
    try:
        services.contest_results_publish(contest=contest, by=request.user)
    except services.ContestError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The results are published."))
    return redirect("expertise:contest_results", contest.pk)


@login_required
@require_POST
def contest_diplomas(request: AuthenticatedRequest, contest_id: int) -> HttpResponse:
    contest = permissions.contest_for_organiser(viewer=request.user, pk=contest_id)
    try:
        issued = services.contest_diplomas_issue(contest=contest, by=request.user)
    except services.ContestError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Diplomas issued: %(count)s. The authors find them in «My certificates».")
            % {"count": len(issued)},
        )
    return redirect("expertise:contest_results", contest.pk)
