"""The analysis, learning plan, meetings and expected results of a community.

The analysis and the learning plan are the members' (404 for everyone else); the meetings are
seen read-only by whoever sees an opened community. The sections of the community page are
registered at the end of the module (``communities.sections``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.events import permissions as event_permissions

from .. import permissions, sections
from ..forms.work import (
    AnalysisLinkForm,
    LearningItemForm,
    MeetingForm,
    MeetingMaterialForm,
    MeetingSeriesForm,
)
from ..models import Community
from ..selectors import work as selectors
from ..services import work as services


def _link_fields(form: AnalysisLinkForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        k: data[k] for k in ("difficulty", "results_table", "results_area", "competency", "note")
    }


def _item_fields(form: LearningItemForm) -> dict[str, Any]:
    names = ("member", "kind", "title", "place", "starts_on", "ends_on", "teaches_back_on")
    return {
        **{k: form.cleaned_data[k] for k in names},
        "competency": form.cleaned_data["competency"],
    }


# --- the analysis --------------------------------------------------------------------------


@login_required
def analysis(request: AuthenticatedRequest, community_id: int) -> HttpResponse:
    """Children's results beside the members' deficits, and the lines the team wrote."""
    community = permissions.community_for_member(viewer=request.user, pk=community_id)
    context = selectors.analysis_page(community)
    context.update(community=community, form=AnalysisLinkForm(community=community))
    return render(request, "communities/work_analysis.html", context)


@login_required
def analysis_add(request: AuthenticatedRequest, community_id: int) -> HttpResponse:
    community = permissions.community_for_member(viewer=request.user, pk=community_id)
    form = AnalysisLinkForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            services.analysis_link_create(
                community=community, by=request.user, **_link_fields(form)
            )
        except services.WorkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The line of the analysis is added."))
            return redirect("communities:analysis", community_id=community.pk)
    context = {"community": community, "form": form, "areas": selectors.results_areas(community)}
    return render(
        request, "communities/work_analysis_form.html", context, status=400 if form.errors else 200
    )


@login_required
def analysis_edit(request: AuthenticatedRequest, link_id: int) -> HttpResponse:
    link = permissions.analysis_link_for_member(viewer=request.user, pk=link_id)
    form = AnalysisLinkForm(request.POST or None, instance=link, community=link.community)
    if request.method == "POST" and form.is_valid():
        try:
            services.analysis_link_update(link=link, by=request.user, **_link_fields(form))
        except services.WorkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The line of the analysis is saved."))
            return redirect("communities:analysis", community_id=link.community_id)
    context: dict[str, Any] = {"community": link.community, "form": form, "link": link}
    context["areas"] = selectors.results_areas(link.community)
    return render(
        request, "communities/work_analysis_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def analysis_delete(request: AuthenticatedRequest, link_id: int) -> HttpResponse:
    link = permissions.analysis_link_for_member(viewer=request.user, pk=link_id)
    services.analysis_link_delete(link=link, by=request.user)
    messages.success(request, _("The line of the analysis is deleted."))
    return redirect("communities:analysis", community_id=link.community_id)


# --- the learning plan ---------------------------------------------------------------------


@login_required
def learning(request: AuthenticatedRequest, community_id: int) -> HttpResponse:
    """Who learns what and where; each member sends her lines to her route."""
    community = permissions.community_for_member(viewer=request.user, pk=community_id)
    context = {
        "community": community,
        "items": selectors.learning_items(community),
        "route": selectors.current_route(request.user, community),
        "is_coordinator": permissions.is_coordinator(request.user, community),
    }
    return render(request, "communities/work_learning.html", context)


@login_required
def learning_add(request: AuthenticatedRequest, community_id: int) -> HttpResponse:
    community = permissions.community_for_member(viewer=request.user, pk=community_id)
    coordinator = permissions.is_coordinator(request.user, community)
    form = LearningItemForm(
        request.POST or None, community=community, viewer=request.user, coordinator=coordinator
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.learning_item_create(
                community=community, by=request.user, **_item_fields(form)
            )
        except services.WorkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The line of the learning plan is added."))
            return redirect("communities:learning", community_id=community.pk)
    context = {"community": community, "form": form, "item": None}
    return render(
        request, "communities/work_learning_form.html", context, status=400 if form.errors else 200
    )


@login_required
def learning_edit(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    item = permissions.learning_item_for_editor(viewer=request.user, pk=item_id)
    community = item.community
    form = LearningItemForm(
        request.POST or None,
        instance=item,
        community=community,
        viewer=request.user,
        coordinator=permissions.is_coordinator(request.user, community),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.learning_item_update(item=item, by=request.user, **_item_fields(form))
        except services.WorkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The line of the learning plan is saved."))
            return redirect("communities:learning", community_id=community.pk)
    context = {"community": community, "form": form, "item": item}
    return render(
        request, "communities/work_learning_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def learning_delete(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    item = permissions.learning_item_for_editor(viewer=request.user, pk=item_id)
    services.learning_item_delete(item=item, by=request.user)
    messages.success(request, _("The line of the learning plan is deleted."))
    return redirect("communities:learning", community_id=item.community_id)


@login_required
@require_POST
def learning_to_route(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    """The member sends her line to her route of the year, as a step."""
    item = permissions.learning_item_for_learner(viewer=request.user, pk=item_id)
    route = selectors.current_route(request.user, item.community)
    if route is None:
        messages.error(request, _("You have no route for this school year yet: create it first."))
        return redirect("communities:learning", community_id=item.community_id)
    try:
        services.learning_item_to_route(item=item, route=route, by=request.user)
    except services.WorkError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The line is a step of your route now."))
    return redirect("communities:learning", community_id=item.community_id)


# --- meetings ------------------------------------------------------------------------------


@login_required
def meetings(request: AuthenticatedRequest, community_id: int) -> HttpResponse:
    community = permissions.community_for_viewer(viewer=request.user, pk=community_id)
    coming, past = selectors.meetings_split(community)
    context = {
        "community": community,
        "coming": coming,
        "past": past,
        "can_schedule": permissions.is_coordinator(request.user, community),
    }
    return render(request, "communities/work_meetings.html", context)


@login_required
def meetings_schedule(request: AuthenticatedRequest, community_id: int) -> HttpResponse:
    """A coordinator makes the recurring meeting: a series of events, members registered."""
    community = permissions.community_for_coordinator(viewer=request.user, pk=community_id)
    form = MeetingSeriesForm(request.POST or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.meetings_schedule(
                community=community, by=request.user, **form.cleaned_data
            )
        except services.WorkError as error:
            form.add_error(None, str(error))
        else:
            text = ngettext(
                "%(count)s meeting is scheduled.", "%(count)s meetings are scheduled.", len(made)
            )
            messages.success(request, text % {"count": len(made)})
            return redirect("communities:meetings", community_id=community.pk)
    context = {"community": community, "form": form}
    return render(
        request, "communities/work_series_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def meetings_sync(request: AuthenticatedRequest, community_id: int) -> HttpResponse:
    """A coordinator registers the members who joined since for the coming meetings."""
    community = permissions.community_for_coordinator(viewer=request.user, pk=community_id)
    count = services.meetings_sync(community=community, by=request.user)
    text = ngettext(
        "Every member is registered for the %(count)s coming meeting.",
        "Every member is registered for the %(count)s coming meetings.",
        count,
    )
    messages.success(request, text % {"count": count})
    return redirect("communities:meetings", community_id=community.pk)


@login_required
def meeting(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    """A meeting: when (in the viewer's zone), the agenda, the minutes, the materials."""
    found = permissions.meeting_for_viewer(viewer=request.user, pk=meeting_id)
    context = {
        "community": found.community,
        "meeting": found,
        "event": found.event,
        "materials": found.event.materials.order_by("created_at", "pk"),
        "is_member": permissions.is_member(request.user, found.community),
        "can_open_event": event_permissions.can_view_event(request.user, found.event),
    }
    return render(request, "communities/work_meeting.html", context)


@login_required
def meeting_edit(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    found = permissions.meeting_for_member(viewer=request.user, pk=meeting_id)
    initial = {"agenda": found.agenda, "minutes": found.minutes}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.meeting_update(meeting=found, by=request.user, **form.cleaned_data)
        messages.success(request, _("The meeting is saved."))
        return redirect("communities:meeting", meeting_id=found.pk)
    context = {"community": found.community, "meeting": found, "form": form}
    return render(request, "communities/work_meeting_form.html", context)


@login_required
def meeting_material_add(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    found = permissions.meeting_for_member(viewer=request.user, pk=meeting_id)
    form = MeetingMaterialForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.meeting_material_add(meeting=found, by=request.user, **form.cleaned_data)
        messages.success(request, _("The material is added."))
        return redirect("communities:meeting", meeting_id=found.pk)
    context = {"community": found.community, "meeting": found, "form": form}
    return render(
        request, "communities/work_material_form.html", context, status=400 if form.errors else 200
    )


# --- sections of the community page --------------------------------------------------------


def _work_section(request: HttpRequest, community: Community) -> dict[str, Any] | None:
    """Links to the analysis and the learning plan: members only."""
    if not permissions.is_member(request.user, community):  # type: ignore[arg-type]
        return None
    return {
        "community": community,
        "lines": selectors.analysis_links(community).count(),
        "learning": selectors.learning_items(community).count(),
    }


def _meetings_section(request: HttpRequest, community: Community) -> dict[str, Any] | None:
    return {"community": community, "next": selectors.next_meetings(community)}


def _results_section(request: HttpRequest, community: Community) -> dict[str, Any] | None:
    return {"community": community, **selectors.expected_results(community)}


sections.register("communities/_section_work_links.html", _work_section, order=30)
sections.register("communities/_section_work_meetings.html", _meetings_section, order=40)
sections.register("communities/_section_work_results.html", _results_section, order=70)
