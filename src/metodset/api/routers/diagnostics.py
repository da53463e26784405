"""Diagnostics in the JSON API: competency frameworks, and profiles as the pages allow.

- ``/diagnostics/frameworks`` and ``/diagnostics/frameworks/{id}``: every framework the
  caller may see, with its tree (areas → competencies → indicators) and levels.
- ``/diagnostics/profile``: the caller's own profile (the latest scored campaign, or
  ``?campaign=``).
- ``/diagnostics/profiles/{participant_id}``: one person's profile in one campaign, for those
  who may see it by name (the person, their organisation's managers and methodists, network
  staff holding ``diagnostics.view_named_results``); anyone else gets 404.
- ``/diagnostics/campaigns/{id}/profiles``: the profiles of a campaign the caller may see, only
  of the organisations whose people they may see by name.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from ninja import Router, Schema
from ninja.pagination import paginate

from metodset.api.auth import ApiRequest
from metodset.diagnostics import permissions as diagnostics_permissions
from metodset.diagnostics.campaigns import permissions as campaign_permissions
from metodset.diagnostics.frameworks import permissions as framework_permissions
from metodset.diagnostics.models import Area, Competency, Framework, Indicator, Participant
from metodset.diagnostics.profiles import selectors as profile_selectors

from ..params import Id, Pagination

router = Router(tags=["diagnostics"])


class LevelOut(Schema):
    value: int
    label: str
    descriptor: str = ""


class IndicatorOut(Schema):
    id: int
    code: str
    text: str


class CompetencyOut(Schema):
    id: int
    code: str
    title: str
    labour_function: str
    indicators: list[IndicatorOut]


class AreaOut(Schema):
    id: int
    code: str
    title: str
    competencies: list[CompetencyOut]


class FrameworkOut(Schema):
    id: int
    slug: str
    version: int
    title: str
    status: str
    threshold: float
    network_id: int | None


class FrameworkDetailOut(FrameworkOut):
    description: str
    levels: list[LevelOut]
    areas: list[AreaOut]


class CompetencyLevelOut(Schema):
    competency_id: int
    code: str
    title: str
    area_code: str
    level: float | None
    deficit: bool
    severity: float
    sources: list[str]
    previous: float | None
    change: float | None


class ProfileOut(Schema):
    participant_id: int
    person_id: int
    full_name: str
    organization_id: int
    organization: str
    campaign_id: int
    campaign: str
    campaign_starts_on: date
    framework_id: int
    threshold: float
    previous_campaign_id: int | None
    competencies: list[CompetencyLevelOut]
    deficits: list[str]


def _profile_out(participant: Participant) -> dict:
    profile = profile_selectors.profile_of(participant)
    return {
        "participant_id": participant.pk,
        "person_id": participant.user_id,
        "full_name": participant.user.get_full_name(),
        "organization_id": participant.organization_id,
        "organization": participant.organization.short_name,
        "campaign_id": participant.campaign_id,
        "campaign": participant.campaign.title,
        "campaign_starts_on": participant.campaign.starts_on,
        "framework_id": profile.framework.pk,
        "threshold": profile.threshold,
        "previous_campaign_id": profile.previous_campaign.pk if profile.previous_campaign else None,
        "competencies": [
            {
                "competency_id": r.competency_id,
                "code": r.code,
                "title": r.title,
                "area_code": r.area_code,
                "level": r.level,
                "deficit": r.deficit,
                "severity": r.severity,
                "sources": list(r.sources),
                "previous": r.previous,
                "change": r.change,
            }
            for r in profile.rows
        ],
        "deficits": [r.code for r in profile.deficits],
    }


@router.get(
    "/diagnostics/frameworks",
    response=list[FrameworkOut],
    summary="Competency frameworks the caller may see",
)
def framework_list(request: ApiRequest) -> QuerySet[Framework]:
    return framework_permissions.visible_frameworks(request.auth).order_by("title", "-version")


@router.get(
    "/diagnostics/frameworks/{framework_id}",
    response=FrameworkDetailOut,
    summary="A framework with its levels and its tree of areas, competencies and indicators",
)
def framework_detail(request: ApiRequest, framework_id: int) -> dict:
    framework = framework_permissions.framework_for_viewer(viewer=request.auth, pk=framework_id)
    indicators: dict[int, list[Indicator]] = {}
    for i in Indicator.objects.filter(framework=framework).order_by("order", "pk"):
        indicators.setdefault(i.competency_id, []).append(i)
    competencies: dict[int, list[dict]] = {}
    for c in Competency.objects.filter(framework=framework).order_by("order", "pk"):
        competencies.setdefault(c.area_id, []).append(
            {
                "id": c.pk,
                "code": c.code,
                "title": c.title,
                "labour_function": c.labour_function,
                "indicators": indicators.get(c.pk, []),
            }
        )
    return {
        **{f: getattr(framework, f) for f in ("id", "slug", "version", "title", "status")},
        "threshold": float(framework.threshold),
        "network_id": framework.network_id,
        "description": framework.description,
        "levels": framework.levels,
        "areas": [
            {
                "id": a.pk,
                "code": a.code,
                "title": a.title,
                "competencies": competencies.get(a.pk, []),
            }
            for a in Area.objects.filter(framework=framework).order_by("order", "pk")
        ],
    }


@router.get(
    "/diagnostics/profile",
    response={200: ProfileOut, 404: dict},
    summary="The caller's own competency profile (latest scored campaign, or ?campaign=)",
)
def my_profile(request: ApiRequest, campaign: Id | None = None) -> dict:
    participations = profile_selectors.participations(request.auth).filter(scored_at__isnull=False)
    if campaign is not None:
        participations = participations.filter(campaign_id=campaign)
    participant = participations.select_related("user").first()
    if participant is None:
        raise Http404
    return _profile_out(participant)


@router.get(
    "/diagnostics/profiles/{participant_id}",
    response=ProfileOut,
    summary="One person's profile in one campaign, for those who may see it by name",
)
def profile_detail(request: ApiRequest, participant_id: int) -> dict:
    participant = diagnostics_permissions.participant_for_viewer(
        viewer=request.auth, pk=participant_id
    )
    return _profile_out(participant)


@router.get(
    "/diagnostics/campaigns/{campaign_id}/profiles",
    response=list[ProfileOut],
    summary="Profiles of a campaign, of the organisations whose people the caller sees by name",
)
@paginate(Pagination, page_size=settings.PAGE_SIZE)
def campaign_profiles(request: ApiRequest, campaign_id: int) -> _LazyProfiles:
    campaign = campaign_permissions.campaign_for_viewer(viewer=request.auth, pk=campaign_id)
    people = (
        campaign.participants.filter(scored_at__isnull=False)
        .select_related("campaign__framework", "user", "organization")
        .order_by("organization__short_name", "user__last_name", "pk")
    )
    named = diagnostics_permissions.named_organization_ids(request.auth)
    if named is not None:
        people = people.filter(organization_id__in=named)
    return _LazyProfiles(people)


class _LazyProfiles:
    """A paginated sequence that builds profiles only for the page asked for."""

    def __init__(self, queryset: QuerySet[Participant]) -> None:
        self.queryset = queryset

    def __len__(self) -> int:
        return self.queryset.count()

    def count(self) -> int:
        return len(self)

    def __getitem__(self, key: slice) -> list[dict]:
        return [_profile_out(p) for p in self.queryset[key]]
