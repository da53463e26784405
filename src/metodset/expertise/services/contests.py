"""Writes of contests: create and edit one, enter a work, publish the results, issue diplomas.

A contest is a campaign of kind «contest» with its ``Contest`` row and nominations; its jury
are the campaign's experts, assigned by the campaign's own machinery. Diplomas are issued
through the certificates app (``certificates.services.diplomas_issue``): expertise sits above
certificates in the layers, so it calls down, and certificates knows nothing of contests.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from metodset.accounts import permissions as roles
from metodset.accounts.audit import audit_record
from metodset.accounts.models import Network, Organization, User
from metodset.certificates import services as certificates

from ..models import (
    Campaign,
    Contest,
    ContestDiploma,
    Item,
    ItemAuthor,
    ItemVersion,
    Nomination,
    Rubric,
)
from ..selectors import contests as selectors
from ..selectors.contests import contest_rank

__all__ = [
    "ContestError",
    "contest_create",
    "contest_diplomas_issue",
    "contest_edit",
    "contest_enter",
    "contest_rank",
    "contest_results_publish",
]


class ContestError(ValueError):
    """Refused as asked; the message (Russian) says why, ``field`` names the form's field."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _nominations_clean(nominations: Sequence[str]) -> list[str]:
    names: list[str] = []
    for name in nominations:
        name = " ".join(name.split())
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name[:300])
    if not names:
        raise ContestError(_("Give at least one nomination."), field="nominations")
    return names


def _deadlines_check(submissions_until: datetime | None, reviews_until: datetime | None) -> None:
    if submissions_until and reviews_until and reviews_until < submissions_until:
        raise ContestError(
            _("The jury's deadline can't be before the end of entries."), field="reviews_until"
        )


@transaction.atomic
def contest_create(
    *,
    network: Network,
    organization: Organization,
    title: str,
    rules: str,
    consent_text: str,
    nominations: Sequence[str],
    rubric: Rubric,
    reviews_per_item: int,
    submissions_until: datetime | None,
    reviews_until: datetime | None,
    prize_places: int,
    by: User,
    description: str = "",
) -> Contest:
    """A contest open for entries: its campaign (kind «contest»), rules and nominations."""
    names = _nominations_clean(nominations)
    _deadlines_check(submissions_until, reviews_until)
    if rubric.network_id not in (None, network.pk):
        raise ContestError(_("This rubric belongs to another network."), field="rubric")
    campaign = Campaign.objects.create(
        title=title.strip(),
        description=description.strip(),
        kind=Campaign.Kind.CONTEST,
        network=network,
        organization=organization,
        rubric=rubric,
        reviews_per_item=reviews_per_item,
        submissions_until=submissions_until,
        reviews_until=reviews_until,
        status=Campaign.Status.OPEN,
        pool=Campaign.Pool.EXPERTS,
        blindness=Campaign.Blindness.BLIND,
        created_by=by,
    )
    contest = Contest.objects.create(
        campaign=campaign,
        rules=rules.strip(),
        consent_text=consent_text.strip(),
        prize_places=prize_places,
    )
    Nomination.objects.bulk_create(
        Nomination(contest=contest, title=name, order=order) for order, name in enumerate(names)
    )
    audit_record(actor=by, action="contest.create", target=contest)
    return contest


@transaction.atomic
def contest_edit(
    *,
    contest: Contest,
    title: str,
    rules: str,
    consent_text: str,
    nominations: Sequence[str],
    submissions_until: datetime | None,
    reviews_until: datetime | None,
    prize_places: int,
    by: User,
    description: str = "",
) -> Contest:
    """Change the wording, deadlines, prizes and nominations; a nomination with entries stays."""
    names = _nominations_clean(nominations)
    _deadlines_check(submissions_until, reviews_until)
    existing = {n.title.casefold(): n for n in contest.nominations.all()}
    wanted = {name.casefold() for name in names}
    for key, nomination in existing.items():
        if key not in wanted and nomination.items.exists():
            raise ContestError(
                _("The nomination «%(title)s» already has entries and can't be removed.")
                % {"title": nomination.title},
                field="nominations",
            )
    contest.nominations.exclude(
        pk__in=[n.pk for key, n in existing.items() if key in wanted]
    ).delete()
    for order, name in enumerate(names):
        kept = existing.get(name.casefold())
        if kept is None:
            Nomination.objects.create(contest=contest, title=name, order=order)
        elif (kept.order, kept.title) != (order, name):
            kept.order, kept.title = order, name
            kept.save(update_fields=["order", "title"])
    campaign = contest.campaign
    changes: dict[str, list[Any]] = {}
    for obj, values in (
        (
            campaign,
            {
                "title": title.strip(),
                "description": description.strip(),
                "submissions_until": submissions_until,
                "reviews_until": reviews_until,
            },
        ),
        (
            contest,
            {
                "rules": rules.strip(),
                "consent_text": consent_text.strip(),
                "prize_places": prize_places,
            },
        ),
    ):
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        for key in changed:
            changes[key] = [str(getattr(obj, key)), str(values[key])]
            setattr(obj, key, values[key])
        if changed:
            obj.save(update_fields=changed)
    audit_record(actor=by, action="contest.edit", target=contest, changes=changes or None)
    return contest


def accepts_entries(contest: Contest, *, now: datetime | None = None) -> bool:
    campaign = contest.campaign
    now = now or timezone.now()
    return campaign.status == Campaign.Status.OPEN and (
        campaign.submissions_until is None or now <= campaign.submissions_until
    )


def _coauthor_user(contest: Contest, email: str) -> User | None:
    """The coauthor's account when the e-mail is of a person of the contest's network."""
    if not email:
        return None
    for user in User.objects.filter(email__iexact=email, is_active=True):
        if contest.campaign.network_id in roles.member_network_ids(user):
            return user
    return None


@transaction.atomic
def contest_enter(
    *,
    contest: Contest,
    nomination: Nomination,
    title: str,
    annotation: str,
    consent: bool,
    by: User,
    file: UploadedFile[bytes] | None = None,
    url: str = "",
    coauthors: Sequence[tuple[str, str]] = (),
) -> Item:
    """The author's entry: the item, its authors and first version, with the consent's time.

    ``coauthors`` are (full name, e-mail); one with an account in the network is linked to it
    (and gets a diploma too).
    """
    if not accepts_entries(contest):
        raise ContestError(_("Entries are no longer accepted: the deadline has passed."))
    if not consent:
        raise ContestError(
            _("The entry can't be sent without consent to the rules."), field="consent"
        )
    if nomination.contest_id != contest.pk:
        raise ContestError(_("Choose one of the contest's nominations."), field="nomination")
    if file is None and not url.strip():
        raise ContestError(_("Attach the work as a file or give a link to it."), field="file")
    now = timezone.now()
    item = Item.objects.create(
        campaign=contest.campaign,
        title=title.strip(),
        description=annotation.strip(),
        nomination=nomination,
        consent_at=now,
        created_at=now,
    )
    ItemAuthor.objects.create(item=item, user=by, organization=_workplace(by))
    seen = {by.pk}
    for name, email in coauthors:
        user = _coauthor_user(contest, email)
        if user is not None and user.pk in seen:
            continue
        if user is not None:
            seen.add(user.pk)
        ItemAuthor.objects.create(
            item=item,
            user=user,
            name="" if user else name.strip()[:300],
            email=email.strip(),
            organization=_workplace(user) if user else None,
        )
    ItemVersion.objects.create(
        item=item, number=1, file=file or "", url=url.strip(), created_by=by, created_at=now
    )
    audit_record(actor=by, action="contest.enter", target=item)
    return item


def _workplace(user: User) -> Organization | None:
    return Organization.objects.filter(memberships__user=user).order_by("memberships__pk").first()


@transaction.atomic
def contest_results_publish(*, contest: Contest, by: User) -> Contest:
    """Give every entry its place and open the results to everyone."""
    contest = Contest.objects.select_for_update().select_related("campaign").get(pk=contest.pk)
    if contest.results_published_at is not None:
        raise ContestError(_("The results are already published."))
    waiting = selectors.open_reviews(contest)
    if waiting:
        raise ContestError(
            _("The jury has not finished: reviews still due: %(count)s.") % {"count": waiting}
        )
    rankings = contest_rank(contest=contest)
    if not any(s.place for r in rankings for s in r.standings):
        raise ContestError(_("No entry has been reviewed yet: there is nothing to publish."))
    for ranking in rankings:
        for standing in ranking.standings:
            Item.objects.filter(pk=standing.item.pk).update(place=standing.place)
    contest.results_published_at = timezone.now()
    contest.save(update_fields=["results_published_at"])
    Campaign.objects.filter(pk=contest.campaign_id).update(status=Campaign.Status.CLOSED)
    audit_record(actor=by, action="contest.publish", target=contest)
    return contest


@transaction.atomic
def contest_diplomas_issue(
    *, contest: Contest, by: User, send_email: bool = True
) -> list[ContestDiploma]:
    """Diplomas of the published results: the winner's (1st place), prize-winners' (places
    2 … ``prize_places``) and participants', one per author with an account."""
    contest = Contest.objects.select_for_update().select_related("campaign").get(pk=contest.pk)
    campaign = contest.campaign
    if contest.results_published_at is None:
        raise ContestError(_("Publish the results before issuing diplomas."))
    if campaign.organization is None:
        raise ContestError(_("The contest has no organiser to issue diplomas."))
    if contest.diplomas.exists():
        raise ContestError(_("The contest's diplomas are already issued."))
    rows: list[ContestDiploma] = []
    awards: list[certificates.DiplomaAward] = []
    for ranking in contest_rank(contest=contest):
        for standing in ranking.standings:
            for author in standing.item.authors.all():
                if author.user is None or any(
                    r.item_id == standing.item.pk and r.user_id == author.user_id for r in rows
                ):
                    continue
                rows.append(
                    ContestDiploma(
                        contest=contest,
                        item=standing.item,
                        user=author.user,
                        award=standing.award,
                        place=standing.place,
                    )
                )
                awards.append(
                    certificates.DiplomaAward(
                        user=author.user,
                        degree=str(standing.award),
                        nomination=ranking.nomination.title,
                        work=standing.item.title,
                        place=standing.place,
                    )
                )
    issued = certificates.diplomas_issue(
        organization=campaign.organization,
        title=campaign.title,
        awards=awards,
        by=by,
        starts_on=timezone.localdate(campaign.created_at),
        ends_on=timezone.localdate(contest.results_published_at),
        send_email=send_email,
    )
    for row, certificate in zip(rows, issued, strict=True):
        row.certificate = certificate
    ContestDiploma.objects.bulk_create(rows)
    audit_record(
        actor=by, action="contest.diplomas", target=contest, changes={"issued": [0, len(rows)]}
    )
    return rows
