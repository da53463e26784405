"""Who may see and import competency frameworks.

Frameworks describe what teachers should be able to do, not any person, so every signed-in
member sees them. Network coordinators import frameworks for their network; platform
administrators import ones for everybody.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from metodset.accounts import permissions as roles
from metodset.accounts.models import Network, User
from metodset.diagnostics.models import Framework


def visible_frameworks(user: User) -> QuerySet[Framework]:
    if not roles.is_active_user(user):
        return Framework.objects.none()
    if user.is_superuser:
        return Framework.objects.all()
    return Framework.objects.filter(
        Q(network__isnull=True) | Q(network_id__in=roles.member_network_ids(user))
    )


def import_networks(user: User) -> QuerySet[Network]:
    """Networks the user may import a framework for."""
    if not roles.is_active_user(user):
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    return Network.objects.filter(pk__in=roles.coordinated_network_ids(user))


def can_import(user: User) -> bool:
    return roles.is_active_user(user) and (
        user.is_superuser or bool(roles.coordinated_network_ids(user))
    )


def framework_for_viewer(*, viewer: User, pk: int) -> Framework:
    """A framework the viewer sees, with its network; else 404."""
    framework = visible_frameworks(viewer).select_related("network").filter(pk=pk).first()
    if framework is None:
        raise Http404
    return framework
