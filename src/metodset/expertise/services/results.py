"""Writes after reviews: what happens to an item once a review is submitted (an extra review
when the experts differ, else «reviewed»), and the coordinator's decision."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from metodset.accounts.audit import audit_record, choice_change
from metodset.accounts.models import User

from .. import aggregation
from ..models import Decision, Item, Review
from ..selectors.campaigns import item_result
from .assigning import extra_review_add
from .campaigns import CampaignError

STATUS_OF_VERDICT = {
    Item.Verdict.RECOMMENDED: Item.Status.ACCEPTED,
    Item.Verdict.REVISE: Item.Status.REVISION,
    Item.Verdict.NOT_RECOMMENDED: Item.Status.REJECTED,
}


@transaction.atomic
def item_after_review(*, item: Item) -> Review | None:
    """Called after each submitted review (``review_submit``). When the item's reviews of
    its current version are all in: an extra review if their totals differ by more than the
    campaign allows (once per version), else the item awaits the coordinator's decision.
    Returns the extra review, if one was added."""
    item = Item.objects.select_related("campaign__rubric").get(pk=item.pk)
    current = Review.objects.filter(item=item, version=item.version)
    if current.filter(status__in=Review.OPEN).exists():
        return None
    result = item_result(item)
    if result is None:
        return None
    spread_allowed = item.campaign.spread_limit is not None
    if spread_allowed and result.needs_extra_review and not current.filter(extra=True).exists():
        extra = extra_review_add(item=item, by=None)
        if extra is not None:
            return extra
    if item.status == Item.Status.REVIEWING:
        item.status = Item.Status.REVIEWED
        item.save(update_fields=["status"])
    return None


@transaction.atomic
def item_decide(*, item: Item, verdict: str, reason: str, by: User | None) -> Decision:
    """The coordinator's decision on the item's current version, with the reason."""
    if verdict not in aggregation.Verdict.values:
        raise ValueError(f"not a verdict: {verdict!r}")
    if item.status == Item.Status.WITHDRAWN:
        raise CampaignError(_("The item was withdrawn."))
    if not Review.objects.filter(
        item=item, version=item.version, status=Review.Status.SUBMITTED
    ).exists():
        raise CampaignError(_("The item has no submitted review yet."))
    decision = Decision.objects.create(
        item=item, version=item.version, verdict=verdict, reason=reason, decided_by=by
    )
    old = item.verdict or None
    item.verdict = verdict
    item.status = STATUS_OF_VERDICT[aggregation.Verdict(verdict)]
    item.decided_at = timezone.now()
    item.save(update_fields=["verdict", "status", "decided_at"])
    audit_record(
        actor=by,
        action="expertise_item_decide",
        target=item,
        changes={"verdict": choice_change(aggregation.Verdict, old, verdict)},
    )
    return decision
