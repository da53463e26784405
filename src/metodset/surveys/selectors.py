"""Reads of questionnaires: lists with counts, the builder's blocks, invitations, «Моя неделя».

Counts are correlated subqueries, so a page of questionnaires costs one query whatever the
number of responses. Results are aggregated in ``results.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone

from metodset.accounts.models import User
from metodset.core.queries import subquery_count

from . import permissions
from .models import (
    Draft,
    Invitation,
    Question,
    Questionnaire,
    Response,
    ResultsExport,
    Section,
)


class QuestionnaireCounts(TypedDict):
    """What ``with_counts`` annotates on each questionnaire."""

    response_count: int
    invited_count: int
    answered_count: int
    question_count: int


if TYPE_CHECKING:  # django-stubs is a development dependency
    from django_stubs_ext import WithAnnotations

    CountedQuestionnaire = WithAnnotations[Questionnaire, QuestionnaireCounts]


def with_counts(queryset: QuerySet[Questionnaire]) -> QuerySet[CountedQuestionnaire]:
    """Questionnaires with ``response_count``, ``invited_count`` and ``answered_count``."""
    return queryset.select_related("organization", "network", "created_by").annotate(
        response_count=subquery_count(Response.objects.filter(questionnaire=OuterRef("pk"))),
        invited_count=subquery_count(Invitation.objects.filter(questionnaire=OuterRef("pk"))),
        answered_count=subquery_count(
            Invitation.objects.filter(questionnaire=OuterRef("pk"), answered_at__isnull=False)
        ),
        question_count=subquery_count(Question.objects.filter(questionnaire=OuterRef("pk"))),
    )


def managed_list(*, user: User, status: str = "") -> QuerySet[Questionnaire]:
    """The «Анкеты» list: what the user runs, newest first."""
    questionnaires = permissions.managed_questionnaires(user)
    if status:
        questionnaires = questionnaires.filter(status=status)
    return with_counts(questionnaires).order_by("-created_at", "-pk")


# --- sections and questions in display order ------------------------------------------


@dataclass
class Block:
    """A section (None: the questions above the first section) with its questions."""

    section: Section | None
    questions: list[Question] = field(default_factory=list)
    first: bool = False  # the first or last of the sections, for the move buttons
    last: bool = False


def blocks(*, questionnaire: Questionnaire) -> list[Block]:
    """Sections in order, each with its questions; ``question.number`` counts from 1 throughout.

    Two queries. The questions without a section come first.
    """
    sections = list(questionnaire.sections.order_by("order", "pk"))
    by_section: dict[int | None, Block] = {None: Block(None)}
    for section in sections:
        by_section[section.pk] = Block(section)
    for question in questionnaire.questions.order_by("order", "pk"):
        block = by_section[question.section_id]
        question.section = block.section  # no query per question for its heading
        question.questionnaire = questionnaire
        block.questions.append(question)
    number = 0
    result = [by_section[None], *(by_section[s.pk] for s in sections)]
    if sections:
        result[1].first = result[-1].last = True
    for block in result:
        for question in block.questions:
            number += 1
            question.number = number  # type: ignore[attr-defined]
    return result


def ordered_questions(*, questionnaire: Questionnaire) -> list[Question]:
    return [q for block in blocks(questionnaire=questionnaire) for q in block.questions]


# --- invitations ------------------------------------------------------------------------------


def invitations(*, questionnaire: Questionnaire, status: str = "") -> QuerySet[Invitation]:
    """Those invited, by name; ``status`` "answered" or "waiting" filters."""
    queryset = Invitation.objects.filter(questionnaire=questionnaire).select_related("user")
    if status == "answered":
        queryset = queryset.filter(answered_at__isnull=False)
    elif status == "waiting":
        queryset = queryset.filter(answered_at__isnull=True)
    return queryset.order_by("user__last_name", "user__first_name", "user__middle_name", "pk")


def remindable(*, questionnaire: Questionnaire, now: Any = None) -> QuerySet[Invitation]:
    """Invitations not answered and not reminded in the last 24 hours."""
    now = now or timezone.now()
    return Invitation.objects.filter(
        questionnaire=questionnaire, answered_at__isnull=True, user__is_active=True
    ).filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - timedelta(hours=24)))


def waiting_for(*, user: User, now: Any = None) -> QuerySet[Invitation]:
    """Questionnaires that accept answers and wait for this person's, soonest deadline first;
    ``draft_page``: the section her saved draft reached, if she has begun."""
    now = now or timezone.now()
    return (
        Invitation.objects.annotate(
            draft_page=Subquery(Draft.objects.filter(invitation=OuterRef("pk")).values("page")[:1])
        )
        .filter(
            user=user,
            answered_at__isnull=True,
            questionnaire__status=Questionnaire.Status.OPEN,
        )
        .filter(Q(questionnaire__opens_at__isnull=True) | Q(questionnaire__opens_at__lte=now))
        .filter(Q(questionnaire__closes_at__isnull=True) | Q(questionnaire__closes_at__gt=now))
        .select_related("questionnaire")
        .order_by(F("questionnaire__closes_at").asc(nulls_last=True), "invited_at", "pk")
    )


WEEK_LIMIT = 10


def week_section(request: HttpRequest) -> dict[str, Any] | None:
    """«Моя неделя»: questionnaires waiting for the person's answer; one query."""
    user = request.user
    if not user.is_authenticated:
        return None
    waiting = list(waiting_for(user=user)[: WEEK_LIMIT + 1])
    if not waiting:
        return None
    return {"invitations": waiting[:WEEK_LIMIT], "more": len(waiting) > WEEK_LIMIT}


# --- public answers and exports ---------------------------------------------------------------


def public_answers_in_last_hour(*, questionnaire: Questionnaire, ip_hash: str, now: Any) -> int:
    return Response.objects.filter(
        questionnaire=questionnaire, ip_hash=ip_hash, submitted_at__gt=now - timedelta(hours=1)
    ).count()


def latest_export(*, questionnaire: Questionnaire, user: User) -> ResultsExport | None:
    return (
        ResultsExport.objects.filter(questionnaire=questionnaire, requested_by=user)
        .order_by("-created_at", "-pk")
        .first()
    )
