"""Who may issue, see and revoke certificates.

An issuer's details, templates and registry belong to the people who manage its organisation
(its manager or methodist, the coordinators of its networks). A programme's coordinators and
an event's organisers issue for their programme or event and see what they issued. A person
sees their own certificates; anybody may verify one by its code, and sees only what is printed.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from metodset.accounts import permissions as roles
from metodset.accounts.models import Organization, User
from metodset.events.models import Event
from metodset.events.permissions import can_manage_event, managed_events
from metodset.programs.models import Program
from metodset.programs.permissions import can_coordinate, coordinated_programs

from .models import Certificate


def can_manage_issuer(user: User, organization: Organization) -> bool:
    return roles.can_manage_organization(user, organization)


def can_issue_for_program(user: User, program: Program) -> bool:
    return can_coordinate(user, program)


def can_issue_for_event(user: User, event: Event) -> bool:
    return can_manage_event(user, event)


def can_administer(user: User, certificate: Certificate) -> bool:
    """See the certificate in the registry, revoke it, re-issue it."""
    if not roles.is_active_user(user):
        return False
    if can_manage_issuer(user, certificate.issuer.organization):
        return True
    if certificate.program_id and can_coordinate(user, certificate.program):
        return True
    return bool(certificate.event_id and can_manage_event(user, certificate.event))


def can_download(user: User, certificate: Certificate) -> bool:
    if not roles.is_active_user(user):
        return False
    return certificate.user_id == user.pk or can_administer(user, certificate)


def administered(user: User) -> QuerySet[Certificate]:
    """Every certificate the user may see in the registry."""
    if not roles.is_active_user(user):
        return Certificate.objects.none()
    if user.is_superuser:
        return Certificate.objects.all()
    organizations = roles.manageable_organizations(user).values("pk")
    return Certificate.objects.filter(
        Q(issuer__organization__in=organizations)
        | Q(program__in=coordinated_programs(user).values("pk"))
        | Q(event__in=managed_events(user).values("pk"))
    )


def has_registry(user: User) -> bool:
    """Whether the «Certificates» menu leads to a registry (else to one's own)."""
    return roles.is_active_user(user) and (
        user.is_superuser
        or bool(roles.staff_organization_ids(user))
        or bool(roles.coordinated_network_ids(user))
    )


def registry_organizations(user: User) -> QuerySet[Organization]:
    """Organisations whose issuer details the user may edit (linked from the registry)."""
    if not roles.is_active_user(user):
        return Organization.objects.none()
    return roles.manageable_organizations(user).order_by("short_name")[:20]
