"""Sending a questionnaire: choose an audience, see how many get it, send; remind; who answered."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.accounts.models import User
from metodset.core import audiences

from .. import distribution, permissions, selectors
from ..forms import DistributeForm
from ..models import Questionnaire
from .common import query_without_page


@login_required
def distribute(request: AuthenticatedRequest, questionnaire_id: int) -> HttpResponse:
    """Choose whom to send to: the count is shown before anything is sent (POST sends)."""
    questionnaire = permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    data = request.POST if request.method == "POST" else request.GET
    form = DistributeForm(data if data.get("audience") else None, user=request.user)
    people = _audience(request, form)
    if people is not None and request.method == "POST":
        return _send(request, questionnaire, people)
    counts = (
        None
        if people is None
        else distribution.audience_counts(questionnaire=questionnaire, people=people)
    )
    if request.htmx and request.method == "GET":
        return render(request, "surveys/_audience_count.html", {"form": form, "counts": counts})
    status = request.GET.get("status", "")
    invitations = selectors.invitations(questionnaire=questionnaire, status=status)
    return render(
        request,
        "surveys/distribute.html",
        {
            "questionnaire": questionnaire,
            "form": form,
            "counts": counts,
            "page": Paginator(invitations, settings.PAGE_SIZE).get_page(request.GET.get("page")),
            "status": status,
            "query": query_without_page(request),
            "remindable": selectors.remindable(questionnaire=questionnaire).count()
            if questionnaire.is_accepting()
            else 0,
            "tab": "distribute",
        },
    )


def _audience(request: AuthenticatedRequest, form: DistributeForm) -> QuerySet[User] | None:
    """The people of the chosen group, or None (no choice yet, or a group the user may not
    address: then the form says so)."""
    if not (form.is_bound and form.is_valid()):
        return None
    kind, key = form.kind_and_key()
    try:
        return audiences.people(request.user, kind, key)
    except PermissionDenied:
        form.add_error("audience", _("You may not send questionnaires to this group."))
        return None


def _send(request: AuthenticatedRequest, questionnaire: Questionnaire, people) -> HttpResponse:
    if questionnaire.status != Questionnaire.Status.OPEN:
        messages.error(request, _("Open the questionnaire before sending it."))
        return redirect("surveys:distribute", questionnaire_id=questionnaire.pk)
    sent = distribution.invitations_create(
        questionnaire=questionnaire, people=people, by=request.user
    )
    if sent:
        messages.success(
            request,
            ngettext(
                "The invitation is sent to %(n)s person.",
                "The invitation is sent to %(n)s people.",
                sent,
            )
            % {"n": sent},
        )
    else:
        messages.info(request, _("Everyone in this group has already been invited."))
    return redirect("surveys:distribute", questionnaire_id=questionnaire.pk)


@login_required
@require_POST
def remind(request: AuthenticatedRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    sent = distribution.invitations_remind(questionnaire=questionnaire, by=request.user)
    if sent:
        messages.success(
            request,
            ngettext(
                "A reminder is sent to %(n)s person.", "A reminder is sent to %(n)s people.", sent
            )
            % {"n": sent},
        )
    else:
        messages.info(
            request,
            _("Nobody to remind: everyone has answered or got a reminder in the last 24 hours."),
        )
    return redirect("surveys:distribute", questionnaire_id=questionnaire.pk)
