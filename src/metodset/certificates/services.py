"""Writes of certificates: issuers and templates, numbering, batches, revocation, re-issue."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metodset.accounts.models import Membership, Organization, User
from metodset.accounts.names import greeting
from metodset.core.services import email_queue
from metodset.core.worker import current_worker_id
from metodset.events.models import Event
from metodset.programs.models import Program
from metodset.programs.services import completion

from . import rendering
from .models import (
    Certificate,
    CertificateBatch,
    CertificateTemplate,
    Issuer,
    Kind,
    NumberSequence,
)
from .rendering import CertificateData, Signature

log = logging.getLogger(__name__)
CHUNK = 25  # certificates committed together: a crash loses at most this much work
PDF_FOLDER = "certificates"
ORPHANS_AFTER = timedelta(hours=1)

# The shipped wording of each kind; an issuer edits its own copies.
DEFAULTS: dict[str, dict[str, str]] = {
    Kind.QUALIFICATION: {
        "heading": "Удостоверение",
        "subheading": "о повышении квалификации",
        "lead": "",
        "body": "{passed} повышение квалификации в {issuer} по дополнительной профессиональной "
        "программе «{title}» в объёме {hours}, {dates}.",
    },
    Kind.DEVELOPMENT: {
        "heading": "Сертификат",
        "subheading": "о профессиональном развитии",
        "lead": "подтверждает, что",
        "body": "{passed} программу «{title}» в объёме {hours}, {dates}.",
    },
    Kind.PARTICIPATION: {
        "heading": "Сертификат",
        "subheading": "участника",
        "lead": "подтверждает, что",
        "body": "{took_part} в мероприятии «{title}», {dates}.",
    },
    Kind.DIPLOMA: {
        "heading": "Диплом",
        "subheading": "",
        "lead": "награждается",
        "body": "за участие в конкурсе «{title}», {dates}.",
    },
    Kind.THANKS: {
        "heading": "Благодарственное письмо",
        "subheading": "",
        "lead": "выражает благодарность",
        "body": "за активное участие и вклад в «{title}» и в развитие профессионального "
        "сообщества педагогов.",
    },
}


class IssueRefused(Exception):
    """Why a batch cannot be issued; the message is for the coordinator, in Russian."""


# --- issuers and templates --------------------------------------------------------------


@transaction.atomic
def issuer_for(*, organization: Organization) -> Issuer:
    """The organisation's issuer details, created with its templates on first use."""
    issuer, created = Issuer.objects.get_or_create(
        organization=organization,
        defaults={"name": organization.name, "city": organization.city},
    )
    if created:
        templates_ensure(issuer=issuer)
    return issuer


def templates_ensure(*, issuer: Issuer) -> None:
    """Give the issuer a template of every kind it does not have yet."""
    have = set(issuer.templates.values_list("kind", flat=True))
    with translation.override(settings.LANGUAGE_CODE):  # the names are stored
        CertificateTemplate.objects.bulk_create(
            CertificateTemplate(
                issuer=issuer,
                kind=kind,
                name=str(Kind(kind).label).capitalize(),
                source=rendering.default_source(kind),
                **DEFAULTS[kind],
            )
            for kind in Kind.values
            if kind not in have
        )


def format_number(pattern: str, *, year: int, sequence: int) -> str:
    return pattern.format(year=year, seq=sequence)


def check_number_pattern(pattern: str) -> str:
    """The pattern if it is usable; raises ValueError with a Russian message otherwise."""
    if "{seq" not in pattern:
        raise ValueError(_("The pattern must contain {seq}, the sequence number."))
    try:
        sample = format_number(pattern, year=2026, sequence=123)
    except (KeyError, ValueError, IndexError) as exc:
        raise ValueError(_("The pattern can use only {year} and {seq} (e.g. {seq:06}).")) from exc
    if len(sample) > 50:
        raise ValueError(_("The number is too long."))
    return pattern


def verify_url(code: str) -> str:
    return settings.SITE_URL + reverse("certificates:verify", args=[code])


class Assets:
    """An issuer's images in the render folder, looked up once per batch."""

    def __init__(self, issuer: Issuer) -> None:
        self.logo = rendering.asset_path(issuer.logo.name or "")
        self.signatories = [
            Signature(
                name=s.full_name,
                position=s.position,
                facsimile=rendering.asset_path(s.facsimile.name or ""),
            )
            for s in issuer.signatories.all()
        ]
        with translation.override(settings.LANGUAGE_CODE):  # printed on stored PDFs
            self.license = (
                _("Licence for educational activity No. %(number)s of %(date)s")
                % {
                    "number": issuer.license_number,
                    "date": issuer.license_issued_on.strftime("%d.%m.%Y")
                    if issuer.license_issued_on
                    else "",
                }
                if issuer.licensed
                else ""
            )


def certificate_data(
    *,
    template: CertificateTemplate,
    issuer: Issuer,
    assets: Assets,
    last_name: str,
    first_name: str,
    middle_name: str,
    title: str,
    hours: Decimal,
    starts_on: date | None,
    ends_on: date | None,
    number: str,
    issued_on: date,
    heading: str | None = None,
    subheading: str | None = None,
    lead: str | None = None,
    body: str | None = None,
) -> CertificateData:
    """What is printed; the template's wording unless the caller (a preview) gives its own."""
    values = rendering.placeholder_values(
        last_name=last_name,
        first_name=first_name,
        middle_name=middle_name,
        title=title,
        hours=hours,
        starts_on=starts_on,
        ends_on=ends_on,
        issuer=issuer.name,
    )
    kind = template.kind
    return CertificateData(
        kind=kind,
        heading=template.heading if heading is None else heading,
        subheading=template.subheading if subheading is None else subheading,
        lead=rendering.fill_placeholders(template.lead if lead is None else lead, values),
        name=values["name_dative"] if kind == Kind.THANKS else values["name"],
        body=rendering.fill_placeholders(template.body if body is None else body, values),
        number=number,
        issued_on=rendering.unbreakable(rendering.long_date(issued_on)),
        place=issuer.city,
        issuer=issuer.name,
        logo=assets.logo,
        license=assets.license if kind == Kind.QUALIFICATION else "",
        accent=rendering.ACCENTS.get(Kind(kind), "#1f5c99"),
        signatories=assets.signatories,
    )


SAMPLE = {
    "last_name": "Иванова",
    "first_name": "Мария",
    "middle_name": "Петровна",
    "title": "Цифровая педагогическая интернатура",
    "hours": Decimal(72),
}


def template_preview(
    *, template: CertificateTemplate, source: str | None = None, fmt: str = "png", **wording: str
) -> bytes:
    """The template (with unsaved edits) on sample data: a PNG of the page, or a PDF."""
    issuer = template.issuer
    today = timezone.localdate()
    data = certificate_data(
        template=template,
        issuer=issuer,
        assets=Assets(issuer),
        starts_on=today.replace(day=1),
        ends_on=today,
        number=format_number(issuer.number_pattern, year=today.year, sequence=123),
        issued_on=today,
        **SAMPLE,  # type: ignore[arg-type]
        **wording,  # type: ignore[arg-type]
    )
    return rendering.render(
        template.source if source is None else source,
        data,
        verify_url=verify_url("образец"),
        fmt=fmt,
    )


PREVIEW_KEEP = 600  # seconds a finished preview waits for the page to fetch it


def preview_key(*, template_id: int, job: str) -> str:
    return f"certificates:preview:{template_id}:{job}"


def template_preview_store(
    *, template_id: int, job: str, edits: dict[str, str], language: str
) -> None:
    """Render a preview away from the web request; the page fetches it from the cache."""
    template = CertificateTemplate.objects.select_related("issuer").get(pk=template_id)
    result: dict[str, bytes | str]
    with translation.override(language):
        try:
            result = {"png": template_preview(template=template, **edits)}  # type: ignore[arg-type]
        except rendering.TemplateError as exc:
            result = {"error": str(exc)}
    cache.set(preview_key(template_id=template_id, job=job), result, PREVIEW_KEEP)


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


# --- batches ----------------------------------------------------------------------------


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


@transaction.atomic
def batch_create(
    *,
    template: CertificateTemplate,
    recipients: Iterable[int],
    by: User | None,
    program: Program | None = None,
    event: Event | None = None,
    hours: Decimal,
    issued_on: date,
    send_email: bool = True,
) -> CertificateBatch:
    """Record a batch for these people and queue it; it runs in the background."""
    from .tasks import run_batch

    if (program is None) == (event is None):
        raise ValueError("A batch is for one programme or one event.")
    if program is not None:
        _refuse_before_the_end(program, by=by)
    issuer = template.issuer
    if template.kind == Kind.QUALIFICATION:
        if not issuer.licensed:
            raise IssueRefused(
                _(
                    "Only a licensed educational organisation issues certificates of "
                    "professional development (удостоверения). Enter the licence in the "
                    "issuer's details or choose another kind of document."
                )
            )
        if hours < settings.QUALIFICATION_MIN_HOURS:
            raise IssueRefused(
                _("A professional development programme lasts at least %(hours)s hours.")
                % {"hours": settings.QUALIFICATION_MIN_HOURS}
            )
    ids = list(dict.fromkeys(int(pk) for pk in recipients))
    if not ids:
        raise IssueRefused(_("Choose at least one person."))
    if program is not None:
        title, starts_on, ends_on = program.title, program.starts_on, program.ends_on
    else:
        assert event is not None
        local_start = timezone.localtime(event.starts_at).date()
        title, starts_on, ends_on = event.title, local_start, local_start
    batch = CertificateBatch.objects.create(
        issuer=issuer,
        template=template,
        program=program,
        event=event,
        title=title,
        hours=hours,
        starts_on=starts_on,
        ends_on=ends_on,
        issued_on=issued_on,
        recipient_ids=ids,
        send_email=send_email,
        created_by=by,
    )
    transaction.on_commit(lambda: run_batch.enqueue(batch_id=batch.pk))
    return batch


def batch_run(*, batch_id: int) -> CertificateBatch:
    """Issue the batch's certificates. Safe to run again after a crash: it resumes.

    Each chunk is one transaction holding the certificates, their numbers and their queued
    e-mails, so after a crash a person has either all of it or none; the unique constraint
    on (programme or event, person, kind) is the last guard against issuing twice.
    """
    now = timezone.now()
    Status = CertificateBatch.Status
    # Exclusive: a running batch is taken over only when its run is known to be gone (its
    # worker found dead clears the lease) or has stood still for stalled_after(); two runs
    # at once would trip over each other's people.
    claimed = (
        CertificateBatch.objects.filter(pk=batch_id)
        .filter(
            Q(status=Status.QUEUED)
            | Q(status=Status.RUNNING, progressed_at__isnull=True)
            | Q(status=Status.RUNNING, progressed_at__lt=now - stalled_after())
        )
        .update(status=Status.RUNNING, claimed_by=current_worker_id(), progressed_at=now)
    )
    batch = CertificateBatch.objects.select_related("issuer", "template", "program", "event").get(
        pk=batch_id
    )
    if not claimed:
        return batch
    issuer, template = batch.issuer, batch.template
    try:
        assets = Assets(issuer)
        skipped = 0
        ids = batch.recipient_ids
        # Issued by this batch before a crash: counted as issued, not as skipped. Their
        # letters got a delivery task when the dead worker was found (core.worker).
        ours = set(batch.certificates.values_list("user_id", flat=True))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            with transaction.atomic():
                have = holders(
                    program=batch.program, event=batch.event, kind=template.kind, among=chunk
                )
                people = User.objects.in_bulk([pk for pk in chunk if pk not in have])
                places = _workplaces(list(people))
                skipped += sum(
                    1 for pk in chunk if pk not in ours and (pk in have or pk not in people)
                )
                _issue_many(
                    [
                        Recipient(user=people[pk], workplace=places.get(pk, ""))
                        for pk in chunk
                        if pk in people and pk not in have
                    ],
                    issuer=issuer,
                    template=template,
                    assets=assets,
                    title=batch.title,
                    hours=batch.hours,
                    starts_on=batch.starts_on,
                    ends_on=batch.ends_on,
                    issued_on=batch.issued_on,
                    program=batch.program,
                    event=batch.event,
                    batch=batch,
                    send_email=batch.send_email,
                )
                CertificateBatch.objects.filter(pk=batch_id).update(
                    issued=batch.certificates.count(),
                    skipped=skipped,
                    progressed_at=timezone.now(),
                )
    except (rendering.TemplateError, IntegrityError) as exc:
        CertificateBatch.objects.filter(pk=batch_id).update(
            status=CertificateBatch.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        log.exception("certificate batch %s failed", batch_id)
        batch.refresh_from_db()
        return batch
    CertificateBatch.objects.filter(pk=batch_id).update(
        status=CertificateBatch.Status.DONE,
        issued=batch.certificates.count(),
        skipped=skipped,
        finished_at=timezone.now(),
    )
    batch.refresh_from_db()
    return batch


def stalled_after() -> timedelta:
    """How long a batch's run may stand still before another takes it over (ten minutes by
    default: a chunk takes a fraction of a second)."""
    return timedelta(seconds=settings.CERTIFICATE_BATCH_STALLED_AFTER)


def batches_release(sender: object, *, worker_ids: set[str], **kwargs: object) -> None:
    """The batches dead workers were running may be taken over at once (``workers_lost``)."""
    CertificateBatch.objects.filter(
        status=CertificateBatch.Status.RUNNING, claimed_by__in=worker_ids
    ).update(progressed_at=None)


def stalled_batches_resume() -> list[int]:
    """Queue again the batches nothing is running: ids of those queued again.

    The database queue hands a dead worker's task back by itself (core.worker); this is for
    the rest: RQ, which does not retry a job whose worker died, and a batch whose task was
    never queued (a process killed between the commit and the enqueue). A batch is stalled
    when it is running without progress, or still queued, ``stalled_after()`` after it last moved.
    A second task for a batch that is running is harmless: it cannot claim it.
    """
    from .tasks import run_batch

    Status = CertificateBatch.Status
    since = timezone.now() - stalled_after()
    ids = list(
        CertificateBatch.objects.filter(
            Q(status=Status.RUNNING, progressed_at__lt=since)
            | Q(status=Status.RUNNING, progressed_at__isnull=True, created_at__lt=since)
            | Q(status=Status.QUEUED, created_at__lt=since)
        ).values_list("pk", flat=True)
    )

    def enqueue() -> None:
        for batch_id in ids:
            run_batch.enqueue(batch_id=batch_id)

    transaction.on_commit(enqueue)
    if ids:
        log.warning("queued stalled certificate batch(es) again: %s", ids)
    return ids


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
