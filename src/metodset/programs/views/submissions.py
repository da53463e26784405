"""Submissions: a team's or an intern's work on an assignment, handing it in, the tutor's
review, and the page that shows versions with what changed between them.

Who sees a submission: its team (or intern), the tutor and the coordinators; anyone else gets
404."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import (
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.accounts.models import User

from .. import permissions, selectors
from ..forms import ReviewForm, SubmissionForm
from ..forms.teamwork import _part_labels, _parts
from ..models import (
    Assignment,
    ProgramMember,
    Submission,
    SubmissionComment,
    SubmissionVersion,
    Team,
)
from ..schemes import EVENT_CARD
from ..services import submission_checks, teamwork
from ..services.errors import ProgramError
from .cohort import submission_cohort_context

Role = ProgramMember.Role
State = Submission.State
Kind = Assignment.Kind
THREAD_PAGE = 30


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

    @property
    def actions(self) -> dict[str, str]:
        """Where the page's buttons post: its own address and the action's name."""
        return {name: f"{self.url}{name}/" for name in ("save", "submit", "return", "accept")}


def _team_work(request: AuthenticatedRequest, team_id: int, assignment_id: int) -> _Work:
    """The team's work on a team assignment, for its members, its tutor and the coordinators."""
    team, assignment = permissions.team_assignment_for_member(
        viewer=request.user, team_id=team_id, pk=assignment_id
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
    return work


def _intern_work(
    request: AuthenticatedRequest, team_id: int, assignment_id: int, user_id: int
) -> _Work | HttpResponse:
    """An intern's personal work as their tutor and the coordinators see it; an intern opening
    her own is sent to her page of it."""
    if user_id == request.user.pk:
        # An outsider is refused (404) before being sent anywhere.
        permissions.team_for_member(viewer=request.user, pk=team_id)
        return redirect("programs:my_submission", assignment_id=assignment_id)
    assignment, member = permissions.personal_work_for_reviewer(
        viewer=request.user, team_id=team_id, pk=assignment_id, user_id=user_id
    )
    team = member.team
    assert team is not None
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
    return work


def _my_work(request: AuthenticatedRequest, assignment_id: int) -> _Work:
    """The intern's own work on a personal assignment."""
    assignment = permissions.personal_assignment_for_intern(viewer=request.user, pk=assignment_id)
    program = assignment.stage.program
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
    return work


@login_required
@require_GET
def team_submission(
    request: AuthenticatedRequest, team_id: int, assignment_id: int
) -> HttpResponse:
    return _render_work(request, _team_work(request, team_id, assignment_id))


@login_required
@require_POST
def team_submission_save(
    request: AuthenticatedRequest, team_id: int, assignment_id: int
) -> HttpResponse:
    return _save(request, _team_work(request, team_id, assignment_id), hand_in=False)


@login_required
@require_POST
def team_submission_submit(
    request: AuthenticatedRequest, team_id: int, assignment_id: int
) -> HttpResponse:
    return _save(request, _team_work(request, team_id, assignment_id), hand_in=True)


@login_required
@require_POST
def team_submission_return(
    request: AuthenticatedRequest, team_id: int, assignment_id: int
) -> HttpResponse:
    return _review(request, _team_work(request, team_id, assignment_id), accept=False)


@login_required
@require_POST
def team_submission_accept(
    request: AuthenticatedRequest, team_id: int, assignment_id: int
) -> HttpResponse:
    return _review(request, _team_work(request, team_id, assignment_id), accept=True)


@login_required
@require_GET
def intern_submission(
    request: AuthenticatedRequest, team_id: int, assignment_id: int, user_id: int
) -> HttpResponse:
    work = _intern_work(request, team_id, assignment_id, user_id)
    return work if isinstance(work, HttpResponse) else _render_work(request, work)


@login_required
@require_POST
def intern_submission_return(
    request: AuthenticatedRequest, team_id: int, assignment_id: int, user_id: int
) -> HttpResponse:
    work = _intern_work(request, team_id, assignment_id, user_id)
    return work if isinstance(work, HttpResponse) else _review(request, work, accept=False)


@login_required
@require_POST
def intern_submission_accept(
    request: AuthenticatedRequest, team_id: int, assignment_id: int, user_id: int
) -> HttpResponse:
    work = _intern_work(request, team_id, assignment_id, user_id)
    return work if isinstance(work, HttpResponse) else _review(request, work, accept=True)


@login_required
@require_GET
def my_submission(request: AuthenticatedRequest, assignment_id: int) -> HttpResponse:
    return _render_work(request, _my_work(request, assignment_id))


@login_required
@require_POST
def my_submission_save(request: AuthenticatedRequest, assignment_id: int) -> HttpResponse:
    return _save(request, _my_work(request, assignment_id), hand_in=False)


@login_required
@require_POST
def my_submission_submit(request: AuthenticatedRequest, assignment_id: int) -> HttpResponse:
    return _save(request, _my_work(request, assignment_id), hand_in=True)


def _latest_version(work: _Work) -> SubmissionVersion | None:
    if work.submission is None:
        return None
    return work.submission.versions.order_by("-number").first()


def _save(request: AuthenticatedRequest, work: _Work, *, hand_in: bool) -> HttpResponse:
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
    return _hand_in(request, work, form=form, submission=submission)


def _hand_in(
    request: AuthenticatedRequest, work: _Work, *, form: SubmissionForm, submission: Submission
) -> HttpResponse:
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


def _review(request: AuthenticatedRequest, work: _Work, *, accept: bool) -> HttpResponse:
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
    out: list[str] = []
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
    values = {key: str(version.card.get(key) or "") for key in submission_checks.CARD_KEYS}
    values.update(
        text=version.text,
        video_url=version.video_url,
        file=os.path.basename(version.file.name or "") if version.file else "",
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
    versions = _versions(work)
    latest = versions[-1] if versions else None
    reviewed = next((v for v in reversed(versions) if v.comments.all()), None)
    comments: dict[str, list[SubmissionComment]] = {}
    for comment in reviewed.comments.all() if reviewed else []:
        comments.setdefault(comment.field, []).append(comment)
    values = _values(latest)
    keys = _review_keys(work.assignment)
    if work.mode == "edit":
        if form is None:
            form = SubmissionForm(
                initial={key: value for key, value in values.items() if key != "file"},
                assignment=work.assignment,
                has_file=bool(latest and latest.file),
            )
        rows = _edit_rows(form, keys, comments)
    else:
        if work.mode == "review" and review_form is None:
            review_form = ReviewForm(keys=keys)
        rows = _read_rows(keys, values, comments, review_form)
    context = {
        **_work_context(work),
        **{"form": form, "review_form": review_form, "rows": rows, "latest": latest},
        **{"file_label": values.get("file", ""), "general_comments": comments.get("", [])},
        **{"reviewed": reviewed, "history": _history(work, versions), "notice": notice},
        **submission_cohort_context(request, work),  # type: ignore[arg-type]
    }
    return render(request, "programs/team/submission.html", context, status=status)


def _versions(work: _Work) -> list[SubmissionVersion]:
    if work.submission is None or not work.submission.pk:
        return []
    return list(
        work.submission.versions.select_related("author")
        .prefetch_related(
            Prefetch("comments", queryset=SubmissionComment.objects.select_related("author"))
        )
        .order_by("number")
    )


def _edit_rows(
    form: SubmissionForm, keys: list[tuple[str, str]], comments: dict[str, list[Any]]
) -> list[dict[str, Any]]:
    return [
        {
            "key": key,
            "field": form[key],
            "comments": comments.get(key, []),
            "clear": form["clear_file"] if key == "file" and "clear_file" in form.fields else None,
        }
        for key, _label in keys
        if key in form.fields
    ]


def _read_rows(
    keys: list[tuple[str, str]],
    values: dict[str, Any],
    comments: dict[str, list[Any]],
    review_form: ReviewForm | None,
) -> list[dict[str, Any]]:
    return [
        {
            "key": key,
            "label": label,
            "value": values.get(key, ""),
            "comments": comments.get(key, []),
            "review_field": review_form[f"comment_{key}"] if review_form else None,
        }
        for key, label in keys
    ]


def _work_context(work: _Work) -> dict[str, Any]:
    """What the page says of the work itself: whose, its state, what may be done."""
    who = work.team.label if work.owner is None and work.team else ""
    if work.owner is not None:
        who = work.owner.get_full_name()
    return {
        "work": work,
        "assignment": work.assignment,
        "program": work.assignment.stage.program,
        "team": work.team,
        "who": who,
        "submission": work.submission,
        "state": work.state,
        "mode": work.mode,
        "actions": work.actions,
        "overdue": selectors.WorkCell(
            work.submission, work.url, due_at=work.assignment.due_at
        ).overdue,
    }
