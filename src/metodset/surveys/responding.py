"""Storing a person's answers: once per invitation, once per browser on the public link.

Public answers keep no IP address and no browser id, only their HMACs with SECRET_KEY: enough
to refuse a second answer and a flood from one address, useless to identify anybody.
Anonymous questionnaires keep no link from the response to the person or the invitation.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import hooks, selectors
from .models import Answer, Draft, Invitation, Questionnaire, Response


class AnswerRefused(Exception):
    """A refusal the person reads: closed, already answered, too many answers."""


class NotAccepting(AnswerRefused):
    pass


class AlreadyAnswered(AnswerRefused):
    pass


class TooManyAnswers(AnswerRefused):
    pass


def keyed_hash(kind: str, value: str) -> str:
    """HMAC-SHA256 of ``value`` with SECRET_KEY; ``kind`` separates browsers from addresses."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256
    ).hexdigest()


def closed_message(questionnaire: Questionnaire, now: datetime | None = None) -> str:
    """Why the questionnaire does not accept answers now, or "" if it does."""
    now = now or timezone.now()
    if questionnaire.status == Questionnaire.Status.DRAFT:
        return _("The questionnaire is not published yet.")
    if questionnaire.not_yet_open(now):
        return _("The questionnaire opens on %(date)s.") % {
            "date": date_format(timezone.localtime(questionnaire.opens_at), "j E Y, H:i")
        }
    if questionnaire.deadline_passed(now):
        return _("The questionnaire closed on %(date)s; answers are no longer accepted.") % {
            "date": date_format(timezone.localtime(questionnaire.closes_at), "j E Y, H:i")
        }
    if questionnaire.status == Questionnaire.Status.CLOSED:
        return _("The questionnaire is closed; answers are no longer accepted.")
    return ""


def answered_from_browser(*, questionnaire: Questionnaire, browser_hash: str) -> bool:
    return bool(browser_hash) and questionnaire.responses.filter(browser_hash=browser_hash).exists()


def _answers(response: Response, values: list[dict[str, Any]]) -> list[Answer]:
    return [
        Answer(
            response=response,
            question=value["question"],
            row_index=value.get("row_index"),
            choice_index=value.get("choice_index"),
            number=value.get("number"),
            text=value.get("text", ""),
        )
        for value in values
    ]


@transaction.atomic
def response_submit_invited(
    *, invitation: Invitation, values: list[dict[str, Any]], now: datetime | None = None
) -> Response:
    """The invitee's answers; the invitation is marked answered, once."""
    now = now or timezone.now()
    questionnaire = invitation.questionnaire
    if message := closed_message(questionnaire, now):
        raise NotAccepting(message)
    # A conditional UPDATE: of two submissions at the same moment only one gets through.
    marked = Invitation.objects.filter(pk=invitation.pk, answered_at__isnull=True).update(
        answered_at=now
    )
    if not marked:
        raise AlreadyAnswered(_("You have already answered this questionnaire. Thank you!"))
    invitation.answered_at = now
    named = not questionnaire.anonymous
    response = Response.objects.create(
        questionnaire=questionnaire,
        user=invitation.user if named else None,
        invitation=invitation if named else None,
        channel=Response.Channel.INVITED,
        submitted_at=now,
    )
    Answer.objects.bulk_create(_answers(response, values))
    Draft.objects.filter(invitation=invitation).delete()
    hooks.response_submitted.send(Questionnaire, questionnaire=questionnaire, response=response)
    return response


def response_submit_public(
    *,
    questionnaire: Questionnaire,
    values: list[dict[str, Any]],
    browser_id: str,
    ip: str,
    now: datetime | None = None,
) -> Response:
    """An answer by the public link: once per browser, at most N an hour per address."""
    now = now or timezone.now()
    if message := closed_message(questionnaire, now):
        raise NotAccepting(message)
    browser_hash = keyed_hash("browser", browser_id) if browser_id else ""
    ip_hash = keyed_hash("ip", ip) if ip else ""
    if answered_from_browser(questionnaire=questionnaire, browser_hash=browser_hash):
        raise AlreadyAnswered(_("You have already answered this questionnaire. Thank you!"))
    limit = questionnaire.public_hourly_limit
    if (
        ip_hash
        and selectors.public_answers_in_last_hour(
            questionnaire=questionnaire, ip_hash=ip_hash, now=now
        )
        >= limit
    ):
        raise TooManyAnswers(
            _(
                "Too many answers have come from your network in the last hour (at most "
                "%(limit)s). Please try again later; your answers on this page are kept."
            )
            % {"limit": limit}
        )
    try:
        with transaction.atomic():
            response = Response.objects.create(
                questionnaire=questionnaire,
                channel=Response.Channel.PUBLIC,
                browser_hash=browser_hash,
                ip_hash=ip_hash,
                submitted_at=now,
            )
            Answer.objects.bulk_create(_answers(response, values))
            if browser_hash:
                Draft.objects.filter(
                    questionnaire=questionnaire, browser_hash=browser_hash
                ).delete()
            hooks.response_submitted.send(
                Questionnaire, questionnaire=questionnaire, response=response
            )
    except IntegrityError:  # the same browser sent twice at once
        raise AlreadyAnswered(
            _("You have already answered this questionnaire. Thank you!")
        ) from None
    return response
