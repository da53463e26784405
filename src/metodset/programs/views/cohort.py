"""The cohort's shared space: the programme's feed (лента потока) with its posts and the
teams' shared videos, a team's public questionnaire for the audience of its event with the
answers, the coordinators' feedback, and «Добавить в итоговый кейс» on an accepted product.

Who sees the feed: the programme's interns, tutors and coordinators; anyone else gets 404. A
team's video is in the feed only after the team shares it; until then its work stays the
team's (404 to other teams, as in the workspace).
"""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.core import uploads
from metodset.surveys import results as survey_results

from .. import permissions, selectors
from ..forms import CohortPostForm, FeedbackForm, VideoShareForm
from ..models import Program, ProgramMember, Submission, Team
from ..services import cohort
from ..services.errors import ProgramError

# --- the feed -------------------------------------------------------------------------------


def _feed_context(
    request: AuthenticatedRequest, program: Program, *, form: CohortPostForm | None = None
) -> dict[str, Any]:
    user = request.user
    page = selectors.cohort_feed(
        posts=permissions.visible_cohort_posts(user, program),
        page_number=request.GET.get("page"),
    )
    coordinates = permissions.can_coordinate(user, program)
    removable = permissions.cohort_post_remover(user, program)
    for post in page.object_list:
        post.program = program
        post.removable = removable(post)
    my_team = permissions.visible_teams(user, program).filter(members__user=user).first()
    return {
        "program": program,
        "page": page,
        "posts": page.object_list,
        "form": form or CohortPostForm(),
        "my_team": my_team,
        "coordinates": coordinates,
    }


@login_required
def cohort_feed(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = permissions.program_for_member(viewer=request.user, pk=program_id)
    return render(request, "programs/cohort/feed.html", _feed_context(request, program))


@login_required
@require_POST
def cohort_post(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = permissions.program_for_member(viewer=request.user, pk=program_id)
    form = CohortPostForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            cohort.cohort_post_create(
                program=program,
                by=request.user,
                text=form.cleaned_data["text"],
                url=form.cleaned_data["url"],
                file=form.cleaned_data.get("file"),
            )
        except (ProgramError, ValidationError) as error:
            form.add_error(None, str(error) if isinstance(error, ProgramError) else error)
        else:
            messages.success(request, _("Posted to the cohort feed."))
            return redirect("programs:cohort", program_id=program.pk)
    context = _feed_context(request, program, form=form)
    return render(request, "programs/cohort/feed.html", context, status=400)


@login_required
@require_POST
def cohort_post_delete(
    request: AuthenticatedRequest, program_id: int, post_id: int
) -> HttpResponse:
    post = permissions.cohort_post_for_remover(
        viewer=request.user, program_id=program_id, pk=post_id
    )
    team, version = post.team, post.version
    cohort.cohort_post_delete(post=post, by=request.user)
    messages.success(request, _("The post is removed from the cohort feed."))
    back = request.POST.get("back") == "work" and team is not None and version is not None
    if back:
        assert team is not None and version is not None
        submission = Submission.objects.get(pk=version.submission_id)
        return redirect("programs:team_submission", team.pk, submission.assignment_id)
    return redirect("programs:cohort", program_id=program_id)


@login_required
def cohort_post_file(
    request: AuthenticatedRequest, program_id: int, post_id: int
) -> HttpResponseBase:
    """The file of a post, or of a shared video: the video plays in the page."""
    post = permissions.cohort_post_for_member(
        viewer=request.user, program_id=program_id, pk=post_id
    )
    file = post.file or (post.version.file if post.version else None)
    if not file:
        raise Http404
    kind = mimetypes.guess_type(file.name or "")[0] or ""
    return uploads.file_response(file, inline=kind.startswith("video/"))


# --- a team's video and its product -------------------------------------------------------


@login_required
@require_POST
def team_video_share(
    request: AuthenticatedRequest, team_id: int, assignment_id: int
) -> HttpResponse:
    team, assignment = permissions.team_assignment_for_member(
        viewer=request.user, team_id=team_id, pk=assignment_id
    )
    permissions.team_for_worker(viewer=request.user, pk=team.pk)
    submission = Submission.objects.filter(assignment=assignment, team=team).first()
    form = VideoShareForm(request.POST, prefix="share")
    if submission is None or not form.is_valid():
        messages.error(request, _("Save the link to the video or upload its file first."))
    else:
        try:
            cohort.team_video_share(
                submission=submission, by=request.user, text=form.cleaned_data["text"]
            )
        except ProgramError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The video is shown to the whole cohort."))
    return redirect("programs:team_submission", team.pk, assignment.pk)


@login_required
@require_POST
def team_submission_to_case(
    request: AuthenticatedRequest, team_id: int, assignment_id: int
) -> HttpResponse:
    submission = permissions.team_submission_for_coordinator(
        viewer=request.user, team_id=team_id, pk=assignment_id
    )
    try:
        cohort.final_case_submission_add(submission=submission, by=request.user)
    except ProgramError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The product is in the final case."))
    if request.POST.get("back") == "case":
        return redirect("programs:final_case", program_id=submission.assignment.stage.program_id)
    return redirect("programs:team_submission", team_id, assignment_id)


def submission_cohort_context(request: AuthenticatedRequest, work: Any) -> dict[str, Any]:
    """What the submission page shows of the cohort: the shared video and the final case."""
    team, submission = work.team, work.submission
    if work.owner is not None or team is None or submission is None:
        return {}
    user = request.user
    context: dict[str, Any] = {}
    if work.assignment.kind == "video":
        post = cohort.shared_video(team)
        context["shared_post"] = post
        context["can_share"] = permissions.can_work_in_team(user, team) and (
            post is None or post.version_id != getattr(cohort.video_version(submission), "pk", None)
        )
        context["share_form"] = VideoShareForm(prefix="share")  # beside the work's own «text»
        if post is not None:
            post.program = team.program
        context["can_unshare"] = post is not None and permissions.can_remove_cohort_post(user, post)
    if submission.state == Submission.State.ACCEPTED and permissions.can_coordinate(
        user, team.program
    ):
        context["can_add_to_case"] = True
        case = team.program.final_case
        context["in_case"] = (
            submission.case_material_id is not None
            and case is not None
            and case.items.filter(material_id=submission.case_material_id).exists()
        )
    return context


# --- the audience's questionnaire -----------------------------------------------------------


@login_required
def team_audience(request: AuthenticatedRequest, team_id: int) -> HttpResponse:
    team = permissions.team_for_member(viewer=request.user, pk=team_id)
    questionnaire = team.audience_questionnaire
    context = {
        "team": team,
        "program": team.program,
        "questionnaire": questionnaire,
        "results": survey_results.summary(questionnaire=questionnaire) if questionnaire else None,
        "can_create": permissions.can_work_in_team(request.user, team),
    }
    return render(request, "programs/team/audience.html", context)


@login_required
@require_POST
def team_audience_create(request: AuthenticatedRequest, team_id: int) -> HttpResponse:
    team = permissions.team_for_worker(viewer=request.user, pk=team_id)
    cohort.audience_questionnaire_create(team=team, by=request.user)
    messages.success(
        request, _("The questionnaire is open: give its link to the audience of your event.")
    )
    return redirect("programs:team_audience", team_id=team.pk)


# --- the coordinators' feedback -------------------------------------------------------------


def _feedback_context(
    program: Program, *, form: FeedbackForm | None = None, form_team: int | None = None
) -> dict[str, Any]:
    return {
        "program": program,
        "board": selectors.feedback_board(program=program),
        "form": form,
        "form_team": form_team,
    }


@login_required
def feedback(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    return render(request, "programs/cohort/feedback.html", _feedback_context(program))


def _feedback_target(
    request: AuthenticatedRequest, program: Program, form: FeedbackForm
) -> tuple[Team | None, ProgramMember | None]:
    """The team and the intern the feedback is for, each within the programme (else 404)."""
    data = getattr(form, "cleaned_data", {})
    team = intern = None
    if data.get("team") is not None:
        team = permissions.team_for_coordinator(
            viewer=request.user, program_id=program.pk, pk=data["team"]
        )
    elif data.get("intern") is not None:
        intern = permissions.intern_for_coordinator(
            viewer=request.user, program_id=program.pk, pk=data["intern"]
        )
    return team, intern


@login_required
@require_POST
def feedback_add(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    """Write feedback; with htmx the team's section comes back, errors included (htmx swaps
    only successful responses, so they come back as 200)."""
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    form = FeedbackForm(request.POST)
    valid = form.is_valid()
    team, intern = _feedback_target(request, program, form)
    if valid:
        cohort.feedback_write(
            program=program,
            by=request.user,
            text=form.cleaned_data["text"],
            team=team,
            intern=intern,
        )
    team_id = team.pk if team is not None else intern.team_id if intern is not None else None
    if request.htmx and team_id is not None:
        row = next(r for r in selectors.feedback_board(program=program) if r["team"].pk == team_id)
        context = {"program": program, "row": row, "form": None if valid else form}
        return render(
            request, "programs/cohort/_feedback_team.html", {**context, "form_team": team_id}
        )
    if valid:
        messages.success(request, _("The feedback is written."))
        anchor = f"#team-{team_id}" if team_id is not None else ""
        return redirect(reverse("programs:feedback", args=[program.pk]) + anchor)
    context = _feedback_context(program, form=form, form_team=team_id)
    return render(request, "programs/cohort/feedback.html", context, status=400)
