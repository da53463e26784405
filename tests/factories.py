"""Small factories for tests: real rows in the real database, nothing mocked."""

from __future__ import annotations

import itertools
from datetime import timedelta as dt_timedelta

from metodset.accounts.models import Membership, Network, NetworkPartner, Organization, Region, User

PASSWORD = "test-pass-123"
_seq = itertools.count(1)


def region(name: str | None = None, time_zone: str = "Europe/Moscow") -> Region:
    n = next(_seq)
    return Region.objects.create(name=name or f"Регион {n}", time_zone=time_zone)


def organization(
    *, region_: Region | None = None, kind: str = Organization.Kind.SCHOOL, **fields
) -> Organization:
    n = next(_seq)
    fields.setdefault("name", f"Муниципальное бюджетное общеобразовательное учреждение «СОШ № {n}»")
    fields.setdefault("short_name", f"МБОУ «СОШ № {n}»")
    fields.setdefault("city", "Калининград")
    return Organization.objects.create(region=region_ or region(), kind=kind, **fields)


def network(*, partners: list[Organization] = (), **fields) -> Network:
    n = next(_seq)
    fields.setdefault("name", f"Сеть {n}")
    net = Network.objects.create(**fields)
    for org in partners:
        NetworkPartner.objects.create(network=net, organization=org)
    return net


def person(
    *,
    email: str | None = None,
    organization_: Organization | None = None,
    network_: Network | None = None,
    role: str = Membership.Role.TEACHER,
    **fields,
) -> User:
    n = next(_seq)
    fields.setdefault("last_name", "Иванова")
    fields.setdefault("first_name", "Мария")
    fields.setdefault("middle_name", "Петровна")
    user = User.objects.create_user(
        email=email or f"person{n}@example.ru", password=PASSWORD, **fields
    )
    if organization_ is not None:
        Membership.objects.create(user=user, organization=organization_, role=role)
    if network_ is not None:
        Membership.objects.create(user=user, network=network_, role=role)
    return user


def event(*, organizer: Organization | None = None, starts_in=None, **fields):
    """A published public event; ``starts_in`` is a timedelta from now (default: in two days)."""
    from datetime import timedelta

    from django.utils import timezone

    from metodset.events.models import Event
    from metodset.events.search import reindex_event

    n = next(_seq)
    fields.setdefault("title", f"Вебинар № {n}")
    fields.setdefault("kind", Event.Kind.WEBINAR)
    fields.setdefault("format", Event.Format.ONLINE)
    fields.setdefault("provider", Event.Provider.LINK)
    fields.setdefault("meeting_url", "https://telemost.yandex.ru/j/12345")
    fields.setdefault("starts_at", timezone.now() + (starts_in or timedelta(days=2)))
    event = Event.objects.create(organizer=organizer or organization(), **fields)
    reindex_event(event)  # as the events' services do
    return event


def registration(*, event, user, status: str = "registered", **fields):
    from metodset.events.models import Registration

    return Registration.objects.create(event=event, user=user, status=status, **fields)


def application(*, program, user=None, status: str = "new", **fields):
    """An application as the coordinator's list holds it (no letters, no checks); with ``user``
    her e-mail and name."""
    from metodset.programs.models import Application

    if user is not None:
        fields.setdefault("email", user.email)
        fields.setdefault("last_name", user.last_name)
        fields.setdefault("first_name", user.first_name)
    fields.setdefault("email", f"applicant{next(_seq)}@example.ru")
    fields.setdefault("last_name", "Заявкина")
    fields.setdefault("first_name", "Ольга")
    fields.setdefault("city", "Новосибирск")
    return Application.objects.create(program=program, user=user, status=status, **fields)


def application_sent(*, program, **fields):
    """An applicant applies through the invitation page's service, with consent given."""
    from metodset.programs import services as program_services

    fields.setdefault("email", f"applicant{next(_seq)}@example.ru")
    fields.setdefault("last_name", "Соколова")
    fields.setdefault("first_name", "Дарья")
    fields.setdefault("city", "Омск")
    return program_services.application_submit(program=program, consent_given=True, **fields)


# A filled-in event-design card (seed 000), as a team hands it in.
EVENT_CARD = {
    "title": "Квест «В гостях у сказки»",
    "audience": "Родители воспитанников старшей группы",
    "goals": "Познакомить родителей с игровыми технологиями",
    "tasks": "Показать три игры; дать памятку",
    "product": "Памятка для родителей",
    "materials": "Презентация, карточки",
    "problem": "Низкая вовлечённость родителей",
    "difficulties": "Согласовать время",
    "emotions": "Радость, интерес",
}


def card_assignment(internship, *, due_in=dt_timedelta(days=5)):
    """The internship's first-stage assignment (the event-design card), due in ``due_in``."""
    from django.utils import timezone

    assignment = internship.stage("first").assignments.get()
    assignment.due_at = timezone.now() + due_in if due_in is not None else None
    assignment.save()
    return assignment


# --- diagnostics ---------------------------------------------------------------------------------

FRAMEWORK_LEVELS = [
    {"value": 0, "label": "не проявляется", "descriptor": ""},
    {"value": 1, "label": "эпизодически", "descriptor": ""},
    {"value": 2, "label": "систематически", "descriptor": ""},
    {"value": 3, "label": "делится опытом", "descriptor": ""},
]


def framework_small(slug: str = "small"):
    """Two areas, three competencies, six indicators; threshold 2."""
    from decimal import Decimal

    from metodset.diagnostics.frameworks import services as framework_services
    from metodset.diagnostics.frameworks.data import (
        AreaData,
        CompetencyData,
        FrameworkData,
        IndicatorData,
    )

    data = FrameworkData(
        slug=slug,
        title="Малая рамка",
        description="",
        threshold=Decimal(2),
        levels=FRAMEWORK_LEVELS,
        areas=[
            AreaData(
                code="МТ",
                title="Методические",
                competencies=[
                    CompetencyData(
                        code="МТ.1",
                        title="Проектирует урок",
                        indicators=[
                            IndicatorData("МТ.1.1", "Ставит цели урока"),
                            IndicatorData("МТ.1.2", "Подбирает задания по целям"),
                        ],
                    ),
                    CompetencyData(
                        code="МТ.2",
                        title="Оценивает результаты",
                        indicators=[
                            IndicatorData("МТ.2.1", "Использует критерии"),
                            IndicatorData("МТ.2.2", "Даёт обратную связь"),
                        ],
                    ),
                ],
            ),
            AreaData(
                code="ЦФ",
                title="Цифровые",
                competencies=[
                    CompetencyData(
                        code="ЦФ.1",
                        title="Работает с цифровыми ресурсами",
                        indicators=[
                            IndicatorData("ЦФ.1.1", "Подбирает ЦОР"),
                            IndicatorData("ЦФ.1.2", "Ведёт электронный журнал"),
                        ],
                    )
                ],
            ),
        ],
    )
    return framework_services.framework_import(data=data)


def campaign_scored(
    *,
    organization,
    scores,
    framework=None,
    title: str = "Осень 2026",
    starts_on=None,
    ends_on=None,
):
    """A campaign of ``organization`` (on ``framework_small`` unless given) whose people have each
    answered a self-assessment: ``scores`` is {person: {indicator code: level}}."""
    import datetime as dt

    from django.utils import timezone

    from metodset.diagnostics.campaigns import services as campaign_services
    from metodset.diagnostics.models import Campaign, Participant
    from metodset.diagnostics.profiles import services as profile_services

    framework = framework or framework_small()
    today = timezone.localdate()  # a campaign of two months that ended last week
    campaign = Campaign.objects.create(
        title=title,
        framework=framework,
        organization=organization,
        starts_on=starts_on or today - dt.timedelta(days=67),
        ends_on=ends_on or today - dt.timedelta(days=6),
    )
    campaign_services.participants_add(campaign=campaign, people=list(scores))
    ids = {i.code: i.pk for i in framework.indicators.all()}
    for user, values in scores.items():
        participant = Participant.objects.get(campaign=campaign, user=user)
        profile_services.scores_record(
            participant=participant,
            source="self",
            values={ids[code]: value for code, value in values.items()},
        )
    return campaign
