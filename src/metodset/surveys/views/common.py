"""What the survey views share: the check before creating, the list query without its page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from metodset.accounts.http import AuthenticatedRequest

from .. import permissions


def check_can_create(request: AuthenticatedRequest) -> None:
    if not permissions.can_create_questionnaires(request.user):
        raise PermissionDenied


def query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
