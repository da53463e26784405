"""Writes of campaigns: create, edit, open (freezing the rubric), close."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from metodset.accounts.audit import audit_record, diff_fields
from metodset.accounts.models import Network, Organization, User

from ..models import Campaign, Rubric
from .rubrics import rubric_copy


class CampaignError(Exception):
    """A change the campaign's state doesn't allow; the message is for the coordinator."""


EDITABLE = (
    "title",
    "description",
    "kind",
    "program",
    "reviews_per_item",
    "min_load",
    "max_load",
    "blindness",
    "pool",
    "spread_limit",
    "submissions_until",
    "reviews_until",
    "remind_days",
)
# What may not change once reviews began: the rubric and who reviews how much.
FIXED_WHEN_REVIEWING = ("kind", "pool", "reviews_per_item", "blindness", "program")


@transaction.atomic
def campaign_create(
    *,
    network: Network,
    title: str,
    kind: str,
    rubric: Rubric,
    by: User | None,
    organization: Organization | None = None,
    **fields: Any,
) -> Campaign:
    """A draft campaign. A shipped template (or another network's rubric) is copied into the
    network first, so the network edits its own copy."""
    if rubric.network_id != network.pk:
        rubric = rubric_copy(rubric=rubric, network=network, by=by)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not a campaign setting: {sorted(unknown)}")
    campaign = Campaign.objects.create(
        network=network,
        organization=organization,
        title=title,
        kind=kind,
        rubric=rubric,
        created_by=by,
        **fields,
    )
    audit_record(actor=by, action="expertise_campaign_create", target=campaign)
    return campaign


@transaction.atomic
def campaign_edit(*, campaign: Campaign, by: User | None, **fields: Any) -> Campaign:
    """Change the campaign's settings; after reviews began, who reviews and how much stay."""
    unknown = set(fields) - set(EDITABLE) - {"rubric"}
    if unknown:
        raise TypeError(f"not a campaign setting: {sorted(unknown)}")
    if campaign.status == Campaign.Status.CLOSED:
        raise CampaignError(pgettext("expertise", "The campaign is closed."))
    if "rubric" in fields and fields["rubric"] != campaign.rubric:
        if campaign.status != Campaign.Status.DRAFT:
            raise CampaignError(_("The rubric can change only while the campaign is a draft."))
        if fields["rubric"].network_id != campaign.network_id:
            fields["rubric"] = rubric_copy(rubric=fields["rubric"], network=campaign.network, by=by)
    changes = diff_fields(campaign, fields)
    if campaign.status == Campaign.Status.REVIEWING and set(changes) & set(FIXED_WHEN_REVIEWING):
        raise CampaignError(
            _("Reviews have begun: who reviews, how many reviews and blindness stay as they are.")
        )
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.full_clean(exclude=["network", "organization", "rubric", "created_by"])
    campaign.save()
    if changes:
        audit_record(actor=by, action="expertise_campaign_edit", target=campaign, changes=changes)
    return campaign


@transaction.atomic
def campaign_open(*, campaign: Campaign, by: User | None) -> Campaign:
    """Open a draft campaign for items; its rubric is frozen from now on."""
    if campaign.status != Campaign.Status.DRAFT:
        raise CampaignError(_("Only a draft campaign can be opened."))
    if not campaign.rubric.criteria.exists():
        raise CampaignError(_("The rubric has no criteria."))
    rubric = campaign.rubric
    if rubric.frozen_at is None:
        rubric.frozen_at = timezone.now()
        rubric.save(update_fields=["frozen_at"])
    campaign.status = Campaign.Status.OPEN
    campaign.save(update_fields=["status"])
    audit_record(actor=by, action="expertise_campaign_open", target=campaign)
    return campaign


def campaign_start_reviewing(*, campaign: Campaign) -> None:
    """Mark the campaign as under review (the first assignment does it)."""
    if campaign.status in (Campaign.Status.DRAFT, Campaign.Status.OPEN):
        if campaign.rubric.frozen_at is None:
            Rubric.objects.filter(pk=campaign.rubric_id).update(frozen_at=timezone.now())
        campaign.status = Campaign.Status.REVIEWING
        campaign.save(update_fields=["status"])


@transaction.atomic
def campaign_close(*, campaign: Campaign, by: User | None) -> Campaign:
    if campaign.status == Campaign.Status.CLOSED:
        raise CampaignError(pgettext("expertise", "The campaign is closed."))
    campaign.status = Campaign.Status.CLOSED
    campaign.save(update_fields=["status"])
    audit_record(actor=by, action="expertise_campaign_close", target=campaign)
    return campaign
