"""Programmes in the JSON API: the caller's programmes, their stages, teams with the state of
their work, and completion (for coordinators), as the pages allow."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from metodset.api.auth import ApiRequest
from metodset.programs import permissions, selectors
from metodset.programs.models import Program, ProgramMember, Submission, Team
from metodset.programs.services import completion as completion_service

from ..enums import choices_enum
from ..params import Pagination

router = Router(tags=["programmes"])
# To mypy an enum made at run time is no type; it has the values of these choices.
if TYPE_CHECKING:
    ProgramKind = Program.Kind
    ProgramStatus = Program.Status
    ProgramRole = ProgramMember.Role
    SubmissionState = Submission.State
else:
    ProgramKind = choices_enum("ProgramKind", Program.Kind)
    ProgramStatus = choices_enum("ProgramStatus", Program.Status)
    ProgramRole = choices_enum("ProgramRole", ProgramMember.Role)
    SubmissionState = choices_enum("SubmissionState", Submission.State)


class ProgramOut(Schema):
    id: int
    kind: ProgramKind
    kind_label: str
    title: str
    status: ProgramStatus
    starts_on: date | None
    ends_on: date | None
    organizer: str
    my_roles: list[ProgramRole]
    url: str

    @staticmethod
    def resolve_kind_label(obj: Program) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_organizer(obj: Program) -> str:
        return obj.organizer.short_name

    @staticmethod
    def resolve_my_roles(obj: Program, context) -> list[str]:
        user = context["request"].auth
        return sorted(permissions.member_roles(user, obj))

    @staticmethod
    def resolve_url(obj: Program) -> str:
        return settings.SITE_URL + reverse("programs:detail", args=[obj.pk])


class StageOut(Schema):
    id: int
    order: int
    kind: str
    title: str
    starts_on: date | None
    ends_on: date | None
    talk_minutes: int | None
    questions_minutes: int | None
    event_ids: list[int]

    @staticmethod
    def resolve_event_ids(obj) -> list[int]:
        return [e.pk for e in obj.events.all()]


class ProgramDetailOut(ProgramOut):
    description: str
    stages: list[StageOut]

    @staticmethod
    def resolve_stages(obj: Program) -> list:
        return selectors.stages_with_content(program=obj)


class SubmissionStateOut(Schema):
    assignment_id: int
    assignment: str
    state: SubmissionState
    late: bool
    submitted_at: datetime | None


class TeamOut(Schema):
    id: int
    number: int
    name: str
    tutor: str | None
    members: list[str]
    submissions: list[SubmissionStateOut]

    @staticmethod
    def resolve_tutor(obj: Team) -> str | None:
        return obj.tutor.get_full_name() if obj.tutor else None

    @staticmethod
    def resolve_members(obj: Team) -> list[str]:
        return [
            m.user.get_full_name() for m in obj.members.all() if m.role == ProgramMember.Role.INTERN
        ]

    @staticmethod
    def resolve_submissions(obj: Team) -> list[dict]:
        return [
            {
                "assignment_id": s.assignment_id,
                "assignment": s.assignment.title,
                "state": s.state,
                "late": s.late,
                "submitted_at": s.submitted_at,
            }
            for s in obj.submissions.all()
        ]


class CompletionOut(Schema):
    person_id: int
    full_name: str
    team: str | None
    completed: bool
    missing: list[str]


@router.get(
    "/programs", response=list[ProgramOut], summary="Programmes the caller runs or takes part in"
)
@paginate(Pagination, page_size=settings.PAGE_SIZE)
def program_list(request: ApiRequest) -> QuerySet[Program]:
    user = request.auth
    return (
        Program.objects.filter(
            Q(pk__in=permissions.coordinated_programs(user).values("pk"))
            | Q(pk__in=permissions.my_programs(user).values("pk"))
        )
        .select_related("organizer")
        .order_by("-created_at", "-pk")
    )


@router.get(
    "/programs/{program_id}", response=ProgramDetailOut, summary="A programme and its stages"
)
def program_detail(request: ApiRequest, program_id: int):
    return permissions.program_for_member(viewer=request.auth, pk=program_id)


@router.get(
    "/programs/{program_id}/teams",
    response=list[TeamOut],
    summary="Teams the caller may see, with the state of their submissions",
)
def program_teams(request: ApiRequest, program_id: int):
    program = permissions.program_for_member(viewer=request.auth, pk=program_id)
    return list(
        permissions.visible_teams(request.auth, program)
        .select_related("tutor")
        .prefetch_related("members__user", "submissions__assignment")
        .order_by("number")
    )


@router.get(
    "/programs/{program_id}/completion",
    response=list[CompletionOut],
    summary="Who completed the programme and what the others lack (coordinators)",
)
def program_completion(request: ApiRequest, program_id: int):
    program = permissions.program_for_member(viewer=request.auth, pk=program_id)
    if not permissions.can_coordinate(request.auth, program):
        raise PermissionDenied
    return [
        {
            "person_id": row.user.pk,
            "full_name": row.user.get_full_name(),
            "team": row.team.label if row.team else None,
            "completed": row.eligible,
            "missing": row.missing,
        }
        for row in completion_service.completion(program=program)
    ]
