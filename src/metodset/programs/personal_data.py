"""A person's part in programmes in their data export, and what is erased when they are
deleted (152-ФЗ)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q

from metodset.accounts.models import User
from metodset.accounts.services import DELETED_NAME, iso

from .models import (
    Application,
    CohortPost,
    Feedback,
    ModuleChoice,
    PlanProgress,
    ProgramMember,
    SessionQuestion,
    Submission,
    SubmissionComment,
    SubmissionVersion,
    Team,
    TeamMessage,
)
from .services.completion import completion


def export(sender: object, *, person: User, **kwargs: object) -> tuple[str, Any]:
    """Applications, roles and teams, completion, work handed in (the person's own and their
    teams'), with the tutor's comments on it, messages, questions, comments, plan marks, posts
    of the cohort feed and the coordinators' feedback.

    Queries grow with the number of programmes an intern is in (completion is computed per
    programme, as its page does), never with the number of rows.
    """
    members = list(
        ProgramMember.objects.filter(user=person)
        .select_related("program", "team")
        .prefetch_related(
            Prefetch("modules", queryset=ModuleChoice.objects.select_related("stage"))
        )
        .order_by("joined_at", "pk")
    )
    team_ids = [m.team_id for m in members if m.team_id is not None]
    return (
        "programmes",
        {
            "applications": _applications(person),
            "roles": [_role(m) for m in members],
            "teams_tutored": [
                {"programme": team.program.title, "team": _team(team)}
                for team in Team.objects.filter(tutor=person)
                .select_related("program")
                .order_by("program_id", "number")
            ],
            "work": _work(person, team_ids),
            "messages": [
                {
                    "team": _team(message.team),
                    "programme": message.team.program.title,
                    "text": message.text,
                    "file": message.file.name,
                    "to_tutor": message.to_tutor,
                    "sent_at": message.created_at.isoformat(),
                }
                for message in TeamMessage.objects.filter(author=person)
                .select_related("team__program")
                .order_by("created_at", "pk")
            ],
            "questions_asked": [
                {
                    "session": question.session.title,
                    "text": question.text,
                    "asked_at": question.created_at.isoformat(),
                }
                for question in SessionQuestion.objects.filter(author=person)
                .select_related("session")
                .order_by("created_at", "pk")
            ],
            "comments_written": [
                {
                    "assignment": comment.version.submission.assignment.title,
                    "version": comment.version.number,
                    "field": comment.field,
                    "text": comment.text,
                    "written_at": comment.created_at.isoformat(),
                }
                for comment in SubmissionComment.objects.filter(author=person)
                .select_related("version__submission__assignment")
                .order_by("created_at", "pk")
            ],
            "cohort_feed": [
                {
                    "programme": post.program.title,
                    "kind": post.kind,
                    "team": _team(post.team) if post.team else None,
                    "text": post.text,
                    "url": post.url,
                    "file": post.file.name,
                    "shared_at": post.shared_at.isoformat(),
                }
                for post in CohortPost.objects.filter(author=person)
                .select_related("program", "team")
                .order_by("shared_at", "pk")
            ],
            "feedback_received": [
                {
                    "programme": note.program.title,
                    "text": note.text,
                    "written_at": note.created_at.isoformat(),
                }
                for note in Feedback.objects.filter(intern=person)
                .select_related("program")
                .order_by("created_at", "pk")
            ],
            "feedback_written": [
                {
                    "programme": note.program.title,
                    "team": _team(note.team) if note.team else None,
                    "text": note.text,
                    "written_at": note.created_at.isoformat(),
                }
                for note in Feedback.objects.filter(author=person)
                .select_related("program", "team")
                .order_by("created_at", "pk")
            ],
            "individual_plan": [
                {
                    "programme": progress.step.program.title,
                    "step": progress.step.title,
                    "done_at": progress.done_at.isoformat(),
                    "evidence_url": progress.evidence_url,
                    "evidence_file": progress.evidence_file.name,
                    "note": progress.note,
                }
                for progress in PlanProgress.objects.filter(user=person)
                .select_related("step__program")
                .order_by("step__program_id", "step__order", "step_id")
            ],
        },
    )


def _applications(person: User) -> list[dict[str, Any]]:
    applications = (
        Application.objects.filter(user=person)
        .select_related("program", "organization")
        .order_by("created_at", "pk")
    )
    return [
        {
            "programme": a.program.title,
            "status": a.status,
            "submitted_at": a.created_at.isoformat(),
            "decided_at": iso(a.decided_at),
            "email": a.email,
            "last_name": a.last_name,
            "first_name": a.first_name,
            "middle_name": a.middle_name,
            "organization": a.organization_label,
            "position": a.position,
            "city": a.city,
            "time_zone": a.time_zone,
            "motivation": a.motivation,
            "together_with": a.together_with,
            "consent_at": iso(a.consent_at),
            "consent_version": a.consent_version,
        }
        for a in applications
    ]


def _role(member: ProgramMember) -> dict[str, Any]:
    program = member.program
    row: dict[str, Any] = {
        "programme": program.title,
        "programme_status": program.status,
        "starts_on": iso(program.starts_on),
        "ends_on": iso(program.ends_on),
        "hours_in_person": str(program.hours_in_person),
        "hours_self_study": str(program.hours_self_study),
        "role": member.role,
        "is_tutor": member.role == ProgramMember.Role.TUTOR,
        "team": _team(member.team) if member.team else None,
        "joined_at": member.joined_at.isoformat(),
        "modules_chosen": [choice.stage.title for choice in member.modules.all()],
        "completion": None,
    }
    if member.role == ProgramMember.Role.INTERN:
        mine = [row for row in completion(program=program) if row.member.pk == member.pk]
        if mine:
            row["completion"] = {"completed": mine[0].eligible, "missing": mine[0].missing}
    return row


def _work(person: User, team_ids: list[int]) -> list[dict[str, Any]]:
    submissions = (
        Submission.objects.filter(Q(user=person) | Q(team_id__in=team_ids))
        .select_related("assignment__stage__program", "team")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=SubmissionVersion.objects.prefetch_related("comments").order_by("number"),
            )
        )
        .order_by("assignment__stage__program_id", "assignment__stage__order", "assignment_id")
    )
    return [
        {
            "programme": s.assignment.stage.program.title,
            "assignment": s.assignment.title,
            "team": _team(s.team) if s.team else None,
            "state": s.state,
            "submitted_at": iso(s.submitted_at),
            "accepted_at": iso(s.accepted_at),
            "late": s.late,
            "versions": [
                {
                    "number": v.number,
                    "saved_at": v.created_at.isoformat(),
                    "by_me": v.author_id == person.pk,
                    "handed_in": v.submitted,
                    "card": v.card,
                    "text": v.text,
                    "video_url": v.video_url,
                    "file": v.file.name,
                    "comments": [
                        {"field": c.field, "text": c.text, "written_at": c.created_at.isoformat()}
                        for c in v.comments.all()
                    ],
                }
                for v in s.versions.all()
            ],
        }
        for s in submissions
    ]


def _team(team: Team) -> dict[str, Any]:
    return {"number": team.number, "name": team.name}


def erase(sender: object, *, person_id: int, **kwargs: object) -> None:
    """Clear the texts the person wrote alone; keep the structure others rely on.

    Roles, teams, submissions' states and plan marks stay (completion and certificates are
    computed from them; the person's row is already anonymised), and so does team work, which
    belongs to the whole team. The applicant's own copy of their name, e-mail and answers is
    anonymised like the person's row; the application stays for the programme's funnel. That
    includes applications never linked to the account, found by the e-mail it had.
    """
    # An application sent before the person had an account is linked by its e-mail only.
    email = str(kwargs.get("email") or "")
    unlinked = Q(user__isnull=True, email__iexact=email) if email else Q(pk__in=[])
    applications = list(Application.objects.filter(Q(user_id=person_id) | unlinked))
    for application in applications:
        application.last_name = DELETED_NAME
        application.first_name = ""
        application.middle_name = ""
        # Unique per programme, like the e-mail it replaces.
        application.email = f"deleted-{person_id}-{application.pk}@deleted.invalid"
        application.organization_name = ""
        application.position = ""
        application.city = ""
        application.time_zone = ""  # it tells where she lives as the city did
        application.motivation = ""
        application.together_with = ""
        application.consent_at = None
        application.consent_version = ""
    Application.objects.bulk_update(
        applications,
        [
            "last_name",
            "first_name",
            "middle_name",
            "email",
            "organization_name",
            "position",
            "city",
            "time_zone",
            "motivation",
            "together_with",
            "consent_at",
            "consent_version",
        ],
    )
    SubmissionVersion.objects.filter(submission__user_id=person_id).update(card={}, text="")
    PlanProgress.objects.filter(user_id=person_id).update(note="", evidence_url="")
    TeamMessage.objects.filter(author_id=person_id).update(text="")
    SessionQuestion.objects.filter(author_id=person_id).update(text="")
    SubmissionComment.objects.filter(author_id=person_id).update(text="")
    # Her own posts of the cohort feed go with their files; a team's shared video stays the
    # team's, without her words. Feedback to her is about her; feedback she wrote is cleared.
    for post in CohortPost.objects.filter(author_id=person_id, kind=CohortPost.Kind.POST):
        if post.file:
            post.file.delete(save=False)
        post.delete()
    CohortPost.objects.filter(author_id=person_id).update(text="")
    Feedback.objects.filter(intern_id=person_id).delete()
    Feedback.objects.filter(author_id=person_id).update(text="")
