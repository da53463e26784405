"""Writes of rubrics (листы экспертизы): a network's copy of a template or of its own rubric,
and saving the editor's changes.

A rubric that a campaign already works with (frozen, opened, scored) never changes: saving it
makes the next version, and campaigns that are running keep the version they opened with, so a
conclusion always shows the criteria it was written against. Draft campaigns of the network
move to the new version, since nothing was scored on them yet. A rubric nobody works with yet is
edited in place. The shipped templates (no network) are only copied.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.apps import apps as django_apps
from django.db import transaction
from django.utils.translation import gettext as _

from metodset.accounts.audit import audit_record, diff_fields
from metodset.accounts.models import Network, User

from ..models import Campaign, Criterion, LevelDescriptor, Rubric
from ..selectors.rubrics import rubric_is_frozen


class RubricError(Exception):
    """A change the rubric doesn't allow; the message is for the coordinator."""


@dataclass(frozen=True)
class CriterionDraft:
    """One criterion as the editor sends it; ``levels`` maps a score to its descriptor."""

    title: str
    max_score: int
    description: str = ""
    weight: int = 1
    critical: bool = False
    pass_score: int = 0
    comment_below: int | None = None
    levels: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RubricSaved:
    rubric: Rubric
    new_version: bool
    moved_drafts: int = 0


RUBRIC_FIELDS = ("title", "description", "recommend_from", "revise_from")


def _criterion_create(*, rubric: Rubric, order: int, draft: CriterionDraft) -> Criterion:
    made = Criterion.objects.create(
        rubric=rubric,
        order=order,
        title=draft.title,
        description=draft.description,
        weight=draft.weight,
        max_score=draft.max_score,
        critical=draft.critical,
        pass_score=draft.pass_score,
        comment_below=draft.comment_below,
    )
    LevelDescriptor.objects.bulk_create(
        LevelDescriptor(criterion=made, score=score, text=text)
        for score, text in sorted(draft.levels.items())
        if text
    )
    return made


def _drafts_of(rubric: Rubric) -> list[CriterionDraft]:
    return [
        CriterionDraft(
            title=c.title,
            description=c.description,
            weight=c.weight,
            max_score=c.max_score,
            critical=c.critical,
            pass_score=c.pass_score,
            comment_below=c.comment_below,
            levels={d.score: d.text for d in c.descriptors.all()},
        )
        for c in rubric.criteria.prefetch_related("descriptors").order_by("order", "pk")
    ]


@transaction.atomic
def shipped_rubric() -> Rubric:
    """The regulated conclusion the platform ships (migration 0002). Shipped again, by the
    migration's own function, when it is gone (an emptied database, an administrator's
    deletion), so whoever copies it always finds it."""
    found = Rubric.objects.filter(network__isnull=True).order_by("pk").first()
    if found is None:
        with transaction.atomic():
            migration = importlib.import_module("metodset.expertise.migrations.0002_shipped_rubric")
            migration.ship(django_apps, None)
        found = Rubric.objects.filter(network__isnull=True).order_by("pk").first()
        assert found is not None
    return found


def rubric_copy(
    *, rubric: Rubric, network: Network, by: User | None, title: str | None = None
) -> Rubric:
    """The network's own copy of ``rubric`` (a shipped template or any rubric): the criteria
    with their descriptors, version 1, not frozen."""
    copy = Rubric.objects.create(
        title=title or rubric.title,
        description=rubric.description,
        network=network,
        recommend_from=rubric.recommend_from,
        revise_from=rubric.revise_from,
        created_by=by,
    )
    for order, draft in enumerate(_drafts_of(rubric), start=1):
        _criterion_create(rubric=copy, order=order, draft=draft)
    audit_record(
        actor=by,
        action="expertise_rubric_copy",
        target=copy,
        changes={"source": [None, str(rubric)]},
    )
    return copy


def _check(*, recommend_from: int, revise_from: int, criteria: Sequence[CriterionDraft]) -> None:
    """The rules the editor's form explains field by field, kept here for every caller."""
    if not criteria:
        raise RubricError(_("A rubric needs at least one criterion."))
    if not 0 <= revise_from <= recommend_from <= 100:
        raise RubricError(
            _("The thresholds go 0 ≤ «after revision» ≤ «recommended» ≤ 100 per cent.")
        )
    for draft in criteria:
        if not 1 <= draft.max_score <= 100 or draft.weight < 1:
            raise RubricError(
                _("«%(title)s»: a weight from 1 and a maximum score from 1 to 100.")
                % {"title": draft.title}
            )
        beyond = [draft.pass_score, draft.comment_below or 0]
        beyond += [score for score, text in draft.levels.items() if text]
        if max(beyond) > draft.max_score:
            raise RubricError(
                _("«%(title)s»: scores above the maximum score.") % {"title": draft.title}
            )


@transaction.atomic
def rubric_save(
    *,
    rubric: Rubric,
    title: str,
    description: str,
    recommend_from: int,
    revise_from: int,
    criteria: Sequence[CriterionDraft],
    by: User | None,
) -> RubricSaved:
    """Save the editor's rubric: in place while no campaign works with it, else as the next
    version (``previous`` the old one), to which the network's draft campaigns move."""
    rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if rubric.network_id is None:
        raise RubricError(_("A template is not edited: make your network's copy of it."))
    if Rubric.objects.filter(previous=rubric).exists():
        raise RubricError(_("A newer version of this rubric exists: edit that one."))
    _check(recommend_from=recommend_from, revise_from=revise_from, criteria=criteria)
    values = {
        "title": title.strip(),
        "description": description.strip(),
        "recommend_from": recommend_from,
        "revise_from": revise_from,
    }
    if rubric_is_frozen(rubric):
        made = Rubric.objects.create(
            network=rubric.network,
            version=rubric.version + 1,
            previous=rubric,
            created_by=by,
            **values,
        )
        for order, draft in enumerate(criteria, start=1):
            _criterion_create(rubric=made, order=order, draft=draft)
        moved = Campaign.objects.filter(rubric=rubric, status=Campaign.Status.DRAFT).update(
            rubric=made
        )
        audit_record(
            actor=by,
            action="expertise_rubric_version",
            target=made,
            changes={"version": [rubric.version, made.version], "drafts_moved": [0, moved]},
        )
        return RubricSaved(rubric=made, new_version=True, moved_drafts=moved)
    changes = diff_fields(rubric, values)
    before = [(d.title, d.max_score, d.weight) for d in _drafts_of(rubric)]
    for name, value in values.items():
        setattr(rubric, name, value)
    rubric.save(update_fields=list(values))
    # Nothing refers to the criteria of an unfrozen rubric: they are written afresh.
    rubric.criteria.all().delete()
    for order, draft in enumerate(criteria, start=1):
        _criterion_create(rubric=rubric, order=order, draft=draft)
    after = [(d.title, d.max_score, d.weight) for d in criteria]
    if before != after:
        changes["criteria"] = [len(before), len(after)]
    audit_record(actor=by, action="expertise_rubric_edit", target=rubric, changes=changes)
    return RubricSaved(rubric=rubric, new_version=False)
