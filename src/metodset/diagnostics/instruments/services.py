"""Writes of the instruments: tests and their items, a participant's answers, the reminder of
the test, and expert observation protocols.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metodset.accounts.models import Network, Organization, User
from metodset.core.services import email_queue
from metodset.diagnostics.instruments.keys import (
    MAX_OPTIONS,
    MAX_POINTS,
    indicator_values,
    item_points,
)
from metodset.diagnostics.instruments.selectors import test_locked
from metodset.diagnostics.models import (
    Campaign,
    Framework,
    Indicator,
    Observation,
    Participant,
    Source,
    Test,
    TestAttempt,
    TestItem,
)
from metodset.diagnostics.profiles.services import scores_record


class InstrumentError(Exception):
    """A refusal meant for the person (already taken, campaign closed...): a translated message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@transaction.atomic
def test_create(
    *,
    framework: Framework,
    title: str,
    by: User | None,
    description: str = "",
    organization: Organization | None = None,
    network: Network | None = None,
) -> Test:
    """A new empty test; it belongs to an organisation or a network (neither: the platform's)."""
    if organization is not None and network is not None:
        raise ValidationError(_("A test belongs to an organisation or to a network, not both."))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the test a title.")})
    return Test.objects.create(
        framework=framework,
        title=title,
        description=description.strip(),
        organization=organization,
        network=network,
        created_by=by,
    )


def _item_check(
    *, test: Test, indicator: Indicator, text: str, options: list[str], key: list[int], points: int
) -> None:
    errors: dict[str, list[str]] = {}
    if indicator.framework_id != test.framework_id:
        errors["indicator"] = [_("The indicator is not of the test's framework.")]
    if not (text or "").strip():
        errors["text"] = [_("Write the question.")]
    if len(options) < 2:
        errors["options"] = [_("Give at least two options.")]
    elif len(options) > MAX_OPTIONS:
        errors["options"] = [_("At most %(max)s options.") % {"max": MAX_OPTIONS}]
    elif len({o.lower() for o in options}) != len(options):
        errors["options"] = [_("Two options are the same.")]
    if not key:
        errors["key"] = [_("Give the number of the correct option.")]
    elif any(not 0 <= k < len(options) for k in key):
        errors["key"] = [
            ngettext(
                "There is no option number %(number)s: the item has %(count)s option.",
                "There is no option number %(number)s: the item has %(count)s options.",
                len(options),
            )
            % {
                "number": next(k + 1 for k in key if not 0 <= k < len(options)),
                "count": len(options),
            }
        ]
    elif len(key) == len(options):
        errors["key"] = [_("All the options cannot be correct.")]
    if not isinstance(points, int) or not 1 <= points <= MAX_POINTS:
        errors["points"] = [_("Points are a whole number from 1 to %(max)s.") % {"max": MAX_POINTS}]
    if errors:
        raise ValidationError(errors)


def items_lock_check(test: Test) -> None:
    if test_locked(test):
        raise ValidationError(
            _("The test has already been taken; its items can no longer be changed.")
        )


@transaction.atomic
def item_add(
    *,
    test: Test,
    indicator: Indicator,
    text: str,
    options: list[str],
    key: list[int],
    points: int = 1,
) -> TestItem:
    """Add an item at the end. ``key`` holds 0-based indexes of the correct options.

    Raises ``ValidationError`` keyed by field (indicator, text, options, key, points).
    """
    items_lock_check(test)
    options = [" ".join(o.split()) for o in options if o and o.strip()]
    key = sorted(set(key))
    _item_check(test=test, indicator=indicator, text=text, options=options, key=key, points=points)
    last = test.items.order_by("-order").values_list("order", flat=True).first()
    return TestItem.objects.create(
        test=test,
        indicator=indicator,
        text=text.strip(),
        options=options,
        key=key,
        points=points,
        order=(last + 1) if last is not None else 0,
    )


@transaction.atomic
def item_update(
    *,
    item: TestItem,
    indicator: Indicator,
    text: str,
    options: list[str],
    key: list[int],
    points: int,
) -> TestItem:
    items_lock_check(item.test)
    options = [" ".join(o.split()) for o in options if o and o.strip()]
    key = sorted(set(key))
    _item_check(
        test=item.test, indicator=indicator, text=text, options=options, key=key, points=points
    )
    item.indicator = indicator
    item.text = text.strip()
    item.options = options
    item.key = key
    item.points = points
    item.save()
    return item


@transaction.atomic
def item_delete(*, item: TestItem) -> None:
    items_lock_check(item.test)
    item.delete()


def _answers_clean(
    items: list[TestItem], answers: Mapping[Any, Iterable[Any]]
) -> dict[int, list[int]]:
    """Answers keyed by item id as lists of option indexes; ValidationError per missing item."""
    cleaned: dict[int, list[int]] = {}
    errors: dict[str, list[str]] = {}
    given = {str(k): v for k, v in answers.items()}
    for item in items:
        raw = given.get(str(item.pk))
        if raw is None or isinstance(raw, str | int):
            raw = [] if raw in (None, "") else [raw]
        try:
            chosen = sorted({int(x) for x in raw})
        except (TypeError, ValueError):
            chosen = []
        chosen = [c for c in chosen if 0 <= c < len(item.options)]
        if not chosen:
            errors[f"item_{item.pk}"] = [_("Choose an answer.")]
        elif len(item.key) == 1 and len(chosen) > 1:
            errors[f"item_{item.pk}"] = [_("Choose one answer.")]
        cleaned[item.pk] = chosen
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def test_submit(*, participant: Participant, answers: Mapping[Any, Iterable[Any]]) -> TestAttempt:
    """Check a participant's answers, store the attempt and the «test» indicator scores.

    ``answers`` is {item id: [chosen option indexes, 0-based]}. Raises ``InstrumentError``
    when the campaign has no test, is not open, or the person has already taken it, and
    ``ValidationError`` ({"item_<id>": [...]}) when an item is left unanswered.
    """
    campaign = Campaign.objects.select_related("framework", "test").get(pk=participant.campaign_id)
    test = campaign.test
    if test is None:
        raise InstrumentError(_("This campaign has no test."))
    if TestAttempt.objects.filter(participant=participant, test=test).exists():
        raise InstrumentError(_("You have already taken this test; it is taken once."))
    if campaign.status != Campaign.Status.OPEN:
        raise InstrumentError(_("The campaign is not open: the test cannot be taken now."))
    items = list(test.items.all())
    if not items:
        raise InstrumentError(_("The test has no items yet."))
    chosen = _answers_clean(items, answers)
    now = timezone.now()
    points = sum(item_points(key=i.key, points=i.points, chosen=chosen[i.pk]) for i in items)
    try:
        with transaction.atomic():
            attempt = TestAttempt.objects.create(
                participant=participant,
                test=test,
                answers={str(k): v for k, v in chosen.items()},
                points=points,
                max_points=sum(i.points for i in items),
                submitted_at=now,
            )
    except IntegrityError:  # the same person submitted twice at the same moment
        raise InstrumentError(_("You have already taken this test; it is taken once.")) from None
    values = indicator_values(
        ((i.pk, i.indicator_id, i.key, i.points) for i in items),
        chosen,
        max_level=campaign.framework.max_level,
    )
    participant.campaign = campaign
    scores_record(participant=participant, source=Source.TEST, values=dict(values))
    participant.test_done_at = now
    participant.save(update_fields=["test_done_at"])
    return attempt


def test_reminders_send_due(*, now: dt.datetime | None = None) -> int:
    """E-mail those who have not taken their open campaign's test once ``remind_at`` has come.

    Each campaign is claimed with a conditional UPDATE of ``reminded_at``: with two workers the
    reminder still goes once. Returns the number of e-mails queued.
    """
    now = now or timezone.now()
    due = Campaign.objects.filter(
        status=Campaign.Status.OPEN,
        test__isnull=False,
        remind_at__lte=now,
        reminded_at__isnull=True,
    ).values_list("pk", flat=True)
    sent = 0
    for campaign_id in list(due):
        with transaction.atomic():
            claimed = Campaign.objects.filter(pk=campaign_id, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            campaign = Campaign.objects.select_related("test").get(pk=campaign_id)
            test = campaign.test
            assert test is not None
            url = reverse("diagnostics:test_take", args=[campaign.pk])
            with translation.override(settings.LANGUAGE_CODE):  # letters are stored in Russian
                subject = _("Reminder: the test «%(title)s»") % {"title": test.title}
            waiting = (
                Participant.objects.filter(
                    campaign=campaign, test_done_at__isnull=True, user__is_active=True
                )
                .exclude(user__email="")
                .select_related("user")
            )
            for participant in waiting:
                email_queue(
                    to=participant.user.email,
                    subject=subject,
                    template="diagnostics/email/test_reminder",
                    context={
                        "user": participant.user,
                        "campaign": campaign,
                        "test": test,
                        "path": url,
                    },
                )
                sent += 1
    return sent


@transaction.atomic
def observation_record(
    *,
    participant: Participant,
    observer: User,
    subject: str,
    observed_on: dt.date,
    notes: str,
    values: Mapping[int, Decimal | float | None],
) -> Observation:
    """An expert observation protocol with its indicator levels."""
    observation = Observation.objects.create(
        participant=participant,
        observer=observer,
        subject=subject,
        observed_on=observed_on,
        notes=notes,
    )
    scores_record(
        participant=participant,
        source=Source.OBSERVATION,
        values=values,
        observation=observation,
    )
    participant.observed_at = timezone.now()
    participant.save(update_fields=["observed_at"])
    return observation
