"""Issuing certificates: numbering, rendering and storing them, the letters, revocation
and re-issue."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metodset.accounts.audit import audit_record, choice_change
from metodset.accounts.models import Membership, User
from metodset.accounts.names import greeting
from metodset.accounts.services import Action
from metodset.core.services import email_queue
from metodset.events.models import Event
from metodset.programs.models import Program
from metodset.programs.services import completion

from .. import rendering
from ..models import (
    Certificate,
    CertificateBatch,
    CertificateTemplate,
    Issuer,
    NumberSequence,
)
from ..rendering import CertificateData
from .templates import Assets, certificate_data, format_number, verify_url

log = logging.getLogger(__name__)
PDF_FOLDER = "certificates"
ORPHANS_AFTER = timedelta(hours=1)


class IssueRefused(Exception):
    """Why a batch cannot be issued; the message is for the coordinator, in Russian."""


# --- numbering and issuing one certificate --------------------------------------------


def number_allocate(*, issuer: Issuer, year: int, count: int = 1) -> int:
    """Reserve ``count`` consecutive sequence numbers; returns the first. Call in a transaction.

    The conditional UPDATE takes the row lock on PostgreSQL (SQLite locks the database), so
    two batches running at once never share a number.
    """
    NumberSequence.objects.get_or_create(issuer=issuer, year=year)
    NumberSequence.objects.filter(issuer=issuer, year=year).update(last=F("last") + count)
    return NumberSequence.objects.get(issuer=issuer, year=year).last - count + 1


@dataclass
class Recipient:
    user: User
    workplace: str = ""
    names: tuple[str, str, str] | None = None  # a corrected name, for a re-issue
    # the person's own wording over the template's (a contest diploma's degree and place):
    # any of "heading", "subheading", "lead", "body"
    wording: dict[str, str] = field(default_factory=dict)


def _issue_many(
    recipients: list[Recipient],
    *,
    issuer: Issuer,
    template: CertificateTemplate,
    assets: Assets,
    title: str,
    hours: Decimal,
    starts_on: date | None,
    ends_on: date | None,
    issued_on: date,
    program: Program | None = None,
    event: Event | None = None,
    batch: CertificateBatch | None = None,
    send_email: bool = True,
) -> list[Certificate]:
    """Number, render, store and insert certificates for these people. Call in a transaction.

    One UPDATE reserves all the numbers, one Typst document renders all the certificates
    (``rendering.render_many``) and one INSERT stores all the rows: a batch spends its time
    in Typst, not in the database.
    """
    if not recipients:
        return []
    first = number_allocate(issuer=issuer, year=issued_on.year, count=len(recipients))
    certificates: list[Certificate] = []
    pages: list[tuple[CertificateData, str]] = []
    for offset, recipient in enumerate(recipients):
        user = recipient.user
        last_name, first_name, middle_name = recipient.names or (
            user.last_name,
            user.first_name,
            user.middle_name,
        )
        sequence = first + offset
        certificate = Certificate(
            issuer=issuer,
            kind=template.kind,
            template=template,
            batch=batch,
            user=user,
            last_name=last_name,
            first_name=first_name,
            middle_name=middle_name,
            birth_date=user.birth_date,
            email=user.email,
            workplace=recipient.workplace,
            position=user.position,
            program=program,
            event=event,
            title=title,
            hours=hours,
            starts_on=starts_on,
            ends_on=ends_on,
            issuer_name=issuer.name,
            number=format_number(issuer.number_pattern, year=issued_on.year, sequence=sequence),
            year=issued_on.year,
            sequence=sequence,
            issued_on=issued_on,
        )
        with translation.override(settings.LANGUAGE_CODE):  # printed on a stored PDF
            data = certificate_data(
                template=template,
                issuer=issuer,
                assets=assets,
                last_name=last_name,
                first_name=first_name,
                middle_name=middle_name,
                title=title,
                hours=hours,
                starts_on=starts_on,
                ends_on=ends_on,
                number=certificate.number,
                issued_on=issued_on,
                **recipient.wording,
            )
        pages.append((data, verify_url(certificate.code)))
        certificates.append(certificate)
    stored = []
    try:
        for certificate, pdf in zip(
            certificates, rendering.render_many(template.source, pages), strict=True
        ):
            certificate.pdf.name = default_storage.save(
                _pdf_path(issuer, issued_on.year, certificate.code), ContentFile(pdf)
            )
            stored.append(certificate.pdf.name)
        Certificate.objects.bulk_create(certificates)
    except BaseException:
        # The rows roll back with the caller's transaction; their files must not stay.
        for name in stored:
            default_storage.delete(name)
        raise
    if send_email:
        for certificate in certificates:
            if certificate.user is not None and certificate.user.email:
                _email(certificate, certificate.user)
    return certificates


def _pdf_path(issuer: Issuer, year: int, code: str) -> str:
    return f"{PDF_FOLDER}/{issuer.pk}/{year}/{code}.pdf"


def orphan_pdfs_remove(*, older_than: timedelta = ORPHANS_AFTER) -> int:
    """Delete stored certificate PDFs that no certificate points at; return how many.

    A chunk stores its files before it inserts its rows, in one transaction: a worker killed
    in the middle leaves files without rows, and the resumed chunk renders those people again
    under new codes. (A chunk that fails with an error deletes its files itself.) Files younger
    than ``older_than`` are left alone: they may belong to a chunk still running.
    """
    kept = set(Certificate.objects.exclude(pdf="").values_list("pdf", flat=True))
    cutoff = timezone.now() - older_than
    removed = 0
    for name in _stored_pdfs():
        if name not in kept and default_storage.get_modified_time(name) < cutoff:
            default_storage.delete(name)
            removed += 1
    if removed:
        log.warning("removed %d certificate PDF(s) without a certificate", removed)
    return removed


def _stored_pdfs() -> Iterator[str]:
    """Names of the stored certificate PDFs: ``certificates/<issuer>/<year>/<code>.pdf``."""

    def folders(path: str) -> list[str]:
        try:
            return default_storage.listdir(path)[0]
        except FileNotFoundError:
            return []

    for issuer in folders(PDF_FOLDER):
        if not issuer.isdigit():  # logos/, facsimiles/
            continue
        for year in folders(f"{PDF_FOLDER}/{issuer}"):
            folder = f"{PDF_FOLDER}/{issuer}/{year}"
            for name in default_storage.listdir(folder)[1]:
                if name.endswith(".pdf"):
                    yield f"{folder}/{name}"


def pdf_filename(certificate: Certificate) -> str:
    return f"{certificate.get_kind_display()} {certificate.number}.pdf".replace("/", "-")


def _email(certificate: Certificate, user: User) -> None:
    with translation.override(settings.LANGUAGE_CODE):  # the letter is stored in Russian
        subject = _("Your document: %(kind)s No. %(number)s") % {
            "kind": certificate.get_kind_display(),
            "number": certificate.number,
        }
        salutation = greeting(user)
        filename = pdf_filename(certificate)
    email_queue(
        to=user.email,
        subject=subject,
        template="certificates/email/issued",
        context={
            "certificate": certificate,
            "greeting": salutation,
            "verify_url": verify_url(certificate.code),
            "mine_url": settings.SITE_URL + reverse("certificates:mine"),
        },
        attachments=[
            {
                "filename": filename,
                "mimetype": "application/pdf",
                "path": certificate.pdf.name or "",
            }
        ],
    )


def _source_filter(*, program: Program | None, event: Event | None, kind: str) -> Q:
    return (
        Q(program=program, kind=kind) if program is not None else Q(event=event, kind=kind)
    ) & ~Q(status=Certificate.Status.REPLACED)


def holders(
    *,
    program: Program | None = None,
    event: Event | None = None,
    kind: str,
    among: list[int] | None = None,
) -> set[int]:
    """Ids of the people (``among`` these, if given) who already hold this kind of document
    for the programme or event."""
    certificates = Certificate.objects.filter(
        _source_filter(program=program, event=event, kind=kind)
    ).exclude(user=None)
    if among is not None:
        certificates = certificates.filter(user_id__in=among)
    return set(certificates.values_list("user_id", flat=True))


def _refuse_before_the_end(program: Program, *, by: User | None) -> None:
    """A programme's certificates only once its last event has ended (the rule of
    ``programs.services.completion``), said in the coordinator's zone."""
    zone = by.time_zone if by is not None else program.organizer.region.time_zone
    not_yet = completion.completion_not_yet(program=program, time_zone=zone)
    if not_yet:
        raise IssueRefused(not_yet)


def _workplaces(user_ids: list[int]) -> dict[int, str]:
    """Each person's organisation (the first by membership), for the registry's column."""
    places: dict[int, str] = {}
    for user_id, name in (
        Membership.objects.filter(user_id__in=user_ids, organization__isnull=False)
        .order_by("pk")
        .values_list("user_id", "organization__short_name")
    ):
        places.setdefault(user_id, name)
    return places


# --- after issue ----------------------------------------------------------------------


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, by: User | None) -> Certificate:
    """Mark the certificate revoked; its verification page says so from now on."""
    if certificate.status != Certificate.Status.VALID:
        raise IssueRefused(_("Only a valid certificate can be revoked."))
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason.strip()
    certificate.revoked_by = by
    certificate.save(update_fields=["status", "revoked_at", "revoke_reason", "revoked_by"])
    audit_record(
        actor=by,
        action=Action.REVOKED,
        target=certificate,
        changes={
            "status": choice_change(
                Certificate.Status, Certificate.Status.VALID, Certificate.Status.REVOKED
            ),
            "revoke_reason": ["", certificate.revoke_reason],
        },
    )
    return certificate


@transaction.atomic
def certificate_reissue(
    *,
    certificate: Certificate,
    last_name: str,
    first_name: str,
    middle_name: str,
    by: User | None,
    send_email: bool = True,
) -> Certificate:
    """A new certificate with the corrected name; the old one is marked replaced by it."""
    if certificate.status != Certificate.Status.VALID:
        raise IssueRefused(_("Only a valid certificate can be re-issued."))
    template = certificate.template
    if template is None:
        raise IssueRefused(_("The certificate's template was deleted."))
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    old.status = Certificate.Status.REPLACED
    old.save(update_fields=["status"])
    user = old.user
    if user is None:
        raise IssueRefused(_("The recipient's account was deleted."))
    [new] = _issue_many(
        [
            Recipient(
                user=user,
                workplace=old.workplace,
                names=(last_name.strip(), first_name.strip(), middle_name.strip()),
            )
        ],
        issuer=old.issuer,
        template=template,
        assets=Assets(old.issuer),
        title=old.title,
        hours=old.hours,
        starts_on=old.starts_on,
        ends_on=old.ends_on,
        issued_on=timezone.localdate(),
        program=old.program,
        event=old.event,
        send_email=send_email,
    )
    old.replaced_by = new
    old.save(update_fields=["replaced_by"])
    audit_record(
        actor=by,
        action=Action.REISSUED,
        target=old,
        changes={
            "number": [old.number, new.number],
            "name": [
                " ".join(filter(None, [old.last_name, old.first_name, old.middle_name])),
                " ".join(filter(None, [new.last_name, new.first_name, new.middle_name])),
            ],
        },
    )
    return new


def issue_now(
    *,
    template: CertificateTemplate,
    users: Iterable[User],
    program: Program | None = None,
    event: Event | None = None,
    hours: Decimal,
    issued_on: date,
    send_email: bool = False,
) -> list[Certificate]:
    """Issue synchronously (the demo, the benchmark): the same path a batch takes."""
    issuer = template.issuer
    assets = Assets(issuer)
    if program is not None:
        _refuse_before_the_end(program, by=None)
        title, starts_on, ends_on = program.title, program.starts_on, program.ends_on
    else:
        assert event is not None
        title = event.title
        starts_on = ends_on = timezone.localtime(event.starts_at).date()
    people = list(users)
    places = _workplaces([user.pk for user in people])
    with transaction.atomic():
        return _issue_many(
            [Recipient(user=user, workplace=places.get(user.pk, "")) for user in people],
            issuer=issuer,
            template=template,
            assets=assets,
            title=title,
            hours=hours,
            starts_on=starts_on,
            ends_on=ends_on,
            issued_on=issued_on,
            program=program,
            event=event,
            send_email=send_email,
        )
