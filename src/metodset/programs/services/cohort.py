"""The cohort's shared space (seed 000): posts of the programme's feed, a team's video shared
with the whole cohort, the team's public questionnaire for its event's audience, the
coordinators' feedback, and an accepted team product put into the final case in one click.

A team's video is not uploaded twice: sharing it makes a feed post that points at the latest
version of the team's video work that holds a link or a file; sharing again after a new version
moves the post to it, and withdrawing it deletes the post, never the work.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metodset.accounts.audit import audit_record
from metodset.accounts.models import User
from metodset.accounts.services import Action
from metodset.library import services as library
from metodset.library.models import Material
from metodset.surveys import services as survey_services
from metodset.surveys.models import Questionnaire

from ..models import (
    Assignment,
    CohortPost,
    Feedback,
    Program,
    ProgramMember,
    Submission,
    SubmissionVersion,
    Team,
)
from .errors import ProgramError

AUDIENCE_TEMPLATE = "audience_feedback"  # the shipped public questionnaire (surveys/data)
TEXT_MAX = 5000

# What an accepted product becomes in the library, by the kind of its assignment.
CASE_KINDS = {
    Assignment.Kind.VIDEO: Material.Kind.VIDEO,
    Assignment.Kind.EVENT_CARD: Material.Kind.SCENARIO,
    Assignment.Kind.FREE: Material.Kind.DEVELOPMENT,
}


# --- the feed -----------------------------------------------------------------------------


@transaction.atomic
def cohort_post_create(
    *, program: Program, by: User, text: str = "", url: str = "", file: Any = None
) -> CohortPost:
    """A material or a link posted to the programme's feed by an intern, a tutor or a
    coordinator (who may post is the caller's check)."""
    text, url = (text or "").strip(), (url or "").strip()
    if not (text or url or file):
        raise ProgramError(_("Write something, give a link or attach a file."))
    if len(text) > TEXT_MAX:
        raise ProgramError(_("The post is too long."))
    post = CohortPost.objects.create(
        program=program, kind=CohortPost.Kind.POST, author=by, text=text, url=url
    )
    if file:
        post.file.save(os.path.basename(file.name), file, save=True)
    audit_record(actor=by, action=Action.CREATED, target=post)
    return post


@transaction.atomic
def cohort_post_delete(*, post: CohortPost, by: User) -> None:
    """Take a post off the feed; a shared video goes back to its team only, the work stays."""
    audit_record(
        actor=by,
        action=Action.REMOVED,
        target=post,
        changes={"kind": [post.kind, None]},
    )
    if post.file:
        post.file.delete(save=False)
    post.delete()


def video_version(submission: Submission) -> SubmissionVersion | None:
    """The latest version of a team's video work that holds a link or a file."""
    for version in submission.versions.order_by("-number"):
        if version.video_url or version.file:
            return version
    return None


@transaction.atomic
def team_video_share(*, submission: Submission, by: User, text: str = "") -> CohortPost:
    """Show the team's video of its real event to all the cohort (the team's own decision)."""
    if submission.team_id is None or submission.assignment.kind != Assignment.Kind.VIDEO:
        raise ProgramError(_("Only a team's video of its event is shared with the cohort."))
    version = video_version(submission)
    if version is None:
        raise ProgramError(_("Save the link to the video or upload its file first."))
    team = submission.team
    assert team is not None
    post = (
        CohortPost.objects.select_for_update().filter(team=team, kind=CohortPost.Kind.VIDEO).first()
    )
    old_version = post.version_id if post else None
    if post is None:
        post = CohortPost(program_id=team.program_id, kind=CohortPost.Kind.VIDEO, team=team)
    post.author = by
    post.version = version
    post.text = (text or "").strip()[:TEXT_MAX] or post.text
    post.shared_at = timezone.now()
    post.save()
    audit_record(
        actor=by,
        action=Action.CREATED if old_version is None else Action.UPDATED,
        target=post,
        changes={"version": [old_version, version.pk]},
    )
    return post


def shared_video(team: Team) -> CohortPost | None:
    return CohortPost.objects.filter(team=team, kind=CohortPost.Kind.VIDEO).first()


# --- the audience's questionnaire ----------------------------------------------------------


@transaction.atomic
def audience_questionnaire_create(*, team: Team, by: User) -> Questionnaire:
    """The team's public questionnaire for the audience of its event, from the shipped
    template, open at once; made once per team."""
    team = Team.objects.select_for_update().select_related("program").get(pk=team.pk)
    if team.audience_questionnaire_id is not None:
        assert team.audience_questionnaire is not None
        return team.audience_questionnaire
    program = team.program
    questionnaire = survey_services.questionnaire_from_template(
        key=AUDIENCE_TEMPLATE, by=by, organization=program.organizer, network=program.network
    )
    with translation.override(settings.LANGUAGE_CODE):  # stored: in the site's language
        questionnaire.title = f"{questionnaire.title}: {team.label} — {program.title}"[:300]
    questionnaire.save(update_fields=["title"])
    survey_services.questionnaire_open(questionnaire=questionnaire)
    team.audience_questionnaire = questionnaire
    team.save(update_fields=["audience_questionnaire"])
    audit_record(
        actor=by,
        action=Action.UPDATED,
        target=team,
        changes={"audience_questionnaire": [None, questionnaire.pk]},
    )
    return questionnaire


# --- the coordinators' feedback -------------------------------------------------------------


@transaction.atomic
def feedback_write(
    *,
    program: Program,
    by: User,
    text: str,
    team: Team | None = None,
    intern: ProgramMember | None = None,
) -> Feedback:
    """A coordinator's feedback to one team or to one intern of the programme."""
    text = (text or "").strip()
    if not text:
        raise ProgramError(_("Write the feedback."))
    if (team is None) == (intern is None):
        raise ProgramError(_("Choose a team or an intern."))
    if team is not None and team.program_id != program.pk:
        raise ProgramError(_("The team is not of this programme."))
    if intern is not None and (
        intern.program_id != program.pk or intern.role != ProgramMember.Role.INTERN
    ):
        raise ProgramError(_("The intern is not of this programme."))
    feedback = Feedback.objects.create(
        program=program,
        team=team,
        intern=intern.user if intern is not None else None,
        author=by,
        text=text[:TEXT_MAX],
    )
    # The log names to whom it was written, not what: the text is for the team or the intern.
    whom = team.label if team is not None else intern.user.get_full_name()  # type: ignore[union-attr]
    with translation.override(settings.LANGUAGE_CODE):
        audit_record(
            actor=by,
            action=Action.CREATED,
            target=feedback,
            target_repr=_("Feedback to %(whom)s") % {"whom": whom},
        )
    return feedback


# --- the final case -------------------------------------------------------------------------


def _case_title(submission: Submission, version: SubmissionVersion) -> str:
    assert submission.team is not None
    title = (version.card or {}).get("title") or submission.assignment.title
    with translation.override(settings.LANGUAGE_CODE):  # stored: in the site's language
        return f"{title} — {submission.team.label}"[:300]


@transaction.atomic
def final_case_submission_add(*, submission: Submission, by: User) -> Material:
    """Put a team's accepted product into the programme's final case as a material of the
    organiser, authored by the team's interns; once — a second click changes nothing."""
    submission = (
        Submission.objects.select_for_update(of=("self",))  # PostgreSQL locks no outer join
        .select_related("assignment__stage__program__final_case", "team", "case_material")
        .get(pk=submission.pk)
    )
    program = submission.assignment.stage.program
    if submission.team is None or submission.state != Submission.State.ACCEPTED:
        raise ProgramError(_("Only a team's accepted product goes into the final case."))
    if program.final_case is None:
        raise ProgramError(_("The programme has no final case."))
    if submission.case_material is not None:
        library.collection_add(collection=program.final_case, material=submission.case_material)
        return submission.case_material
    version = submission.versions.order_by("-number").first()
    assert version is not None  # accepted work was handed in
    names = [
        member.user.initials_name
        for member in ProgramMember.objects.filter(
            team=submission.team, role=ProgramMember.Role.INTERN
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    ]
    authors = ", ".join(names)[:500]
    card = version.card or {}
    description = (card.get("goals") or version.text or "").strip()
    fields: dict[str, Any] = {}
    if version.file:
        fields["file"] = File(
            version.file.open("rb"), name=os.path.basename(version.file.name or "")
        )
    try:
        material = library.material_create(
            by=by,
            title=_case_title(submission, version),
            kind=CASE_KINDS[Assignment.Kind(submission.assignment.kind)],
            url=version.video_url,
            description=description,
            authors=authors,
            organization=program.organizer,
            **fields,
        )
    finally:
        if version.file:
            version.file.close()
    library.collection_add(collection=program.final_case, material=material)
    submission.case_material = material
    submission.save(update_fields=["case_material", "updated_at"])
    audit_record(
        actor=by,
        action=Action.UPDATED,
        target=submission,
        changes={"case_material": [None, material.pk]},
    )
    return material
