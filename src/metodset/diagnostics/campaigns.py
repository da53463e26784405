"""Writes of assessment campaigns: people added, the campaign opened with its self-assessment
questionnaire, answers turned into indicator scores, observation protocols, profiles folded.

The self-assessment is an ordinary questionnaire of the surveys capability (so invitations,
reminders and the answering page are the ones people know): a section per area, a matrix per
competency whose rows are the indicators and whose columns are the framework's levels plus
«не применимо». ``Campaign.self_map`` remembers which row is which indicator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metodset.accounts.audit import audit_record, diff_fields
from metodset.accounts.models import Membership, NetworkPartner, Organization, User
from metodset.accounts.services import Action
from metodset.surveys import distribution as survey_distribution
from metodset.surveys import services as survey_services
from metodset.surveys.models import Answer, Question, Questionnaire, Response, Section

from . import scoring
from .models import (
    Campaign,
    CompetencyScore,
    Indicator,
    IndicatorScore,
    Observation,
    Participant,
    Source,
)

NOT_APPLICABLE = "не применимо"


def default_people(campaign: Campaign) -> QuerySet[User]:
    """Teachers of the campaign's organisation or of the network's partner organisations."""
    if campaign.organization_id:
        org_ids = [campaign.organization_id]
    else:
        org_ids = list(
            NetworkPartner.objects.filter(network=campaign.network).values_list(
                "organization_id", flat=True
            )
        )
    return User.objects.filter(
        is_active=True,
        memberships__role=Membership.Role.TEACHER,
        memberships__organization_id__in=org_ids,
    ).distinct()


def _workplaces(campaign: Campaign, user_ids: list[int]) -> dict[int, int]:
    """{user id: organisation the person is assessed in} — the campaign's own organisation, or
    for a network the first partner organisation where the person teaches."""
    if campaign.organization_id:
        return dict.fromkeys(user_ids, campaign.organization_id)
    partner_ids = set(
        NetworkPartner.objects.filter(network=campaign.network).values_list(
            "organization_id", flat=True
        )
    )
    out: dict[int, int] = {}
    rows = (
        Membership.objects.filter(user_id__in=user_ids, organization_id__in=partner_ids)
        .order_by("user_id", "pk")
        .values_list("user_id", "organization_id")
    )
    for user_id, org_id in rows:
        out.setdefault(user_id, org_id)
    return out


@transaction.atomic
def participants_add(*, campaign: Campaign, people: QuerySet[User] | Iterable[User]) -> int:
    """Add people not yet in the campaign; people without a workplace in its scope are skipped.

    If the campaign is open, the new people are invited to its self-assessment at once.
    """
    users = list(people)
    have = set(campaign.participants.values_list("user_id", flat=True))
    users = [u for u in users if u.pk not in have]
    workplaces = _workplaces(campaign, [u.pk for u in users])
    created = Participant.objects.bulk_create(
        [
            Participant(
                campaign=campaign,
                user=u,
                organization_id=workplaces[u.pk],
                position=u.position,
                experience_years=u.experience_years,
            )
            for u in users
            if u.pk in workplaces
        ],
        ignore_conflicts=True,
    )
    if campaign.status == Campaign.Status.OPEN and campaign.questionnaire_id:
        _invite(campaign, by=campaign.created_by)
    return len(created)


def _level_options(campaign: Campaign) -> list[str]:
    levels = campaign.framework.levels
    return [f"{lv['value']} — {lv['label']}" for lv in levels] + [NOT_APPLICABLE]


# The questionnaire's texts are stored: written in the site's language, whoever opens it.


def _self_assessment_title(campaign: Campaign) -> str:
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


def _build_questionnaire(campaign: Campaign, *, by: User | None) -> Questionnaire:
    framework = campaign.framework
    levels_text = "\n".join(
        f"{lv['value']} — {lv['label']}" + (f": {lv['descriptor']}" if lv.get("descriptor") else "")
        for lv in framework.levels
    )
    questionnaire = Questionnaire.objects.create(
        title=_self_assessment_title(campaign),
        intro=_self_assessment_intro(levels_text),
        organization_id=campaign.organization_id,
        network_id=campaign.network_id,
        created_by=by,
        anonymous=False,
        status=Questionnaire.Status.OPEN,
        closes_at=questionnaire_closes_at(campaign),
        remind_at=campaign.remind_at,
        template_key="diagnostics.self",
    )
    options = _level_options(campaign)
    mapping: dict[str, list[int]] = {}
    order = 0
    competencies = framework.competencies.select_related("area").prefetch_related("indicators")
    sections: dict[int, Section] = {}
    for competency in competencies.order_by("area__order", "order", "pk"):
        if competency.area_id not in sections:
            sections[competency.area_id] = Section.objects.create(
                questionnaire=questionnaire,
                title=competency.area.title,
                order=competency.area.order,
            )
        indicators = sorted(competency.indicators.all(), key=lambda i: (i.order, i.pk))
        if not indicators:
            continue
        question = Question.objects.create(
            questionnaire=questionnaire,
            section=sections[competency.area_id],
            order=order,
            kind=Question.Kind.MATRIX,
            text=competency.title,
            rows=[i.text for i in indicators],
            options=options,
            required=True,
        )
        mapping[str(question.pk)] = [i.pk for i in indicators]
        order += 1
    campaign.self_map = mapping
    return questionnaire


def _invite(campaign: Campaign, *, by: User | None) -> int:
    assert campaign.questionnaire is not None
    people = User.objects.filter(pk__in=campaign.participants.values("user_id"))
    return survey_distribution.invitations_create(
        questionnaire=campaign.questionnaire, people=people, by=by
    )


@transaction.atomic
def campaign_open(*, campaign: Campaign, by: User | None) -> Campaign:
    """Open the campaign: its self-assessment questionnaire is made and sent to everybody."""
    if campaign.self_assessment and campaign.questionnaire_id is None:
        campaign.questionnaire = _build_questionnaire(campaign, by=by)
    elif campaign.questionnaire_id:
        q = campaign.questionnaire
        assert q is not None
        q.status = Questionnaire.Status.OPEN
        q.save(update_fields=["status", "updated_at"])
    campaign.status = Campaign.Status.OPEN
    campaign.save()
    if campaign.questionnaire_id:
        _invite(campaign, by=by)
    return campaign


@transaction.atomic
def campaign_close(*, campaign: Campaign) -> Campaign:
    campaign.status = Campaign.Status.CLOSED
    campaign.save(update_fields=["status"])
    if campaign.questionnaire_id:
        Questionnaire.objects.filter(pk=campaign.questionnaire_id).update(
            status=Questionnaire.Status.CLOSED
        )
    return campaign


# What may change while people are invited: instruments, framework and scope are fixed then.
DRAFT_FIELDS = frozenset(
    {
        "title",
        "framework",
        "organization_id",
        "network_id",
        "starts_on",
        "ends_on",
        "self_assessment",
        "observation",
        "test",
        "remind_at",
    }
)
OPEN_FIELDS = frozenset({"title", "ends_on", "remind_at"})


def questionnaire_closes_at(campaign: Campaign) -> dt.datetime:
    """The end of the campaign's last day: the self-assessment accepts answers until then."""
    end = dt.datetime.combine(campaign.ends_on + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(end) if timezone.is_naive(end) else end


@transaction.atomic
def campaign_update(*, campaign: Campaign, by: User | None, **fields: Any) -> Campaign:
    """Change a draft campaign, or an open one's title, end and reminder; a closed one is not
    changed. The self-assessment questionnaire follows the title, the end and the reminder, and
    a new reminder time is due again. A draft moved to another scope gets its people anew."""
    stored = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if stored.status == Campaign.Status.CLOSED:
        raise ValidationError(_("A closed campaign cannot be changed."))
    allowed = DRAFT_FIELDS if stored.status == Campaign.Status.DRAFT else OPEN_FIELDS
    if set(fields) - allowed:
        raise ValidationError(
            _("Only the title, the end and the reminder of an open campaign can be changed.")
        )
    changes = diff_fields(stored, fields)
    if not changes:
        return campaign
    for name, value in fields.items():
        setattr(campaign, name, value)
    saved = list(changes)  # only these: the removal count and reminder claims are not ours
    if "remind_at" in changes:
        campaign.reminded_at = None  # a new time: the test reminder is due again
        saved.append("reminded_at")
    campaign.save(update_fields=saved)
    if {"organization_id", "network_id"} & changes.keys():
        # Nobody has been asked anything in a draft: the people of the new scope replace them.
        campaign.participants.all().delete()
        participants_add(campaign=campaign, people=default_people(campaign))
    if campaign.questionnaire is not None:
        followed: dict[str, Any] = {}
        if "title" in changes:
            followed["title"] = _self_assessment_title(campaign)
        if "ends_on" in changes:
            followed["closes_at"] = questionnaire_closes_at(campaign)
        if "remind_at" in changes:
            followed["remind_at"] = campaign.remind_at
        survey_services.questionnaire_update(questionnaire=campaign.questionnaire, **followed)
    audit_record(actor=by, action=Action.UPDATED, target=campaign, changes=changes)
    return campaign


@transaction.atomic
def participant_remove(*, participant: Participant, by: User | None) -> None:
    """Take a person out of a campaign that is not closed: their scores, test attempts and
    observation protocols go with them, and an unanswered self-assessment invitation is
    withdrawn, so it leaves their «Моя неделя». The heat maps see the change at once."""
    campaign = Campaign.objects.select_for_update().get(pk=participant.campaign_id)
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("Nobody can be removed from a closed campaign."))
    if campaign.questionnaire_id:
        survey_distribution.invitations_withdraw(
            questionnaire_id=campaign.questionnaire_id, user_ids=[participant.user_id]
        )
    audit_record(
        actor=by,
        action=Action.DELETED,
        target=participant,
        changes={"campaign": [campaign.pk, None]},
    )
    participant.delete()  # indicator and competency scores, attempts, observations cascade
    Campaign.objects.filter(pk=campaign.pk).update(people_removed=F("people_removed") + 1)


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


def scores_record(
    *,
    participant: Participant,
    source: str,
    values: Mapping[int, Decimal | float | None],
    observation: Observation | None = None,
) -> None:
    """Store (replace) a source's indicator scores for a participant and refold the profile."""
    with transaction.atomic():
        existing = IndicatorScore.objects.filter(participant=participant, source=source)
        existing = (
            existing.filter(observation=observation)
            if observation
            else existing.filter(observation__isnull=True)
        )
        existing.filter(indicator_id__in=values.keys()).delete()
        IndicatorScore.objects.bulk_create(
            IndicatorScore(
                participant=participant,
                indicator_id=indicator_id,
                source=source,
                observation=observation,
                value=None if value is None else Decimal(str(value)),
            )
            for indicator_id, value in values.items()
        )
        participant_refold(participant=participant)


@transaction.atomic
def observation_record(
    *,
    participant: Participant,
    observer: User,
    subject: str,
    observed_on: dt.date,
    notes: str,
    values: Mapping[int, Decimal | float | None],
) -> Observation:
    """An expert observation protocol with its indicator levels."""
    observation = Observation.objects.create(
        participant=participant,
        observer=observer,
        subject=subject,
        observed_on=observed_on,
        notes=notes,
    )
    scores_record(
        participant=participant,
        source=Source.OBSERVATION,
        values=values,
        observation=observation,
    )
    participant.observed_at = timezone.now()
    participant.save(update_fields=["observed_at"])
    return observation


def participant_refold(*, participant: Participant) -> list[CompetencyScore]:
    """Recompute the participant's competency levels and deficits from all indicator scores."""
    framework = participant.campaign.framework
    rows = IndicatorScore.objects.filter(participant=participant).values_list(
        "indicator__competency_id", "indicator_id", "source", "value", "observation_id"
    )
    levels = scoring.competency_levels(
        (scoring.Score(*row) for row in rows), threshold=framework.threshold
    )
    CompetencyScore.objects.filter(participant=participant).delete()
    created = CompetencyScore.objects.bulk_create(
        CompetencyScore(
            participant=participant,
            campaign_id=participant.campaign_id,
            organization_id=participant.organization_id,
            competency_id=level.competency_id,
            level=level.level,
            deficit=level.deficit,
            sources=",".join(level.sources),
        )
        for level in levels
    )
    participant.scored_at = timezone.now()
    participant.save(update_fields=["scored_at"])
    return created


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


def indicators_of(campaign: Campaign) -> QuerySet[Indicator]:
    return Indicator.objects.filter(framework_id=campaign.framework_id).select_related(
        "competency__area"
    )


def organizations_in_scope(campaign: Campaign) -> QuerySet[Organization]:
    if campaign.organization_id:
        return Organization.objects.filter(pk=campaign.organization_id)
    return Organization.objects.filter(partnerships__network=campaign.network)


def self_assessment_followup(questionnaire: Questionnaire, user: Any) -> tuple[str, str] | None:
    """After a self-assessment, the thank-you page leads to the person's profile."""
    from django.urls import reverse

    if not getattr(user, "is_authenticated", False):
        return None
    if not Campaign.objects.filter(questionnaire_id=questionnaire.pk).exists():
        return None
    return str(_("See my competency profile")), reverse("diagnostics:my_profile")
