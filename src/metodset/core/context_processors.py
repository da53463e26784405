"""Navigation for the layout: each role sees its own menu."""

from metodset.accounts import permissions

from . import navigation as nav_registry


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": {
            "entries": nav_registry.entries_for(user),
            # lazy querysets: evaluated only when the menu is drawn
            "networks": permissions.governed_networks(user).only("pk", "name")[:5],
            "organizations": permissions.member_organizations(user).only("pk", "short_name")[:3],
            "can_import": permissions.can_import_people(user)
            or permissions.can_import_organizations(user),
            "can_handle_deletions": permissions.can_handle_deletion_requests(user),
            "can_view_outbox": permissions.can_view_outbox(user),
            "can_view_audit": permissions.can_view_audit_log(user),
            "managed_orgs": permissions.staff_organization_ids(user),
        }
    }
