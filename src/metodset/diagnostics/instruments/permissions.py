"""Who builds tests with keys and sees their keys."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from metodset.accounts import permissions as roles
from metodset.accounts.models import Network, Organization, User
from metodset.diagnostics.campaigns.permissions import can_create_campaign
from metodset.diagnostics.models import (
    Campaign,
    Participant,
    Test,
    TestItem,
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


def test_for_manager(*, viewer: User, pk: int) -> Test:
    """A test the viewer may see with its keys and edit; else 404."""
    test = (
        tests_managed(viewer)
        .select_related("framework", "organization", "network")
        .filter(pk=pk)
        .first()
    )
    if test is None:
        raise Http404
    return test


def item_for_manager(*, viewer: User, test_id: int, pk: int) -> TestItem:
    """An item of a test the viewer may edit; else 404."""
    test = test_for_manager(viewer=viewer, pk=test_id)
    item = TestItem.objects.filter(test=test, pk=pk).first()
    if item is None:
        raise Http404
    item.test = test
    return item


def participant_for_test_taker(*, viewer: User, campaign_id: int) -> Participant:
    """The viewer's own participation in a campaign with a test that is open or closed (a draft
    is not shown); else 404."""
    # By the campaign's own key: an id beyond 64 bits finds nothing instead of overflowing.
    participant = (
        Participant.objects.select_related("campaign__framework", "campaign__test")
        .filter(campaign__pk=campaign_id, user=viewer)
        .exclude(campaign__status=Campaign.Status.DRAFT)
        .first()
    )
    if participant is None or participant.campaign.test is None:
        raise Http404
    return participant
