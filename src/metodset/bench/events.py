"""Events for the benchmarks: a region's season of events with registrations, bulk-inserted.

With 1,500 organisations the region holds 20,000 events (about thirteen per organisation over
half a year), each with a few dozen registrations; the teacher the pages are requested as is
registered for a handful of the coming ones.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.db import transaction

from metodset.accounts.models import Organization, User
from metodset.events.models import Event, Registration
from metodset.events.search import reindex_events
from metodset.events.services import calendar_token_for

from .generate import BenchRegion

EVENTS_PER_ORGANIZATION = 40 / 3  # 20,000 at 1,500 organisations
TOPICS = [
    "Формирующее оценивание на уроке",
    "Смысловое чтение в начальной школе",
    "Цифровые инструменты педагога",
    "Игровые технологии в детском саду",
    "Функциональная грамотность: математическая",
    "Наставничество молодых педагогов",
    "Психолого-педагогическое сопровождение детей с ОВЗ",
    "Проектная деятельность дошкольников",
    "Индивидуальный образовательный маршрут педагога",
    "Воспитательная работа классного руководителя",
    "Подготовка к ГИА: анализ типичных ошибок",
    "Речевое развитие: мнемотехника и сторителлинг",
]
KINDS = [k for k, _label in Event.Kind.choices]
FORMATS = [f for f, _label in Event.Format.choices]


def events_grow(*, bench: BenchRegion, total: int, per_event: int, seed: int = 20261124) -> int:
    """Add events up to ``total`` for the region's organisations; return how many there are."""
    existing = Event.objects.count()
    if existing >= total:
        return existing
    # A returning teacher has her calendar address already; the first visit would make it.
    calendar_token_for(user=bench.teacher)
    rng = random.Random(seed + existing)
    organizer_ids = list(
        Organization.objects.filter(region=bench.region).values_list("pk", flat=True)
    )
    people = list(
        User.objects.filter(email__endswith="bench.metodset.ru")
        .exclude(pk=bench.teacher.pk)
        .values_list("pk", flat=True)
    )
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    events = []
    for n in range(existing, total):
        starts = now + timedelta(days=rng.randint(-60, 120), hours=rng.randint(-6, 8))
        fmt = rng.choice(FORMATS)
        events.append(
            Event(
                title=f"{rng.choice(TOPICS)} (занятие {n + 1})",
                kind=rng.choice(KINDS),
                format=fmt,
                organizer_id=rng.choice(organizer_ids),
                network=bench.network if rng.random() < 0.7 else None,
                starts_at=starts,
                duration_minutes=rng.choice([60, 90, 120]),
                time_zone=bench.region.time_zone,
                place="" if fmt == Event.Format.ONLINE else "Актовый зал",
                provider="" if fmt == Event.Format.OFFLINE else Event.Provider.LINK,
                meeting_url="" if fmt == Event.Format.OFFLINE else "https://telemost.yandex.ru/j/1",
                capacity=rng.choice([None, 30, 50, 100]),
                hours=Decimal(rng.choice(["1", "2", "3", "4"])),
                audience=rng.choice([a for a, _label in Event.Audience.choices]),
                competencies="оценивание, чтение",
            )
        )
    with transaction.atomic():
        Event.objects.bulk_create(events, batch_size=1000)
        reindex_events([event.pk for event in events])
        registrations = []
        for event in events:
            count = min(per_event, event.capacity or per_event)
            for user_id in rng.sample(people, count):
                registrations.append(
                    Registration(
                        event=event,
                        user_id=user_id,
                        status=Registration.Status.REGISTERED,
                        created_at=event.starts_at - timedelta(days=7),
                    )
                )
        coming = [e for e in events if now < e.starts_at < now + timedelta(days=30)][:5]
        registrations += [
            Registration(
                event=e, user=bench.teacher, status=Registration.Status.REGISTERED, created_at=now
            )
            for e in coming
        ]
        Registration.objects.bulk_create(registrations, batch_size=5000)
    return total
