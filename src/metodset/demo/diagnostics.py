"""Diagnostics of the demo: two network campaigns of the last school year on the 544н
framework (autumn and spring, both closed) whose deficits improve for about half of the
teachers, and this autumn's open self-assessment at school 161 that some teachers have taken —
``teacher@`` has not yet, so the demo shows her whole journey. The methodist of school 161
has filled in observation protocols for three of her teachers.

Levels are drawn with a fixed seed: every teacher has a profile (a base level per competency
with two or three weak ones), the spring adds growth where the teacher worked on it. Scores are
written in bulk and folded into profiles by the same ``participant_refold`` the app uses.
Recognised by campaign title: a second load adds nothing.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from metodset.accounts.models import Membership, Network, Organization, User
from metodset.diagnostics.campaigns import selectors as campaign_selectors
from metodset.diagnostics.campaigns import services as campaign_services
from metodset.diagnostics.instruments import services as instrument_services
from metodset.diagnostics.models import Campaign, Framework, IndicatorScore, Participant
from metodset.diagnostics.profiles import services as profile_services
from metodset.surveys.models import Invitation

from .data import DEMO_DOMAIN

FRAMEWORK = "pedagog-544n"
AUTUMN = "Входная диагностика профессиональных дефицитов, осень {year}"
SPRING = "Итоговая диагностика профессиональных дефицитов, весна {year}"
CURRENT = "Самооценка педагогов школы, {year}/{next:02} учебный год"
CURRENT_ORG = "sch161"


def _school_year_start(today: date) -> int:
    """The school year the campaigns are for: from June on, the coming one (as routes do), so
    the two closed campaigns are always those of the school year just past."""
    return today.year if today.month >= 6 else today.year - 1


def demo_diagnostics_load(
    *, network: Network, organizations: dict[str, Organization], today: date | None = None
) -> tuple[str, int]:
    """Create the demo's campaigns where missing; return a Russian line and how many."""
    today = today or timezone.localdate()
    year = _school_year_start(today)
    framework = Framework.objects.filter(slug=FRAMEWORK).order_by("-version").first()
    if framework is None:
        return "Диагностика: рамка 544н не загружена, кампании не созданы.", 0
    coordinator = User.objects.get(email=f"coordinator@{DEMO_DOMAIN}")
    methodist = User.objects.get(email=f"methodist@{DEMO_DOMAIN}")
    rng = random.Random(20261124)
    created = 0
    autumn_title = AUTUMN.format(year=year - 1)
    spring_title = SPRING.format(year=year)
    current_title = CURRENT.format(year=year, next=(year + 1) % 100)
    with transaction.atomic():
        if not Campaign.objects.filter(title=autumn_title).exists():
            profiles = _base_profiles(framework, network, rng)
            autumn = _network_campaign(
                framework, network, coordinator, autumn_title, date(year - 1, 10, 1), 30
            )
            spring = _network_campaign(
                framework, network, coordinator, spring_title, date(year, 4, 1), 30
            )
            _score(autumn, profiles, growth=None, rng=rng)
            _score(spring, profiles, growth=rng, rng=rng)
            created += 2
        if not Campaign.objects.filter(title=current_title).exists():
            spring_campaign = Campaign.objects.filter(title=spring_title).first()
            _current(
                framework,
                organizations[CURRENT_ORG],
                methodist,
                current_title,
                today,
                rng,
                spring_campaign,
            )
            created += 1
    scored = Participant.objects.filter(
        campaign__title__in=[autumn_title, spring_title], scored_at__isnull=False
    ).count()
    return (
        f"Диагностика: две сетевые кампании прошлого года по профстандарту «Педагог» "
        f"(осень и весна, {scored} профилей, у половины педагогов дефициты к весне "
        f"уменьшились) и открытая самооценка в школе № 161; добавлено сейчас: {created}.",
        created,
    )


def _network_campaign(framework, network, by, title, starts, days) -> Campaign:
    campaign = Campaign.objects.create(
        title=title,
        framework=framework,
        network=network,
        starts_on=starts,
        ends_on=starts + timedelta(days=days),
        status=Campaign.Status.CLOSED,
        self_assessment=True,
        observation=True,
        created_by=by,
    )
    campaign_services.participants_add(
        campaign=campaign, people=campaign_selectors.default_people(campaign)
    )
    return campaign


def applies(code: str, *, kindergarten: bool, specialisation: str) -> bool:
    """Whether a 544н competency concerns this teacher: preschool ones only kindergarten staff,
    school ones only school staff, subject ones only those who teach the subject (primary
    teachers teach both maths and Russian). The rest is marked «не применимо»."""
    primary = "начальн" in specialisation
    if code in ("ПР.4", "МТ.3"):
        return kindergarten
    if kindergarten:
        return code not in ("ПР.1", "ПР.2", "ПР.3", "МТ.2")
    if code == "ПР.2":
        return primary or "математ" in specialisation
    if code == "ПР.3":
        return primary or "русск" in specialisation
    if code == "МТ.2":
        return primary
    return True


def _base_profiles(framework, network, rng) -> dict[int, dict[int, float | None]]:
    """{user id: {indicator id: level or None}}: a base level per teacher, two to four weak
    competencies among those that concern the teacher, some noise per indicator."""
    indicators: dict[int, list[int]] = {}
    codes = dict(framework.competencies.values_list("pk", "code"))
    for pk, competency_id in framework.indicators.values_list("pk", "competency_id"):
        indicators.setdefault(competency_id, []).append(pk)
    teachers = (
        User.objects.filter(
            memberships__role=Membership.Role.TEACHER,
            memberships__organization__partnerships__network=network,
        )
        .values_list("pk", "specialisation", "memberships__organization__kind")
        .distinct()
        .order_by("pk")
    )
    profiles: dict[int, dict[int, float | None]] = {}
    for user_id, specialisation, kind in teachers:
        if user_id in profiles:
            continue
        kindergarten = kind == Organization.Kind.KINDERGARTEN
        concerned = [
            c
            for c in sorted(indicators)
            if applies(codes[c], kindergarten=kindergarten, specialisation=specialisation)
        ]
        base = rng.uniform(2.2, 3.0)
        weak = set(rng.sample(concerned, rng.randint(2, 4)))
        levels: dict[int, float | None] = {}
        for competency_id, ids in indicators.items():
            if competency_id not in concerned:
                levels.update(dict.fromkeys(ids))
                continue
            centre = base - (rng.uniform(1.0, 1.7) if competency_id in weak else 0)
            for pk in ids:
                levels[pk] = min(3.0, max(0.0, round(centre + rng.uniform(-0.4, 0.4))))
        profiles[user_id] = levels
    return profiles


def _score(campaign, profiles, *, growth, rng) -> None:
    participants = list(campaign.participants.all())
    teacher_id = User.objects.get(email=f"teacher@{DEMO_DOMAIN}").pk
    rows = []
    for participant in participants:
        levels = profiles.get(participant.user_id)
        if levels is None:
            continue
        # Half of the teachers worked on their deficits by spring; the demo teacher did.
        improves = growth is not None and (
            participant.user_id == teacher_id or growth.random() < 0.5
        )
        for indicator_id, level in levels.items():
            value = level
            if improves and value is not None and value < 2 and growth.random() < 0.7:
                value = min(3.0, value + growth.choice((1, 1, 2)))
            rows.append(
                IndicatorScore(
                    participant=participant,
                    indicator_id=indicator_id,
                    source="self",
                    value=None if value is None else Decimal(str(value)),
                )
            )
    IndicatorScore.objects.bulk_create(rows, batch_size=2000)
    done = datetime.combine(campaign.ends_on - timedelta(days=3), time(9), tzinfo=UTC)
    for participant in participants:
        if participant.user_id in profiles:
            profile_services.participant_refold(participant=participant)
    campaign.participants.filter(user_id__in=profiles).update(self_done_at=done)


def _current(framework, organization, methodist, title, today, rng, spring) -> None:
    """This autumn's self-assessment at one school: open, most teachers have answered, each
    close to what they said in spring."""
    campaign = Campaign.objects.create(
        title=title,
        framework=framework,
        organization=organization,
        starts_on=today - timedelta(days=14),
        ends_on=today + timedelta(days=21),
        self_assessment=True,
        observation=True,
        created_by=methodist,
        remind_at=timezone.make_aware(datetime.combine(today + timedelta(days=7), time(9))),
    )
    campaign_services.participants_add(
        campaign=campaign, people=campaign_selectors.default_people(campaign)
    )
    campaign_services.campaign_open(campaign=campaign, by=methodist)
    indicators = list(framework.indicators.values_list("pk", flat=True))
    levels_count = len(framework.levels)
    answered = 0
    for participant in campaign.participants.select_related("user").order_by("pk"):
        if participant.user.email.startswith("teacher@") or rng.random() < 0.3:
            continue
        before = dict(
            IndicatorScore.objects.filter(
                participant__campaign=spring, participant__user=participant.user
            ).values_list("indicator_id", "value")
        )
        values = {}
        for pk in indicators:
            was = before.get(pk, Decimal(rng.randint(0, levels_count - 1)))
            values[pk] = (
                None
                if was is None
                else min(Decimal(3), max(Decimal(0), was + rng.choice((-1, 0, 0, 0, 1))))
            )
        profile_services.scores_record(participant=participant, source="self", values=values)
        now = timezone.now() - timedelta(days=rng.randint(1, 12))
        Invitation.objects.filter(
            questionnaire=campaign.questionnaire, user=participant.user
        ).update(answered_at=now)
        participant.self_done_at = now
        participant.save(update_fields=["self_done_at"])
        answered += 1
        if answered <= 3:
            instrument_services.observation_record(
                participant=participant,
                observer=methodist,
                subject=rng.choice(
                    [
                        "Урок математики, 3 Б: задачи на движение",
                        "Урок литературного чтения, 2 А",
                        "Урок окружающего мира, 4 В: проектная работа",
                    ]
                ),
                observed_on=today - timedelta(days=rng.randint(2, 10)),
                notes="Цели урока названы детям; обратная связь — устно, без критериев.",
                values={pk: Decimal(rng.randint(1, 3)) for pk in indicators[:12]},
            )
