"""The team workspace: its members, the thread with requests to the tutor, and the files
attached to messages and versions.

Who sees a team's pages: its interns, its tutor and the programme's coordinators; anyone else
gets 404, so that even the existence of another team's work does not leak.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models.fields.files import FieldFile
from django.http import (
    Http404,
    HttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.accounts.models import Membership, User
from metodset.core import uploads

from .. import permissions, selectors
from ..forms import MessageForm
from ..models import (
    Assignment,
    ProgramMember,
    Submission,
    Team,
    TeamMessage,
)
from ..services import teamwork
from ..services.errors import ProgramError

Role = ProgramMember.Role
State = Submission.State
Kind = Assignment.Kind
THREAD_PAGE = 30


# --- access -------------------------------------------------------------------------------


def _can_post(user: User, team: Team) -> bool:
    """The interns and coordinators write in the thread, and the tutor answers there."""
    return permissions.can_work_in_team(user, team) or permissions.can_review(user, team)


def _file_response(file: FieldFile) -> HttpResponseBase:
    """Videos play in the page (a team's recorded event); everything else is downloaded."""
    kind = mimetypes.guess_type(file.name or "")[0] or ""
    return uploads.file_response(file, inline=kind.startswith("video/"))


# --- the workspace ------------------------------------------------------------------------


def _with_organisations(people: list[User]) -> None:
    """Set ``organisations`` on each person: the short names of their organisations."""
    names: dict[int, list[str]] = {person.pk: [] for person in people}
    for user_id, short_name in (
        Membership.objects.filter(user__in=people, organization__isnull=False)
        .order_by("organization__short_name")
        .values_list("user_id", "organization__short_name")
        .distinct()
    ):
        names[user_id].append(short_name)
    for person in people:
        person.organisations = names[person.pk]  # type: ignore[attr-defined]


def _thread_context(
    request: AuthenticatedRequest,
    team: Team,
    *,
    form: MessageForm | None = None,
    page_number: Any = None,
) -> dict[str, Any]:
    user = request.user
    reviewer = permissions.can_review(user, team)
    thread = (
        TeamMessage.objects.filter(team=team)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(thread, THREAD_PAGE).get_page(page_number)
    items = list(reversed(page.object_list))
    can_post = _can_post(user, team)
    return {
        "team": team,
        "thread_page": page,
        "thread": items,
        "can_post": can_post,
        "can_resolve": reviewer,
        "message_form": form
        or (
            MessageForm(may_ask_tutor=not reviewer and team.tutor_id is not None)
            if can_post
            else None
        ),
    }


def _workspace_context(request: AuthenticatedRequest, team: Team, **thread: Any) -> dict[str, Any]:
    user = request.user
    program = team.program
    reviewer = permissions.can_review(user, team)
    members = list(
        ProgramMember.objects.filter(team=team, role=Role.INTERN)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    _with_organisations([m.user for m in members] + ([team.tutor] if team.tutor else []))
    shown = [m for m in members if reviewer or m.user_id == user.pk]
    return {
        "team": team,
        "program": program,
        "members": [m.user for m in members],
        "rows": _work_rows(team, members=members, shown=shown, viewer=user),
        "is_reviewer": reviewer,
        "can_coordinate": permissions.can_coordinate(user, program),
        "feedback": list(
            permissions.visible_feedback(user, team).select_related("author", "intern")
        ),
        **_thread_context(request, team, **thread),
    }


def _work_rows(
    team: Team, *, members: list[ProgramMember], shown: list[ProgramMember], viewer: Any
) -> list[dict[str, Any]]:
    """A row per assignment: the team's one work, or each shown intern's own."""
    assignments = Assignment.objects.filter(stage__program=team.program).select_related("stage")
    by_team, by_user = selectors.submissions_by(
        program=team.program, team_ids=[team.pk], user_ids=[m.user_id for m in members]
    )
    rows = []
    for assignment in assignments.order_by("stage__order", "order", "pk"):
        if assignment.scope == Assignment.Scope.TEAM:
            url = reverse("programs:team_submission", args=[team.pk, assignment.pk])
            cells = [
                selectors.WorkCell(
                    by_team.get((assignment.pk, team.pk)), url, due_at=assignment.due_at
                )
            ]
        else:
            cells = [
                selectors.WorkCell(
                    by_user.get((assignment.pk, m.user_id)),
                    _work_url(team, assignment, intern_id=m.user_id, viewer_id=viewer.pk),
                    who=m.user.initials_name,
                    due_at=assignment.due_at,
                )
                for m in shown
            ]
        rows.append({"assignment": assignment, "cells": cells})
    return rows


def _work_url(team: Team, assignment: Assignment, *, intern_id: int, viewer_id: int) -> str:
    if intern_id == viewer_id:
        return reverse("programs:my_submission", args=[assignment.pk])
    return reverse("programs:intern_submission", args=[team.pk, assignment.pk, intern_id])


@login_required
def workspace(request: AuthenticatedRequest, team_id: int) -> HttpResponse:
    team = permissions.team_for_member(viewer=request.user, pk=team_id)
    context = _workspace_context(request, team, page_number=request.GET.get("page"))
    return render(request, "programs/team/workspace.html", context)


@login_required
@require_POST
def message_post(request: AuthenticatedRequest, team_id: int) -> HttpResponse:
    team = permissions.team_for_member(viewer=request.user, pk=team_id)
    if not _can_post(request.user, team):
        raise PermissionDenied
    reviewer = permissions.can_review(request.user, team)
    form = MessageForm(
        request.POST, request.FILES, may_ask_tutor=not reviewer and team.tutor_id is not None
    )
    if form.is_valid():
        try:
            message = teamwork.message_post(
                team=team,
                author=request.user,
                text=form.cleaned_data["text"],
                file=form.cleaned_data.get("file") or None,
                to_tutor=bool(form.cleaned_data.get("to_tutor")),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            notice = _("The request is sent to the tutor.") if message.to_tutor else ""
            if request.htmx:
                context = _thread_context(request, team)
                return render(request, "programs/team/_thread.html", {**context, "notice": notice})
            if notice:
                messages.success(request, notice)
            return redirect(reverse("programs:team", args=[team.pk]) + "#thread")
    if request.htmx:  # htmx swaps only successful responses: errors come back as 200
        return render(
            request, "programs/team/_thread.html", _thread_context(request, team, form=form)
        )
    context = _workspace_context(request, team, form=form)
    return render(request, "programs/team/workspace.html", context, status=400)


@login_required
@require_POST
def message_resolve(request: AuthenticatedRequest, team_id: int, message_id: int) -> HttpResponse:
    message = permissions.message_for_reviewer(viewer=request.user, team_id=team_id, pk=message_id)
    team = message.team
    try:
        teamwork.message_resolve(message=message, by=request.user)
    except ProgramError as error:
        messages.error(request, str(error))
    if request.htmx:
        return render(request, "programs/team/_thread.html", _thread_context(request, team))
    return redirect(reverse("programs:team", args=[team.pk]) + "#thread")


@login_required
def message_file(request: AuthenticatedRequest, team_id: int, message_id: int) -> HttpResponseBase:
    message = permissions.message_for_member(viewer=request.user, team_id=team_id, pk=message_id)
    if not message.file:
        raise Http404
    return _file_response(message.file)


@login_required
def version_file(request: AuthenticatedRequest, version_id: int) -> HttpResponseBase:
    version = permissions.version_for_viewer(viewer=request.user, pk=version_id)
    if not version.file:
        raise Http404
    return _file_response(version.file)
