"""Answering: by the personal link of an invitation, or by the public link; no login needed.

The public link gives each browser a random id in a signed cookie; only its HMAC is stored,
to refuse a second answer from the same browser.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import hooks, responding, selectors
from ..answering import AnswerForm
from ..models import Invitation, Questionnaire

BROWSER_COOKIE = "metodset_browser"
BROWSER_SALT = "surveys.browser"
BROWSER_COOKIE_AGE = 400 * 24 * 3600  # the most browsers keep a cookie


def _answer_page(
    request: HttpRequest,
    questionnaire: Questionnaire,
    *,
    submit: Any,
    extra: dict[str, Any] | None = None,
) -> HttpResponse | tuple[AnswerForm, dict[str, Any]]:
    """Validate and submit; returns a redirect or (form, context) to render."""
    blocks = selectors.blocks(questionnaire=questionnaire)
    questions = [q for b in blocks for q in b.questions]
    form = AnswerForm(request.POST if request.method == "POST" else None, questions=questions)
    refusal = ""
    if request.method == "POST" and form.is_valid():
        try:
            return submit(form.values())
        except responding.TooManyAnswers as error:
            refusal = str(error)
        except responding.AnswerRefused as error:
            return _message_page(request, questionnaire, str(error))
    context = {
        "questionnaire": questionnaire,
        "form": form,
        "answer_blocks": form.blocks(blocks),
        "refusal": refusal,
        **(extra or {}),
    }
    return form, context


def _message_page(
    request: HttpRequest, questionnaire: Questionnaire, message: str, *, done: bool = False
) -> HttpResponse:
    return render(
        request,
        "surveys/answer_message.html",
        {"questionnaire": questionnaire, "message": message, "done": done},
    )


@never_cache
def answer_invited(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link from the invitation e-mail."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("questionnaire", "user"), token=token
    )
    questionnaire = invitation.questionnaire
    if invitation.answered_at:
        return _message_page(request, questionnaire, _already(), done=True)
    if message := responding.closed_message(questionnaire):
        return _message_page(request, questionnaire, message)

    def submit(values: list[dict[str, Any]]) -> HttpResponse:
        responding.response_submit_invited(invitation=invitation, values=values)
        return redirect("surveys:thanks_invited", token=token)

    outcome = _answer_page(
        request,
        questionnaire,
        submit=submit,
        extra={
            "respondent": invitation.user,
            "other_user": request.user.is_authenticated and request.user.pk != invitation.user_id,
        },
    )
    if isinstance(outcome, HttpResponse):
        return outcome
    _form, context = outcome
    return render(request, "surveys/answer.html", context)


def _already() -> str:
    return _("You have already answered this questionnaire. Thank you!")


def thanks_invited(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("questionnaire"), token=token)
    if not invitation.answered_at:
        return redirect("surveys:answer_invited", token=token)
    questionnaire = invitation.questionnaire
    return render(
        request,
        "surveys/thanks.html",
        {"questionnaire": questionnaire, "followups": hooks.followups(questionnaire, request.user)},
    )


def _public(token: str) -> Questionnaire:
    return get_object_or_404(Questionnaire, public_token=token, public_link_enabled=True)


def _client_ip(request: HttpRequest) -> str:
    """The visitor's address; behind our proxy, the one the proxy saw (the last it appended)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _with_browser_cookie(response: HttpResponse, browser_id: str, new: bool) -> HttpResponse:
    if new:
        response.set_signed_cookie(
            BROWSER_COOKIE,
            browser_id,
            salt=BROWSER_SALT,
            max_age=BROWSER_COOKIE_AGE,
            path="/surveys/",
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


@never_cache
def answer_public(request: HttpRequest, token: str) -> HttpResponse:
    """The public link for people without an account: once per browser, N an hour per address."""
    questionnaire = _public(token)
    browser_id = request.get_signed_cookie(BROWSER_COOKIE, default="", salt=BROWSER_SALT)
    new_browser = not browser_id
    browser_id = browser_id or secrets.token_urlsafe(16)
    if not new_browser and responding.answered_from_browser(
        questionnaire=questionnaire, browser_hash=responding.keyed_hash("browser", browser_id)
    ):
        return _message_page(request, questionnaire, _already(), done=True)
    if message := responding.closed_message(questionnaire):
        return _message_page(request, questionnaire, message)

    def submit(values: list[dict[str, Any]]) -> HttpResponse:
        responding.response_submit_public(
            questionnaire=questionnaire,
            values=values,
            browser_id=browser_id,
            ip=_client_ip(request),
        )
        return redirect("surveys:thanks_public", token=token)

    outcome = _answer_page(request, questionnaire, submit=submit, extra={"public": True})
    if isinstance(outcome, HttpResponse):
        return _with_browser_cookie(outcome, browser_id, new_browser)
    _form, context = outcome
    return _with_browser_cookie(
        render(request, "surveys/answer.html", context), browser_id, new_browser
    )


def thanks_public(request: HttpRequest, token: str) -> HttpResponse:
    return render(request, "surveys/thanks.html", {"questionnaire": _public(token)})
