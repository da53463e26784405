"""Certificate batches: recorded by a coordinator, issued in the background in chunks, resumed
after a crash."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from metodset.accounts.audit import audit_record
from metodset.accounts.models import User
from metodset.accounts.services import Action
from metodset.core.worker import current_worker_id
from metodset.events.models import Event
from metodset.programs.models import Program

from .. import rendering
from ..models import (
    CertificateBatch,
    CertificateTemplate,
    Kind,
)
from .issuing import (
    IssueRefused,
    Recipient,
    _issue_many,
    _refuse_before_the_end,
    _workplaces,
    holders,
)
from .templates import Assets

log = logging.getLogger(__name__)
CHUNK = 25  # certificates committed together: a crash loses at most this much work


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
    from ..tasks import run_batch

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
    audit_record(
        actor=by, action=Action.BATCH_QUEUED, target=batch, changes={"recipients": [None, len(ids)]}
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
    with transaction.atomic():
        issued = batch.certificates.count()
        CertificateBatch.objects.filter(pk=batch_id).update(
            status=CertificateBatch.Status.DONE,
            issued=issued,
            skipped=skipped,
            finished_at=timezone.now(),
        )
        # One entry for the batch, in the name of who started it: the certificates are its rows.
        audit_record(
            actor=batch.created_by,
            action=Action.ISSUED,
            target=batch,
            changes={"issued": [None, issued], "skipped": [None, skipped]},
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

    Both queues run a dead worker's task again by themselves (core.worker); this is the last
    guard, for a batch whose task was never queued (a process killed between the commit and
    the enqueue) or was lost with its queue (Redis restarted empty). A batch is stalled
    when it is running without progress, or still queued, ``stalled_after()`` after it last moved.
    A second task for a batch that is running is harmless: it cannot claim it.
    """
    from ..tasks import run_batch

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
