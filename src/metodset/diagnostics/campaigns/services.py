"""Writes of assessment campaigns: people added and removed, the campaign opened (with its
self-assessment questionnaire), changed and closed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from metodset.accounts.audit import audit_record, choice_change, diff_fields
from metodset.accounts.models import User
from metodset.accounts.services import Action
from metodset.diagnostics.campaigns.selectors import _workplaces, default_people
from metodset.diagnostics.instruments.self_assessment import (
    questionnaire_build,
    questionnaire_closes_at,
    self_assessment_title,
)
from metodset.diagnostics.models import (
    Campaign,
    Participant,
)
from metodset.surveys import distribution as survey_distribution
from metodset.surveys import services as survey_services


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
        campaign.questionnaire = questionnaire_build(campaign, by=by)
    elif campaign.questionnaire_id:
        assert campaign.questionnaire is not None
        survey_services.questionnaire_reopen(questionnaire=campaign.questionnaire)
    changes = {"status": choice_change(Campaign.Status, campaign.status, Campaign.Status.OPEN)}
    campaign.status = Campaign.Status.OPEN
    campaign.save()
    if campaign.questionnaire_id:
        _invite(campaign, by=by)
    audit_record(actor=by, action=Action.STATUS_CHANGED, target=campaign, changes=changes)
    return campaign


@transaction.atomic
def campaign_close(*, campaign: Campaign, by: User | None = None) -> Campaign:
    """Close the campaign and its questionnaire; ``by`` is None when the end date closes it."""
    changes = {"status": choice_change(Campaign.Status, campaign.status, Campaign.Status.CLOSED)}
    campaign.status = Campaign.Status.CLOSED
    campaign.save(update_fields=["status"])
    if campaign.questionnaire_id:
        survey_services.questionnaires_close(pks=[campaign.questionnaire_id])
    audit_record(actor=by, action=Action.STATUS_CHANGED, target=campaign, changes=changes)
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
            followed["title"] = self_assessment_title(campaign)
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


@transaction.atomic
def campaign_create(*, campaign: Campaign, by: User) -> tuple[Campaign, int]:
    """Store a new campaign (a draft) with the teachers of its scope; (campaign, people added)."""
    campaign.created_by = by
    campaign.save()
    added = participants_add(campaign=campaign, people=default_people(campaign))
    audit_record(
        actor=by, action=Action.CREATED, target=campaign, changes={"participants": [None, added]}
    )
    return campaign, added
