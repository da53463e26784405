"""Answering: by the personal link of an invitation, or by the public link; no login needed.

A questionnaire with sections is answered a section a page, with a draft kept on the server
(see ``drafts.py`` for the decisions).

The public link gives each browser a random id in a signed cookie; only its HMAC is stored,
to refuse a second answer from the same browser.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import drafts, hooks, permissions, responding, selectors
from ..answering import AnswerForm
from ..models import Draft, Questionnaire

BROWSER_COOKIE = "metodset_browser"
BROWSER_SALT = "surveys.browser"
BROWSER_COOKIE_AGE = 400 * 24 * 3600  # the most browsers keep a cookie


def _page_number(raw: str | None, *, total: int, default: int) -> int:
    """A page number from the query or the form, within 1..total; ``default`` if not a number."""
    try:
        number = int(raw or "")
    except ValueError:
        return default
    return min(max(number, 1), total)


def _answer_page(
    request: HttpRequest,
    questionnaire: Questionnaire,
    *,
    owner: drafts.Owner,
    submit: Any,
    extra: dict[str, Any] | None = None,
) -> HttpResponse | dict[str, Any]:
    """Show a page of the form, move between pages, or submit; a redirect or a context.

    What a move or a failed submit posted goes into the draft first, so nothing is lost.
    """
    blocks = selectors.blocks(questionnaire=questionnaire)
    pages = drafts.pages(blocks)
    draft = drafts.draft_find(owner=owner)
    if request.method != "POST":
        number = _page_number(
            request.GET.get("section"), total=len(pages), default=draft.page if draft else 1
        )
        form = AnswerForm(questions=drafts.questions_of(pages[number - 1]))
        form.initial = drafts.initial(form, draft.data if draft else {})
        # «Your draft is restored» when she arrives by the link, not at each move between pages.
        arrived = "section" not in request.GET
        return _page_context(
            questionnaire, form, pages, number, draft=draft if arrived else None, extra=extra
        )
    everything = [q for block in blocks for q in block.questions]
    posted_page = _page_number(request.POST.get("page"), total=len(pages), default=0)
    on_page = drafts.questions_of(pages[posted_page - 1]) if posted_page else everything
    merged = {**(draft.data if draft else {}), **drafts.posted(request.POST, on_page)}
    posted = _Posted(pages, posted_page, on_page, merged)
    target = _page_number(request.POST.get("to"), total=len(pages), default=0)
    if target:
        return _answer_move(request, questionnaire, posted, target, owner=owner, extra=extra)
    return _answer_submit(request, questionnaire, posted, everything, owner, submit, extra)


@dataclass
class _Posted:
    """What a POST of the answer form carried: the pages, the one posted, and all answers."""

    pages: list
    page: int
    on_page: list
    merged: dict[str, Any]


def _answer_move(request, questionnaire, posted: _Posted, target: int, *, owner, extra):
    """Go to another page: forward only when this page is valid; the answers are kept."""
    if posted.page and target > posted.page:
        form = AnswerForm(drafts.as_data(posted.merged), questions=posted.on_page)
        if not form.is_valid():
            drafts.draft_save(owner=owner, answers=posted.merged, page=posted.page)
            return _page_context(questionnaire, form, posted.pages, posted.page, extra=extra)
    drafts.draft_save(owner=owner, answers=posted.merged, page=target)
    return redirect(f"{request.path}?section={target}")


def _answer_submit(request, questionnaire, posted: _Posted, everything, owner, submit, extra):
    """Submit the whole form; else back to the first page with an error, answers kept."""
    pages, merged = posted.pages, posted.merged
    whole = AnswerForm(drafts.as_data(merged), questions=everything)
    number = posted.page or len(pages)
    refusal = ""
    if whole.is_valid():
        try:
            return submit(whole.values())
        except responding.TooManyAnswers as error:
            refusal = str(error)
        except responding.AnswerRefused as error:
            return _message_page(request, questionnaire, str(error))
    else:
        items = whole.items()
        number = next(
            (
                i
                for i, page in enumerate(pages, 1)
                if any(items[q.pk].invalid for q in drafts.questions_of(page))
            ),
            number,
        )
    drafts.draft_save(owner=owner, answers=merged, page=number)
    form = AnswerForm(drafts.as_data(merged), questions=drafts.questions_of(pages[number - 1]))
    return _page_context(
        questionnaire, form, pages, number, extra={**(extra or {}), "refusal": refusal}
    )


def _page_context(
    questionnaire: Questionnaire,
    form: AnswerForm,
    pages: list[list[selectors.Block]],
    number: int,
    *,
    draft: Draft | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    total = len(pages)
    return {
        "questionnaire": questionnaire,
        "form": form,
        "answer_blocks": form.blocks(pages[number - 1]),
        "page": number,
        "pages": total,
        "percent": round(number * 100 / total),
        "restored": draft,
        **(extra or {}),
    }


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
    invitation = permissions.invitation_for_token(token=token)
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
        owner=drafts.Owner(questionnaire=questionnaire, invitation=invitation),
        submit=submit,
        extra={
            "respondent": invitation.user,
            "other_user": request.user.is_authenticated and request.user.pk != invitation.user_id,
            "draft_url": reverse("surveys:draft_invited", args=[token]),
        },
    )
    if isinstance(outcome, HttpResponse):
        return outcome
    return render(request, "surveys/answer.html", outcome)


@require_POST
def draft_invited(request: HttpRequest, token: str) -> HttpResponse:
    """Autosave from the personal link's page: the posted page merged into the draft."""
    invitation = permissions.invitation_for_token(token=token)
    questionnaire = invitation.questionnaire
    if invitation.answered_at:
        return _draft_refused(_already())
    owner = drafts.Owner(questionnaire=questionnaire, invitation=invitation)
    return _draft_save(request, questionnaire, owner)


def _draft_refused(message: str) -> HttpResponse:
    return HttpResponse(message, status=409, content_type="text/plain; charset=utf-8")


def _draft_save(
    request: HttpRequest, questionnaire: Questionnaire, owner: drafts.Owner
) -> HttpResponse:
    if message := responding.closed_message(questionnaire):
        return _draft_refused(message)
    pages = drafts.pages(selectors.blocks(questionnaire=questionnaire))
    number = _page_number(request.POST.get("page"), total=len(pages), default=0)
    if not number:
        return HttpResponseBadRequest(
            _("The page of the questionnaire is not named."), content_type="text/plain"
        )
    answers = drafts.posted(request.POST, drafts.questions_of(pages[number - 1]))
    drafts.draft_save(owner=owner, answers=answers, page=number)
    return HttpResponse(status=204)


def _already() -> str:
    return _("You have already answered this questionnaire. Thank you!")


def thanks_invited(request: HttpRequest, token: str) -> HttpResponse:
    invitation = permissions.invitation_for_token(token=token)
    if not invitation.answered_at:
        return redirect("surveys:answer_invited", token=token)
    questionnaire = invitation.questionnaire
    return render(
        request,
        "surveys/thanks.html",
        {"questionnaire": questionnaire, "followups": hooks.followups(questionnaire, request.user)},
    )


def _public(token: str) -> Questionnaire:
    return permissions.questionnaire_for_public_link(token=token)


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

    outcome = _answer_page(
        request,
        questionnaire,
        owner=drafts.Owner(
            questionnaire=questionnaire,
            browser_hash=responding.keyed_hash("browser", browser_id),
        ),
        submit=submit,
        extra={"public": True, "draft_url": reverse("surveys:draft_public", args=[token])},
    )
    if isinstance(outcome, HttpResponse):
        return _with_browser_cookie(outcome, browser_id, new_browser)
    return _with_browser_cookie(
        render(request, "surveys/answer.html", outcome), browser_id, new_browser
    )


@require_POST
def draft_public(request: HttpRequest, token: str) -> HttpResponse:
    """Autosave on the public link: the draft of this browser, known by its cookie."""
    questionnaire = _public(token)
    browser_id = request.get_signed_cookie(BROWSER_COOKIE, default="", salt=BROWSER_SALT)
    if not browser_id:
        return HttpResponseBadRequest(
            _("Your browser does not keep cookies, so a draft cannot be saved."),
            content_type="text/plain",
        )
    browser_hash = responding.keyed_hash("browser", browser_id)
    if responding.answered_from_browser(questionnaire=questionnaire, browser_hash=browser_hash):
        return _draft_refused(_already())
    owner = drafts.Owner(questionnaire=questionnaire, browser_hash=browser_hash)
    return _draft_save(request, questionnaire, owner)


def thanks_public(request: HttpRequest, token: str) -> HttpResponse:
    return render(request, "surveys/thanks.html", {"questionnaire": _public(token)})
