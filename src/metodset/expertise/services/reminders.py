"""Reminders before a review's deadline and the coordinator's daily word about stalls.

- An expert is reminded once, ``campaign.remind_days`` days before the review is due, of every
  review still assigned or in draft (``Review.reminded_at`` is claimed by a conditional update,
  so two workers never send it twice).
- Whoever opened a campaign gets, once a day while it lasts, the list of its overdue reviews,
  with what she can do on the campaign's page: give the work to another expert, extend the
  deadline or add a review. Nothing is moved without her.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from metodset.core.services import email_queue

from ..models import Campaign, Review

BATCH = 200
LONGEST_LEAD = timedelta(days=30)


class _Subject:
    """A lazy subject with its values, rendered in the letter's language."""

    def __init__(self, text: object, **values: object) -> None:
        self.text, self.values = text, values

    def __str__(self) -> str:
        return str(self.text) % self.values


def _open_reviews() -> QuerySet[Review]:
    return Review.objects.filter(
        status__in=Review.OPEN,
        expert__is_active=True,
        item__campaign__status__in=[Campaign.Status.OPEN, Campaign.Status.REVIEWING],
    )


def review_reminders_send_due(
    *, now: datetime | None = None, limit: int = BATCH
) -> tuple[int, bool]:
    """Remind the experts whose reviews are due within their campaign's lead; return (sent,
    more left)."""
    now = now or timezone.now()
    candidates = (
        _open_reviews()
        .filter(reminded_at__isnull=True, due_at__gt=now, due_at__lte=now + LONGEST_LEAD)
        .select_related("item__campaign", "expert")
        .order_by("due_at", "pk")
    )
    due = [
        r
        for r in candidates[: limit * 5]
        if r.due_at is not None and r.due_at <= now + timedelta(days=r.item.campaign.remind_days)
    ][:limit]
    sent = sum(review_reminder_send(review=review, now=now) for review in due)
    return sent, len(due) == limit


def review_reminder_send(*, review: Review, now: datetime) -> bool:
    """Remind one expert of one review, exactly once."""
    with transaction.atomic():
        claimed = Review.objects.filter(pk=review.pk, reminded_at__isnull=True).update(
            reminded_at=now
        )
        if not claimed:
            return False
        email_queue(
            to=review.expert.email,
            subject=_Subject(
                gettext_lazy("The conclusion is due soon: %(title)s"), title=review.item.title
            ),
            template="expertise/email/review_reminder",
            context={
                "user": review.expert,
                "review": review,
                "campaign": review.item.campaign,
                "url": settings.SITE_URL + reverse("expertise:review_form", args=[review.pk]),
            },
        )
    return True


def stall_digests_send(*, now: datetime | None = None) -> int:
    """To whoever opened each campaign: its overdue reviews. Returns how many letters."""
    now = now or timezone.now()
    overdue = (
        _open_reviews()
        .filter(due_at__lt=now, item__campaign__created_by__is_active=True)
        .select_related("item__campaign__created_by", "expert")
        .order_by("item__campaign_id", "due_at", "pk")
    )
    by_campaign: dict[Campaign, list[Review]] = defaultdict(list)
    for review in overdue[:2000]:
        by_campaign[review.item.campaign].append(review)
    for campaign, reviews in by_campaign.items():
        assert campaign.created_by is not None
        email_queue(
            to=campaign.created_by.email,
            subject=_Subject(gettext_lazy("Overdue reviews: %(title)s"), title=campaign.title),
            template="expertise/email/stalls",
            context={
                "user": campaign.created_by,
                "campaign": campaign,
                "reviews": reviews,
                "url": settings.SITE_URL + reverse("expertise:campaign_detail", args=[campaign.pk]),
            },
        )
    return len(by_campaign)
