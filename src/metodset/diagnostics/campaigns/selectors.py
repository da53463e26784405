"""Reads of campaigns: the people a campaign is for, its indicators, its progress."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse

from metodset.accounts import permissions as roles
from metodset.accounts.models import Membership, Network, NetworkPartner, Organization, User
from metodset.diagnostics.models import (
    Campaign,
    Indicator,
    Participant,
    Test,
)
from metodset.diagnostics.permissions import aggregate_organization_ids, named_organization_ids
from metodset.surveys.distribution import invitation_link
from metodset.surveys.models import Invitation


def default_people(campaign: Campaign) -> QuerySet[User]:
    """Teachers of the campaign's organisation or of the network's partner organisations."""
    if campaign.organization_id:
        org_ids = [campaign.organization_id]
    else:
        org_ids = list(
            NetworkPartner.objects.filter(network=campaign.network).values_list(
                "organization_id", flat=True
            )
        )
    return User.objects.filter(
        is_active=True,
        memberships__role=Membership.Role.TEACHER,
        memberships__organization_id__in=org_ids,
    ).distinct()


def _workplaces(campaign: Campaign, user_ids: list[int]) -> dict[int, int]:
    """{user id: organisation the person is assessed in} — the campaign's own organisation, or
    for a network the first partner organisation where the person teaches."""
    if campaign.organization_id:
        return dict.fromkeys(user_ids, campaign.organization_id)
    partner_ids = set(
        NetworkPartner.objects.filter(network=campaign.network).values_list(
            "organization_id", flat=True
        )
    )
    out: dict[int, int] = {}
    rows = (
        Membership.objects.filter(user_id__in=user_ids, organization_id__in=partner_ids)
        .order_by("user_id", "pk")
        .values_list("user_id", "organization_id")
    )
    for user_id, org_id in rows:
        out.setdefault(user_id, org_id)
    return out


def indicators_of(campaign: Campaign) -> QuerySet[Indicator]:
    return Indicator.objects.filter(framework_id=campaign.framework_id).select_related(
        "competency__area"
    )


def organizations_in_scope(campaign: Campaign) -> QuerySet[Organization]:
    if campaign.organization_id:
        return Organization.objects.filter(pk=campaign.organization_id)
    return Organization.objects.filter(partnerships__network=campaign.network)


def progress_of(qs: QuerySet[Participant]) -> dict[str, int]:
    return qs.aggregate(
        total=Count("pk"),
        self_done=Count("pk", filter=Q(self_done_at__isnull=False)),
        test_done=Count("pk", filter=Q(test_done_at__isnull=False)),
        observed=Count("pk", filter=Q(observed_at__isnull=False)),
        scored=Count("pk", filter=Q(scored_at__isnull=False)),
    )


def url_or_none(name: str, *args: int) -> str | None:
    """A page's address, or None when that page is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def take_links(participant: Participant) -> dict[str, str | None]:
    """Where the person takes the campaign's instruments that are still to do."""
    campaign = participant.campaign
    links: dict[str, str | None] = {"self": None, "test": None}
    if campaign.status != Campaign.Status.OPEN:
        return links
    if campaign.questionnaire_id and not participant.self_done_at:
        invitation = Invitation.objects.filter(
            questionnaire_id=campaign.questionnaire_id, user_id=participant.user_id
        ).first()
        if invitation:
            links["self"] = invitation_link(invitation)
    if campaign.test_id and not participant.test_done_at:
        links["test"] = url_or_none("diagnostics:test_take", campaign.pk)
    return links


def campaign_scopes(user):  # type: ignore[no-untyped-def]
    if user.is_superuser:
        return Organization.objects.order_by("short_name"), Network.objects.order_by("name")
    orgs = Organization.objects.filter(pk__in=roles.staff_organization_ids(user))
    nets = Network.objects.filter(pk__in=roles.coordinated_network_ids(user))
    return orgs.order_by("short_name"), nets.order_by("name")


def campaign_tests(user, orgs, nets):  # type: ignore[no-untyped-def]
    return Test.objects.filter(Q(organization__in=orgs) | Q(network__in=nets) | Q(created_by=user))


def campaigns_listed(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """Campaigns with their framework, scope and number of people, the newest first."""
    return (
        campaigns.select_related("framework", "organization", "network")
        .annotate(people=Count("participants", distinct=True))
        .order_by("-starts_on", "-pk")
    )


def campaign_progress(*, campaign: Campaign, viewer: User) -> dict[str, Any]:
    """Progress of the people the viewer may see: of everybody (``progress``), by organisation
    (``by_org``) and, where names may be seen, by person (``people``, the first 500)."""
    participants = campaign.participants.all()
    aggregate_ids = aggregate_organization_ids(viewer)
    if aggregate_ids is not None:
        participants = participants.filter(organization_id__in=aggregate_ids)
    by_org = (
        participants.values("organization_id", "organization__short_name")
        .annotate(
            total=Count("pk"),
            self_done=Count("pk", filter=Q(self_done_at__isnull=False)),
            test_done=Count("pk", filter=Q(test_done_at__isnull=False)),
            observed=Count("pk", filter=Q(observed_at__isnull=False)),
            scored=Count("pk", filter=Q(scored_at__isnull=False)),
        )
        .order_by("organization__short_name")
    )
    named = named_organization_ids(viewer)
    people = participants.select_related("user", "organization").order_by(
        "organization__short_name", "user__last_name", "user__first_name"
    )
    if named is not None:
        people = people.filter(organization_id__in=named)
    return {
        "progress": progress_of(participants),
        "by_org": by_org,
        "people": people[:500],
        "people_count": people.count(),
    }
