"""The team workspace, submissions with the tutor's review, and the tutor's list of teams.

Who sees a team's pages: its interns, its tutor and the programme's coordinators; anyone else
gets 404, so that even the existence of another team's work does not leak.
"""

from __future__ import annotations

import difflib
import mimetypes
import os
import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q
from django.db.models.fields.files import FieldFile
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from metodset.accounts.models import Membership, User
from metodset.core import uploads

from .. import permissions
from ..models import (
    Assignment,
    Program,
    ProgramMember,
    Submission,
    SubmissionComment,
    SubmissionVersion,
    Team,
    TeamMessage,
)
from ..schemes import EVENT_CARD
from ..services import teamwork
from ..services.errors import ProgramError

Role = ProgramMember.Role
State = Submission.State
Kind = Assignment.Kind
THREAD_PAGE = 30


# --- forms --------------------------------------------------------------------------------


class _NeededToHandIn(forms.CharField):
    """Marked required, as it is to hand the work in, yet a draft may leave it empty."""

    def validate(self, value: Any) -> None:
        return None  # emptiness is the service's concern when the work is handed in


def _part_labels(assignment: Assignment) -> dict[str, Any]:
    text = {
        Kind.EVENT_CARD: gettext_lazy("Scenario and other notes"),
        Kind.VIDEO: gettext_lazy("About the video"),
        Kind.FREE: gettext_lazy("The work"),
    }[Kind(assignment.kind)]
    file = (
        gettext_lazy("Video file")
        if assignment.kind == Kind.VIDEO
        else gettext_lazy("File: presentation, scenario, materials")
    )
    return {"text": text, "video_url": gettext_lazy("Link to the video"), "file": file}


def _parts(assignment: Assignment) -> list[str]:
    """The parts of the work besides the card, in the order they are shown."""
    if assignment.kind == Kind.EVENT_CARD:
        return ["text", "file"]
    if assignment.kind == Kind.VIDEO:
        return ["video_url", "file", "text"]
    return ["text", "file", "video_url"]


class SubmissionForm(forms.Form):
    """The work as the team types it: the event card's fields, text, link, file."""

    use_required_attribute = False  # a draft may be saved half-filled

    def __init__(self, *args: Any, assignment: Assignment, has_file: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        labels = _part_labels(assignment)
        if assignment.kind == Kind.EVENT_CARD:
            for key, label, help_text in EVENT_CARD:
                field_class = _NeededToHandIn if key in teamwork.CARD_REQUIRED else forms.CharField
                widget = (
                    forms.TextInput()
                    if key == "title"
                    else forms.Textarea(attrs={"rows": 3 if key != "tasks" else 4})
                )
                self.fields[key] = field_class(
                    label=label,
                    help_text=help_text,
                    required=key in teamwork.CARD_REQUIRED,
                    strip=True,
                    widget=widget,
                )
        for part in _parts(assignment):
            if part == "text":
                self.fields["text"] = forms.CharField(
                    label=labels["text"],
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 6 if assignment.kind == Kind.FREE else 3}),
                )
            elif part == "video_url":
                self.fields["video_url"] = forms.CharField(
                    label=labels["video_url"],
                    required=False,
                    help_text=_("A link to the video on RuTube, VK Video or YouTube."),
                    widget=forms.TextInput(
                        attrs={"inputmode": "url", "placeholder": "https://rutube.ru/video/…"}
                    ),
                )
            else:
                video = assignment.kind == Kind.VIDEO
                self.fields["file"] = forms.FileField(
                    label=labels["file"],
                    required=False,
                    help_text=(
                        _("Or upload the video: up to %(limit)s MB, %(types)s.")
                        % {
                            "limit": teamwork.video_max_bytes() // (1024 * 1024),
                            "types": ", ".join(sorted(teamwork.VIDEO_EXTENSIONS)),
                        }
                        if video
                        else _("Up to %(limit)s MB: %(types)s.")
                        % {
                            "limit": uploads.megabytes(settings.EVENT_MATERIAL_MAX_BYTES),
                            "types": ", ".join(sorted(uploads.MATERIAL_EXTENSIONS)),
                        }
                    ),
                    widget=forms.ClearableFileInput(attrs={"accept": "video/*"} if video else {}),
                )
                if has_file:
                    self.fields["clear_file"] = forms.BooleanField(
                        label=_("Remove the attached file"), required=False
                    )

    def submission_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields: dict[str, Any] = {
            "text": data.get("text", ""),
            "video_url": data.get("video_url", ""),
            "file": data.get("file") or None,
            "clear_file": bool(data.get("clear_file")),
        }
        if self.assignment.kind == Kind.EVENT_CARD:
            fields["card"] = {key: data.get(key, "") for key in teamwork.CARD_KEYS}
        return fields


class ReviewForm(forms.Form):
    """The tutor's comments beside each field of the handed-in work, and a general one."""

    use_required_attribute = False

    def __init__(self, *args: Any, keys: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = [key for key, _label in keys]
        for key, label in keys:
            self.fields[f"comment_{key}"] = forms.CharField(
                label=_("Comment on «%(label)s»") % {"label": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["general"] = forms.CharField(
            label=_("General comment"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def comments(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"comment_{key}") or "" for key in self.keys}


class MessageForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label=gettext_lazy("File"), required=False)
    to_tutor = forms.BooleanField(label=gettext_lazy("A request to the tutor"), required=False)

    use_required_attribute = False

    def __init__(self, *args: Any, may_ask_tutor: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_ask_tutor:
            del self.fields["to_tutor"]


# --- access -------------------------------------------------------------------------------


def _team_or_404(user: User, team_id: int) -> Team:
    team = get_object_or_404(Team.objects.select_related("program", "tutor"), pk=team_id)
    if not permissions.can_view_team(user, team):
        raise Http404
    return team


def _can_post(user: User, team: Team) -> bool:
    """The interns and coordinators write in the thread, and the tutor answers there."""
    return permissions.can_work_in_team(user, team) or permissions.can_review(user, team)


def _file_response(file: FieldFile) -> HttpResponse:
    """Videos play in the page (a team's recorded event); everything else is downloaded."""
    kind = mimetypes.guess_type(file.name)[0] or ""
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


@dataclass
class _Cell:
    """One piece of work in a list: whose it is, its state and where it opens."""

    submission: Submission | None
    url: str
    who: str = ""
    due_at: Any = None

    @property
    def state(self) -> str:
        return self.submission.state if self.submission else ""

    @property
    def overdue(self) -> bool:
        handed_in = self.submission is not None and self.submission.state != State.DRAFT
        return bool(self.due_at and not handed_in and timezone.now() > self.due_at)


def _submissions_by(program: Program, team_ids: list[int], user_ids: list[int]):
    found = Submission.objects.filter(assignment__stage__program=program).filter(
        Q(team_id__in=team_ids) | Q(user_id__in=user_ids)
    )
    by_team = {(s.assignment_id, s.team_id): s for s in found if s.team_id}
    by_user = {(s.assignment_id, s.user_id): s for s in found if s.user_id}
    return by_team, by_user


def _thread_context(
    request: HttpRequest, team: Team, *, form: MessageForm | None = None, page_number: Any = None
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
    for message in items:
        message.file_label = os.path.basename(message.file.name) if message.file else ""
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


def _workspace_context(request: HttpRequest, team: Team, **thread: Any) -> dict[str, Any]:
    user = request.user
    program = team.program
    reviewer = permissions.can_review(user, team)
    members = list(
        ProgramMember.objects.filter(team=team, role=Role.INTERN)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    people = [m.user for m in members] + ([team.tutor] if team.tutor else [])
    _with_organisations(people)
    member_ids = [m.user_id for m in members]
    assignments = list(
        Assignment.objects.filter(stage__program=program)
        .select_related("stage")
        .order_by("stage__order", "order", "pk")
    )
    by_team, by_user = _submissions_by(program, [team.pk], member_ids)
    rows = []
    for assignment in assignments:
        if assignment.scope == Assignment.Scope.TEAM:
            cells = [
                _Cell(
                    by_team.get((assignment.pk, team.pk)),
                    reverse("programs:team_submission", args=[team.pk, assignment.pk]),
                    due_at=assignment.due_at,
                )
            ]
        else:
            cells = [
                _Cell(
                    by_user.get((assignment.pk, m.user_id)),
                    reverse("programs:my_submission", args=[assignment.pk])
                    if m.user_id == user.pk
                    else reverse(
                        "programs:intern_submission", args=[team.pk, assignment.pk, m.user_id]
                    ),
                    who=m.user.initials_name,
                    due_at=assignment.due_at,
                )
                for m in members
                if reviewer or m.user_id == user.pk
            ]
        rows.append({"assignment": assignment, "cells": cells})
    return {
        "team": team,
        "program": program,
        "members": [m.user for m in members],
        "rows": rows,
        "is_reviewer": reviewer,
        "can_coordinate": permissions.can_coordinate(user, program),
        **_thread_context(request, team, **thread),
    }


@login_required
def workspace(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _team_or_404(request.user, team_id)
    context = _workspace_context(request, team, page_number=request.GET.get("page"))
    return render(request, "programs/team/workspace.html", context)


@login_required
@require_POST
def message_post(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _team_or_404(request.user, team_id)
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
def message_resolve(request: HttpRequest, team_id: int, message_id: int) -> HttpResponse:
    team = _team_or_404(request.user, team_id)
    if not permissions.can_review(request.user, team):
        raise PermissionDenied
    message = get_object_or_404(TeamMessage, pk=message_id, team=team)
    try:
        teamwork.message_resolve(message=message, by=request.user)
    except ProgramError as error:
        messages.error(request, str(error))
    if request.htmx:
        return render(request, "programs/team/_thread.html", _thread_context(request, team))
    return redirect(reverse("programs:team", args=[team.pk]) + "#thread")


@login_required
def message_file(request: HttpRequest, team_id: int, message_id: int) -> HttpResponse:
    team = _team_or_404(request.user, team_id)
    message = get_object_or_404(TeamMessage, pk=message_id, team=team)
    if not message.file:
        raise Http404
    return _file_response(message.file)


@login_required
def version_file(request: HttpRequest, version_id: int) -> HttpResponse:
    version = get_object_or_404(
        SubmissionVersion.objects.select_related(
            "submission__assignment__stage__program", "submission__team__program"
        ),
        pk=version_id,
    )
    if not version.file or not permissions.can_view_submission(request.user, version.submission):
        raise Http404
    return _file_response(version.file)


# --- the tutor's teams --------------------------------------------------------------------


@login_required
def my_teams(request: HttpRequest, program_id: int) -> HttpResponse:
    """The tutor's teams with the state of their work; a coordinator sees every team."""
    program = get_object_or_404(Program, pk=program_id)
    user = request.user
    if not permissions.can_view_program(user, program):
        raise Http404
    visible = permissions.visible_teams(user, program).values("pk")
    teams = (
        Team.objects.filter(pk__in=visible)
        .select_related("tutor")
        .annotate(
            open_requests=Count(
                "messages", filter=Q(messages__to_tutor=True, messages__resolved_at__isnull=True)
            ),
            last_message_at=Max("messages__created_at"),
        )
        .prefetch_related(
            Prefetch(
                "members",
                queryset=ProgramMember.objects.filter(role=Role.INTERN)
                .select_related("user")
                .order_by("user__last_name", "user__first_name", "pk"),
                to_attr="interns",
            )
        )
        .order_by("number", "pk")
    )
    page = Paginator(teams, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    page_teams = list(page.object_list)
    assignments = list(
        Assignment.objects.filter(stage__program=program)
        .select_related("stage")
        .order_by("stage__order", "order", "pk")
    )
    member_ids = [m.user_id for t in page_teams for m in t.interns]
    by_team, by_user = _submissions_by(program, [t.pk for t in page_teams], member_ids)
    rows = []
    for team in page_teams:
        cells = []
        for assignment in assignments:
            if assignment.scope == Assignment.Scope.TEAM:
                cells.append(
                    {
                        "assignment": assignment,
                        "cell": _Cell(
                            by_team.get((assignment.pk, team.pk)),
                            reverse("programs:team_submission", args=[team.pk, assignment.pk]),
                            due_at=assignment.due_at,
                        ),
                    }
                )
            else:
                states = [by_user.get((assignment.pk, m.user_id)) for m in team.interns]
                cells.append(
                    {
                        "assignment": assignment,
                        "personal": True,
                        "url": reverse("programs:team", args=[team.pk]) + "#assignments",
                        "handed_in": sum(1 for s in states if s and s.state != State.DRAFT),
                        "accepted": sum(1 for s in states if s and s.state == State.ACCEPTED),
                        "of": len(states),
                    }
                )
        rows.append({"team": team, "cells": cells})
    return render(
        request,
        "programs/team/my_teams.html",
        {
            "program": program,
            "page": page,
            "rows": rows,
            "assignments": assignments,
            "coordinator": permissions.can_coordinate(user, program),
        },
    )


# --- submissions --------------------------------------------------------------------------


@dataclass
class _Work:
    """A submission page: whose work, what the viewer may do, where it lives."""

    assignment: Assignment
    team: Team | None
    owner: User | None  # the intern, for personal work
    submission: Submission | None
    can_edit: bool
    can_review: bool
    url: str
    back_url: str

    @property
    def state(self) -> str:
        return self.submission.state if self.submission else State.DRAFT

    @property
    def mode(self) -> str:
        if self.can_edit and self.state in (State.DRAFT, State.RETURNED):
            return "edit"
        if self.can_review and self.submission is not None and self.state == State.SUBMITTED:
            return "review"
        return "view"


@login_required
def team_submission(request: HttpRequest, team_id: int, assignment_id: int) -> HttpResponse:
    team = _team_or_404(request.user, team_id)
    assignment = get_object_or_404(
        Assignment.objects.select_related("stage__program"),
        pk=assignment_id,
        stage__program_id=team.program_id,
        scope=Assignment.Scope.TEAM,
    )
    work = _Work(
        assignment=assignment,
        team=team,
        owner=None,
        submission=Submission.objects.filter(assignment=assignment, team=team).first(),
        can_edit=permissions.can_work_in_team(request.user, team),
        can_review=permissions.can_review(request.user, team),
        url=reverse("programs:team_submission", args=[team.pk, assignment.pk]),
        back_url=reverse("programs:team", args=[team.pk]),
    )
    return _submission_page(request, work)


@login_required
def intern_submission(
    request: HttpRequest, team_id: int, assignment_id: int, user_id: int
) -> HttpResponse:
    """An intern's personal work as their tutor and the coordinators see it."""
    team = _team_or_404(request.user, team_id)
    if user_id == request.user.pk:
        return redirect("programs:my_submission", assignment_id=assignment_id)
    if not permissions.can_review(request.user, team):
        raise Http404  # team-mates do not see each other's personal drafts
    assignment = get_object_or_404(
        Assignment.objects.select_related("stage__program"),
        pk=assignment_id,
        stage__program_id=team.program_id,
        scope=Assignment.Scope.PERSON,
    )
    member = get_object_or_404(
        ProgramMember.objects.select_related("user"), team=team, user_id=user_id, role=Role.INTERN
    )
    work = _Work(
        assignment=assignment,
        team=team,
        owner=member.user,
        submission=Submission.objects.filter(assignment=assignment, user=member.user).first(),
        can_edit=False,
        can_review=True,
        url=reverse("programs:intern_submission", args=[team.pk, assignment.pk, user_id]),
        back_url=reverse("programs:team", args=[team.pk]),
    )
    return _submission_page(request, work)


@login_required
def my_submission(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """The intern's own work on a personal assignment."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("stage__program"),
        pk=assignment_id,
        scope=Assignment.Scope.PERSON,
    )
    program = assignment.stage.program
    if not permissions.is_intern(request.user, program):
        raise Http404
    member = (
        ProgramMember.objects.filter(program=program, user=request.user, role=Role.INTERN)
        .select_related("team__program", "team__tutor")
        .first()
    )
    team = member.team if member is not None else None
    work = _Work(
        assignment=assignment,
        team=team,
        owner=request.user,
        submission=Submission.objects.filter(assignment=assignment, user=request.user).first(),
        can_edit=True,
        can_review=False,
        url=reverse("programs:my_submission", args=[assignment.pk]),
        back_url=reverse("programs:team", args=[team.pk])
        if team is not None
        else reverse("programs:detail", args=[program.pk]),
    )
    return _submission_page(request, work)


def _submission_page(request: HttpRequest, work: _Work) -> HttpResponse:
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("save", "submit"):
            return _save(request, work, hand_in=action == "submit")
        if action in ("return", "accept"):
            return _review(request, work, accept=action == "accept")
        return HttpResponseBadRequest()
    return _render_work(request, work)


def _latest_version(work: _Work) -> SubmissionVersion | None:
    if work.submission is None:
        return None
    return work.submission.versions.order_by("-number").first()


def _save(request: HttpRequest, work: _Work, *, hand_in: bool) -> HttpResponse:
    if not work.can_edit:
        raise PermissionDenied
    latest = _latest_version(work)
    form = SubmissionForm(
        request.POST,
        request.FILES,
        assignment=work.assignment,
        has_file=bool(latest and latest.file),
    )
    if not form.is_valid():
        return _render_work(request, work, form=form, status=400)
    submission = work.submission or teamwork.submission_for(
        assignment=work.assignment,
        team=work.team if work.assignment.scope == Assignment.Scope.TEAM else None,
        user=work.owner,
    )
    work.submission = submission
    try:
        teamwork.submission_save(submission=submission, by=request.user, **form.submission_fields())
    except ValidationError as error:
        form.add_error(None, error)
        return _render_work(request, work, form=form, status=400)
    except ProgramError as error:
        messages.error(request, str(error))
        return redirect(work.url)
    if not hand_in:
        messages.success(request, _("The draft is saved."))
        return redirect(work.url)
    try:
        teamwork.submission_submit(submission=submission, by=request.user)
    except ValidationError as error:
        form.add_error(None, error)
        notice = _("What you typed is saved as a draft, but the work is not handed in yet:")
        return _render_work(request, work, form=form, status=400, notice=notice)
    except ProgramError as error:
        messages.error(request, str(error))
        return redirect(work.url)
    if submission.late:
        messages.warning(request, _("The work is handed in after the due date; it is marked late."))
    else:
        messages.success(request, _("The work is handed in. The tutor has been told."))
    return redirect(work.url)


def _review_keys(assignment: Assignment) -> list[tuple[str, str]]:
    labels = _part_labels(assignment)
    keys = (
        [(key, label) for key, label, _help in EVENT_CARD]
        if assignment.kind == Kind.EVENT_CARD
        else []
    )
    return keys + [(part, str(labels[part])) for part in _parts(assignment)]


def _review(request: HttpRequest, work: _Work, *, accept: bool) -> HttpResponse:
    if not work.can_review or work.submission is None:
        raise PermissionDenied
    form = ReviewForm(request.POST, keys=_review_keys(work.assignment))
    if form.is_valid():
        try:
            if accept:
                teamwork.submission_accept(
                    submission=work.submission,
                    by=request.user,
                    comment=form.cleaned_data["general"],
                )
            else:
                teamwork.submission_return(
                    submission=work.submission,
                    by=request.user,
                    comments=form.comments(),
                    general=form.cleaned_data["general"],
                )
        except ValidationError as error:
            form.add_error(None, error)
        except ProgramError as error:
            messages.error(request, str(error))
            return redirect(work.url)
        else:
            messages.success(
                request,
                _("The work is accepted. The team has been told.")
                if accept
                else _("The work is returned with your comments. The team has been told."),
            )
            return redirect(work.url)
    return _render_work(request, work, review_form=form, status=400)


# --- rendering a submission ---------------------------------------------------------------


def word_diff(old: str, new: str) -> SafeString:
    """The new text with deleted words struck out and added ones marked, HTML-escaped.

    Words are compared without the spaces after them, so that a new line break does not
    read as a change of the word before it.
    """
    a, b = re.findall(r"\S+\s*", old), re.findall(r"\S+\s*", new)
    matcher = difflib.SequenceMatcher(
        a=[t.strip() for t in a], b=[t.strip() for t in b], autojunk=False
    )
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(b[j1:j2])))
            continue
        if i2 > i1:
            out.append(f'<del class="text-danger">{escape("".join(a[i1:i2]).strip())}</del> ')
        if j2 > j1:
            added = "".join(b[j1:j2])
            tail = added[len(added.rstrip()) :]
            out.append(f'<ins class="text-success">{escape(added.rstrip())}</ins>{tail}')
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def _values(version: SubmissionVersion | None) -> dict[str, str]:
    if version is None:
        return {}
    values = {key: str(version.card.get(key) or "") for key in teamwork.CARD_KEYS}
    values.update(
        text=version.text,
        video_url=version.video_url,
        file=os.path.basename(version.file.name) if version.file else "",
    )
    return values


def _history(work: _Work, versions: list[SubmissionVersion]) -> list[dict[str, Any]]:
    """Each version, newest first, with what changed since the one before."""
    keys = _review_keys(work.assignment)
    history = []
    previous: dict[str, str] = {}
    for version in versions:
        values = _values(version)
        changes = []
        for key, label in keys:
            old, new = previous.get(key, ""), values.get(key, "")
            if old == new:
                continue
            changes.append(
                {
                    "label": label,
                    "diff": word_diff(old, new) if key not in ("file", "video_url") else None,
                    "old": old,
                    "new": new,
                }
            )
        labels = dict(keys)
        history.append(
            {
                "version": version,
                "changes": changes,
                "first": not previous,
                "comments": [(labels.get(c.field, ""), c) for c in version.comments.all()],
            }
        )
        previous = values
    return list(reversed(history))


def _render_work(
    request: HttpRequest,
    work: _Work,
    *,
    form: SubmissionForm | None = None,
    review_form: ReviewForm | None = None,
    status: int = 200,
    notice: str = "",
) -> HttpResponse:
    versions: list[SubmissionVersion] = []
    if work.submission is not None and work.submission.pk:
        versions = list(
            work.submission.versions.select_related("author")
            .prefetch_related(
                Prefetch("comments", queryset=SubmissionComment.objects.select_related("author"))
            )
            .order_by("number")
        )
    latest = versions[-1] if versions else None
    reviewed = next((v for v in reversed(versions) if v.comments.all()), None)
    comments: dict[str, list[SubmissionComment]] = {}
    for comment in reviewed.comments.all() if reviewed else []:
        comments.setdefault(comment.field, []).append(comment)
    mode = work.mode
    values = _values(latest)
    keys = _review_keys(work.assignment)
    rows: list[dict[str, Any]] = []
    if mode == "edit":
        if form is None:
            initial = {key: value for key, value in values.items() if key != "file"}
            form = SubmissionForm(
                initial=initial,
                assignment=work.assignment,
                has_file=bool(latest and latest.file),
            )
        for key, _label in keys:
            if key in form.fields:
                rows.append(
                    {
                        "key": key,
                        "field": form[key],
                        "comments": comments.get(key, []),
                        "clear": form["clear_file"]
                        if key == "file" and "clear_file" in form.fields
                        else None,
                    }
                )
    else:
        if mode == "review" and review_form is None:
            review_form = ReviewForm(keys=keys)
        for key, label in keys:
            rows.append(
                {
                    "key": key,
                    "label": label,
                    "value": values.get(key, ""),
                    "comments": comments.get(key, []),
                    "review_field": review_form[f"comment_{key}"] if review_form else None,
                }
            )
    who = work.team.label if work.owner is None and work.team else ""
    if work.owner is not None:
        who = work.owner.get_full_name()
    return render(
        request,
        "programs/team/submission.html",
        {
            "work": work,
            "assignment": work.assignment,
            "program": work.assignment.stage.program,
            "team": work.team,
            "who": who,
            "submission": work.submission,
            "state": work.state,
            "mode": mode,
            "form": form,
            "review_form": review_form,
            "rows": rows,
            "latest": latest,
            "file_label": values.get("file", ""),
            "general_comments": comments.get("", []),
            "reviewed": reviewed,
            "history": _history(work, versions),
            "notice": notice,
            "overdue": _Cell(work.submission, work.url, due_at=work.assignment.due_at).overdue,
        },
        status=status,
    )
