"""Expertise of the demo, all through the expertise app's services (seeds 001 and 002):

- the peer expertise of the internship-site trainees' innovative products (взаимоэкспертиза
  «по регламентам экспертных заключений»): the trainees and the network's experts review two
  products each on the shipped regulated conclusion; most conclusions are in, the experts
  differ on one product (an extra review is due), expert@ has one conclusion submitted, one
  in draft and the rest waiting; the coordinator has decided on the rest, so the results page
  shows medians, the verdicts and Krippendorff's α;
- the collective product of the recommended products, compiled and published to the library;
- the contest «Дистанционный урок» of the lead gymnasium with two nominations, entries from
  teachers of the network, the jury's conclusions, published results and diplomas;
- the methodical audit of two schools last year and this year, so their result shows the
  change between audits;
- the conference that closes the internship-site programme, with two sections, defences
  scheduled for its day and one section's first defence already scored by the jury.

Everything is relative to the day of loading; recognised by title, a second load adds nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from metodset.accounts.models import Membership, Network, Organization, User
from metodset.expertise.models import (
    Campaign,
    Conference,
    Contest,
    Criterion,
    Item,
    Review,
    Rubric,
)
from metodset.expertise.selectors.campaigns import item_result
from metodset.expertise.services import (
    assigning,
    authoring,
    campaigns,
    collective,
    conference,
    contests,
    experts,
    items,
    results,
    reviews,
)
from metodset.expertise.services import rubrics as rubric_services
from metodset.programs.models import Program, ProgramMember

from . import expertise_data as data
from .data import DEMO_DOMAIN, FIXED_PEOPLE
from .programs import SITE_TITLE


def demo_expertise_load(
    *, network: Network, organizations: dict[str, Organization]
) -> tuple[str, int]:
    """Load what is missing; return a Russian line for the summary and how many were added."""
    added = 0
    with transaction.atomic():
        experts.expert_profiles_ensure(network=network)
        expert = User.objects.get(email=f"expert@{DEMO_DOMAIN}")
        coordinator = User.objects.get(email=f"coordinator@{DEMO_DOMAIN}")
        experts.expert_profile_save(
            user=expert,
            network=network,
            by=expert,
            competence="Учитель математики высшей квалификационной категории, эксперт "
            "региональной аттестационной комиссии",
            subjects="математика, функциональная грамотность, цифровая образовательная среда",
            max_load=10,
            available=True,
        )
        if not Campaign.objects.filter(title=data.PEER_TITLE).exists():
            peer = _peer_expertise(network, organizations, coordinator, expert)
            _collective_product(peer, coordinator)
            added += 1
        if not Contest.objects.filter(campaign__title=data.CONTEST_TITLE).exists():
            _contest(network, organizations)
            added += 1
        if not Conference.objects.filter(title=data.CONFERENCE_TITLE).exists():
            _conference(network, organizations, coordinator)
            added += 1
        if not Campaign.objects.filter(title=data.AUDIT_TITLES[0]).exists():
            _audits(network, organizations, coordinator)
            added += 1
    line = (
        "Экспертиза: взаимоэкспертиза продуктов стажёров с заключениями и α Криппендорфа, "
        "коллективный инновационный продукт, конкурс «Дистанционный урок» с итогами и "
        "дипломами, конференция с секциями защит и черновиком доклада, методический аудит двух "
        "школ за два года."
    )
    return line, added


def _shipped_rubric() -> Rubric:
    return rubric_services.shipped_rubric()


def _scores(review: Review, pattern: list[int]) -> dict[int, tuple[int | None, str]]:
    criteria = list(
        Criterion.objects.filter(rubric=review.item.campaign.rubric).order_by("order", "pk")
    )
    scores: dict[int, tuple[int | None, str]] = {}
    for criterion, score in zip(criteria, pattern, strict=False):
        score = min(score, criterion.max_score)
        low = criterion.comment_below is not None and score < criterion.comment_below
        reasoning = "Критерий раскрыт частично, требуется доработка." if low else ""
        scores[criterion.pk] = (score, reasoning)
    return scores


def _write(review: Review, pattern: list[int], n: int, *, submit: bool = True) -> None:
    """The expert's conclusion on the pattern's scores: saved, and submitted unless a draft."""
    total = sum(pattern) / (3 * len(pattern))
    verdict = (
        Item.Verdict.RECOMMENDED
        if total >= 0.7
        else Item.Verdict.REVISE
        if total >= 0.5
        else Item.Verdict.NOT_RECOMMENDED
    )
    reviews.review_draft_save(
        review=review,
        scores=_scores(review, pattern),
        strengths=data.STRENGTHS[n % len(data.STRENGTHS)],
        shortcomings=data.SHORTCOMINGS[n % len(data.SHORTCOMINGS)],
        recommendations=data.RECOMMENDATIONS[n % len(data.RECOMMENDATIONS)],
        verdict=verdict,
        by=review.expert,
    )
    if submit:
        reviews.review_submit(review=review, by=review.expert)


def _site_trainees() -> list[User]:
    program = Program.objects.get(title=SITE_TITLE)
    return [
        m.user
        for m in ProgramMember.objects.filter(program=program, role=ProgramMember.Role.INTERN)
        .select_related("user")
        .order_by("pk")
    ]


def _peer_expertise(network, organizations, coordinator: User, expert: User) -> Campaign:
    program = Program.objects.get(title=SITE_TITLE)
    now = timezone.now()
    campaign = campaigns.campaign_create(
        network=network,
        title=data.PEER_TITLE,
        kind=Campaign.Kind.PRODUCTS,
        rubric=_shipped_rubric(),
        by=coordinator,
        organization=organizations["gim53"],
        program=program,
        description="Стажёры и эксперты сети оценивают инновационные продукты по регламенту "
        "экспертного заключения; каждый продукт — два эксперта из разных организаций.",
        reviews_per_item=2,
        min_load=0,
        max_load=3,
        pool=Campaign.Pool.BOTH,
        blindness=Campaign.Blindness.BLIND,
        submissions_until=now + timedelta(days=1),
        reviews_until=now + timedelta(days=6),
    )
    campaigns.campaign_open(campaign=campaign, by=coordinator)
    for author, (title, annotation, text) in zip(_site_trainees(), data.PRODUCTS, strict=False):
        items.item_submit(
            campaign=campaign,
            author=author,
            title=title,
            annotation=annotation,
            text=text,
            consent=True,
        )
    assigning.campaign_assign(campaign=campaign, by=coordinator)
    _peer_reviews(campaign, expert)
    _peer_decisions(campaign, coordinator)
    return campaign


def _peer_reviews(campaign: Campaign, expert: User) -> None:
    """Every conclusion in, but expert@'s: his first submitted, the second a draft, the rest
    waiting for him."""
    mine = 0
    products = list(campaign.items.order_by("pk"))
    for review in Review.objects.filter(item__campaign=campaign).order_by("item_id", "number"):
        n = products.index(review.item)
        pattern = data.SCORE_PATTERNS[n % len(data.SCORE_PATTERNS)][(review.number - 1) % 2]
        if review.expert_id == expert.pk:
            mine += 1
            if mine == 1:
                _write(review, pattern, n)
            elif mine == 2:
                _write(review, pattern, n, submit=False)
            continue
        _write(review, pattern, n)


def _peer_decisions(campaign: Campaign, coordinator: User) -> None:
    """The coordinator decides as the rules suggest on every fully reviewed product."""
    for item in campaign.items.filter(status=Item.Status.REVIEWED).order_by("pk"):
        result = item_result(item)
        if result is None or result.verdict is None:
            continue
        results.item_decide(
            item=item,
            verdict=result.verdict,
            reason="Решение принято по медиане баллов экспертов и их выводам.",
            by=coordinator,
        )


def _collective_product(campaign: Campaign, coordinator: User) -> None:
    product = collective.collective_product_create(
        campaign=campaign,
        title=data.COLLECTIVE_TITLE,
        by=coordinator,
        editors="Смирнова О. И., Орлов Д. А.",
        introduction="Коллективный инновационный продукт стажёров программы стажировки на базе "
        "Гимназии № 53 объединяет продукты, рекомендованные по итогам взаимоэкспертизы. "
        "Вместе они составляют модель управления качеством образования на основе цифровых "
        "сервисов, которую школы сети могут перенести к себе.",
    )
    if product.parts.exists():
        collective.collective_product_compile(product=product, by=coordinator)
        collective.collective_product_publish(product=product, by=coordinator)


def _teachers(organizations: dict[str, Organization], keys: tuple[str, ...]) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organization__in=[organizations[k] for k in keys],
            memberships__role=Membership.Role.TEACHER,
        )
        .exclude(email__in=[p.email for p in FIXED_PEOPLE])
        .order_by("pk")
        .distinct()
    )


def _contest(network, organizations) -> None:
    """The contest of last month: entries in, the jury's conclusions, results and diplomas."""
    organizer = User.objects.get(email=f"methodist@{DEMO_DOMAIN}")
    now = timezone.now()
    contest = contests.contest_create(
        network=network,
        organization=Organization.objects.get(memberships__user=organizer),
        title=data.CONTEST_TITLE,
        description="Сетевой конкурс методических разработок дистанционных уроков.",
        rules=data.CONTEST_RULES,
        consent_text=data.CONTEST_CONSENT,
        nominations=[title for title, _ in data.NOMINATIONS],
        rubric=_shipped_rubric(),
        reviews_per_item=2,
        submissions_until=now + timedelta(hours=1),
        reviews_until=now + timedelta(days=3),
        prize_places=3,
        by=organizer,
    )
    nominations = list(contest.nominations.order_by("order"))
    entrants = _teachers(organizations, ("sch33", "lyc18", "el2", "sch4"))
    for n, (nomination, title, annotation) in enumerate(data.CONTEST_ENTRIES):
        contests.contest_enter(
            contest=contest,
            nomination=nominations[nomination],
            title=title,
            annotation=annotation,
            consent=True,
            url=f"https://disk.example.ru/konkurs/rabota-{n + 1}",
            by=entrants[n % len(entrants)],
        )
    campaign = contest.campaign
    assigning.campaign_assign(campaign=campaign, by=organizer)
    entries = list(campaign.items.order_by("pk"))
    for review in Review.objects.filter(item__campaign=campaign).order_by("item_id", "number"):
        n = entries.index(review.item)
        pattern = data.SCORE_PATTERNS[n % len(data.SCORE_PATTERNS)][(review.number - 1) % 2]
        _write(review, pattern, n)
    for review in Review.objects.filter(item__campaign=campaign, status__in=Review.OPEN):
        _write(review, data.SCORE_PATTERNS[0][0], 0)  # an extra review the spread called for
    contests.contest_results_publish(contest=contest, by=organizer)
    contests.contest_diplomas_issue(contest=contest, by=organizer)


def _conference(network, organizations, coordinator: User) -> None:
    """The closing conference in two weeks: two sections, the trainees' defences scheduled,
    the first one held and scored by the jury."""
    program = Program.objects.get(title=SITE_TITLE)
    day = (timezone.now() + timedelta(days=14)).replace(hour=6, minute=0, second=0, microsecond=0)
    meeting = conference.conference_create(
        network=network,
        title=data.CONFERENCE_TITLE,
        starts_at=day,
        ends_at=day + timedelta(hours=4),
        by=coordinator,
        rubric=_shipped_rubric(),
        organization=organizations["gim53"],
        program=program,
        description="Стажёры представляют и защищают инновационные продукты.",
        online_url="https://vcs.example.ru/konferentsiya-gimnaziya-53",
        defence_required=True,
    )
    conference.conference_publish(conference=meeting, by=coordinator)
    call = meeting.call_for_papers
    assert call is not None  # conference_create makes it
    expert = User.objects.get(email=f"expert@{DEMO_DOMAIN}")  # the demo's expert sits on it
    others = User.objects.filter(
        memberships__network=network, memberships__role=Membership.Role.EXPERT
    ).exclude(pk=expert.pk)
    jury = [expert, *others.order_by("pk")[:2]]
    methodist = User.objects.get(email=f"methodist@{DEMO_DOMAIN}")
    sections = [
        conference.section_add(
            conference=meeting,
            title=title,
            by=coordinator,
            moderator=methodist if n == 0 else coordinator,
            jury=jury,
            online_url=f"https://vcs.example.ru/sektsiya-{n + 1}",
        )
        for n, title in enumerate(data.CONFERENCE_SECTIONS)
    ]
    papers = []
    for author, (title, annotation, text) in zip(_site_trainees()[:6], data.PRODUCTS, strict=False):
        papers.append(
            items.item_submit(
                campaign=call,
                author=author,
                title=title,
                annotation=annotation,
                text=text,
                consent=True,
            )
        )
    trainees = _site_trainees()
    title, annotation, text = data.CONFERENCE_DRAFT
    authoring.item_draft_create(
        campaign=call,
        author=trainees[6] if len(trainees) > 6 else trainees[0],
        title=title,
        annotation=annotation,
        text=text,
    )
    for n, paper in enumerate(papers):
        section = sections[n % 2]
        defence = conference.defence_schedule(
            section=section,
            item=paper,
            starts_at=day + timedelta(minutes=15 * (n // 2)),
            by=coordinator,
        )
        if n == 0:
            conference.defence_mark(defence=defence, status="held", by=methodist)
            criteria = Criterion.objects.filter(rubric=call.rubric)
            for juror in jury:
                conference.protocol_save(
                    defence=defence,
                    juror=juror,
                    scores={c.pk: min(3, c.max_score) for c in criteria},
                    decision="passed",
                    comment="Продукт представлен убедительно, ответы на вопросы полные.",
                )


def _audits(network, organizations, coordinator: User) -> None:
    """Last year's and this year's methodical audit of two schools by the network's experts."""
    schools = [organizations["sch161"], organizations["sch33"]]
    for year_ago, title in zip((1, 0), data.AUDIT_TITLES, strict=True):
        campaign = campaigns.campaign_create(
            network=network,
            title=title,
            kind=Campaign.Kind.AUDIT,
            rubric=_shipped_rubric(),
            by=coordinator,
            reviews_per_item=2,
            pool=Campaign.Pool.EXPERTS,
            blindness=Campaign.Blindness.OPEN,
            reviews_until=timezone.now() + timedelta(days=7),
        )
        campaigns.campaign_open(campaign=campaign, by=coordinator)
        items.items_for_audit(campaign=campaign, organizations=schools, by=coordinator)
        assigning.campaign_assign(campaign=campaign, by=coordinator)
        audited = list(campaign.items.order_by("pk"))
        for review in Review.objects.filter(item__campaign=campaign).order_by("item_id", "number"):
            n = audited.index(review.item) + (3 if year_ago else 0)  # weaker a year ago
            pattern = data.SCORE_PATTERNS[n % len(data.SCORE_PATTERNS)][(review.number - 1) % 2]
            _write(review, pattern, n)
        _peer_decisions(campaign, coordinator)
        if year_ago:  # the demo loads today: last year's audit is dated a year back
            Campaign.objects.filter(pk=campaign.pk).update(
                created_at=campaign.created_at - timedelta(days=365)
            )
