"""Professional learning communities, lesson study and methodical plans in the JSON API.

The API follows the pages (communities.permissions): a community is listed to its members and
to those it was opened to; anyone else gets 404. A lesson-study cycle shows its maps, lessons
and conclusions to whoever sees the community; its case children, predictions and observation
protocols only to the community's members and the cycle's guests, whatever the openness:
they are evidence about children, never a rating of a teacher. Children appear by code only.
An organisation's methodical plans are read by its people and by those who see its aggregated
diagnostics; the match of a plan against the deficits only by the latter (403 to a teacher).
"""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from metodset.api.auth import ApiRequest
from metodset.communities import matching, permissions
from metodset.communities.forms.plans import THRESHOLDS
from metodset.communities.models import (
    CaseChild,
    Community,
    Cycle,
    Lesson,
    MapStage,
    MapVersion,
    Member,
    MethodicalPlan,
    PlanTopic,
    Prediction,
    Protocol,
    ProtocolEntry,
    Tactic,
)
from metodset.communities.selectors import plans as plan_selectors

from ..enums import choices_enum
from ..params import Id, Pagination, Year

router = Router(tags=["communities"])
# The share of assessed teachers, in per cent, from which a deficit is a trend (as on the page).
Threshold = Annotated[
    int, Field(ge=min(THRESHOLDS), le=max(THRESHOLDS), multiple_of=THRESHOLDS[1] - THRESHOLDS[0])
]
if TYPE_CHECKING:
    CommunityKind = Community.Kind
    CommunityOpenness = Community.Openness
    MemberRole = Member.Role
    LessonStage = Lesson.Stage
else:
    CommunityKind = choices_enum("CommunityKind", Community.Kind)
    CommunityOpenness = choices_enum("CommunityOpenness", Community.Openness)
    MemberRole = choices_enum("CommunityMemberRole", Member.Role)
    LessonStage = choices_enum("LessonStudyStage", Lesson.Stage)


class CommunityOut(Schema):
    id: int
    name: str
    kind: CommunityKind
    kind_label: str
    organization_id: int | None
    organization_name: str
    network_id: int | None
    network_name: str
    direction: str
    openness: CommunityOpenness
    openness_label: str
    member_count: int

    @staticmethod
    def resolve_kind_label(obj: Community) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_openness_label(obj: Community) -> str:
        return str(obj.get_openness_display())

    @staticmethod
    def resolve_organization_name(obj: Community) -> str:
        return obj.organization.short_name if obj.organization else ""

    @staticmethod
    def resolve_network_name(obj: Community) -> str:
        return obj.network.name if obj.network else ""


class CommunityMemberOut(Schema):
    person_id: int
    person_name: str
    role: MemberRole
    role_label: str

    @staticmethod
    def resolve_person_id(obj: Member) -> int:
        return obj.user_id

    @staticmethod
    def resolve_person_name(obj: Member) -> str:
        return obj.user.get_full_name()

    @staticmethod
    def resolve_role_label(obj: Member) -> str:
        return str(obj.get_role_display())


class CommunityTacticOut(Schema):
    id: int
    action: str
    resources: str
    responsible: list[str]
    starts_on: date | None
    due_on: date | None
    done: bool

    @staticmethod
    def resolve_responsible(obj: Tactic) -> list[str]:
        return [person.get_full_name() for person in obj.responsible.all()]


class CommunityDetailOut(CommunityOut):
    idea: str
    vision: str
    values: str
    line_of_change: str
    educational_areas: str
    goal: str
    goal_measure: str
    problem: str
    strategy: str
    strategy_note: str
    members: list[CommunityMemberOut]
    tactics: list[CommunityTacticOut]

    @staticmethod
    def resolve_problem(obj: Community) -> str:
        return obj.strategy.problem if obj.strategy else ""

    @staticmethod
    def resolve_strategy(obj: Community) -> str:
        return obj.strategy.strategy if obj.strategy else ""

    @staticmethod
    def resolve_members(obj: Community) -> list:
        return list(obj.members.all())

    @staticmethod
    def resolve_tactics(obj: Community) -> list:
        return list(obj.tactics.all())


class LessonStageOut(Schema):
    order: int
    title: str
    minutes: int
    activities: str
    expected: str


class LessonMapVersionOut(Schema):
    number: int
    change_note: str
    created_at: datetime
    stages: list[LessonStageOut]

    @staticmethod
    def resolve_stages(obj: MapVersion) -> list:
        return list(obj.stages.all())


class ResearchLessonOut(Schema):
    number: int
    version: int
    teacher_name: str
    starts_at: datetime | None
    stage: LessonStage
    stage_label: str
    on_children: str
    on_group: str
    on_teaching: str
    conclusions: str
    recommendations: str

    @staticmethod
    def resolve_version(obj: Lesson) -> int:
        return obj.version.number

    @staticmethod
    def resolve_teacher_name(obj: Lesson) -> str:
        return obj.teacher.get_full_name() if obj.teacher else ""

    @staticmethod
    def resolve_stage_label(obj: Lesson) -> str:
        return str(obj.get_stage_display())


class LessonStudyCycleOut(Schema):
    id: int
    community_id: int
    title: str
    group: str
    goal: str
    created_at: datetime
    closed_at: datetime | None


class LessonPredictionOut(Schema):
    version: int
    stage: int
    case_child: str
    text: str

    @staticmethod
    def resolve_version(obj: Prediction) -> int:
        return obj.stage.version.number

    @staticmethod
    def resolve_stage(obj: Prediction) -> int:
        return obj.stage.order

    @staticmethod
    def resolve_case_child(obj: Prediction) -> str:
        return obj.case_child.code


class ObservationEntryOut(Schema):
    stage: int | None
    minute: int | None
    text: str

    @staticmethod
    def resolve_stage(obj: ProtocolEntry) -> int | None:
        return obj.stage.order if obj.stage else None


class ObservationProtocolOut(Schema):
    lesson: int
    observer_name: str
    case_child: str
    notes: str
    entries: list[ObservationEntryOut]

    @staticmethod
    def resolve_lesson(obj: Protocol) -> int:
        return obj.lesson.number

    @staticmethod
    def resolve_observer_name(obj: Protocol) -> str:
        return obj.observer.get_full_name()

    @staticmethod
    def resolve_case_child(obj: Protocol) -> str:
        return obj.case_child.code

    @staticmethod
    def resolve_entries(obj: Protocol) -> list:
        return list(obj.entries.all())


class LessonStudyCycleDetailOut(LessonStudyCycleOut):
    versions: list[LessonMapVersionOut]
    lessons: list[ResearchLessonOut]
    # For the community's members and the cycle's guests only; empty for anyone else.
    case_children: list[str]
    predictions: list[LessonPredictionOut]
    protocols: list[ObservationProtocolOut]


def _visible(request: ApiRequest) -> QuerySet[Community]:
    return (
        permissions.visible_communities(request.auth)
        .select_related("organization", "network")
        # A subquery: the visibility filter joins the members, and a Count over that join
        # would count only the rows the filter kept (the caller alone, in a closed community).
        .annotate(
            member_count=Coalesce(
                Subquery(
                    Member.objects.filter(community=OuterRef("pk"))
                    .order_by()
                    .values("community")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )
        )
    )


@router.get(
    "/communities",
    response=list[CommunityOut],
    summary="Communities the caller belongs to or that were opened to her",
)
@paginate(Pagination, page_size=settings.PAGE_SIZE)
def community_list(
    request: ApiRequest, mine: bool = False, organization: Id | None = None
) -> QuerySet[Community]:
    communities = _visible(request)
    if mine:
        communities = communities.filter(
            pk__in=Member.objects.filter(user=request.auth).values("community_id")
        )
    if organization is not None:
        communities = communities.filter(organization_id=organization)
    return communities.order_by("name", "pk")


@router.get(
    "/communities/{community_id}",
    response=CommunityDetailOut,
    summary="A community: charter, line of change, goal, strategy, tactics and members",
)
def community_detail(request: ApiRequest, community_id: Id) -> Community:
    community = permissions.community_for_viewer(viewer=request.auth, pk=community_id)
    return (
        _visible(request)
        .select_related("strategy")
        .prefetch_related(
            Prefetch("members", Member.objects.select_related("user").order_by("pk")),
            Prefetch("tactics", Tactic.objects.prefetch_related("responsible")),
        )
        .get(pk=community.pk)
    )


@router.get(
    "/communities/{community_id}/cycles",
    response=list[LessonStudyCycleOut],
    summary="The lesson-study cycles of a community the caller sees",
)
@paginate(Pagination, page_size=settings.PAGE_SIZE)
def cycle_list(request: ApiRequest, community_id: Id) -> QuerySet[Cycle]:
    community = permissions.community_for_viewer(viewer=request.auth, pk=community_id)
    return Cycle.objects.filter(community=community).order_by("-created_at", "pk")


@router.get(
    "/cycles/{cycle_id}",
    response=LessonStudyCycleDetailOut,
    summary="A lesson-study cycle: map versions and lessons; case children, predictions and "
    "protocols for its participants",
)
def cycle_detail(request: ApiRequest, cycle_id: Id) -> dict:
    cycle = permissions.cycle_for_viewer(viewer=request.auth, pk=cycle_id)
    versions = MapVersion.objects.filter(cycle=cycle).prefetch_related(
        Prefetch("stages", MapStage.objects.order_by("order"))
    )
    lessons = Lesson.objects.filter(cycle=cycle).select_related("version", "teacher")
    detail: dict = {
        **{f: getattr(cycle, f) for f in ("id", "community_id", "title", "group", "goal")},
        "created_at": cycle.created_at,
        "closed_at": cycle.closed_at,
        "versions": list(versions),
        "lessons": list(lessons),
        "case_children": [],
        "predictions": [],
        "protocols": [],
    }
    if permissions.is_cycle_participant(request.auth, cycle):
        detail["case_children"] = list(
            CaseChild.objects.filter(cycle=cycle).values_list("code", flat=True)
        )
        detail["predictions"] = list(
            Prediction.objects.filter(stage__version__cycle=cycle)
            .select_related("stage__version", "case_child")
            .order_by("stage__version__number", "stage__order", "case_child__order")
        )
        detail["protocols"] = list(
            Protocol.objects.filter(lesson__cycle=cycle)
            .select_related("lesson", "observer", "case_child")
            .prefetch_related(Prefetch("entries", ProtocolEntry.objects.select_related("stage")))
            .order_by("lesson__number", "case_child__order", "pk")
        )
    return detail


# --- methodical plans -------------------------------------------------------------------------


class CompetencyTag(Schema):
    id: int
    code: str
    title: str


class PlanTopicOut(Schema):
    id: int
    month: int
    title: str
    form: str
    responsible: str
    competencies: list[CompetencyTag]

    @staticmethod
    def resolve_competencies(obj: PlanTopic) -> list:
        return list(obj.competencies.all())


class MethodicalPlanOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    year: int
    title: str

    @staticmethod
    def resolve_organization_name(obj: MethodicalPlan) -> str:
        return obj.organization.short_name


class MethodicalPlanDetailOut(MethodicalPlanOut):
    what_we_did: str
    what_worked: str
    what_else: str
    topics: list[PlanTopicOut]

    @staticmethod
    def resolve_topics(obj: MethodicalPlan) -> list:
        return list(plan_selectors.plan_topics(obj))


class MatchTopicOut(Schema):
    id: int
    month: int
    title: str


class MatchRowOut(Schema):
    competency_id: int
    code: str
    title: str
    area: str
    share: float
    previous_share: float | None
    assessed: int
    direction: str
    topics: list[MatchTopicOut]
    matched: bool


class PlanMatchOut(Schema):
    measured: bool
    campaign_id: int | None
    previous_campaign_id: int | None
    threshold: float
    rows: list[MatchRowOut]
    unbacked_topics: list[MatchTopicOut]


def _topic(topic: matching.Topic) -> dict:
    return {"id": topic.topic_id, "month": topic.month, "title": topic.title}


@router.get(
    "/plans",
    response=list[MethodicalPlanOut],
    summary="Methodical plans of the organisations the caller works in or sees the aggregates of",
)
@paginate(Pagination, page_size=settings.PAGE_SIZE)
def plan_list(
    request: ApiRequest, organization: Id | None = None, year: Year | None = None
) -> QuerySet[MethodicalPlan]:
    plans = permissions.visible_plans(request.auth).select_related("organization")
    if organization is not None:
        plans = plans.filter(organization_id=organization)
    if year is not None:
        plans = plans.filter(year=year)
    return plans.order_by("organization__short_name", "-year", "pk")


@router.get(
    "/plans/{plan_id}",
    response=MethodicalPlanDetailOut,
    summary="A methodical plan with its topics and the competencies each develops",
)
def plan_detail(request: ApiRequest, plan_id: Id) -> MethodicalPlan:
    return permissions.plan_for_viewer(viewer=request.auth, pk=plan_id)


@router.get(
    "/plans/{plan_id}/match",
    response=PlanMatchOut,
    summary="The plan against the organisation's deficits: trends, the topics that meet them, "
    "the deficits no topic covers and the topics that meet no measured deficit",
)
def plan_match(request: ApiRequest, plan_id: Id, threshold: Threshold = 30) -> dict:
    plan = permissions.plan_for_match(viewer=request.auth, pk=plan_id)
    trends, table = plan_selectors.plan_match_table(
        plan=plan, viewer=request.auth, threshold=threshold / 100
    )
    rows = [
        {
            "competency_id": row.deficit.competency_id,
            "code": row.deficit.code,
            "title": row.deficit.title,
            "area": row.deficit.area,
            "share": row.deficit.share,
            "previous_share": row.deficit.previous_share,
            "assessed": row.deficit.assessed,
            "direction": str(row.direction),
            "topics": [_topic(t) for t in row.topics],
            "matched": row.matched,
        }
        for row in (table.rows if trends.measured else ())
    ]
    return {
        "measured": trends.measured,
        "campaign_id": trends.campaign.pk if trends.campaign else None,
        "previous_campaign_id": trends.previous.pk if trends.previous else None,
        "threshold": table.threshold,
        "rows": rows,
        "unbacked_topics": [_topic(t) for t in table.unbacked] if trends.measured else [],
    }
