"""Small factories for tests: real rows in the real database, nothing mocked."""

from __future__ import annotations

import itertools

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

    n = next(_seq)
    fields.setdefault("title", f"Вебинар № {n}")
    fields.setdefault("kind", Event.Kind.WEBINAR)
    fields.setdefault("format", Event.Format.ONLINE)
    fields.setdefault("provider", Event.Provider.LINK)
    fields.setdefault("meeting_url", "https://telemost.yandex.ru/j/12345")
    fields.setdefault("starts_at", timezone.now() + (starts_in or timedelta(days=2)))
    return Event.objects.create(organizer=organizer or organization(), **fields)


def registration(*, event, user, status: str = "registered", **fields):
    from metodset.events.models import Registration

    return Registration.objects.create(event=event, user=user, status=status, **fields)
