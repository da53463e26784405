"""Access helpers shared by the routes' views: each returns the object or raises 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from metodset.accounts.models import Organization

from .. import permissions
from ..models import Route, Step


def route_for(request: HttpRequest, route_id: int) -> Route:
    route = (
        permissions.visible_routes(request.user)
        .select_related("user", "organization", "reviewed_by")
        .filter(pk=route_id)
        .first()
    )
    if route is None:
        raise Http404
    return route


def step_for(request: HttpRequest, step_id: int) -> Step:
    step = (
        Step.objects.select_related(
            "route__user", "route__organization", "competency__framework", "activity"
        )
        .filter(pk=step_id, route__in=permissions.visible_routes(request.user))
        .first()
    )
    if step is None:
        raise Http404
    return step


def organization_for(request: HttpRequest, organization_id: int) -> Organization:
    organization = (
        permissions.organizations_with_routes(request.user).filter(pk=organization_id).first()
    )
    if organization is None:
        raise Http404
    return organization
