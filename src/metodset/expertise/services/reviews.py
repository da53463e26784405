"""Writes of the expert's side: a review's draft, its submission with the conclusion's PDF, the
one-click decline with a reason (and the replacement expert), bids and declared conflicts.

Decisions a methodist will ask about:
- A draft keeps whatever the expert has entered, even incomplete; only the submission checks
  that every criterion is scored on its scale, that a low score has its reasoning (the rubric's
  «обоснование» below ``comment_below``) and that a verdict is chosen. The checks answer per
  field, so the form shows each message next to its field.
- The conclusion's PDF is rendered once, on submission, with the expert's name and
  competence: it is the signed document. An author of a blind item gets a copy rendered for
  them with «Эксперт N» instead (see ``views.reviews.review_conclusion``).
- Declining is final for that expert and item: the row stays with its reason, so the
  assignment never offers the item to them again.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from metodset.accounts.audit import audit_record
from metodset.accounts.models import Organization, User

from ..conclusions import render_pdf
from ..models import Bid, Campaign, Conflict, ExpertProfile, Item, Review, ReviewScore
from ..selectors import reviews as selectors
from . import assigning, results

Verdict = Item.Verdict
Scores = dict[int, tuple[int | None, str]]


class ReviewError(ValueError):
    """A review can't be saved or submitted as asked; ``errors`` says why, per form field."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for messages in errors.values() for m in messages))
        self.errors = errors


def score_field(criterion_id: int) -> str:
    return f"score_{criterion_id}"


def comment_field(criterion_id: int) -> str:
    return f"comment_{criterion_id}"


def _open_or_refuse(review: Review) -> None:
    """Lock the review's row and refuse unless it is still open: a double click submits once."""
    status = Review.objects.select_for_update().values_list("status", flat=True).get(pk=review.pk)
    if status not in Review.OPEN:
        raise ReviewError({"__all__": [_("This review is no longer open.")]})


def _draft_errors(review: Review, scores: Scores, verdict: str) -> dict[str, list[str]]:
    criteria = {c.pk: c for c in selectors.criteria_of(review.item.campaign.rubric)}
    errors: dict[str, list[str]] = {}
    for criterion_id, (score, comment) in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors.setdefault("__all__", []).append(_("This criterion is not in the rubric."))
        elif score is not None and not 0 <= score <= criterion.max_score:
            errors[score_field(criterion_id)] = [
                _("Choose a score from 0 to %(max)s.") % {"max": criterion.max_score}
            ]
        elif score is None and comment.strip():
            # a reasoning is kept with its score: refused, the form keeps what was typed
            errors[score_field(criterion_id)] = [_("Choose a score to keep your reasoning.")]
    if verdict and verdict not in Verdict.values:
        errors["verdict"] = [_("Choose one of the verdicts.")]
    return errors


@transaction.atomic
def review_draft_save(
    *,
    review: Review,
    scores: Scores,
    strengths: str,
    shortcomings: str,
    recommendations: str,
    verdict: str,
    by: User,
) -> Review:
    """Keep what the expert entered: scores (None leaves a criterion unscored), reasoning,
    strengths, shortcomings, recommendations and the verdict, as a draft."""
    _open_or_refuse(review)
    errors = _draft_errors(review, scores, verdict)
    if errors:
        raise ReviewError(errors)
    for criterion_id, (score, comment) in scores.items():
        if score is None:
            ReviewScore.objects.filter(review=review, criterion_id=criterion_id).delete()
        else:
            ReviewScore.objects.update_or_create(
                review=review,
                criterion_id=criterion_id,
                defaults={"score": score, "comment": comment.strip()},
            )
    review.strengths = strengths.strip()
    review.shortcomings = shortcomings.strip()
    review.recommendations = recommendations.strip()
    review.verdict = verdict
    review.status = Review.Status.DRAFT
    review.save()
    return review


def _submission_errors(review: Review) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    scores = selectors.scores_of(review)
    for criterion in selectors.criteria_of(review.item.campaign.rubric):
        score = scores.get(criterion.pk)
        if score is None:
            errors[score_field(criterion.pk)] = [_("Score this criterion.")]
        elif score.score > criterion.max_score:
            errors[score_field(criterion.pk)] = [
                _("Choose a score from 0 to %(max)s.") % {"max": criterion.max_score}
            ]
        elif (
            criterion.comment_below is not None
            and score.score < criterion.comment_below
            and not score.comment.strip()
        ):
            errors[comment_field(criterion.pk)] = [
                _("A score below %(score)s needs your reasoning.")
                % {"score": criterion.comment_below}
            ]
    if not review.verdict:
        errors["verdict"] = [_("Choose your verdict.")]
    return errors


@transaction.atomic
def review_submit(*, review: Review, by: User) -> Review:
    """Check the draft, count the total, render and keep the conclusion's PDF, and tell the
    item a review came in. ReviewError (per field) when the draft is not complete."""
    _open_or_refuse(review)
    errors = _submission_errors(review)
    if errors:
        raise ReviewError(errors)
    criteria = selectors.criteria_of(review.item.campaign.rubric)
    scores = {k: s.score for k, s in selectors.scores_of(review).items()}
    total = selectors.total_of(criteria, scores)
    review.total = Decimal(str(round(total.percent, 1)))
    review.status = Review.Status.SUBMITTED
    review.submitted_at = timezone.now()
    campaign = review.item.campaign
    conclusion = selectors.conclusion_of(
        review, hide_expert=False, hide_authors=campaign.blindness == Campaign.Blindness.DOUBLE
    )
    review.conclusion.save(
        f"conclusion-{review.pk}-v{review.version}.pdf",
        ContentFile(render_pdf(conclusion)),
        save=False,
    )
    review.save()
    audit_record(actor=by, action="expertise.review_submit", target=review)
    _after_review(review.item)
    return review


def _after_review(item: Item) -> None:
    """An extra review when the experts differ, else the item awaits the decision."""
    results.item_after_review(item=item)


def review_decline(*, review: Review, reason: str, by: User) -> Review | None:
    """The expert declines with a reason; the item gets another expert if one can be found.
    Returns the replacement review, or None when the coordinator must find one."""
    with transaction.atomic():
        _open_or_refuse(review)
        if not reason.strip():
            raise ReviewError({"reason": [_("Say why you decline.")]})
        review.status = Review.Status.DECLINED
        review.declined_reason = reason.strip()[:500]
        review.save(update_fields=["status", "declined_reason", "updated_at"])
        audit_record(actor=by, action="expertise.review_decline", target=review)
    # None when nobody may take it: the decline stands, the coordinator sees the item short.
    return assigning.review_reassign(review=review, by=by)


# --- bids and conflicts ---------------------------------------------------------------------


@transaction.atomic
def bid_set(*, expert: User, item: Item, level: int | None) -> Bid | None:
    """The expert's wish about an item of an open campaign; None removes it."""
    campaign = item.campaign
    if (
        campaign.status != Campaign.Status.OPEN
        or campaign.pool == Campaign.Pool.PEERS
        or not ExpertProfile.objects.filter(user=expert, network=campaign.network).exists()
        or item.authors.filter(user=expert).exists()
    ):
        raise ReviewError({"__all__": [_("You can't bid on this item.")]})
    if level is None:
        Bid.objects.filter(expert=expert, item=item).delete()
        return None
    if level not in Bid.Level.values:
        raise ReviewError({"level": [_("Choose one of the wishes.")]})
    bid, _created = Bid.objects.update_or_create(
        expert=expert, item=item, defaults={"level": level}
    )
    return bid


def conflict_declare(
    *,
    expert: User,
    reason: str,
    item: Item | None = None,
    person: User | None = None,
    organization: Organization | None = None,
) -> Conflict:
    """Record a conflict of interest; the assignment never pairs the expert with it again."""
    if not reason.strip():
        raise ReviewError({"reason": [_("Say what the conflict of interest is.")]})
    if item is None and person is None and organization is None:
        raise ReviewError({"__all__": [_("Name the item, person or organisation.")]})
    with transaction.atomic():
        conflict = Conflict.objects.create(
            expert=expert,
            item=item,
            person=person,
            organization=organization,
            reason=reason.strip()[:300],
        )
        audit_record(actor=expert, action="expertise.conflict_declare", target=conflict)
    return conflict
