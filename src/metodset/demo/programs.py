"""Programmes of the demo: a digital internship in the middle of its second stage, last
season's internship that has finished, and an internship-site programme with individual plans.

The internship follows seed 000 through the platform's own services: a published programme,
applications from teachers of the network and from newcomers, decisions, teams of mixed
cities with tutors, event cards in every state, attendance of the first event, and a live
session of the second stage ready to run. The finished one (for primary-school teachers; the
demo teacher was an intern) has its three events attended, every team's work accepted and
the reflection answered, so that most of its interns completed it — the certificates module
of the demo issues their certificates. Recognised by title: a second load adds nothing.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from metodset.accounts.models import Membership, Network, Organization, User
from metodset.events.models import Event, Registration
from metodset.library import services as library
from metodset.programs import services
from metodset.programs.models import (
    Application,
    CalendarEntry,
    PlanProgress,
    PlanStep,
    Program,
    ProgramMember,
    Submission,
    SubmissionVersion,
)
from metodset.programs.services import teamwork
from metodset.programs.services.programs import reflection_questionnaire

from .cohort import cohort_feed_load
from .data import DEMO_DOMAIN
from .surveys import questionnaire_answered

INTERNSHIP_TITLE = "Цифровая педагогическая интернатура «Игровые технологии в ДОУ»"
SITE_TITLE = "Программа стажировки на базе Гимназии № 53 «Цифровая образовательная среда школы»"
FINISHED_TITLE = "Цифровая педагогическая интернатура «Смысловое чтение в начальной школе»"

NEWCOMERS = [
    (
        "Гончарова",
        "Светлана",
        "Игоревна",
        "goncharova-ds5@example.ru",
        "МБДОУ «Детский сад № 5»",
        "Омск",
    ),
    (
        "Кравцова",
        "Наталья",
        "Олеговна",
        "kravtsova-ds18@example.ru",
        "МАДОУ «Детский сад № 18»",
        "Тюмень",
    ),
    (
        "Лапина",
        "Оксана",
        "Викторовна",
        "lapina-ds3@example.ru",
        "МБДОУ «Детский сад № 3 „Ласточка“»",
        "Курган",
    ),
    (
        "Жукова",
        "Елена",
        "Сергеевна",
        "zhukova-ds44@example.ru",
        "МАДОУ «Детский сад № 44»",
        "Пермь",
    ),
]

CARD = {
    "title": "Онлайн-квест «Путешествие в страну игр» для родителей и детей",
    "audience": "Родители и дети 5–6 лет",
    "goals": "Показать родителям, как игровые технологии развивают познавательную активность.",
    "tasks": "Познакомить с тремя играми; дать задания для игры дома; собрать обратную связь.",
    "product": "Сборник игр для семейного досуга и видеозапись квеста.",
    "materials": "Презентация, карточки заданий, ссылка на онлайн-встречу, анкета отзыва.",
    "problem": "Низкая вовлечённость родителей в развивающие игры дома.",
    "difficulties": "Согласовать время встречи для семей из разных городов.",
    "emotions": "Радость совместной игры, интерес, желание повторить дома.",
}


def demo_programs_load(
    *, network: Network, organizations: dict[str, Organization], today: date | None = None
) -> tuple[str, int]:
    """Create the demo's programmes where missing; return a Russian line and how many."""
    today = today or timezone.localdate()
    coordinator = User.objects.get(email=f"coordinator@{DEMO_DOMAIN}")
    created = 0
    with transaction.atomic():
        if not Program.objects.filter(title=INTERNSHIP_TITLE).exists():
            _internship(network, organizations, coordinator, today)
            created += 1
        if not Program.objects.filter(title=SITE_TITLE).exists():
            _internship_site(network, organizations, coordinator, today)
            created += 1
        if not Program.objects.filter(title=FINISHED_TITLE).exists():
            _finished_internship(network, organizations, coordinator, today)
            created += 1
    interns = ProgramMember.objects.filter(
        program__title=INTERNSHIP_TITLE, role=ProgramMember.Role.INTERN
    ).count()
    finished = ProgramMember.objects.filter(
        program__title=FINISHED_TITLE, role=ProgramMember.Role.INTERN
    ).count()
    return (
        f"Программы: цифровая интернатура на втором этапе ({interns} интернов в командах с "
        "тьюторами, проекты событий во всех состояниях, защита проектов подготовлена), "
        f"завершённая интернатура прошлого сезона ({finished} интернов, итоги подведены) и "
        f"программа стажировки; добавлено сейчас: {created}.",
        created,
    )


def _people(organizations: dict[str, Organization], keys: tuple[str, ...], role: str) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organization__in=[organizations[k] for k in keys],
            memberships__role=role,
        )
        .exclude(email__startswith="teacher@")
        .distinct()
        .order_by("email")
    )


def _internship(network, organizations, coordinator, today) -> Program:
    rng = random.Random(20261124)
    program = services.program_create_from_scheme(
        by=coordinator,
        kind=Program.Kind.DIGITAL_INTERNSHIP,
        organizer=organizations["gim53"],
        network=network,
        title=INTERNSHIP_TITLE,
        topic="Игровые технологии как средство развития познавательной активности дошкольников",
        starts_on=today - timedelta(days=14),
    )
    program.audience = "Воспитатели, специалисты и старшие воспитатели детских садов"
    program.capacity = 20
    program.applications_open_on = today - timedelta(days=40)
    program.applications_close_on = today + timedelta(days=1)  # applications accepted for the demo
    program.hours_self_study = 36
    program.save()
    services.program_publish(program=program)
    kindergartens = ("ds12", "ds45", "ds7")
    teachers = _people(organizations, kindergartens, Membership.Role.TEACHER)
    rng.shuffle(teachers)
    applicants = teachers[:18]
    for person in applicants:
        membership = person.memberships.filter(organization__isnull=False).first()
        services.application_submit(
            program=program,
            user=person,
            email=person.email,
            last_name=person.last_name,
            first_name=person.first_name,
            middle_name=person.middle_name,
            organization=membership.organization if membership else None,
            position=person.position,
            city=membership.organization.city if membership and membership.organization else "",
            motivation=rng.choice(
                [
                    "Хочу научиться проводить онлайн-встречи с родителями.",
                    "Ищу новые игровые приёмы для занятий и хочу поработать в команде с коллегами.",
                    "Интересно попробовать себя в цифровой среде и получить обратную связь.",
                    "Готовлюсь к аттестации, нужен опыт проектирования событий.",
                ]
            ),
            consent_given=True,
        )
    for last, first, middle, email, org, city in NEWCOMERS:
        services.application_submit(
            program=program,
            email=email,
            last_name=last,
            first_name=first,
            middle_name=middle,
            organization_name=org,
            position="воспитатель",
            city=city,
            motivation="Увидела приглашение в сообществе ВКонтакте, хочу участвовать.",
            consent_given=True,
        )
    applications = list(Application.objects.filter(program=program).order_by("pk"))
    accept = applications[:14] + applications[18:20]
    services.applications_decide(
        program=program, applications=accept, decision="accepted", by=coordinator
    )
    services.applications_decide(
        program=program, applications=applications[14:16], decision="rejected", by=coordinator
    )
    services.applications_decide(
        program=program, applications=applications[16:17], decision="waitlisted", by=coordinator
    )
    services.program_start(program=program)
    tutors = [
        User.objects.get(email=f"methodist@{DEMO_DOMAIN}"),  # a demo login sees a tutor's pages
        *_people(organizations, ("imc",), Membership.Role.METHODIST)[:1],
        *_people(organizations, ("kiro",), Membership.Role.METHODIST)[:1],
        *_people(organizations, ("ds45",), Membership.Role.METHODIST)[:1],
    ]
    for tutor in tutors:
        services.tutor_add(program=program, user=tutor, by=coordinator)
    # Applications sent within the demo were "received" weeks ago.
    Application.objects.filter(program=program).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    services.teams_form(program=program, by=coordinator)
    _first_event_attended(program, rng)
    _event_cards(program, coordinator)
    from metodset.programs.services import sessions

    second = program.stages.get(kind="second")
    sessions.session_create(stage=second, event=second.events.first(), by=coordinator)
    assert program.final_case is not None  # every programme made from a scheme has one
    library.collection_add(
        collection=program.final_case,
        material=library.material_create(
            by=coordinator,
            title="Игровые технологии в дистанционном формате: методические рекомендации",
            kind="recommendations",
            url="https://gimnazia53-mgn.ru/metod/igry-online.pdf",
            organization=organizations["gim53"],
            authors="Смирнова О. И.",
        ),
    )
    cohort_feed_load(program, coordinator)
    return program


def _first_event_attended(program: Program, rng: random.Random) -> None:
    first = program.stages.get(kind="first").events.get()
    registrations = list(Registration.objects.filter(event=first, status="registered"))
    for registration in registrations:
        if rng.random() < 0.9:
            registration.attended_at = first.starts_at + timedelta(minutes=rng.randint(0, 7))
    Registration.objects.bulk_update(registrations, ["attended_at"])


def _event_cards(program: Program, coordinator: User) -> None:
    """Team 1's card accepted, team 2's returned with a comment, team 3's handed in, team 4's a
    draft — every state a tutor meets."""
    assignment = program.stages.get(kind="first").assignments.get()
    teams = list(program.teams.select_related("tutor").order_by("number"))
    for number, team in enumerate(teams, start=1):
        member = team.members.filter(role=ProgramMember.Role.INTERN).first()
        if member is None:
            continue
        author = member.user
        submission = teamwork.submission_for(assignment=assignment, team=team)
        card = dict(CARD)
        if number == 2:
            card["title"] = "Онлайн-мастерская «Играем вместе с мамой»"
            card["goals"] = "Научить родителей играм."
        teamwork.submission_save(submission=submission, by=author, card=card)
        if number == 4:
            continue
        teamwork.submission_submit(submission=submission, by=author)
        reviewer = team.tutor or coordinator
        if number == 1:
            teamwork.submission_accept(
                submission=submission, by=reviewer, comment="Отличный проект, можно проводить!"
            )
        elif number == 2:
            teamwork.submission_return(
                submission=submission,
                by=reviewer,
                comments={"goals": "Цель сформулирована слишком общо: что изменится у родителей?"},
                general="Доработайте цели и задачи, остальное хорошо.",
            )
    # Handed in two days ago, before the due date.
    Submission.objects.filter(assignment=assignment).exclude(state=Submission.State.DRAFT).update(
        submitted_at=timezone.now() - timedelta(days=2), late=False
    )


def _internship_site(network, organizations, coordinator, today) -> Program:
    program = services.program_create_from_scheme(
        by=coordinator,
        kind=Program.Kind.INTERNSHIP_SITE,
        organizer=organizations["gim53"],
        network=network,
        title=SITE_TITLE,
        topic="Проектирование системы управления качеством образования на основе цифровых сервисов",
        starts_on=today - timedelta(days=60),
    )
    program.audience = "Учителя и заместители руководителей школ — партнёров сети"
    program.save()
    services.program_publish(program=program)
    services.program_start(program=program)
    trainees = [
        User.objects.get(email=f"teacher@{DEMO_DOMAIN}"),  # the demo teacher is a trainee
        *_people(organizations, ("sch161", "lyc18", "sch33", "el2"), Membership.Role.TEACHER)[:9],
    ]
    for person in trainees:
        ProgramMember.objects.create(program=program, user=person, role=ProgramMember.Role.INTERN)
    steps = list(PlanStep.objects.filter(program=program).order_by("order"))
    now = timezone.now()
    for n, person in enumerate(trainees):
        for step in steps[: 1 + n % len(steps)]:
            PlanProgress.objects.create(
                step=step,
                user=person,
                done_at=now - timedelta(days=50 - step.order * 7),
                note="Выполнено по плану.",
            )
    months = [
        ("Цели и задачи опытно-экспериментальной работы", "Гришина И. В., Канчурина Р. Р."),
        ("Приоритеты инновационной деятельности образовательной организации", "Кулаков И. В."),
        ("Педагогическое проектирование авторского продукта", "Смирнова О. И."),
        ("Взаимоэкспертиза продуктов стажёров", "Орлов Д. А."),
        ("Подготовка к публичной защите на конференции", "Смирнова О. И."),
    ]
    start = (today - timedelta(days=60)).replace(day=1)
    for n, (topic, leaders) in enumerate(months):
        month = (start + timedelta(days=32 * n)).replace(day=1)
        CalendarEntry.objects.create(
            program=program,
            month=month,
            topic=topic,
            content="Установочная встреча, работа в группах, консультации по продуктам.",
            leaders=leaders,
        )
    return program


# --- last season's internship, finished ---------------------------------------------------

FINISHED_SCHOOLS = ("gim53", "sch161", "lyc18", "sch4", "sch33", "el2")
FINISHED_POSITIONS = (
    "учитель начальных классов",
    "учитель русского языка и литературы",
    "учитель-логопед",
    "педагог-психолог",
)
FINISHED_TEAMS = ("Читалочка", "Между строк", "Открытая книга", "Книжный мост")
FINISHED_CARDS = [
    {
        "title": "Литературная гостиная «Читаем вместе» для третьеклассников и родителей",
        "audience": "Учащиеся 3 классов и их родители",
        "goals": "Показать родителям приёмы чтения с остановками и обсуждения прочитанного.",
        "tasks": "Прочитать рассказ с остановками; составить вопросы к тексту; дать задание "
        "для семейного чтения.",
        "product": "Памятка для родителей «Как читать с ребёнком» и запись встречи.",
        "materials": "Текст рассказа, карточки с вопросами, презентация, анкета отзыва.",
        "problem": "Дети читают, но не понимают прочитанного; дома читают мало.",
        "difficulties": "Подобрать текст, интересный и детям, и взрослым.",
        "emotions": "Интерес, радость совместного чтения, желание продолжить дома.",
    },
    {
        "title": "Онлайн-марафон «Читательский дневник 2.0»",
        "audience": "Учащиеся 4 классов",
        "goals": "Научить вести читательский дневник с приёмами «толстых и тонких вопросов».",
        "tasks": "Познакомить с шаблоном дневника; провести три встречи; собрать работы.",
        "product": "Шаблон цифрового читательского дневника и лучшие работы учеников.",
        "materials": "Шаблон дневника, видеоинструкция, список книг.",
        "problem": "Читательский дневник превратился в формальность.",
        "difficulties": "Удержать интерес учеников все три недели.",
        "emotions": "Азарт соревнования, гордость за свои записи.",
    },
    {
        "title": "Мастерская «Кластер и синквейн на уроке литературного чтения»",
        "audience": "Учителя начальных классов школ сети",
        "goals": "Передать коллегам опыт работы с кластером и синквейном.",
        "tasks": "Показать фрагмент урока; разобрать приёмы; дать задание на неделю.",
        "product": "Сборник технологических карт уроков с приёмами смыслового чтения.",
        "materials": "Видеофрагмент урока, технологические карты, презентация.",
        "problem": "Коллеги знают приёмы, но редко применяют их системно.",
        "difficulties": "Согласовать время встречи для учителей трёх часовых поясов.",
        "emotions": "Удовлетворение от обмена опытом, вдохновение.",
    },
    {
        "title": "Квест «Тайна старой библиотеки» для второклассников",
        "audience": "Учащиеся 2 классов",
        "goals": "Развивать умение находить информацию в тексте и делать выводы.",
        "tasks": "Подготовить пять станций с текстовыми заданиями; провести квест онлайн.",
        "product": "Сценарий квеста и комплект заданий для повторного проведения.",
        "materials": "Тексты заданий, карта квеста, ссылка на онлайн-доску.",
        "problem": "Младшие школьники не умеют искать ответ в тексте.",
        "difficulties": "Техническая подготовка онлайн-доски для детей.",
        "emotions": "Увлечённость, командный дух, радость открытия.",
    },
]


def _finished_internship(network, organizations, coordinator, today) -> Program:
    """Sixteen teachers of six schools in four teams; 72 hours (24 in person, 48 self-study).

    Nearly everyone completed it; one intern dropped out after the first event and another
    never answered the reflection questionnaire. Two interns missed the final event (two of
    three are enough). Rows are written directly, as in ``events``: the demo's outbox should
    not fill with letters about a programme that ended months ago.
    """
    rng = random.Random(20260305)
    program = services.program_create_from_scheme(
        by=coordinator,
        kind=Program.Kind.DIGITAL_INTERNSHIP,
        organizer=organizations["gim53"],
        network=network,
        title=FINISHED_TITLE,
        topic="Стратегии смыслового чтения как средство формирования читательской грамотности "
        "младших школьников",
        starts_on=today - timedelta(days=120),
    )
    program.audience = "Учителя начальных классов, русского языка, логопеды и психологи школ"
    program.capacity = 16
    program.hours_in_person = Decimal(24)
    program.hours_self_study = Decimal(48)
    program.save()
    services.program_publish(program=program)
    services.program_start(program=program)
    events = list(Event.objects.filter(program_stages__program=program).order_by("starts_at"))
    opened = events[0].starts_at - timedelta(days=30)
    Program.objects.filter(pk=program.pk).update(created_at=opened - timedelta(days=10))

    teacher = User.objects.get(email=f"teacher@{DEMO_DOMAIN}")  # the demo teacher completed it
    candidates = [
        p
        for p in _people(organizations, FINISHED_SCHOOLS, Membership.Role.TEACHER)
        if p.position in FINISHED_POSITIONS
    ]
    rng.shuffle(candidates)
    interns = [teacher, *candidates[:15]]
    joined = [
        opened + timedelta(days=rng.randint(3, 20), minutes=rng.randint(0, 600)) for _ in interns
    ]
    ProgramMember.objects.bulk_create(
        ProgramMember(program=program, user=person, role=ProgramMember.Role.INTERN, joined_at=at)
        for person, at in zip(interns, joined, strict=True)
    )
    dropout, silent = interns[-1], interns[-2]
    missed_final = {interns[5].pk, interns[9].pk}
    registrations = []
    for person, at in zip(interns, joined, strict=True):
        for n, event in enumerate(events):
            attended = (person != dropout or n == 0) and not (
                n == len(events) - 1 and person.pk in missed_final
            )
            registrations.append(
                Registration(
                    event=event,
                    user=person,
                    status=Registration.Status.REGISTERED,
                    created_at=at,
                    attended_at=event.starts_at + timedelta(minutes=rng.randint(0, 6))
                    if attended
                    else None,
                    attendance_marked_by=coordinator if attended else None,
                )
            )
    Registration.objects.bulk_create(registrations)

    primary = [
        p
        for p in _people(organizations, ("imc",), Membership.Role.METHODIST)
        if p.specialisation == "начальное общее образование"
    ]
    tutors = [
        *primary[:1],
        *_people(organizations, ("lyc18",), Membership.Role.METHODIST)[:1],
        *_people(organizations, ("sch33",), Membership.Role.METHODIST)[:1],
        *_people(organizations, ("kiro",), Membership.Role.METHODIST)[1:2],
    ]
    for tutor in tutors:
        services.tutor_add(program=program, user=tutor, by=coordinator)
    for event in events:  # the tutors went to every event with their teams
        Registration.objects.filter(event=event, user__in=tutors).update(
            created_at=opened, attended_at=event.starts_at
        )
    services.teams_form(program=program, by=coordinator)
    teams = list(program.teams.order_by("number"))
    for team, name in zip(teams, FINISHED_TEAMS, strict=False):
        team.name = name
        team.save(update_fields=["name"])
    _finished_work(program, teams, rng)

    questionnaire = reflection_questionnaire(program)
    if questionnaire is not None:
        answering = [p for p in interns if p not in (dropout, silent)]
        questionnaire_answered(
            questionnaire,
            invitees=[*answering, silent, dropout],
            answers=len(answering),
            now=events[-1].starts_at + timedelta(days=9),
            seed=20260306,
        )
    services.program_finish(program=program)
    return program


def _finished_work(program: Program, teams: list, rng: random.Random) -> None:
    """Every team's event card and video of the event it held, handed in and accepted."""
    card_task = program.stages.get(kind="first").assignments.get()
    video_task = program.stages.get(kind="self_study").assignments.get()
    versions = []
    for team in teams:
        card = FINISHED_CARDS[(team.number - 1) % len(FINISHED_CARDS)]
        author = team.members.filter(role=ProgramMember.Role.INTERN).select_related("user").first()
        for task in (card_task, video_task):
            assert task.due_at is not None
            submitted = task.due_at - timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 9))
            submission = Submission.objects.create(
                assignment=task,
                team=team,
                state=Submission.State.ACCEPTED,
                submitted_at=submitted,
                accepted_at=submitted + timedelta(days=1, hours=rng.randint(0, 6)),
            )
            video = hashlib.sha256(f"{program.pk}-{team.number}".encode()).hexdigest()[:32]
            versions.append(
                SubmissionVersion(
                    submission=submission,
                    number=1,
                    card=card if task == card_task else {},
                    text="" if task == card_task else "Запись события, которое провела команда.",
                    video_url="" if task == card_task else f"https://rutube.ru/video/{video}/",
                    author=author.user if author else None,
                    submitted=True,
                    created_at=submitted,
                )
            )
    SubmissionVersion.objects.bulk_create(versions)
