"""Navigation for the layout: each role sees its own menu, built from the entries apps
register in ``core.navigation``."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from metodset.accounts import permissions
from metodset.core import navigation as nav_registry
from metodset.core.permissions import can_view_outbox


def _places(user) -> list[dict[str, str]]:
    """The person's organisations and the networks they govern, as menu items.

    Labels are given whole: the menu cuts a long one to its width with «…» and shows the full
    name in the tooltip (``title``), so the user menu never leaves a laptop's screen.
    """
    places = [
        {
            "kind": "organization",
            "url": reverse("accounts:organization_detail", args=[org.pk]),
            "label": str(org),
            "title": org.name,
        }
        for org in permissions.member_organizations(user).only("pk", "short_name", "name")[:3]
    ]
    places += [
        {
            "kind": "network",
            "url": reverse("accounts:network_detail", args=[network.pk]),
            "label": f"{_('Network')}: {network.name}",
            "title": network.name,
        }
        for network in permissions.governed_networks(user).only("pk", "name")[:5]
    ]
    return places


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": {
            "entries": nav_registry.entries_for(user),
            "own": nav_registry.entries_for(user, menu="user"),
            "more": nav_registry.entries_for(user, menu="more"),
            # evaluated only when the menu is drawn
            "places": SimpleLazyObject(lambda: _places(user)),
            "can_handle_deletions": permissions.can_handle_deletion_requests(user),
            "can_view_outbox": can_view_outbox(user),
            "can_view_audit": permissions.can_view_audit_log(user),
            "managed_orgs": permissions.staff_organization_ids(user),
        }
    }
