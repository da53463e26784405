"""Access helpers shared by the views: the questionnaire the user runs, or 403/404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .. import permissions, selectors
from ..models import Questionnaire


def managed(request: HttpRequest, questionnaire_id: int) -> Questionnaire:
    """The questionnaire with its counts; 404 if missing, 403 if the user does not run it."""
    return selectors.questionnaire_for_manager(
        viewer=request.user, questionnaire_id=questionnaire_id
    )


def check_can_create(request: HttpRequest) -> None:
    if not permissions.can_create_questionnaires(request.user):
        raise PermissionDenied


def query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
