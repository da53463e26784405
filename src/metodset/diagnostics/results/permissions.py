"""Who sees children's results: the organisation's manager and methodists all its tables, a
teacher her own, a network's staff aggregates only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from metodset.accounts import permissions as roles
from metodset.accounts.models import Membership, NetworkPartner, Organization, User
from metodset.diagnostics.models import ResultRow, ResultsTable


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


def organization_scope(*, viewer: User, org_id: str | None) -> tuple[Organization, str]:
    """The organisation of the results pages (``?org=``, else the viewer's own) and how much the
    viewer sees of it: "full" (its staff), "own" (a teacher: her own tables) or "aggregate"
    (network staff); else 404."""
    uploadable = results_upload_organizations(viewer)
    aggregate = results_aggregate_organization_ids(viewer)
    if org_id:
        if not str(org_id).isdigit():
            raise Http404
        org = Organization.objects.filter(pk=int(org_id)).first()
    else:
        staff = roles.staff_organization_ids(viewer)
        org = (
            uploadable.filter(pk__in=staff).order_by("pk").first()
            or uploadable.order_by("pk").first()
        )
        if org is None and aggregate:
            org = Organization.objects.filter(pk__in=aggregate).order_by("short_name", "pk").first()
    if org is None:
        raise Http404
    if results_is_staff(viewer, org):
        return org, "full"
    if uploadable.filter(pk=org.pk).exists():
        return org, "own"
    if org.pk in aggregate:
        return org, "aggregate"
    raise Http404


def organizations_for_uploader(*, viewer: User) -> QuerySet[Organization]:
    """Where the viewer may import children's results; 404 when nowhere."""
    organizations = results_upload_organizations(viewer)
    if not organizations.exists():
        raise Http404
    return organizations


def table_for_viewer(*, viewer: User, pk: int) -> ResultsTable:
    """A table the viewer sees in full; else 404."""
    table = (
        results_tables_visible(viewer)
        .select_related("organization", "teacher")
        .filter(pk=pk)
        .first()
    )
    if table is None:
        raise Http404
    return table


def row_for_editor(*, viewer: User, table_id: int, pk: int) -> ResultRow:
    """A measurement of a table the viewer may change; else 404."""
    table = table_for_viewer(viewer=viewer, pk=table_id)
    if not results_editable(viewer, table):
        raise Http404
    row = ResultRow.objects.filter(table=table, pk=pk).first()
    if row is None:
        raise Http404
    row.table = table
    return row
