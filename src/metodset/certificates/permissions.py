"""Who may issue, see and revoke certificates.

An issuer's details, templates and registry belong to the people who manage its organisation
(its manager or methodist, the coordinators of its networks). A programme's coordinators and
an event's organisers issue for their programme or event and see what they issued. A person
sees their own certificates; anybody may verify one by its code, and sees only what is printed.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from metodset.accounts import permissions as account_permissions
from metodset.accounts.models import Organization, User
from metodset.events.models import Event
from metodset.events.permissions import can_manage_event, managed_events
from metodset.programs.models import Program
from metodset.programs.permissions import can_coordinate, coordinated_programs

from .models import Certificate, CertificateBatch, CertificateTemplate, Signatory


def can_manage_issuer(user: User, organization: Organization) -> bool:
    return account_permissions.can_manage_organization(user, organization)


def can_issue_for_program(user: User, program: Program) -> bool:
    return can_coordinate(user, program)


def can_issue_for_event(user: User, event: Event) -> bool:
    return can_manage_event(user, event)


def can_administer(user: User, certificate: Certificate) -> bool:
    """See the certificate in the registry, revoke it, re-issue it."""
    if not account_permissions.is_active_user(user):
        return False
    if can_manage_issuer(user, certificate.issuer.organization):
        return True
    # A missing foreign key reads as None without a query.
    if certificate.program is not None and can_coordinate(user, certificate.program):
        return True
    return certificate.event is not None and can_manage_event(user, certificate.event)


def can_download(user: User, certificate: Certificate) -> bool:
    if not account_permissions.is_active_user(user):
        return False
    return certificate.user_id == user.pk or can_administer(user, certificate)


def administered(user: User) -> QuerySet[Certificate]:
    """Every certificate the user may see in the registry."""
    if not account_permissions.is_active_user(user):
        return Certificate.objects.none()
    if user.is_superuser:
        return Certificate.objects.all()
    organizations = account_permissions.manageable_organizations(user).values("pk")
    return Certificate.objects.filter(
        Q(issuer__organization__in=organizations)
        | Q(program__in=coordinated_programs(user).values("pk"))
        | Q(event__in=managed_events(user).values("pk"))
    )


def has_registry(user: User) -> bool:
    """Whether the «Certificates» menu leads to a registry (else to one's own)."""
    return account_permissions.is_active_user(user) and (
        user.is_superuser
        or bool(account_permissions.staff_organization_ids(user))
        or bool(account_permissions.coordinated_network_ids(user))
    )


def registry_organizations(user: User) -> QuerySet[Organization]:
    """Organisations whose issuer details the user may edit (linked from the registry)."""
    if not account_permissions.is_active_user(user):
        return Organization.objects.none()
    return account_permissions.manageable_organizations(user).order_by("short_name")[:20]


# --- access helpers: load one object for a viewer or raise Http404 ------------------------


def certificate_for_administrator(*, viewer: User, pk: int) -> Certificate:
    """A certificate of the registry: its issuer's staff, its programme's coordinators or its
    event's organisers; 404 to the rest."""
    certificate = get_object_or_404(
        Certificate.objects.select_related(
            "issuer__organization", "program", "event", "replaced_by", "user", "revoked_by"
        ),
        pk=pk,
    )
    if not can_administer(viewer, certificate):
        raise Http404
    return certificate


def certificate_for_holder(*, viewer: User, pk: int) -> Certificate:
    """A certificate's PDF: its holder and those who administer it; 404 to the rest."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("issuer__organization", "program", "event"), pk=pk
    )
    if not can_download(viewer, certificate):
        raise Http404
    return certificate


def organization_for_issuer_manager(*, viewer: User, pk: int) -> Organization:
    """The organisation whose issuer details (logo, signatories, templates) the viewer edits."""
    organization = get_object_or_404(Organization, pk=pk)
    if not can_manage_issuer(viewer, organization):
        raise Http404
    return organization


def signatory_for_issuer_manager(*, viewer: User, organization_pk: int, pk: int) -> Signatory:
    organization = organization_for_issuer_manager(viewer=viewer, pk=organization_pk)
    return get_object_or_404(Signatory, pk=pk, issuer__organization=organization)


def template_for_issuer_manager(*, viewer: User, pk: int) -> CertificateTemplate:
    template = get_object_or_404(
        CertificateTemplate.objects.select_related("issuer__organization"), pk=pk
    )
    if not can_manage_issuer(viewer, template.issuer.organization):
        raise Http404
    return template


def batch_for_issuer(*, viewer: User, pk: int) -> CertificateBatch:
    """A batch: its issuer's staff, or whoever may issue for its programme or event."""
    batch = get_object_or_404(
        CertificateBatch.objects.select_related(
            "issuer__organization", "template", "program", "event"
        ),
        pk=pk,
    )
    allowed = (
        can_manage_issuer(viewer, batch.issuer.organization)
        or (batch.program is not None and can_issue_for_program(viewer, batch.program))
        or (batch.event is not None and can_issue_for_event(viewer, batch.event))
    )
    if not allowed:
        raise Http404
    return batch
