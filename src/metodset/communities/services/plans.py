"""Writes of the methodical plan: the plan, its topics, the three questions, next year's draft."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from metodset.accounts.models import Organization, User
from metodset.diagnostics.models import Competency

from ..matching import Match, draft_next
from ..models import MethodicalPlan, PlanTopic


class PlanExists(Exception):
    """The organisation already has a plan for that school year."""

    def __init__(self, plan: MethodicalPlan) -> None:
        super().__init__(plan.pk)
        self.plan = plan


@transaction.atomic
def plan_create(
    *, organization: Organization, year: int, title: str = "", by: User
) -> MethodicalPlan:
    existing = MethodicalPlan.objects.filter(organization=organization, year=year).first()
    if existing is not None:
        raise PlanExists(existing)
    return MethodicalPlan.objects.create(
        organization=organization, year=year, title=title, created_by=by
    )


def _next_order(plan: MethodicalPlan) -> int:
    return (plan.topics.aggregate(last=Max("order"))["last"] or 0) + 1


@transaction.atomic
def topic_add(
    *,
    plan: MethodicalPlan,
    month: int,
    title: str,
    form: str = "",
    responsible: str = "",
    competencies: Iterable[Competency] = (),
    by: User,
) -> PlanTopic:
    topic = PlanTopic.objects.create(
        plan=plan,
        month=month,
        title=title,
        form=form,
        responsible=responsible,
        order=_next_order(plan),
    )
    topic.competencies.set(list(competencies))
    return topic


@transaction.atomic
def topic_update(
    *,
    topic: PlanTopic,
    month: int,
    title: str,
    form: str,
    responsible: str,
    competencies: Iterable[Competency],
    by: User,
) -> PlanTopic:
    topic.month, topic.title, topic.form, topic.responsible = month, title, form, responsible
    topic.save(update_fields=["month", "title", "form", "responsible"])
    topic.competencies.set(list(competencies))
    return topic


@transaction.atomic
def topic_delete(*, topic: PlanTopic, by: User) -> None:
    topic.delete()


@transaction.atomic
def plan_questions_record(
    *, plan: MethodicalPlan, what_we_did: str, what_worked: str, what_else: str, by: User
) -> MethodicalPlan:
    plan.what_we_did, plan.what_worked, plan.what_else = what_we_did, what_worked, what_else
    plan.save(update_fields=["what_we_did", "what_worked", "what_else"])
    return plan


@transaction.atomic
def plan_draft_next(
    *, plan: MethodicalPlan, table: Match, keep_unbacked: bool = False, by: User
) -> MethodicalPlan:
    """Next school year's plan from this one's match: the topics that met a deficit are copied
    (with their form, responsible and competencies), and each deficit no topic covered gets a
    proposed workshop in a month spread over the year, which the methodist then edits.
    Stored in Russian whatever language the page was in."""
    existing = MethodicalPlan.objects.filter(
        organization_id=plan.organization_id, year=plan.year + 1
    ).first()
    if existing is not None:
        raise PlanExists(existing)
    draft = draft_next(table, keep_unbacked=keep_unbacked)
    new = MethodicalPlan.objects.create(
        organization_id=plan.organization_id,
        year=plan.year + 1,
        title=plan.title,
        drafted_from=plan,
        created_by=by,
    )
    kept = {t.pk: t for t in plan.topics.prefetch_related("competencies")}
    order = 0
    for pk in draft.kept_topic_ids:
        old = kept[pk]
        order += 1
        copy = PlanTopic.objects.create(
            plan=new,
            month=old.month,
            title=old.title,
            form=old.form,
            responsible=old.responsible,
            order=order,
        )
        copy.competencies.set(list(old.competencies.all()))
    with translation.override(settings.LANGUAGE_CODE):
        form = _("workshop")
        for proposal in draft.proposed:
            order += 1
            topic = PlanTopic.objects.create(
                plan=new,
                month=proposal.month,
                title=_("Workshop: %(competency)s") % {"competency": proposal.deficit.title},
                form=form,
                order=order,
            )
            topic.competencies.add(proposal.deficit.competency_id)
    return new
