"""The expertise section's front page: each person's way in to what expertise holds for her
(her reviews, her works, the campaigns she runs, contests, conferences, the expert community),
with the counts that say where work waits."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from metodset.accounts import permissions as roles
from metodset.accounts.http import AuthenticatedRequest
from metodset.accounts.models import User

from .. import permissions
from ..models import Item, Review


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    waiting = permissions.reviews_of_expert(user).filter(status__in=Review.OPEN).count()
    returned = permissions.items_of_author(user).filter(status=Item.Status.REVISION).count()
    return render(
        request,
        "expertise/home.html",
        {
            "waiting": waiting,
            "returned": returned,
            "runs_campaigns": permissions.can_create_campaigns(user),
            "in_a_network": permissions.community_networks(user).exists(),
            "own_organization": permissions.audit_readable_organizations(user)
            .filter(pk__in=roles.staff_organization_ids(user))
            .order_by("pk")
            .first(),
        },
    )


def sees_expertise(user: User) -> bool:
    """Who gets «Экспертиза» in the menu: whoever belongs to a network."""
    return bool(permissions.community_networks(user).exists())
