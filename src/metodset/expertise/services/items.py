"""Writes of items: from a programme's products, from library materials, organisations for a
methodical audit, and an author's own entry."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from metodset.accounts.models import Organization, User
from metodset.library.models import Material
from metodset.programs.models import ProgramMember, Submission, SubmissionVersion

from ..models import Campaign, Item, ItemAuthor, ItemVersion
from .campaigns import CampaignError

# A programme's product goes to expertise once it was handed in, and the tutor's acceptance
# makes it final; both count (a returned one is being reworked).
FINAL_SUBMISSION_STATES = (Submission.State.SUBMITTED, Submission.State.ACCEPTED)


def _first_organization(user: User) -> Organization | None:
    return Organization.objects.filter(memberships__user=user).order_by("memberships__pk").first()


def _accepting(campaign: Campaign) -> None:
    if campaign.status == Campaign.Status.CLOSED:
        raise CampaignError(pgettext("expertise", "The campaign is closed."))


def author_add(item: Item, user: User) -> None:
    ItemAuthor.objects.get_or_create(
        item=item, user=user, defaults={"organization": _first_organization(user)}
    )


def _submission_owner(submission: Submission) -> str:
    team = submission.team
    if team is None:
        return str(submission.user)
    return team.name or _("team %(number)s") % {"number": team.number}


@transaction.atomic
def items_from_program(*, campaign: Campaign, by: User | None) -> list[Item]:
    """An item per handed-in product of the campaign's programme (its latest handed-in
    version), with the team's interns (or the intern) as authors; products already in the
    campaign are skipped."""
    _accepting(campaign)
    if campaign.program_id is None:
        raise CampaignError(_("The campaign has no programme."))
    taken = set(
        Item.objects.filter(campaign=campaign, submission__isnull=False).values_list(
            "submission_id", flat=True
        )
    )
    submissions = (
        Submission.objects.filter(
            assignment__stage__program_id=campaign.program_id, state__in=FINAL_SUBMISSION_STATES
        )
        .exclude(pk__in=taken)
        .select_related("assignment", "team", "user")
        .order_by("pk")
    )
    made = []
    for submission in submissions:
        version = (
            SubmissionVersion.objects.filter(submission=submission, submitted=True)
            .order_by("-number")
            .first()
        )
        if version is None:
            continue
        owner = _submission_owner(submission)
        item = Item.objects.create(
            campaign=campaign,
            title=f"{submission.assignment.title} — {owner}",
            submission=submission,
            team=submission.team,
        )
        if submission.team_id:
            interns = ProgramMember.objects.filter(
                team_id=submission.team_id, role=ProgramMember.Role.INTERN
            ).select_related("user")
            for member in interns:
                author_add(item, member.user)
        elif submission.user is not None:
            author_add(item, submission.user)
        ItemVersion.objects.create(
            item=item,
            number=1,
            text=version.text,
            url=version.video_url,
            file=version.file.name if version.file else "",
            created_by=version.author,
        )
        made.append(item)
    return made


@transaction.atomic
def item_from_material(*, campaign: Campaign, material: Material, by: User | None) -> Item:
    """A library material as an item: the person who added it is its author (the material's
    own list of authors is kept by name when nobody added it)."""
    _accepting(campaign)
    item = Item.objects.create(
        campaign=campaign,
        title=material.title,
        description=material.description,
        material=material,
        subjects=material.subjects,
        organization=None,
    )
    if material.created_by is not None:
        ItemAuthor.objects.create(
            item=item,
            user=material.created_by,
            organization=material.organization or _first_organization(material.created_by),
        )
    elif material.authors:
        ItemAuthor.objects.create(
            item=item, name=material.authors[:300], organization=material.organization
        )
    ItemVersion.objects.create(
        item=item,
        number=1,
        text=material.description,
        url=material.url,
        file=material.file.name if material.file else "",
        created_by=by,
    )
    return item


@transaction.atomic
def items_for_audit(
    *, campaign: Campaign, organizations: list[Organization], by: User | None
) -> list[Item]:
    """An item per organisation for a methodical audit; those already in it are skipped."""
    _accepting(campaign)
    taken = set(
        Item.objects.filter(campaign=campaign, organization__isnull=False).values_list(
            "organization_id", flat=True
        )
    )
    made = []
    for organization in organizations:
        if organization.pk in taken:
            continue
        item = Item.objects.create(
            campaign=campaign,
            title=organization.short_name or organization.name,
            organization=organization,
        )
        ItemVersion.objects.create(item=item, number=1, created_by=by)
        made.append(item)
    return made


def entry_open_check(campaign: Campaign) -> None:
    """The campaign takes works now: it is open and its deadline has not passed."""
    if campaign.status != Campaign.Status.OPEN:
        raise CampaignError(_("The campaign does not accept items now."))
    if campaign.submissions_until and timezone.now() > campaign.submissions_until:
        raise CampaignError(_("Items were accepted until the deadline, which has passed."))


def entry_check(*, campaign: Campaign, consent: bool, has_work: bool) -> None:
    """The rules of handing a work in, in one step or from a draft."""
    entry_open_check(campaign)
    if not consent:
        raise CampaignError(_("Consent to the rules is required."))
    if not has_work:
        raise CampaignError(_("Attach a file, give a link or write the text."))


@transaction.atomic
def item_submit(
    *,
    campaign: Campaign,
    author: User,
    title: str,
    annotation: str = "",
    text: str = "",
    url: str = "",
    file: UploadedFile[bytes] | None = None,
    consent: bool,
) -> Item:
    """An author's own entry: title, annotation, a file or a link, and consent to the rules."""
    entry_check(campaign=campaign, consent=consent, has_work=bool(file or url or text))
    item = Item.objects.create(
        campaign=campaign, title=title, description=annotation, consent_at=timezone.now()
    )
    author_add(item, author)
    ItemVersion.objects.create(
        item=item, number=1, text=text, url=url, file=file or "", created_by=author
    )
    return item
