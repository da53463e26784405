"""Who builds tests with keys and sees their keys."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from metodset.accounts import permissions as roles
from metodset.accounts.models import Network, Organization, User
from metodset.diagnostics.campaigns.permissions import can_create_campaign
from metodset.diagnostics.models import (
    Test,
)


def can_create_test(user: User) -> bool:
    """Who may build tests: whoever may create campaigns (organisation staff, coordinators)."""
    return can_create_campaign(user)


def tests_managed(user: User) -> QuerySet[Test]:
    """Tests the user may see with their keys and edit: the organisation's for its manager and
    methodists, the network's for its coordinators, all for administrators."""
    if not roles.is_active_user(user):
        return Test.objects.none()
    if user.is_superuser:
        return Test.objects.all()
    return Test.objects.filter(
        Q(organization_id__in=roles.staff_organization_ids(user))
        | Q(network_id__in=roles.coordinated_network_ids(user))
    )


def test_owners(user: User) -> tuple[QuerySet[Organization], QuerySet[Network]]:
    """Organisations and networks the user may make a test for."""
    if user.is_superuser:
        return Organization.objects.all(), Network.objects.all()
    return (
        Organization.objects.filter(pk__in=roles.staff_organization_ids(user)),
        Network.objects.filter(pk__in=roles.coordinated_network_ids(user)),
    )
