"""The methodical audit's result: the organisation's own staff (manager, methodist) read it, and
whoever runs expertise in its networks (coordinators and council)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from metodset.accounts import permissions as roles
from metodset.accounts.models import NetworkPartner, Organization, User


def audit_readable_organizations(user: User) -> QuerySet[Organization]:
    if not roles.is_active_user(user):
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    partners = NetworkPartner.objects.filter(network_id__in=roles.staff_network_ids(user)).values(
        "organization_id"
    )
    return Organization.objects.filter(pk__in=roles.staff_organization_ids(user)) | (
        Organization.objects.filter(pk__in=partners)
    )


def organization_for_audit_reader(*, viewer: User, pk: int) -> Organization:
    organization = audit_readable_organizations(viewer).filter(pk=pk).first()
    if organization is None:
        raise Http404
    return organization
