"""Individual educational routes in the JSON API: the routes the caller may see, and one
route with its steps.

A route is personal data about a person's deficits, so the API follows the pages: the person
sees their own; the managers and methodists of the route's organisation (and the person's
tutor) see it by name; network coordinators only with the permission
``diagnostics.view_named_results``. A route the caller may not see is 404. A step's evidence
file is downloaded from ``/api/routes/steps/{id}/evidence`` (the same session or token, the
same check as the route), never from a public media address.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase
from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from metodset.api.auth import ApiRequest
from metodset.core import uploads
from metodset.routes import permissions, selectors
from metodset.routes.models import Route, Step

from ..enums import choices_enum
from ..files import FILE_RESPONSES
from ..params import Id, Pagination, Year

router = Router(tags=["routes"])
# To mypy an enum made at run time is no type; it has the values of these choices.
if TYPE_CHECKING:
    RouteStatus = Route.Status
    StepStatus = Step.Status
else:
    RouteStatus = choices_enum("RouteStatus", Route.Status)
    StepStatus = choices_enum("StepStatus", Step.Status)


class CompetencyRef(Schema):
    id: int
    code: str
    title: str


class StepOut(Schema):
    id: int
    order: int
    title: str
    form: str
    activity_id: int | None
    activity_kind: str | None
    competency: CompetencyRef | None
    task: str
    starts_on: date | None
    ends_on: date | None
    hours: Decimal
    expected_result: str
    presentation_form: str
    reason: str
    mandatory: bool
    status: StepStatus
    status_label: str
    overdue: bool
    done_at: datetime | None
    evidence_url: str
    evidence_file_url: str
    evidence_text: str
    reflection: str
    teaching_event_id: int | None

    @staticmethod
    def resolve_activity_kind(obj: Step) -> str | None:
        return obj.activity.kind if obj.activity is not None else None

    @staticmethod
    def resolve_status_label(obj: Step) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_overdue(obj: Step) -> bool:
        return obj.is_overdue()

    @staticmethod
    def resolve_evidence_file_url(obj: Step) -> str:
        if not obj.evidence_file:
            return ""
        return settings.SITE_URL + reverse("api:route_step_evidence", args=[obj.pk])


class RouteOut(Schema):
    id: int
    person_id: int
    person_name: str
    organization_id: int
    organization_name: str
    year: int
    year_label: str
    status: RouteStatus
    status_label: str
    goal: str
    hours_budget: Decimal
    submitted_at: datetime | None
    reviewed_by_name: str
    reviewed_at: datetime | None
    review_comment: str
    step_count: int
    done_count: int
    overdue_count: int

    @staticmethod
    def resolve_person_id(obj: Route) -> int:
        return obj.user_id

    @staticmethod
    def resolve_person_name(obj: Route) -> str:
        return obj.user.get_full_name()

    @staticmethod
    def resolve_organization_name(obj: Route) -> str:
        return obj.organization.short_name

    @staticmethod
    def resolve_status_label(obj: Route) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_reviewed_by_name(obj: Route) -> str:
        return obj.reviewed_by.get_full_name() if obj.reviewed_by else ""


class RouteDetailOut(RouteOut):
    deficits: list[CompetencyRef]
    steps: list[StepOut]

    @staticmethod
    def resolve_deficits(obj: Route) -> list:
        return list(obj.deficits.order_by("area__order", "order"))

    @staticmethod
    def resolve_steps(obj: Route) -> list:
        return list(selectors.steps_of(obj))


def _visible(request: ApiRequest) -> QuerySet[Route]:
    return selectors.with_step_counts(
        permissions.visible_routes(request.auth).select_related(
            "user", "organization", "reviewed_by"
        )
    )


@router.get(
    "/routes",
    response=list[RouteOut],
    summary="Routes the caller may see: their own, their organisation's, their interns'",
)
@paginate(Pagination, page_size=settings.PAGE_SIZE)
def route_list(
    request: ApiRequest,
    year: Year | None = None,
    organization: Id | None = None,
    status: RouteStatus | None = None,
    mine: bool = False,
) -> QuerySet[Route]:
    routes = _visible(request)
    if year is not None:
        routes = routes.filter(year=year)
    if organization is not None:
        routes = routes.filter(organization_id=organization)
    if status:
        routes = routes.filter(status=status)
    if mine:
        routes = routes.filter(user=request.auth)
    return routes.order_by("-year", "organization_id", "user__last_name", "user__first_name", "pk")


@router.get(
    "/routes/{route_id}",
    response=RouteDetailOut,
    summary="A route with its deficits and steps",
)
def route_detail(request: ApiRequest, route_id: int) -> Route:
    route = permissions.route_for_viewer(viewer=request.auth, pk=route_id)
    return selectors.route_with_step_counts(route=route)


@router.get(
    "/routes/steps/{step_id}/evidence",
    url_name="route_step_evidence",
    summary="The evidence file of a step of a route the caller may see",
    openapi_extra=FILE_RESPONSES,
)
def route_step_evidence(request: ApiRequest, step_id: Id) -> HttpResponseBase:
    step = permissions.step_for_viewer(viewer=request.auth, pk=step_id)
    if not step.evidence_file:
        raise Http404
    return uploads.file_response(step.evidence_file, inline=True)
