"""Sending a questionnaire to people: invitations with personal links, reminders.

The people come from ``metodset.core.audiences`` (an organisation's staff, a network, an
event's participants...); each invitee gets one e-mail with a link that works without
logging in. Reminders go to those who have not answered, at most once a day each.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metodset.accounts.models import User
from metodset.core.services import email_queue

from . import selectors
from .models import Invitation, Questionnaire


class _Subject:
    """A subject with the questionnaire's title, translated when the e-mail is rendered."""

    def __init__(self, template: Any, questionnaire: Questionnaire) -> None:
        self.template = template
        self.title = questionnaire.title

    def __str__(self) -> str:
        return str(self.template) % {"title": self.title}


def invitation_link(invitation: Invitation) -> str:
    return reverse("surveys:answer_invited", kwargs={"token": invitation.token})


def audience_counts(*, questionnaire: Questionnaire, people: QuerySet[User]) -> tuple[int, int]:
    """(people in the audience, of them not yet invited): shown before sending."""
    total = people.count()
    new = people.exclude(
        pk__in=Invitation.objects.filter(questionnaire=questionnaire).values("user_id")
    ).count()
    return total, new


def _letter(*, invitation: Invitation, by: User | None, reminder: bool) -> None:
    questionnaire = invitation.questionnaire
    subject = (
        _("Reminder: questionnaire «%(title)s»") if reminder else _("Questionnaire «%(title)s»")
    )
    email_queue(
        to=invitation.user.email,
        subject=_Subject(subject, questionnaire),
        template="surveys/email/reminder" if reminder else "surveys/email/invitation",
        context={
            "user": invitation.user,
            "questionnaire": questionnaire,
            "by": by,
            "link": invitation_link(invitation),
        },
    )


@transaction.atomic
def invitations_create(
    *, questionnaire: Questionnaire, people: QuerySet[User], by: User | None
) -> int:
    """Invite the people not invited yet and e-mail each their link; return how many."""
    if questionnaire.status != Questionnaire.Status.OPEN:
        raise ValueError("Only an open questionnaire is sent")
    already = Invitation.objects.filter(questionnaire=questionnaire).values("user_id")
    new_ids = list(
        people.filter(is_active=True)
        .exclude(pk__in=already)
        .values_list("pk", flat=True)
        .distinct()
    )
    if not new_ids:
        return 0
    now = timezone.now()
    Invitation.objects.bulk_create(
        [Invitation(questionnaire=questionnaire, user_id=pk, invited_at=now) for pk in new_ids],
        ignore_conflicts=True,  # someone else sent to the same people a moment ago
    )
    created = (
        Invitation.objects.filter(questionnaire=questionnaire, user_id__in=new_ids, invited_at=now)
        .select_related("user")
        .order_by("pk")
    )
    count = 0
    for invitation in created:
        invitation.questionnaire = questionnaire
        _letter(invitation=invitation, by=by, reminder=False)
        count += 1
    return count


@transaction.atomic
def invitations_withdraw(*, questionnaire_id: int, user_ids: list[int]) -> int:
    """Take back the unanswered invitations of these people (they leave «Моя неделя» and their
    links stop working); answered ones stay with their responses. Return how many."""
    deleted, _by_model = Invitation.objects.filter(
        questionnaire_id=questionnaire_id, user_id__in=user_ids, answered_at__isnull=True
    ).delete()
    return deleted


@transaction.atomic
def invitations_remind(
    *, questionnaire: Questionnaire, by: User | None, now: datetime | None = None
) -> int:
    """Remind those who have not answered (each at most once in 24 hours); return how many."""
    now = now or timezone.now()
    if not questionnaire.is_accepting(now):
        return 0
    ids = list(
        selectors.remindable(questionnaire=questionnaire, now=now).values_list("pk", flat=True)
    )
    # A conditional UPDATE: a second click or run at the same moment finds them reminded.
    selectors.remindable(questionnaire=questionnaire, now=now).filter(pk__in=ids).update(
        reminded_at=now
    )
    reminded = Invitation.objects.filter(pk__in=ids, reminded_at=now).select_related("user")
    count = 0
    for invitation in reminded.order_by("pk"):
        invitation.questionnaire = questionnaire
        _letter(invitation=invitation, by=by, reminder=True)
        count += 1
    return count


def reminders_send_due(*, now: datetime | None = None) -> int:
    """The automatic reminders whose time has come (``Questionnaire.remind_at``)."""
    now = now or timezone.now()
    sent = 0
    due = Questionnaire.objects.filter(
        status=Questionnaire.Status.OPEN, remind_at__lte=now, remind_sent_at__isnull=True
    ).values_list("pk", flat=True)
    for questionnaire_id in list(due):
        with transaction.atomic():
            # Claimed once: two workers running this at the same time send it once.
            claimed = Questionnaire.objects.filter(
                pk=questionnaire_id, remind_sent_at__isnull=True
            ).update(remind_sent_at=now)
            if not claimed:
                continue
            questionnaire = Questionnaire.objects.select_related("created_by").get(
                pk=questionnaire_id
            )
            sent += invitations_remind(
                questionnaire=questionnaire, by=questionnaire.created_by, now=now
            )
    return sent
