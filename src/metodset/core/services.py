"""Writes of the platform core: e-mail that goes out through the task queue."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .letters import letter_html
from .models import OutgoingEmail
from .worker import current_worker_id


def email_queue(
    *,
    to: str,
    subject: object,
    template: str,
    context: dict[str, object] | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> OutgoingEmail:
    """Render an e-mail in Russian, store it, and enqueue its delivery after commit.

    ``subject`` may be a lazy translation; ``template`` names ``<template>.txt``, the
    letter's one template: its HTML part is laid out from that text (``core.letters``), so
    every letter goes out as text and HTML with the same words and links. ``attachments``
    are dicts with ``filename``, ``mimetype`` and either ``content`` (text, e.g. an .ics)
    or ``path`` (in the default storage, e.g. a certificate's PDF).
    """
    from .tasks import deliver_email

    context = {"site_url": settings.SITE_URL, **(context or {})}
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(subject)
        body = render_to_string(f"{template}.txt", context)
        html = letter_html(text=body, subject=subject)
    email = OutgoingEmail.objects.create(
        to=to, subject=subject, body=body, html=html, attachments=attachments or []
    )
    transaction.on_commit(lambda: deliver_email.enqueue(email_id=email.pk))
    return email


def emails_forget(*, address: str) -> int:
    """Delete every stored letter to ``address`` (a person's data erased); return how many."""
    deleted, _by_model = OutgoingEmail.objects.filter(to__iexact=address).delete()
    return deleted


def email_deliver(*, email_id: int) -> bool:
    """Send a queued e-mail. Safe to run twice: the row is claimed with a conditional UPDATE.

    Returns True if this call sent it.
    """
    claimed = OutgoingEmail.objects.filter(
        pk=email_id, status__in=[OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.FAILED]
    ).update(status=OutgoingEmail.Status.SENDING, claimed_by=current_worker_id())
    if not claimed:
        return False
    email = OutgoingEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    for item in email.attachments:
        if "path" in item:
            with default_storage.open(item["path"], "rb") as f:
                message.attach(item["filename"], f.read(), item["mimetype"])
        else:
            message.attach(item["filename"], item["content"], item["mimetype"])
    try:
        message.send()
    except Exception as exc:
        OutgoingEmail.objects.filter(pk=email_id).update(
            status=OutgoingEmail.Status.FAILED,
            attempts=email.attempts + 1,
            error=str(exc)[:2000],
            claimed_by="",
        )
        raise
    OutgoingEmail.objects.filter(pk=email_id).update(
        status=OutgoingEmail.Status.SENT,
        attempts=email.attempts + 1,
        sent_at=timezone.now(),
        claimed_by="",
    )
    return True


# A letter still queued this long after it was stored has lost its delivery task.
STUCK_AFTER = timedelta(minutes=10)


def emails_retry_failed() -> int:
    """Enqueue failed e-mails again (a mail server that was down may be up); return how many.

    Also e-mails still queued after ten minutes: their delivery task is enqueued after the
    commit that stored them, so a process killed in between leaves one without a task.
    Enqueuing one twice is harmless: delivery claims the row, so it is sent once.
    """
    from .tasks import deliver_email

    stuck_since = timezone.now() - STUCK_AFTER
    ids = list(
        OutgoingEmail.objects.filter(
            Q(status=OutgoingEmail.Status.FAILED, attempts__lt=settings.EMAIL_MAX_ATTEMPTS)
            | Q(status=OutgoingEmail.Status.QUEUED, created_at__lt=stuck_since)
        ).values_list("pk", flat=True)[:500]
    )
    for email_id in ids:
        deliver_email.enqueue(email_id=email_id)
    return len(ids)
