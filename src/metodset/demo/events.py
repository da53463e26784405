"""A season of events for the demo network: past ones with attendance and recordings, coming
ones in three time zones, a full one with a waiting list, a weekly «методический четверг».

Dates are relative to the day of the first load; an event is recognised by its title and
organiser, so a second load adds nothing. Registrations are written directly (no letters):
the demo should not greet its visitors with hundreds of queued e-mails.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from metodset.accounts.models import Membership, Network, Organization, User
from metodset.events import meetings, recurrence, search
from metodset.events.models import Event, EventSeries, Registration

from .data import DEMO_DOMAIN

K = Event.Kind
F = Event.Format
P = Event.Provider
A = Event.Audience

ZONES = {
    "chel": "Asia/Yekaterinburg",
    "kld": "Europe/Kaliningrad",
    "kam": "Asia/Kamchatka",
}


@dataclass(frozen=True)
class PlannedEvent:
    title: str  # {year}: the year the event takes place in
    organizer: str  # OrganizationData.key
    kind: str
    format: str
    day: int  # days from the load day
    at: time | None  # local time in the organiser's zone; None: a few minutes after loading
    zone: str
    minutes: int = 90
    provider: str = P.LINK
    capacity: int | None = None
    hours: str = "2"
    audience: str = A.ALL
    place: str = ""
    competencies: str = ""
    description: str = ""
    registered: int = 20  # how many people register
    attended_share: float = 0.8  # of the registered, for past events
    recording: bool = False
    waitlisted: int = 0
    teacher_registers: bool = False  # teacher@demo registers
    cancelled: str = ""  # a reason, if the event is cancelled

    def title_on(self, today: date) -> str:
        return self.title.format(year=(today + timedelta(days=self.day)).year)


SEASON = [
    PlannedEvent(
        "Формирующее оценивание на уроке: приёмы обратной связи",
        "gim53", K.WEBINAR, F.ONLINE, -38, time(15, 0), ZONES["chel"],
        competencies="формирующее оценивание, обратная связь",
        description="Разбираем приёмы формирующего оценивания, которые работают в начальной "
        "и основной школе: листы самооценки, «светофор», критериальные таблицы. "
        "Участники получат подборку шаблонов.",
        registered=46, recording=True, teacher_registers=True,
    ),
    PlannedEvent(
        "Цифровые инструменты педагога: конструктор интерактивных заданий",
        "imc", K.MASTER_CLASS, F.ONLINE, -31, time(14, 30), ZONES["chel"], minutes=120,
        provider=P.JITSI, capacity=30, hours="3", competencies="ИКТ-компетентность",
        description="Практический мастер-класс: создаём интерактивное задание для своего урока "
        "и публикуем его для учеников.",
        registered=30, recording=True, teacher_registers=True,
    ),
    PlannedEvent(
        "Сетевое взаимодействие ДОО: обмен практиками речевого развития",
        "ds45", K.SEMINAR, F.HYBRID, -24, time(10, 0), ZONES["kld"], minutes=180,
        hours="4", audience=A.PRESCHOOL,
        place="Калининград, ул. Каштановая аллея, 45, музыкальный зал",
        competencies="речевое развитие дошкольников",
        description="Педагоги детских садов сети показывают практики развития речи: "
        "мнемотаблицы, сторителлинг, логоритмика.",
        registered=28, recording=True,
    ),
    PlannedEvent(
        "Консультация: индивидуальный образовательный маршрут педагога",
        "kiro", K.CONSULTATION, F.ONLINE, -17, time(16, 0), ZONES["kam"], minutes=60,
        hours="1", audience=A.MANAGERS, competencies="диагностика профессиональных дефицитов",
        description="Как по результатам диагностики дефицитов составить ИОМ: столбцы документа, "
        "типичные ошибки, примеры.",
        registered=18,
    ),
    PlannedEvent(
        "Открытый урок «Дроби вокруг нас», 5 класс",
        "lyc18", K.OPEN_LESSON, F.OFFLINE, -10, time(10, 40), ZONES["kld"], minutes=45,
        provider="", capacity=12, hours="1", audience=A.SUBJECT,
        place="Калининград, МАОУ «Лицей № 18», кабинет 214",
        competencies="функциональная грамотность, математика",
        registered=12,
    ),
    PlannedEvent(
        "Навигатор по ФОП ДО: обновления {year} года",
        "kpk", K.WEBINAR, F.ONLINE, -3, time(11, 0), ZONES["kld"], hours="2",
        audience=A.PRESCHOOL, competencies="нормативно-правовые основы",
        registered=34, recording=True,
    ),
    # On now: whoever opens the demo can join it and check in.
    PlannedEvent(
        "Онлайн-консультация для участников сети: как работать на платформе",
        "gim53", K.CONSULTATION, F.ONLINE, 0, None, ZONES["chel"], minutes=180,
        provider=P.JITSI, hours="1", competencies="ИКТ-компетентность",
        description="Открытая консультация в прямом эфире: как найти мероприятие, "
        "зарегистрироваться, войти во встречу и отметить присутствие.",
        registered=25, teacher_registers=True,
    ),
    # The coming weeks.
    PlannedEvent(
        "Смысловое чтение в начальной школе: стратегии продуктивного чтения",
        "gim53", K.WEBINAR, F.ONLINE, 1, time(15, 0), ZONES["chel"], capacity=100,
        audience=A.PRIMARY, competencies="смысловое чтение, читательская грамотность",
        description="Технология продуктивного чтения-слушания: до чтения, во время чтения, "
        "после чтения. Примеры заданий для 1–4 классов.",
        registered=41, teacher_registers=True,
    ),
    PlannedEvent(
        "Мастер-класс «Игровые технологии для познавательной активности»",
        "ds12", K.MASTER_CLASS, F.OFFLINE, 2, time(13, 30), ZONES["chel"], minutes=120,
        provider="", capacity=15, hours="2", audience=A.PRESCHOOL,
        place="Магнитогорск, МБДОУ «Детский сад № 12 „Солнышко“», методический кабинет",
        competencies="игровые технологии",
        registered=15, waitlisted=4,
    ),
    PlannedEvent(
        "Школа молодого педагога: первый год в профессии",
        "imc", K.SEMINAR, F.ONLINE, 3, time(16, 0), ZONES["chel"], provider=P.JITSI,
        audience=A.YOUNG, competencies="классное руководство, коммуникация с родителями",
        registered=22, teacher_registers=True,
    ),
    PlannedEvent(
        "Экспертиза методических разработок: критерии и процедура",
        "kiro", K.WEBINAR, F.ONLINE, 5, time(17, 0), ZONES["kam"], hours="2",
        audience=A.MANAGERS, competencies="экспертиза методических продуктов",
        registered=16,
    ),
    PlannedEvent(
        "Педагогическая конференция «Образование без границ — {year}»",
        "gim53", K.CONFERENCE, F.HYBRID, 9, time(10, 0), ZONES["chel"], minutes=300,
        capacity=200, hours="6", place="Магнитогорск, МОУ «Гимназия № 53», актовый зал",
        competencies="обобщение опыта, публичное представление",
        description="Итоговая конференция сети: секции по дошкольному, начальному и основному "
        "общему образованию; защита методических продуктов стажёров.",
        registered=64,
    ),
    PlannedEvent(
        "Психолого-педагогическое сопровождение детей с ОВЗ",
        "sch33", K.SEMINAR, F.ONLINE, 12, time(15, 30), ZONES["kam"], hours="2",
        audience=A.SPECIALISTS, competencies="инклюзивное образование",
        registered=19,
    ),
    PlannedEvent(
        "Вебинар для родителей: готовность к школе",
        "ds7", K.WEBINAR, F.ONLINE, 16, time(18, 30), ZONES["kam"], minutes=60, hours="0",
        audience=A.PARENTS, registered=8,
    ),
    PlannedEvent(
        "Занятие стажировочной площадки: проектирование урока с цифровыми ресурсами",
        "gim53", K.TRAINEESHIP_SESSION, F.ONLINE, 20, time(15, 0), ZONES["chel"], minutes=120,
        capacity=40, hours="3", competencies="ИКТ-компетентность, проектирование урока",
        registered=27,
    ),
    PlannedEvent(
        "Семинар по наставничеству (перенесён на весну)",
        "el2", K.SEMINAR, F.OFFLINE, 6, time(14, 0), ZONES["kam"], provider="",
        place="Елизово, МБОУ «Елизовская СШ № 2», кабинет 12",
        registered=9, cancelled="Семинар переносится на весну: ведущая заболела. "
        "Новую дату сообщим в каталоге.",
    ),
]  # fmt: skip

THURSDAY_TITLE = "Методический четверг"
THURSDAY_ORGANIZER = "ds12"


def demo_events_load(
    *, network: Network, organizations: dict[str, Organization], today: date | None = None
) -> tuple[str, int]:
    """Create the demo's events where missing; return a Russian line and how many were added."""
    today = today or datetime.now(UTC).date()
    rng = random.Random(20261124)
    coordinator = User.objects.get(email=f"coordinator@{DEMO_DOMAIN}")
    teacher = User.objects.get(email=f"teacher@{DEMO_DOMAIN}")
    people = list(
        User.objects.filter(
            memberships__organization__in=organizations.values(),
            memberships__role__in=[Membership.Role.TEACHER, Membership.Role.METHODIST],
        )
        .exclude(pk=teacher.pk)
        .distinct()
        .order_by("pk")
    )
    existing = set(
        Event.objects.filter(organizer__in=organizations.values()).values_list(
            "title", "organizer_id"
        )
    )
    created = 0
    with transaction.atomic():
        for plan in SEASON:
            organizer = organizations[plan.organizer]
            if (plan.title_on(today), organizer.pk) in existing:
                continue
            event = _event(plan, organizer=organizer, network=network, by=coordinator, today=today)
            _registrations(event, plan, people=people, teacher=teacher, rng=rng)
            created += 1
        created += _thursdays(organizations[THURSDAY_ORGANIZER], by=coordinator, today=today)
    total = Event.objects.filter(organizer__in=organizations.values()).count()
    return f"Мероприятия сезона: {total}, из них добавлено сейчас: {created}.", created


def _event(
    plan: PlannedEvent, *, organizer: Organization, network: Network, by: User, today: date
) -> Event:
    if plan.at is None:
        now = datetime.now(UTC)
        starts = now.replace(second=0, microsecond=0) - timedelta(minutes=now.minute % 5 - 5)
    else:
        local = datetime.combine(
            today + timedelta(days=plan.day), plan.at, tzinfo=ZoneInfo(plan.zone)
        )
        starts = local.astimezone(UTC)
    provider = plan.provider if plan.format != F.OFFLINE else ""
    event = Event.objects.create(
        title=plan.title_on(today),
        kind=plan.kind,
        format=plan.format,
        description=plan.description,
        organizer=organizer,
        network=network,
        created_by=by,
        starts_at=starts,
        duration_minutes=plan.minutes,
        time_zone=plan.zone,
        place=plan.place,
        provider=provider,
        meeting_url="https://telemost.yandex.ru/j/0000000000000" if provider == P.LINK else "",
        meeting_room=meetings.room_for(provider),
        capacity=plan.capacity,
        hours=Decimal(plan.hours),
        audience=plan.audience,
        competencies=plan.competencies,
        recording_url="https://rutube.ru/video/demo-metodset/" if plan.recording else "",
        status=Event.Status.CANCELLED if plan.cancelled else Event.Status.PUBLISHED,
        cancel_reason=plan.cancelled,
        cancelled_at=starts - timedelta(days=2) if plan.cancelled else None,
    )
    Event.objects.filter(pk=event.pk).update(created_at=starts - timedelta(days=21))
    search.reindex_event(event)
    return event


def _registrations(
    event: Event, plan: PlannedEvent, *, people: list[User], teacher: User, rng: random.Random
) -> None:
    chosen = rng.sample(people, min(plan.registered + plan.waitlisted, len(people)))
    if plan.teacher_registers:
        chosen = [teacher, *chosen[:-1]]
    past = event.ends_at < datetime.now(UTC)
    opened = event.starts_at - timedelta(days=20)
    rows = []
    for n, person in enumerate(chosen):
        waiting = n >= plan.registered
        registered_at = opened + timedelta(minutes=37 * n + rng.randint(0, 30))
        attended = (
            past
            and not waiting
            and not plan.cancelled
            and (person == teacher or rng.random() < plan.attended_share)
        )
        rows.append(
            Registration(
                event=event,
                user=person,
                status=Registration.Status.WAITLISTED
                if waiting
                else Registration.Status.REGISTERED,
                created_at=registered_at,
                waitlisted_at=registered_at if waiting else None,
                attended_at=event.starts_at + timedelta(minutes=rng.randint(0, 10))
                if attended
                else None,
            )
        )
    Registration.objects.bulk_create(rows)


def _school_year(today: date) -> tuple[date, date]:
    start_year = today.year if today.month >= 8 else today.year - 1
    return date(start_year, 9, 1), date(start_year + 1, 5, 31)


def _thursdays(organizer: Organization, *, by: User, today: date) -> int:
    """«Методический четверг» of the kindergarten: every Thursday at 15:00, holidays excepted."""
    if EventSeries.objects.filter(title=THURSDAY_TITLE, events__organizer=organizer).exists():
        return 0
    first, last = _school_year(today)
    holidays = [date(first.year, 12, 31), date(last.year, 1, 7), date(last.year, 3, 25)]
    zone = ZONES["chel"]
    series = EventSeries.objects.create(
        title=THURSDAY_TITLE,
        weekday=3,
        start_time=time(15, 0),
        time_zone=zone,
        first_date=first,
        last_date=last,
        exceptions=[d.isoformat() for d in holidays],
    )
    dates = recurrence.occurrence_dates(weekday=3, first=first, last=last, exceptions=holidays)
    members = list(
        User.objects.filter(memberships__organization=organizer).distinct().order_by("pk")
    )
    for day in dates:
        event = Event.objects.create(
            title=THURSDAY_TITLE,
            kind=K.COMMUNITY_MEETING,
            format=F.OFFLINE,
            description="Встреча профессионального обучающегося сообщества детского сада: "
            "обсуждаем занятия, наблюдения за детьми и план следующего исследовательского занятия.",
            organizer=organizer,
            series=series,
            created_by=by,
            starts_at=recurrence.starts_in_utc(day, time(15, 0), zone),
            duration_minutes=60,
            time_zone=zone,
            place="Методический кабинет",
            visibility=Event.Visibility.ORGANIZATION,
            audience=A.PRESCHOOL,
            hours=Decimal("1"),
        )
        search.reindex_event(event)
        past = event.ends_at < datetime.now(UTC)
        Registration.objects.bulk_create(
            Registration(
                event=event,
                user=person,
                status=Registration.Status.REGISTERED,
                created_at=event.starts_at - timedelta(days=7),
                attended_at=event.starts_at if past and (person.pk + day.day) % 5 else None,
            )
            for person in members
        )
    return len(dates)
