"""Questionnaires in the JSON API: those the caller runs, and a questionnaire's summary.

Access follows the pages: the results of a questionnaire the caller does not run are 403,
of one that does not exist 404. The summary is aggregated in the database, as on the page.
"""

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from metodset.api.auth import ApiRequest
from metodset.surveys import permissions, results, selectors
from metodset.surveys.models import Question, Questionnaire

from ..enums import choices_enum
from ..params import Pagination

router = Router(tags=["questionnaires"])
# To mypy an enum made at run time is no type; it has the values of these choices.
if TYPE_CHECKING:
    QuestionnaireStatus = Questionnaire.Status
    QuestionKind = Question.Kind
else:
    QuestionnaireStatus = choices_enum("QuestionnaireStatus", Questionnaire.Status)
    QuestionKind = choices_enum("QuestionKind", Question.Kind)


class OwnerRef(Schema):
    id: int
    name: str


class QuestionnaireOut(Schema):
    id: int
    title: str
    status: QuestionnaireStatus
    anonymous: bool
    public_link_enabled: bool
    organization: OwnerRef | None
    network: OwnerRef | None
    opens_at: datetime | None
    closes_at: datetime | None
    created_at: datetime
    question_count: int
    response_count: int
    invited_count: int
    answered_count: int
    url: str
    public_url: str | None

    @staticmethod
    def resolve_public_url(obj: Questionnaire) -> str | None:
        return obj.public_url if obj.public_link_enabled else None

    @staticmethod
    def resolve_organization(obj: Questionnaire) -> dict | None:
        org = obj.organization
        return {"id": org.pk, "name": org.short_name} if org else None

    @staticmethod
    def resolve_network(obj: Questionnaire) -> dict | None:
        net = obj.network
        return {"id": net.pk, "name": net.name} if net else None

    @staticmethod
    def resolve_url(obj: Questionnaire) -> str:
        return settings.SITE_URL + reverse("surveys:results", args=[obj.pk])


class OptionOut(Schema):
    label: str
    count: int
    percent: float


class RowOut(Schema):
    label: str
    respondents: int
    options: list[OptionOut]
    mean: float | None


class QuestionResultOut(Schema):
    id: int
    number: int
    section: str | None
    kind: QuestionKind
    text: str
    respondents: int
    options: list[OptionOut]
    mean: float | None
    minimum: float | None
    maximum: float | None
    columns: list[str]
    rows: list[RowOut]
    latest_texts: list[str]


class ResultsOut(Schema):
    id: int
    title: str
    status: QuestionnaireStatus
    anonymous: bool
    responses: int
    public_responses: int
    invited: int
    answered: int
    answered_percent: float
    questions: list[QuestionResultOut]


@router.get(
    "/questionnaires/",
    response=list[QuestionnaireOut],
    summary="Questionnaires the caller runs, newest first",
)
@paginate(Pagination, page_size=settings.PAGE_SIZE)
def questionnaire_list(request: ApiRequest, status: QuestionnaireStatus | None = None):
    return selectors.managed_list(user=request.auth, status=status or "")


@router.get(
    "/questionnaires/{questionnaire_id}/results",
    response=ResultsOut,
    summary="The summary of a questionnaire's answers (for those who run it)",
)
def questionnaire_results(request: ApiRequest, questionnaire_id: int):
    questionnaire = permissions.questionnaire_for_manager(viewer=request.auth, pk=questionnaire_id)
    return results.as_json(results.summary(questionnaire=questionnaire))
