"""Audiences accounts offers to questionnaires and mailings: an organisation's staff, a network."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from metodset.core.audiences import Audience

from . import permissions
from .models import Network, NetworkPartner, Organization, User


def _organization_options(user: User) -> list[tuple[str, str]]:
    organizations = permissions.manageable_organizations(user).only("pk", "short_name")
    return [(str(o.pk), o.short_name) for o in organizations.order_by("short_name")[:500]]


def _organization_people(user: User, key: str) -> QuerySet[User]:
    organization = Organization.objects.filter(pk=int(key) if key.isdigit() else 0).first()
    if organization is None or not permissions.can_manage_organization(user, organization):
        raise PermissionDenied
    return User.objects.filter(memberships__organization=organization, is_active=True).distinct()


def _network_options(user: User) -> list[tuple[str, str]]:
    networks = Network.objects.filter(pk__in=permissions.coordinated_network_ids(user))
    if user.is_superuser:
        networks = Network.objects.all()
    return [(str(n.pk), n.name) for n in networks.only("pk", "name").order_by("name")]


def _network_people(user: User, key: str) -> QuerySet[User]:
    network = Network.objects.filter(pk=int(key) if key.isdigit() else 0).first()
    if network is None or not permissions.can_manage_network(user, network):
        raise PermissionDenied
    partner_ids = NetworkPartner.objects.filter(network=network).values("organization_id")
    return User.objects.filter(
        memberships__organization_id__in=partner_ids, is_active=True
    ).distinct()


AUDIENCES = [
    Audience(
        kind="organization",
        label=_("staff of an organisation"),
        options=_organization_options,
        people=_organization_people,
        order=20,
    ),
    Audience(
        kind="network",
        label=_("everyone in a network's organisations"),
        options=_network_options,
        people=_network_people,
        order=30,
    ),
]
