"""The self-assessment: an ordinary questionnaire of the surveys capability (so invitations,
reminders and the answering page are the ones people know): a section per area, a matrix per
competency whose rows are the indicators and whose columns are the framework's levels plus
«не применимо». ``Campaign.self_map`` remembers which row is which indicator.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metodset.accounts.models import User
from metodset.diagnostics.models import (
    Campaign,
    Participant,
    Source,
)
from metodset.diagnostics.profiles.services import scores_record
from metodset.surveys.models import Answer, Question, Questionnaire, Response
from metodset.surveys.services import QuestionInput, SectionInput, questionnaire_generate

NOT_APPLICABLE = "не применимо"


def _level_options(campaign: Campaign) -> list[str]:
    levels = campaign.framework.levels
    return [f"{lv['value']} — {lv['label']}" for lv in levels] + [NOT_APPLICABLE]


def self_assessment_title(campaign: Campaign) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Self-assessment: %(title)s") % {"title": campaign.title}


def _self_assessment_intro(levels_text: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "Rate how often each action is part of your work. There are no right answers: "
            "the result is your own profile and a draft of your route, seen by you and your "
            "methodist. If an action does not concern your work, choose «не применимо».\n\n"
            "Levels:\n%(levels)s"
        ) % {"levels": levels_text}


def questionnaire_closes_at(campaign: Campaign) -> dt.datetime:
    """The end of the campaign's last day: the self-assessment accepts answers until then."""
    end = dt.datetime.combine(campaign.ends_on + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(end) if timezone.is_naive(end) else end


def questionnaire_build(campaign: Campaign, *, by: User | None) -> Questionnaire:
    framework = campaign.framework
    levels_text = "\n".join(
        f"{lv['value']} — {lv['label']}" + (f": {lv['descriptor']}" if lv.get("descriptor") else "")
        for lv in framework.levels
    )
    options = _level_options(campaign)
    competencies = framework.competencies.select_related("area").prefetch_related("indicators")
    sections: dict[int, int] = {}  # area id → index of its section
    section_inputs: list[SectionInput] = []
    questions: list[QuestionInput] = []
    indicator_ids: list[list[int]] = []
    for competency in competencies.order_by("area__order", "order", "pk"):
        if competency.area_id not in sections:
            sections[competency.area_id] = len(section_inputs)
            section_inputs.append(
                SectionInput(title=competency.area.title, order=competency.area.order)
            )
        indicators = sorted(competency.indicators.all(), key=lambda i: (i.order, i.pk))
        if not indicators:
            continue
        questions.append(
            QuestionInput(
                section=sections[competency.area_id],
                kind=Question.Kind.MATRIX,
                text=competency.title,
                rows=[i.text for i in indicators],
                options=options,
                required=True,
            )
        )
        indicator_ids.append([i.pk for i in indicators])
    questionnaire, created = questionnaire_generate(
        by=by,
        title=self_assessment_title(campaign),
        intro=_self_assessment_intro(levels_text),
        sections=section_inputs,
        questions=questions,
        organization_id=campaign.organization_id,
        network_id=campaign.network_id,
        anonymous=False,
        status=Questionnaire.Status.OPEN,
        closes_at=questionnaire_closes_at(campaign),
        remind_at=campaign.remind_at,
        template_key="diagnostics.self",
    )
    mapping = {str(q.pk): ids for q, ids in zip(created, indicator_ids, strict=True)}
    campaign.self_map = mapping
    return questionnaire


def _value_of(campaign: Campaign, choice_index: int | None) -> Decimal | None:
    levels = campaign.framework.levels
    if choice_index is None or not 0 <= choice_index < len(levels):
        return None  # «не применимо»
    return Decimal(str(levels[choice_index]["value"]))


def self_assessment_record(*, campaign: Campaign, response: Response) -> Participant | None:
    """Turn a submitted self-assessment into indicator scores and refold the profile."""
    if response.user_id is None:
        return None
    participant = (
        Participant.objects.select_related("campaign__framework")
        .filter(campaign=campaign, user_id=response.user_id)
        .first()
    )
    if participant is None:
        return None
    mapping = campaign.self_map
    scores: dict[int, Decimal | None] = {}
    answers = Answer.objects.filter(response=response, row_index__isnull=False).values_list(
        "question_id", "row_index", "choice_index"
    )
    for question_id, row_index, choice_index in answers:
        rows = mapping.get(str(question_id))
        if rows is None or row_index is None or not 0 <= row_index < len(rows):
            continue
        scores[rows[row_index]] = _value_of(campaign, choice_index)
    scores_record(participant=participant, source=Source.SELF, values=scores)
    participant.self_done_at = response.submitted_at
    participant.save(update_fields=["self_done_at"])
    return participant


def on_response_submitted(
    sender: Any, *, questionnaire: Questionnaire, response: Response, **kwargs: Any
) -> None:
    """The surveys hook: a self-assessment's answers become scores in the same transaction."""
    campaign = (
        Campaign.objects.select_related("framework")
        .filter(questionnaire_id=questionnaire.pk)
        .first()
    )
    if campaign is not None:
        self_assessment_record(campaign=campaign, response=response)


def self_assessment_followup(questionnaire: Questionnaire, user: Any) -> tuple[str, str] | None:
    """After a self-assessment, the thank-you page leads to the person's profile."""
    from django.urls import reverse

    if not getattr(user, "is_authenticated", False):
        return None
    if not Campaign.objects.filter(questionnaire_id=questionnaire.pk).exists():
        return None
    return str(_("See my competency profile")), reverse("diagnostics:my_profile")
