"""Rubrics (листы экспертизы): whoever may open a campaign in a network (``campaign_networks``)
sees and copies the network's rubrics. A rubric is shared by every campaign of the network,
so it is changed only by the network's coordinators and council, the platform's
administrator, and whoever made it (a partner school's methodist edits the sheet she copied,
not one another organisation's campaign is being prepared on); the rest get 403 on the
editor. The shipped templates (no network) are seen and copied by whoever may open a
campaign at all, never edited. Anyone else gets 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from metodset.accounts import permissions as roles
from metodset.accounts.models import Network, User

from ..models import Rubric
from .campaigns import campaign_networks, can_create_campaigns


def rubric_networks(user: User) -> QuerySet[Network]:
    """Networks whose rubrics the user keeps: those she may open a campaign in."""
    return campaign_networks(user)


def visible_rubrics(user: User) -> QuerySet[Rubric]:
    """The templates and the rubrics (every version) of the user's networks."""
    if not can_create_campaigns(user):
        return Rubric.objects.none()
    return Rubric.objects.filter(
        Q(network__isnull=True) | Q(network__in=rubric_networks(user).values("pk"))
    )


def rubric_for_viewer(*, viewer: User, pk: int) -> Rubric:
    """A rubric the viewer may read and copy: 404 for everyone else."""
    rubric = visible_rubrics(viewer).select_related("network", "previous").filter(pk=pk).first()
    if rubric is None:
        raise Http404
    return rubric


def editable_by(user: User, rubric: Rubric) -> bool:
    """May the user change this rubric (a new version of it when it is frozen)?"""
    if rubric.network_id is None or not roles.is_active_user(user):
        return False
    return (
        user.is_superuser
        or rubric.network_id in roles.staff_network_ids(user)
        or rubric.created_by_id == user.pk
    )


def rubric_for_editor(*, viewer: User, pk: int) -> Rubric:
    """A rubric the viewer may change: 404 if she may not see it, 403 for a template or a
    network's sheet she neither governs nor made."""
    rubric = rubric_for_viewer(viewer=viewer, pk=pk)
    if not editable_by(viewer, rubric):
        raise PermissionDenied
    return rubric
