"""Navigation for the layout: each role sees its own menu."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from metodset.accounts import permissions

from . import navigation as nav_registry


def _places(user) -> list[dict[str, str]]:
    """The person's organisations and the networks they govern, as menu items."""
    places = [
        {
            "kind": "organization",
            "url": reverse("accounts:organization_detail", args=[org.pk]),
            "label": Truncator(org.short_name).chars(40),
        }
        for org in permissions.member_organizations(user).only("pk", "short_name")[:3]
    ]
    places += [
        {
            "kind": "network",
            "url": reverse("accounts:network_detail", args=[network.pk]),
            "label": f"{_('Network')}: {Truncator(network.name).chars(40)}",
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
            "can_view_outbox": permissions.can_view_outbox(user),
            "can_view_audit": permissions.can_view_audit_log(user),
            "managed_orgs": permissions.staff_organization_ids(user),
        }
    }
