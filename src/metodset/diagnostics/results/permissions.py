"""Who sees children's results: the organisation's manager and methodists all its tables, a
teacher her own, a network's staff aggregates only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from metodset.accounts import permissions as roles
from metodset.accounts.models import Membership, NetworkPartner, Organization, User
from metodset.diagnostics.models import (
    ResultsTable,
)


def results_tables_visible(user: User) -> QuerySet[ResultsTable]:
    """Tables shown in full: all of the organisations the user manages, and the user's own."""
    if not roles.is_active_user(user):
        return ResultsTable.objects.none()
    if user.is_superuser:
        return ResultsTable.objects.all()
    return ResultsTable.objects.filter(
        Q(organization_id__in=roles.staff_organization_ids(user)) | Q(teacher=user)
    )


def results_editable(user: User, table: ResultsTable) -> bool:
    if not roles.is_active_user(user):
        return False
    if user.is_superuser or table.organization_id in roles.staff_organization_ids(user):
        return True
    return table.teacher_id == user.pk


def results_upload_organizations(user: User) -> QuerySet[Organization]:
    """Where the user may import: organisations they manage or teach in."""
    if not roles.is_active_user(user):
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    ids = roles.staff_organization_ids(user) | {
        o
        for r, o, _n in roles._roles(user)  # noqa: SLF001 - the cached role list
        if r == Membership.Role.TEACHER and o
    }
    return Organization.objects.filter(pk__in=ids)


def results_is_staff(user: User, organization: Organization) -> bool:
    return bool(
        roles.is_active_user(user)
        and (user.is_superuser or organization.pk in roles.staff_organization_ids(user))
    )


def results_aggregate_organization_ids(user: User) -> set[int]:
    """Partners of the networks whose staff the user is: aggregates only."""
    if not roles.is_active_user(user):
        return set()
    return set(
        NetworkPartner.objects.filter(network_id__in=roles.staff_network_ids(user)).values_list(
            "organization_id", flat=True
        )
    )
