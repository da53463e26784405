"""The expert's side: the queue with bids, the review form on the rubric (save the draft and
submit are two POSTs), the decline with a reason, the item's file and the conclusion's PDF, and
the expert's section of the home page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.core import uploads

from .. import permissions
from ..conclusions import render_pdf
from ..forms.reviews import BidForm, DeclineForm, ReviewForm
from ..models import ItemVersion, Review
from ..selectors import reviews as selectors
from ..services import reviews as services
from ..services.reviews import ReviewError


@login_required
@require_GET
def my_reviews(request: AuthenticatedRequest) -> HttpResponse:
    lists = selectors.queue(permissions.reviews_of_expert(viewer=request.user))
    bids = selectors.biddable_items(request.user)
    return render(
        request,
        "expertise/reviews/my_reviews.html",
        {"lists": lists, "bids": bids, "bid_form": BidForm()},
    )


def _form_page(
    request: AuthenticatedRequest,
    review: Review,
    form: ReviewForm | None = None,
    decline_form: DeclineForm | None = None,
) -> HttpResponse:
    item = review.item
    criteria = form.criteria if form else selectors.criteria_of(item.campaign.rubric)
    saved = selectors.scores_of(review)
    initial = {
        "strengths": review.strengths,
        "shortcomings": review.shortcomings,
        "recommendations": review.recommendations,
        "verdict": review.verdict,
    }
    form = form or ReviewForm(criteria=criteria, saved=saved, initial=initial)
    scores = {k: s.score for k, s in saved.items()}
    context: dict[str, Any] = {
        "review": review,
        "item": item,
        "campaign": item.campaign,
        "version": ItemVersion.objects.filter(item=item, number=review.version).first(),
        "authors": None
        if permissions.authors_hidden_from(request.user, item)
        else selectors.author_names(item),
        "form": form,
        "editable": review.status in Review.OPEN,
        "suggested": selectors.suggested_verdict(item.campaign.rubric, criteria, scores),
        "total": selectors.total_of(criteria, scores) if len(scores) == len(criteria) else None,
        "decline_form": decline_form or DeclineForm(),
    }
    return render(request, "expertise/reviews/review_form.html", context)


@login_required
@require_GET
def review_form(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    review = permissions.review_for_expert(viewer=request.user, pk=review_id)
    return _form_page(request, review)


def _bound(request: AuthenticatedRequest, review: Review) -> ReviewForm:
    criteria = selectors.criteria_of(review.item.campaign.rubric)
    return ReviewForm(request.POST, criteria=criteria)


def _draft_save(request: AuthenticatedRequest, review: Review, form: ReviewForm) -> bool:
    """Keep the draft; False (with the form's errors) when something can't be kept."""
    if not form.is_valid():
        return False
    try:
        services.review_draft_save(
            review=review,
            scores=form.scores(),
            strengths=form.cleaned_data["strengths"],
            shortcomings=form.cleaned_data["shortcomings"],
            recommendations=form.cleaned_data["recommendations"],
            verdict=form.cleaned_data["verdict"],
            by=request.user,
        )
    except ReviewError as error:
        form.add_errors(error.errors)
        return False
    return True


@login_required
@require_POST
def review_save(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    review = permissions.review_for_expert(viewer=request.user, pk=review_id)
    form = _bound(request, review)
    if not _draft_save(request, review, form):
        return _form_page(request, review, form)
    messages.success(request, _("The draft is saved."))
    return redirect("expertise:review_form", review_id=review.pk)


@login_required
@require_POST
def review_submit(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    review = permissions.review_for_expert(viewer=request.user, pk=review_id)
    form = _bound(request, review)
    if not _draft_save(request, review, form):
        return _form_page(request, review, form)
    try:
        services.review_submit(review=review, by=request.user)
    except ReviewError as error:
        form.add_errors(error.errors)
        review.refresh_from_db()
        return _form_page(request, review, form)
    messages.success(request, _("The conclusion is submitted. Thank you!"))
    return redirect("expertise:my_reviews")


@login_required
@require_POST
def review_decline(request: AuthenticatedRequest, review_id: int) -> HttpResponse:
    review = permissions.review_for_expert(viewer=request.user, pk=review_id)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _form_page(request, review, decline_form=form)
    reason = form.cleaned_data["reason"]
    try:
        if form.cleaned_data["conflict"]:
            services.conflict_declare(expert=request.user, item=review.item, reason=reason)
        services.review_decline(review=review, reason=reason, by=request.user)
    except ReviewError as error:
        messages.error(request, str(error))
        return redirect("expertise:review_form", review_id=review.pk)
    messages.success(request, _("You have declined the review; the coordinator is told."))
    return redirect("expertise:my_reviews")


@login_required
@require_GET
def review_file(request: AuthenticatedRequest, review_id: int) -> HttpResponseBase:
    """The file of the version under review, for its expert."""
    review = permissions.review_for_expert(viewer=request.user, pk=review_id)
    version = ItemVersion.objects.filter(item=review.item, number=review.version).first()
    return uploads.file_response(version.file if version else "", inline=True)


@login_required
@require_GET
def review_conclusion(request: AuthenticatedRequest, review_id: int) -> HttpResponseBase:
    """The signed PDF for the expert and the coordinator; an author of a blind item gets a copy
    with «Эксперт N» in place of the name, rendered for them and kept nowhere."""
    review = permissions.review_for_conclusion(viewer=request.user, pk=review_id)
    filename = f"conclusion-{review.pk}-v{review.version}.pdf"
    hide_expert = permissions.expert_hidden_from(request.user, review)
    if review.conclusion and not hide_expert:
        return uploads.file_response(review.conclusion, filename=filename, inline=True)
    hide_authors = permissions.authors_hidden_from(request.user, review.item)
    conclusion = selectors.conclusion_of(review, hide_expert=hide_expert, hide_authors=hide_authors)
    response = HttpResponse(render_pdf(conclusion), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename) or ""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response


@login_required
@require_POST
def bid_set(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    item = permissions.item_for_bidding(viewer=request.user, pk=item_id)
    form = BidForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    try:
        services.bid_set(expert=request.user, item=item, level=form.cleaned_data["level"])
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your wish is noted."))
    return redirect("expertise:my_reviews")


def week_section(request: AuthenticatedRequest) -> dict[str, Any] | None:
    """«Моя неделя» of an expert: how many reviews wait, the nearest deadline, the drafts."""
    return selectors.week_section_facts(request.user)
