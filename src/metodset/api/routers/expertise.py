"""Expertise in the JSON API: campaigns, items, assignments, reviews and results.

An expert also works on her own review here, as on its page: saves a draft of scores,
reasoning and verdict, submits it (the conclusion's PDF is made as on the page), or declines
it with a reason (another expert is found when one may take it). A refusal by a rule is 400
with the messages by field, as the form shows them (``score_<criterion id>``,
``comment_<criterion id>``, ``verdict``, ``reason``, ``__all__``).

The API follows the pages (expertise.permissions): campaigns, their items and results are
read by the campaign's coordinators (the network's coordinators and council, or the
organising organisation's manager and methodist); an expert reads her own assignments and her
own reviews, never another's; anyone else gets 404 (403 to an author or an expert who asks for
the coordinator's view of an item). Experts' names appear only to coordinators.
"""

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from metodset.api.auth import ApiRequest
from metodset.expertise import permissions
from metodset.expertise.agreement import Agreement
from metodset.expertise.models import Campaign, Item, Review
from metodset.expertise.selectors import campaigns as selectors
from metodset.expertise.services import reviews as review_services

from ..enums import choices_enum
from ..params import Id, Pagination

router = Router(tags=["expertise"])
if TYPE_CHECKING:
    CampaignKind = Campaign.Kind
    CampaignStatus = Campaign.Status
    CampaignPool = Campaign.Pool
    CampaignBlindness = Campaign.Blindness
    ItemStatus = Item.Status
    ReviewStatus = Review.Status
else:
    CampaignKind = choices_enum("ExpertiseCampaignKind", Campaign.Kind)
    CampaignStatus = choices_enum("ExpertiseCampaignStatus", Campaign.Status)
    CampaignPool = choices_enum("ExpertiseCampaignPool", Campaign.Pool)
    CampaignBlindness = choices_enum("ExpertiseCampaignBlindness", Campaign.Blindness)
    ItemStatus = choices_enum("ExpertiseItemStatus", Item.Status)
    ReviewStatus = choices_enum("ExpertiseReviewStatus", Review.Status)


class ExpertiseCampaignOut(Schema):
    id: int
    title: str
    kind: CampaignKind
    status: CampaignStatus
    pool: CampaignPool
    blindness: CampaignBlindness
    network_id: int
    organization_id: int | None
    reviews_per_item: int
    reviews_until: datetime | None
    item_count: int
    reviews_total: int
    reviews_done: int
    overdue: int


class ExpertiseItemOut(Schema):
    id: int
    campaign_id: int
    title: str
    status: ItemStatus
    verdict: str
    version: int
    authors: list[str]

    @staticmethod
    def resolve_authors(obj: Item) -> list[str]:
        return [str(author) for author in obj.authors.all()]


class ExpertiseReviewOut(Schema):
    id: int
    item_id: int
    version: int
    number: int
    status: ReviewStatus
    expert_name: str
    due_at: datetime | None
    total: float | None
    verdict: str
    extra: bool
    reason: str

    @staticmethod
    def resolve_expert_name(obj: Review) -> str:
        return obj.expert.get_full_name()


class ExpertiseItemDetailOut(ExpertiseItemOut):
    description: str
    reviews: list[ExpertiseReviewOut]

    @staticmethod
    def resolve_reviews(obj: Item) -> list:
        return list(selectors.item_reviews(obj))


class ExpertiseAssignmentOut(Schema):
    """An expert's own review: the item's title, never its authors when double-blind."""

    id: int
    item_id: int
    item_title: str
    campaign_title: str
    number: int
    status: ReviewStatus
    due_at: datetime | None

    @staticmethod
    def resolve_item_title(obj: Review) -> str:
        return obj.item.title

    @staticmethod
    def resolve_campaign_title(obj: Review) -> str:
        return obj.item.campaign.title


class ExpertiseAgreementOut(Schema):
    criterion: str
    alpha: float | None
    units: int
    not_computable: str | None


class ExpertiseResultOut(Schema):
    item_id: int
    item_title: str
    totals: list[float]
    median_total: float | None
    trimmed_mean_total: float | None
    spread: float | None
    suggested: str | None
    decision: str


class ExpertiseResultsOut(Schema):
    agreement: list[ExpertiseAgreementOut]
    items: list[ExpertiseResultOut]


@router.get(
    "/expertise/campaigns",
    response=list[ExpertiseCampaignOut],
    summary="Expertise campaigns the caller runs, with progress and overdue reviews",
)
@paginate(Pagination, page_size=settings.PAGE_SIZE)
def campaign_list(request: ApiRequest) -> QuerySet[Campaign]:
    return selectors.campaigns_with_progress(permissions.coordinated_campaigns(request.auth))


@router.get(
    "/expertise/campaigns/{expertise_campaign_id}",
    response=ExpertiseCampaignOut,
    summary="An expertise campaign the caller runs",
)
def campaign_detail(request: ApiRequest, expertise_campaign_id: Id) -> Campaign:
    campaign = permissions.campaign_for_coordinator(viewer=request.auth, pk=expertise_campaign_id)
    return selectors.campaign_with_progress(campaign=campaign)


@router.get(
    "/expertise/campaigns/{expertise_campaign_id}/items",
    response=list[ExpertiseItemOut],
    summary="The items of a campaign the caller runs",
)
@paginate(Pagination, page_size=settings.PAGE_SIZE)
def campaign_items(request: ApiRequest, expertise_campaign_id: Id) -> QuerySet[Item]:
    campaign = permissions.campaign_for_coordinator(viewer=request.auth, pk=expertise_campaign_id)
    return selectors.campaign_items(campaign)


def _agreement(criterion: str, value: Agreement) -> dict:
    return {
        "criterion": criterion,
        "alpha": value.alpha,
        "units": value.units,
        "not_computable": value.reason.value if value.reason else None,
    }


@router.get(
    "/expertise/campaigns/{expertise_campaign_id}/results",
    response=ExpertiseResultsOut,
    summary="Each item's result and Krippendorff's alpha per criterion and for the campaign",
)
def campaign_results(request: ApiRequest, expertise_campaign_id: Id) -> dict:
    campaign = permissions.campaign_for_coordinator(viewer=request.auth, pk=expertise_campaign_id)
    found = selectors.campaign_results(campaign)
    agreement = [_agreement("total", found.overall)] + [
        _agreement(criterion.title, value) for criterion, value in found.by_criterion
    ]
    return {
        "agreement": agreement,
        "items": [
            {
                "item_id": row.item.pk,
                "item_title": row.item.title,
                "totals": list(row.result.totals) if row.result else [],
                "median_total": row.result.median_total if row.result else None,
                "trimmed_mean_total": row.result.trimmed_mean_total if row.result else None,
                "spread": row.result.spread if row.result else None,
                "suggested": row.result.verdict.value
                if row.result and row.result.verdict
                else None,
                "decision": row.item.verdict,
            }
            for row in found.rows
        ],
    }


@router.get(
    "/expertise/items/{item_id}",
    response=ExpertiseItemDetailOut,
    summary="The coordinator's view of an item: every review with the expert's name",
)
def item_detail(request: ApiRequest, item_id: Id) -> Item:
    return permissions.item_for_coordinator(viewer=request.auth, pk=item_id)


@router.get(
    "/expertise/assignments",
    response=list[ExpertiseAssignmentOut],
    summary="The caller's own assignments as an expert (or a peer), unfinished first",
)
@paginate(Pagination, page_size=settings.PAGE_SIZE)
def assignment_list(request: ApiRequest) -> QuerySet[Review]:
    return (
        permissions.reviews_of_expert(request.auth)
        .filter(status__in=Review.ACTIVE)
        .select_related("item__campaign")
        .order_by("submitted_at", "due_at", "pk")
    )


@router.get(
    "/expertise/reviews/{review_id}",
    response=ExpertiseReviewOut,
    summary="A review: the expert's own, or any of a campaign the caller runs",
)
def review_detail(request: ApiRequest, review_id: Id) -> Review:
    review = (
        permissions.reviews_of_expert(request.auth).select_related("expert").filter(pk=review_id)
    ).first()
    if review is None:
        review = permissions.review_for_coordinator(viewer=request.auth, pk=review_id)
    return review


# --- the expert's own review: draft, submit, decline -----------------------------------------


class ExpertiseErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


class ExpertiseScoreIn(Schema):
    criterion_id: Id
    score: int | None = Field(None, ge=0, le=100)
    comment: str = Field("", max_length=5000)


class ExpertiseDraftIn(Schema):
    scores: list[ExpertiseScoreIn] = Field(default_factory=list, max_length=100)
    strengths: str = Field("", max_length=10000)
    shortcomings: str = Field("", max_length=10000)
    recommendations: str = Field("", max_length=10000)
    verdict: str = Field("", max_length=20)


class ExpertiseDeclineIn(Schema):
    reason: str = Field("", max_length=500)


class ExpertiseDeclineOut(Schema):
    declined: bool
    replaced: bool


def _refused(error: review_services.ReviewError) -> Status:
    return Status(400, {"detail": str(error), "errors": error.errors})


@router.put(
    "/expertise/reviews/{review_id}/draft",
    response={200: ExpertiseReviewOut, 400: ExpertiseErrorOut},
    summary="Save the caller's own review as a draft: scores with reasoning, texts, verdict",
)
def review_draft(request: ApiRequest, review_id: Id, payload: ExpertiseDraftIn):
    review = permissions.review_for_expert(viewer=request.auth, pk=review_id)
    try:
        saved = review_services.review_draft_save(
            review=review,
            scores={s.criterion_id: (s.score, s.comment) for s in payload.scores},
            strengths=payload.strengths,
            shortcomings=payload.shortcomings,
            recommendations=payload.recommendations,
            verdict=payload.verdict,
            by=request.auth,
        )
    except review_services.ReviewError as error:
        return _refused(error)
    return Status(200, saved)


@router.post(
    "/expertise/reviews/{review_id}/submit",
    response={200: ExpertiseReviewOut, 400: ExpertiseErrorOut},
    summary="Submit the caller's own review: every criterion scored, reasoning where required",
)
def review_submit(request: ApiRequest, review_id: Id):
    review = permissions.review_for_expert(viewer=request.auth, pk=review_id)
    try:
        submitted = review_services.review_submit(review=review, by=request.auth)
    except review_services.ReviewError as error:
        return _refused(error)
    return Status(200, submitted)


@router.post(
    "/expertise/reviews/{review_id}/decline",
    response={200: ExpertiseDeclineOut, 400: ExpertiseErrorOut},
    summary="Decline the caller's own review with a reason; another expert takes it if one may",
)
def review_decline(request: ApiRequest, review_id: Id, payload: ExpertiseDeclineIn):
    review = permissions.review_for_expert(viewer=request.auth, pk=review_id)
    try:
        replacement = review_services.review_decline(
            review=review, reason=payload.reason, by=request.auth
        )
    except review_services.ReviewError as error:
        return _refused(error)
    return Status(200, {"declined": True, "replaced": replacement is not None})
