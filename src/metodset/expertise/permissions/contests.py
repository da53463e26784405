"""Contests: who organises them, enters, and reads the results."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from metodset.accounts import permissions as roles
from metodset.accounts.models import Organization, User

from ..models import (
    Campaign,
    Contest,
    Review,
)

# --- contests ---
# A contest is seen by the people of its network (members and partners' people): its page,
# rules and nominations, and they may enter a work while entries are open. Its organisers run
# it — who created it, the organising organisation's manager and methodist, the network's
# coordinators (and the platform's administrator) — the entries, the results before they are
# published, publishing and diplomas. The jury (experts with a review of an entry) see the
# results before publication too. Published results are public, also without signing in.
# A contest still in draft is seen by its organisers only. Anyone else gets 404.


def contest_organizations(user: User) -> QuerySet[Organization]:
    """Organisations the user may organise a contest for: those she runs that are in a network."""
    if not roles.is_active_user(user):
        return Organization.objects.none()
    return roles.manageable_organizations(user).filter(partnerships__isnull=False).distinct()


def can_create_contest(user: User) -> bool:
    return contest_organizations(user).exists()


def can_run_contest(user: User, contest: Contest) -> bool:
    if not roles.is_active_user(user):
        return False
    campaign = contest.campaign
    return (
        user.is_superuser
        or campaign.created_by_id == user.pk
        or campaign.network_id in roles.coordinated_network_ids(user)
        or (
            campaign.organization_id is not None
            and campaign.organization_id in roles.staff_organization_ids(user)
        )
    )


def is_contest_jury(user: User, contest: Contest) -> bool:
    if not roles.is_active_user(user):
        return False
    return (
        Review.objects.filter(item__campaign_id=contest.campaign_id, expert=user)
        .exclude(status__in=[Review.Status.DECLINED, Review.Status.WITHDRAWN])
        .exists()
    )


def visible_contests(user: User) -> QuerySet[Contest]:
    """Contests whose page the user may open: her network's (not drafts), and those she runs."""
    contests = Contest.objects.select_related("campaign", "campaign__organization")
    if not roles.is_active_user(user):
        return contests.none()
    if user.is_superuser:
        return contests
    runs = (
        Q(campaign__created_by=user)
        | Q(campaign__network_id__in=roles.coordinated_network_ids(user))
        | Q(campaign__organization_id__in=roles.staff_organization_ids(user))
    )
    member = Q(campaign__network_id__in=roles.member_network_ids(user)) & ~Q(
        campaign__status=Campaign.Status.DRAFT
    )
    return contests.filter(runs | member)


def contest_for_viewer(*, viewer: User, pk: int) -> Contest:
    contest = visible_contests(viewer).filter(pk=pk).first()
    if contest is None:
        raise Http404
    return contest


def contest_for_organiser(*, viewer: User, pk: int) -> Contest:
    """A contest the viewer runs: 404 if she can't see it, 403 if she only takes part."""
    contest = contest_for_viewer(viewer=viewer, pk=pk)
    if not can_run_contest(viewer, contest):
        raise PermissionDenied
    return contest


def contest_for_results(*, viewer: User, pk: int) -> Contest | None:
    """The contest whose results the viewer may see; None: an anonymous visitor must sign in.

    Published results are anyone's; before that, the organisers' and the jury's (404 for the
    others signed in).
    """
    contest = Contest.objects.select_related("campaign").filter(pk=pk).first()
    if contest is not None and contest.results_published_at is not None:
        return contest
    if not roles.is_active_user(viewer):
        return None
    if contest is None or not (
        can_run_contest(viewer, contest) or is_contest_jury(viewer, contest)
    ):
        raise Http404
    return contest
