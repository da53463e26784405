"""The database side of reviewer assignment: who may review what, how well they suit it, and
the reviews the solver's answer becomes.

The solver (``expertise.assignment``) works on plain keys; here a reviewer is a user id and a
paper an item id. Hard conflicts, each a (reviewer, item) pair the solver never uses:
- the reviewer's organisation is an author's or the item's own (a methodical audit);
- the reviewer wrote it, under her account or any confirmed address of hers (the account's
  e-mail is the one confirmed address the platform keeps), or co-wrote another item of the
  campaign with one of its authors, or is in the same programme team as an author, or tutors
  that team;
- she declared a conflict with the item, with one of its authors or with their organisation;
- she already had a review of this version of the item (declined and withdrawn ones too, so
  an item is never offered back to whoever gave it up);
- an organisation already reviewing the item (at most one expert of an organisation per item).
Loads already taken in the campaign are passed as reduced bounds, so a second run of
assignment after new items arrive moves nobody. Affinity: matching competencies and subjects,
and the expert's bid.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from django.db import connections, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metodset.accounts.audit import audit_record
from metodset.accounts.models import User

from .. import assignment
from ..models import Campaign, Item, Review
from .assigning_world import AFFINITY_BID as AFFINITY_BID
from .assigning_world import AFFINITY_COMPETENCY as AFFINITY_COMPETENCY
from .assigning_world import AFFINITY_SUBJECT as AFFINITY_SUBJECT
from .assigning_world import ASSIGNABLE as ASSIGNABLE
from .assigning_world import _load as _load
from .assigning_world import _problem as _problem
from .campaigns import CampaignError, campaign_start_reviewing

REPLACEMENT_DAYS = 7  # a replacing expert gets at least this long
_NAMES_SHOWN = 8


@dataclass
class AssignResult:
    """What an assignment run did: how many reviews it made (``reviews`` reads them when
    asked: a regional contest makes 15,000, and the page only counts them) and the solver's
    answer (its objective against the bound), or why it could not (in Russian)."""

    made: int = 0
    problems: list[str] = field(default_factory=list)
    reasons: tuple[assignment.Reason, ...] = ()
    solution: assignment.Solution | None = None
    read_made: Callable[[], list[Review]] | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    @cached_property
    def reviews(self) -> list[Review]:
        return self.read_made() if self.read_made else []


def _active_counts(items: Iterable[Item]) -> dict[int, int]:
    items = list(items)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for item_id, version in (
        Review.objects.filter(item__in=items, status__in=Review.ACTIVE)
        .order_by()
        .values_list("item_id", "version")
    ):
        counts[(item_id, version)] += 1
    return {item.pk: counts[(item.pk, item.version)] for item in items}


def _next_numbers(items: Iterable[Item]) -> dict[int, int]:
    items = list(items)
    highest = {
        (row["item_id"], row["version"]): row["top"]
        for row in Review.objects.filter(item__in=items)
        .order_by()
        .values("item_id", "version")
        .annotate(top=Max("number"))
    }
    return {item.pk: (highest.get((item.pk, item.version)) or 0) + 1 for item in items}


# What an assignment sets in each new review; every other column is the model's default.
_VARYING = ("item", "version", "expert", "number", "affinity", "reason")
_NewReview = tuple[int, int, int, int, int, str]  # the values of _VARYING, in that order


def _reviews_insert(rows: list[_NewReview], *, due_at: datetime) -> Callable[[], list[Review]]:
    """Write assigned reviews in one ``executemany``; returns what reads them back, in item
    and number order. ``bulk_create`` prepares every value of every row through its field —
    300,000 for a regional contest, three CPU-seconds, more than the solver takes — though all
    but six are the same in every row (status, dates, empty texts); here those are prepared
    once, by the same fields, from one unsaved review, and the six are plain integers and
    text."""
    connection = connections[Review.objects.db]
    stamp = timezone.now()
    template = Review(due_at=due_at, assigned_at=stamp)
    fields = {f.name: f for f in Review._meta.concrete_fields if not f.primary_key}
    varying = [fields.pop(name) for name in _VARYING]
    shared = list(fields.values())
    constants = [f.get_db_prep_save(f.pre_save(template, True), connection) for f in shared]
    quote = connection.ops.quote_name
    columns = [quote(column) for f in [*varying, *shared] if (column := f.column)]
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(Review._meta.db_table)} ({', '.join(columns)}) VALUES ({marks})",
            [(*row, *constants) for row in rows],
        )
    # The rows of this call are the assigned ones of these items stamped at this instant.
    item_ids = {row[0] for row in rows}
    return lambda: list(
        Review.objects.filter(
            item_id__in=item_ids, status=Review.Status.ASSIGNED, assigned_at=stamp
        ).order_by("item_id", "number")
    )


def _due(campaign: Campaign) -> datetime:
    floor = timezone.now() + timedelta(days=REPLACEMENT_DAYS)
    if campaign.reviews_until and campaign.reviews_until >= floor:
        return campaign.reviews_until
    return floor


def explain(
    world_items: dict[int, Item],
    reviewers: dict[int, User],
    reasons: tuple[assignment.Reason, ...],
) -> list[str]:
    """The solver's reasons in the coordinator's words (Russian)."""
    lines = []
    for reason in reasons:
        titles = ", ".join(
            f"«{world_items[p]}»" for p in reason.papers[:_NAMES_SHOWN] if p in world_items
        )
        names = ", ".join(
            reviewers[r].get_full_name() for r in reason.reviewers[:_NAMES_SHOWN] if r in reviewers
        )
        values = {
            "items": titles,
            "experts": names or "—",
            "needed": reason.needed,
            "available": reason.available,
        }
        if reason.code == "paper_short":
            text = ngettext(
                "%(items)s needs %(needed)s review, but only %(available)s reviewers may take "
                "it without a conflict of interest (%(experts)s).",
                "%(items)s needs %(needed)s reviews, but only %(available)s reviewers may take "
                "it without a conflict of interest (%(experts)s).",
                reason.needed,
            )
        elif reason.code == "capacity_short":
            text = _(
                "The items need %(needed)s reviews, but the reviewers can take %(available)s "
                "together: raise the maximum load or add experts."
            )
        elif reason.code == "load_unfilled":
            text = _(
                "The minimum load cannot be given to everyone (%(experts)s): lower the minimum "
                "load or add items."
            )
        else:
            text = _(
                "Items %(items)s together need %(needed)s reviews, but the only reviewers who "
                "may take them (%(experts)s) can take %(available)s."
            )
        lines.append(text % values)
    return lines


@transaction.atomic
def campaign_assign(*, campaign: Campaign, by: User | None) -> AssignResult:
    """Assign reviewers to every item still short of its reviews; nobody already assigned
    moves. Infeasible: nothing is written and the result says why."""
    if campaign.status in (Campaign.Status.DRAFT, Campaign.Status.CLOSED):
        raise CampaignError(_("Reviewers are assigned in an open campaign."))
    items = list(campaign.items.filter(status__in=ASSIGNABLE).order_by("pk"))
    active = _active_counts(items)
    needs = {item.pk: campaign.reviews_per_item - active[item.pk] for item in items}
    if not any(n > 0 for n in needs.values()):
        return AssignResult(problems=[_("Every item already has its reviewers.")])
    world = _load(campaign, [i for i in items if needs[i.pk] > 0])
    try:
        solution = assignment.solve(_problem(world, needs))
    except assignment.Infeasible as infeasible:
        return AssignResult(
            problems=explain(world.items, world.reviewers, infeasible.reasons),
            reasons=infeasible.reasons,
        )
    numbers = _next_numbers(world.items.values())
    rows = []
    for reviewer_key, item_id in sorted(solution.pairs, key=lambda pair: (pair[1], pair[0])):
        rows.append(
            (
                item_id,
                world.items[item_id].version,
                reviewer_key,
                numbers[item_id],
                world.affinity.score(reviewer_key, item_id),
                world.affinity.reason(reviewer_key, item_id),
            )
        )
        numbers[item_id] += 1
    read_made = _reviews_insert(rows, due_at=campaign.reviews_until or _due(campaign))
    Item.objects.filter(pk__in=world.items).update(status=Item.Status.REVIEWING)
    campaign_start_reviewing(campaign=campaign)
    audit_record(
        actor=by,
        action="expertise_campaign_assign",
        target=campaign,
        changes={"reviews": [None, len(rows)]},
    )
    return AssignResult(made=len(rows), solution=solution, read_made=read_made)


def _one_more(*, item: Item, number: int, extra: bool) -> Review | None:
    """One more reviewer for the item, nobody else moved; None when nobody may take it."""
    campaign = item.campaign
    world = _load(campaign, [item], with_minimum=False)
    problem = _problem(world, {item.pk: 1})
    try:
        key = assignment.reassign(problem, (), item.pk)
    except assignment.Infeasible:
        return None
    return Review.objects.create(
        item=item,
        version=item.version,
        expert_id=key,
        number=number,
        extra=extra,
        affinity=world.affinity.score(key, item.pk),
        reason=world.affinity.reason(key, item.pk),
        due_at=_due(campaign),
    )


@transaction.atomic
def review_reassign(*, review: Review, by: User | None) -> Review | None:
    """Give a declined review (or an unfinished one, withdrawn now) to another reviewer under
    the same number («Эксперт 2» stays «Эксперт 2»); nobody else moves. None when nobody
    may take it: the item then waits for the coordinator."""
    if review.status == Review.Status.SUBMITTED:
        raise CampaignError(_("A submitted review is not reassigned."))
    if review.status in Review.OPEN:
        review.status = Review.Status.WITHDRAWN
        review.save(update_fields=["status", "updated_at"])
    item = Item.objects.select_related("campaign").get(pk=review.item_id)
    replacement = _one_more(item=item, number=review.number, extra=review.extra)
    audit_record(
        actor=by,
        action="expertise_review_reassign",
        target=item,
        changes={"review": [review.pk, replacement.pk if replacement else None]},
    )
    return replacement


@transaction.atomic
def extra_review_add(*, item: Item, by: User | None) -> Review | None:
    """An extra review of the item's current version (the experts differed too much)."""
    number = _next_numbers([item])[item.pk]
    made = _one_more(item=item, number=number, extra=True)
    if made is not None:
        Item.objects.filter(pk=item.pk).update(status=Item.Status.REVIEWING)
        audit_record(actor=by, action="expertise_extra_review", target=item)
    return made


@transaction.atomic
def review_extend(*, review: Review, until: datetime, by: User | None) -> Review:
    """A later deadline for an unfinished review."""
    if review.status not in Review.OPEN:
        raise CampaignError(_("Only an unfinished review gets a later deadline."))
    if until <= timezone.now():
        raise CampaignError(_("The new deadline must be in the future."))
    review.due_at = until
    review.reminded_at = None
    review.save(update_fields=["due_at", "reminded_at", "updated_at"])
    audit_record(actor=by, action="expertise_review_extend", target=review.item)
    return review
