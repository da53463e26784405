"""Rubrics, campaigns, items, experts and reviews for the expertise tests: real rows, nothing
mocked.

Shared by every test module of the app; a module that needs more builds it through the app's
services in its own fixtures. Functions are keyword-only and return the row they make.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from metodset.accounts.models import Membership, Network, Organization, User
from metodset.expertise.models import (
    Campaign,
    Criterion,
    ExpertProfile,
    Item,
    ItemAuthor,
    ItemVersion,
    Review,
    ReviewScore,
    Rubric,
)
from metodset.expertise.services import rubrics as rubric_services

from .. import factories


def shipped_rubric() -> Rubric:
    """The regulated conclusion the platform ships (migration 0002), shipped again when a
    test that empties the database (a browser test) ran before on the same worker."""
    return rubric_services.shipped_rubric()


def rubric(*, network: Network, title: str = "Лист экспертизы разработки", **fields) -> Rubric:
    """A network's rubric of three criteria scored 0–3; the second is critical (pass 1)."""
    made = Rubric.objects.create(network=network, title=title, **fields)
    for order, (name, weight, critical) in enumerate(
        [
            ("Актуальность и обоснованность", 1, False),
            ("Соответствие требованиям ФГОС", 2, True),
            ("Практическая значимость", 1, False),
        ],
        start=1,
    ):
        Criterion.objects.create(
            rubric=made,
            order=order,
            title=name,
            weight=weight,
            max_score=3,
            critical=critical,
            pass_score=1,
            comment_below=2,
        )
    return made


def expert(
    *,
    network: Network,
    organization: Organization | None = None,
    subjects: str = "",
    max_load: int = 10,
    **fields,
) -> User:
    """A person with the expert role in the network (and a place of work, if given) and an
    expert profile there."""
    user = factories.person(network_=network, role=Membership.Role.EXPERT, **fields)
    if organization is not None:
        Membership.objects.create(
            user=user, organization=organization, role=Membership.Role.TEACHER
        )
    ExpertProfile.objects.create(
        user=user,
        network=network,
        competence="Кандидат педагогических наук, учитель высшей категории",
        subjects=subjects,
        max_load=max_load,
    )
    return user


def campaign(
    *,
    network: Network,
    rubric_: Rubric | None = None,
    kind: str = Campaign.Kind.PRODUCTS,
    status: str = Campaign.Status.REVIEWING,
    title: str = "Взаимоэкспертиза методических разработок",
    created_by: User | None = None,
    **fields,
) -> Campaign:
    fields.setdefault("reviews_until", timezone.now() + timezone.timedelta(days=7))
    return Campaign.objects.create(
        network=network,
        rubric=rubric_ or rubric(network=network),
        kind=kind,
        status=status,
        title=title,
        created_by=created_by,
        **fields,
    )


def item(
    *,
    campaign_: Campaign,
    authors: list[User] = (),
    organization: Organization | None = None,
    title: str = "Урок-исследование «Дроби вокруг нас»",
    text: str = "Конспект урока с технологической картой.",
    status: str = Item.Status.SUBMITTED,
    **fields,
) -> Item:
    """An item with its authors (at ``organization`` if given, else at their first
    organisation) and its first version."""
    made = Item.objects.create(campaign=campaign_, title=title, status=status, **fields)
    for author in authors:
        place = organization or Organization.objects.filter(memberships__user=author).first()
        ItemAuthor.objects.create(item=made, user=author, organization=place)
    ItemVersion.objects.create(
        item=made, number=1, text=text, created_by=authors[0] if authors else None
    )
    return made


def review(
    *,
    item_: Item,
    expert_: User,
    number: int = 1,
    scores: list[int] | None = None,
    verdict: str = "",
    **fields,
) -> Review:
    """An assigned review; with ``scores`` (one per criterion in order) a submitted one."""
    made = Review.objects.create(
        item=item_,
        expert=expert_,
        number=number,
        version=item_.version,
        **{"due_at": item_.campaign.reviews_until, **fields},
    )
    if scores is not None:
        criteria = list(item_.campaign.rubric.criteria.order_by("order", "pk"))
        for criterion, score in zip(criteria, scores, strict=True):
            ReviewScore.objects.create(
                review=made, criterion=criterion, score=score, comment="Обоснование оценки."
            )
        maximum = sum(c.weight * c.max_score for c in criteria)
        total = sum(c.weight * s for c, s in zip(criteria, scores, strict=True))
        made.status = Review.Status.SUBMITTED
        made.submitted_at = timezone.now()
        made.total = Decimal(round(100 * total / maximum, 1)).quantize(Decimal("0.1"))
        made.verdict = verdict or Item.Verdict.RECOMMENDED
        made.strengths = "Чёткая структура, продуманная рефлексия."
        made.save()
    return made


# --- exp-campaigns: a campaign of a network with an item assigned, for the API's tests -------


def assigned_campaign(*, network: Network, author: User) -> tuple[Campaign, Item, Review]:
    """An open campaign of the network with the author's item, assigned through the service to
    an expert of another organisation; returns the campaign, the item and its review."""
    from metodset.expertise.services.assigning import campaign_assign

    reviewer = expert(network=network, organization=factories.organization(), subjects="Физика")
    made = campaign(network=network, status=Campaign.Status.OPEN, reviews_per_item=1)
    work = item(campaign_=made, authors=[author], title="Урок физики «Давление»")
    result = campaign_assign(campaign=made, by=None)
    assert result.ok, result.problems
    return made, work, work.reviews.get(expert=reviewer)
