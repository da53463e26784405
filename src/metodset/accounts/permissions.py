"""Who may do what with people, organisations and networks.

This is the one place role checks live; every view and the API ask these functions.
Roles come from ``Membership``; a superuser may do everything.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import (
    ApiToken,
    AuditEntry,
    ImportBatch,
    Membership,
    MembershipInvitation,
    Network,
    NetworkPartner,
    Organization,
    User,
)

Role = Membership.Role
ORG_STAFF_ROLES = (Role.MANAGER, Role.METHODIST)
NETWORK_STAFF_ROLES = (Role.NETWORK_COORDINATOR, Role.COUNCIL_MEMBER)


def _roles(user: User) -> list[tuple[str, int | None, int | None]]:
    """The user's memberships as (role, organization_id, network_id), cached per request."""
    cached = getattr(user, "_metodset_roles", None)
    if cached is None:
        cached = list(user.memberships.values_list("role", "organization_id", "network_id"))
        user._metodset_roles = cached  # type: ignore[attr-defined]
    return cached


def forget_roles(user: User) -> None:
    """Drop the cached roles after memberships change."""
    if hasattr(user, "_metodset_roles"):
        del user._metodset_roles


def is_active_user(user: User | None) -> bool:
    """Signed in with an account that has not been switched off: every permission starts here."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def coordinated_network_ids(user: User) -> set[int]:
    """Networks where the user is a coordinator."""
    return {n for r, _o, n in _roles(user) if r == Role.NETWORK_COORDINATOR and n}


def staff_network_ids(user: User) -> set[int]:
    """Networks the user governs or sits on the council of."""
    return {n for r, _o, n in _roles(user) if r in NETWORK_STAFF_ROLES and n}


def member_network_ids(user: User) -> set[int]:
    """Networks the user belongs to directly or through an organisation."""
    direct = {n for _r, _o, n in _roles(user) if n}
    org_ids = {o for _r, o, _n in _roles(user) if o}
    via_orgs = set(
        NetworkPartner.objects.filter(organization_id__in=org_ids).values_list(
            "network_id", flat=True
        )
    )
    return direct | via_orgs


def staff_organization_ids(user: User) -> set[int]:
    """Organisations the user manages as manager or methodist."""
    return {o for r, o, _n in _roles(user) if r in ORG_STAFF_ROLES and o}


def organization_ids(user: User) -> set[int]:
    return {o for _r, o, _n in _roles(user) if o}


# --- networks -----------------------------------------------------------------


def can_view_network(user: User, network: Network) -> bool:
    return is_active_user(user) and (user.is_superuser or network.pk in member_network_ids(user))


def can_manage_network(user: User, network: Network) -> bool:
    """Coordinators run a network: partners, imports, deletion requests."""
    return is_active_user(user) and (
        user.is_superuser or network.pk in coordinated_network_ids(user)
    )


def visible_networks(user: User) -> QuerySet[Network]:
    if user.is_superuser:
        return Network.objects.all()
    return Network.objects.filter(pk__in=member_network_ids(user))


# --- organisations --------------------------------------------------------------


def can_view_organization(user: User, organization: Organization) -> bool:
    """Members of the organisation and of any network it is a partner of."""
    if not is_active_user(user):
        return False
    if user.is_superuser or organization.pk in organization_ids(user):
        return True
    return organization.partnerships.filter(network_id__in=member_network_ids(user)).exists()


def can_manage_organization(user: User, organization: Organization) -> bool:
    """Its manager or methodist, or a coordinator of a network it belongs to."""
    if not is_active_user(user):
        return False
    if user.is_superuser or organization.pk in staff_organization_ids(user):
        return True
    return organization.partnerships.filter(network_id__in=coordinated_network_ids(user)).exists()


def can_see_member_contacts(user: User, organization: Organization) -> bool:
    """E-mails of members: the organisation's staff and the network's staff."""
    if can_manage_organization(user, organization):
        return True
    return organization.partnerships.filter(network_id__in=staff_network_ids(user)).exists()


def manageable_organizations(user: User) -> QuerySet[Organization]:
    if user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(
        Q(pk__in=staff_organization_ids(user))
        | Q(partnerships__network_id__in=coordinated_network_ids(user))
    ).distinct()


# --- people -------------------------------------------------------------------------


def manageable_people(user: User) -> QuerySet[User]:
    """People whose records the user may see in full, list and change: the one rule.

    A person is managed by the staff (manager, methodist) of each organisation she is a
    member of, and by the coordinators of a network for the members of its partner
    organisations and for the network's own council members and experts (who may belong to
    no partner organisation). A ``Membership`` is one the person has accepted (or got with
    the account an invitation created): a ``MembershipInvitation`` she has not accepted
    gives nobody any right over her. Views, imports and the API all ask this function
    (through ``can_manage_person`` / ``can_view_person`` for one person).
    """
    if user.is_superuser:
        return User.objects.all()
    org_ids = manageable_organizations(user).values("pk")
    return User.objects.filter(
        Q(memberships__organization__in=org_ids)
        | Q(memberships__network_id__in=coordinated_network_ids(user))
    ).distinct()


def can_manage_person(user: User, person: User) -> bool:
    if not is_active_user(user):
        return False
    if user.is_superuser:
        return True
    return manageable_people(user).filter(pk=person.pk).exists()


def can_handle_deletion_requests(user: User) -> bool:
    """Coordinators complete people's requests to delete their data."""
    return is_active_user(user) and (user.is_superuser or bool(coordinated_network_ids(user)))


# --- import ---------------------------------------------------------------------------


def can_import_people(user: User) -> bool:
    return is_active_user(user) and (
        user.is_superuser
        or bool(coordinated_network_ids(user))
        or bool(staff_organization_ids(user))
    )


def can_import_organizations(user: User) -> bool:
    return is_active_user(user) and (user.is_superuser or bool(coordinated_network_ids(user)))


# --- directory: menus and the API ---------------------------------------------------


def governed_networks(user: User) -> QuerySet[Network]:
    """Networks the user runs or sits on the council of (superuser: all), for menus."""
    if user.is_superuser:
        return Network.objects.all()
    return Network.objects.filter(pk__in=staff_network_ids(user))


def member_organizations(user: User) -> QuerySet[Organization]:
    """Organisations the user is a member of in any role."""
    return Organization.objects.filter(pk__in=organization_ids(user))


def can_view_person(user: User, person: User) -> bool:
    """A person's full record (e-mail, memberships): themselves and those who manage them."""
    return is_active_user(user) and (user.pk == person.pk or can_manage_person(user, person))


# --- audit log ---------------------------------------------------------------------------


def can_view_audit_log(user: User) -> bool:
    """Those who manage anything: coordinators, managers, methodists, superusers."""
    return is_active_user(user) and (
        user.is_superuser
        or bool(coordinated_network_ids(user))
        or bool(staff_organization_ids(user))
    )


def visible_audit_entries(user: User) -> QuerySet[AuditEntry]:
    """Entries about people and organisations the user manages, and what they did themselves."""
    if user.is_superuser:
        return AuditEntry.objects.all()

    def ids_as_text(qs: QuerySet) -> QuerySet:
        # target_id is text: compare with text ids so PostgreSQL accepts the subquery.
        return qs.annotate(pk_text=Cast("pk", CharField())).values("pk_text")

    return AuditEntry.objects.filter(
        Q(target_type="user", target_id__in=ids_as_text(manageable_people(user)))
        | Q(target_type="organization", target_id__in=ids_as_text(manageable_organizations(user)))
        | Q(target_type="network", target_id__in=[str(n) for n in coordinated_network_ids(user)])
        | Q(actor=user)
    )


# --- access helpers: load one object for a viewer or raise 404/403 --------------------------


def organization_for_manager(*, viewer: User, pk: int) -> Organization:
    """An organisation whose people the viewer manages (invites); 403 to the rest."""
    organization = get_object_or_404(Organization.objects.select_related("region"), pk=pk)
    if not can_manage_organization(viewer, organization):
        raise PermissionDenied
    return organization


def person_for_manager(*, viewer: User, pk: int) -> User:
    """An active person the viewer manages; 403 to the rest."""
    person = get_object_or_404(User, pk=pk, is_active=True)
    if not can_manage_person(viewer, person):
        raise PermissionDenied
    return person


def person_for_viewer(*, viewer: User, pk: int) -> User:
    """An active person's full record, for themselves and those who manage them; 404 to the
    rest, so that whether someone is registered does not leak."""
    person = User.objects.filter(pk=pk, is_active=True).first()
    if person is None or not can_view_person(viewer, person):
        raise Http404
    return person


def membership_invitation_for_invitee(*, viewer: User, pk: int) -> MembershipInvitation:
    """Only the invited person answers, and only once: anyone else's id is 404."""
    return get_object_or_404(
        MembershipInvitation.objects.select_related("organization"),
        pk=pk,
        user=viewer,
        status=MembershipInvitation.Status.PENDING,
    )


def import_batch_for_uploader(*, viewer: User, pk: int) -> ImportBatch:
    """Only the person who uploaded a batch sees it (404 to anyone else), and only while they
    may still import that kind of file (403)."""
    batch = get_object_or_404(
        ImportBatch.objects.select_related("organization", "network"), pk=pk, created_by=viewer
    )
    allowed: dict[str, Callable[[User], bool]] = {
        ImportBatch.Kind.PEOPLE: can_import_people,
        ImportBatch.Kind.ORGANIZATIONS: can_import_organizations,
    }
    if not allowed[batch.kind](viewer):
        raise PermissionDenied
    return batch


def api_token_for_owner(*, viewer: User, pk: int) -> ApiToken:
    # Someone else's token is "not found": its existence is none of the asker's business.
    return get_object_or_404(ApiToken, pk=pk, user=viewer)
