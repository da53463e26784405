"""Generate a region of realistic size for the benchmarks, fast: bulk inserts, one password hash.

Organisations are schools and kindergartens of a real region's towns; every organisation has a
manager, a methodist and teachers. Names come from faker's ``ru_RU`` locale with a fixed seed.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from faker import Faker

from metodset.accounts.models import Membership, Network, NetworkPartner, Organization, Region, User
from metodset.demo.data import (
    FEMALE_FIRST_NAMES,
    MALE_FIRST_NAMES,
    PATRONYMICS,
    STAFF,
    inn_with_checksum,
)

SEED = 20250901
DOMAIN = "bench.metodset.ru"
PASSWORD = "bench12345"
REGION_NAME = "Свердловская область"
REGION_TIME_ZONE = "Asia/Yekaterinburg"
TOWNS = [  # (town, genitive for «… г. Нижнего Тагила»), Екатеринбург most often
    ("Екатеринбург", "Екатеринбурга"),
    ("Екатеринбург", "Екатеринбурга"),
    ("Екатеринбург", "Екатеринбурга"),
    ("Екатеринбург", "Екатеринбурга"),
    ("Нижний Тагил", "Нижнего Тагила"),
    ("Нижний Тагил", "Нижнего Тагила"),
    ("Каменск-Уральский", "Каменска-Уральского"),
    ("Первоуральск", "Первоуральска"),
    ("Серов", "Серова"),
    ("Новоуральск", "Новоуральска"),
    ("Асбест", "Асбеста"),
    ("Ревда", "Ревды"),
    ("Полевской", "Полевского"),
    ("Берёзовский", "Берёзовского"),
    ("Верхняя Пышма", "Верхней Пышмы"),
    ("Краснотурьинск", "Краснотурьинска"),
    ("Алапаевск", "Алапаевска"),
    ("Ирбит", "Ирбита"),
    ("Красноуфимск", "Красноуфимска"),
    ("Камышлов", "Камышлова"),
]
HEADERS = ["Фамилия", "Имя", "Отчество", "E-mail", "Организация", "Должность", "Специализация",
           "Стаж"]  # fmt: skip


@dataclass
class BenchRegion:
    """What the benchmark needs to find again: the network and two people to log in as."""

    region: Region
    network: Network
    lead: Organization  # the network's lead, where the coordinator and the teacher work
    coordinator: User
    teacher: User
    password: str  # one hash for everybody: hashing 30,000 passwords would take hours
    organizations: int = 0
    people: int = 0
    survey_id: int | None = None  # the questionnaire whose results page is timed


class NameSource:
    """Russian full names of consistent gender, drawn from faker's pools with a fixed seed."""

    def __init__(self, seed: int = SEED) -> None:
        fake = Faker("ru_RU")
        fake.seed_instance(seed)
        self.rng = random.Random(seed)
        self.female_last = sorted({fake.last_name_female() for _ in range(600)})
        self.male_last = sorted({fake.last_name_male() for _ in range(600)})

    def full_name(self, female_share: float = 0.8) -> tuple[str, str, str]:
        female = self.rng.random() < female_share
        index = 0 if female else 1
        return (
            self.rng.choice(self.female_last if female else self.male_last),
            self.rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES),
            self.rng.choice(PATRONYMICS)[index],
        )


def region_start(*, names: NameSource) -> BenchRegion:
    """The region, its network, and a coordinator and a teacher to request pages as."""
    password = make_password(PASSWORD)
    with transaction.atomic():
        region = Region.objects.create(name=REGION_NAME, code="66", time_zone=REGION_TIME_ZONE)
        lead = Organization.objects.create(
            kind=Organization.Kind.INSTITUTE,
            name="Государственное автономное образовательное учреждение дополнительного "
            "профессионального образования Свердловской области «Институт развития образования»",
            short_name="ГАОУ ДПО СО «ИРО»",
            inn=inn_with_checksum("665899999"),
            region=region,
            city="Екатеринбург",
        )
        network = Network.objects.create(
            name="Сеть методического сопровождения педагогов", lead_organization=lead
        )
        NetworkPartner.objects.create(network=network, organization=lead)
        last, first, middle = names.full_name(female_share=1.0)
        coordinator = User.objects.create(
            email=f"coordinator@{DOMAIN}",
            password=password,
            last_name=last,
            first_name=first,
            middle_name=middle,
            position="проректор по научно-методической работе",
            time_zone=REGION_TIME_ZONE,
        )
        Membership.objects.create(
            user=coordinator, network=network, role=Membership.Role.NETWORK_COORDINATOR
        )
        Membership.objects.create(user=coordinator, organization=lead, role=Membership.Role.MANAGER)
        last, first, middle = names.full_name(female_share=1.0)
        teacher = User.objects.create(
            email=f"teacher@{DOMAIN}",
            password=password,
            last_name=last,
            first_name=first,
            middle_name=middle,
            position="учитель начальных классов",
            time_zone=REGION_TIME_ZONE,
        )
        Membership.objects.create(user=teacher, organization=lead, role=Membership.Role.TEACHER)
    return BenchRegion(
        region=region,
        network=network,
        lead=lead,
        coordinator=coordinator,
        teacher=teacher,
        password=password,
    )


def _organizations(region: Region, start: int, stop: int) -> list[Organization]:
    """Organisations number start..stop-1 of the region: schools and kindergartens in turn,
    now and then a college, spread over the towns and numbered within each town and kind."""
    numbers: Counter[tuple[str, str]] = Counter()
    made = []
    for index in range(stop):
        town, town_of = TOWNS[index % len(TOWNS)]
        if index % 50 == 49:
            kind = Organization.Kind.COLLEGE
        elif index % 2:
            kind = Organization.Kind.KINDERGARTEN
        else:
            kind = Organization.Kind.SCHOOL
        numbers[(town, kind)] += 1
        if index < start:
            continue
        number = numbers[(town, kind)]
        full, short = {
            Organization.Kind.COLLEGE: (
                "Государственное автономное профессиональное образовательное учреждение "
                f"Свердловской области «Колледж № {number}» г. {town_of}",
                f"ГАПОУ СО «Колледж № {number}» г. {town_of}",
            ),
            Organization.Kind.KINDERGARTEN: (
                "Муниципальное автономное дошкольное образовательное учреждение «Детский сад "
                f"№ {number}» г. {town_of}",
                f"МАДОУ «Детский сад № {number}» г. {town_of}",
            ),
            Organization.Kind.SCHOOL: (
                "Муниципальное автономное общеобразовательное учреждение «Средняя "
                f"общеобразовательная школа № {number}» г. {town_of}",
                f"МАОУ «СОШ № {number}» г. {town_of}",
            ),
        }[kind]
        made.append(
            Organization(
                kind=kind,
                name=full,
                short_name=short,
                inn=inn_with_checksum(f"66{index:07d}"),
                region=region,
                city=town,
                website=f"https://org{index}.{DOMAIN}",
            )
        )
    return made


def _posts(kind: str, people: int) -> list[tuple[str, str, str, float]]:
    """``people`` posts (position, specialisation, role, female share): head, methodist, staff."""
    staff = STAFF.get(kind, STAFF["school"])
    head, methodist, *rest = staff
    teachers = [p for p in rest for _ in range(p.count)]
    posts = [head, methodist][:people]
    posts += [teachers[i % len(teachers)] for i in range(people - len(posts))]
    return [(p.position, p.specialisation, p.role, p.female_share) for p in posts]


def region_grow(
    *, bench: BenchRegion, names: NameSource, organizations: int, per_organization: int
) -> None:
    """Add partner organisations up to ``organizations``, each with ``per_organization`` people."""
    start = bench.organizations
    with transaction.atomic():
        orgs = _organizations(bench.region, start, organizations)
        Organization.objects.bulk_create(orgs, batch_size=500)
        NetworkPartner.objects.bulk_create(
            (NetworkPartner(network=bench.network, organization=o) for o in orgs), batch_size=1000
        )
        users: list[User] = []
        roles: list[str] = []
        homes: list[Organization] = []
        for offset, org in enumerate(orgs):
            for k, (position, specialisation, role, female_share) in enumerate(
                _posts(org.kind, per_organization)
            ):
                last, first, middle = names.full_name(female_share)
                users.append(
                    User(
                        email=f"p{start + offset:05d}.{k:03d}@{DOMAIN}",
                        password=bench.password,
                        last_name=last,
                        first_name=first,
                        middle_name=middle,
                        position=position,
                        specialisation=specialisation,
                        experience_years=names.rng.randint(1, 36),
                        time_zone=REGION_TIME_ZONE,
                    )
                )
                roles.append(role)
                homes.append(org)
        User.objects.bulk_create(users, batch_size=1000)
        Membership.objects.bulk_create(
            (
                Membership(user=user, organization=org, role=role)
                for user, org, role in zip(users, homes, roles, strict=True)
            ),
            batch_size=2000,
        )
    bench.organizations = organizations
    bench.people += len(users)


def people_sheet_write(*, path: Path, bench: BenchRegion, names: NameSource, rows: int) -> None:
    """A people XLSX for the importer: ``rows`` new people spread over the region's partners."""
    from openpyxl import Workbook

    orgs = list(
        Organization.objects.filter(partnerships__network=bench.network)
        .exclude(pk=bench.lead.pk)
        .order_by("pk")
        .values_list("name", "kind")
    )
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Педагоги")
    sheet.append(HEADERS)
    for n in range(rows):
        name, kind = orgs[n % len(orgs)]
        position, specialisation, _role, female_share = _posts(kind, 20)[2 + n % 18]
        last, first, middle = names.full_name(female_share)
        sheet.append(
            [
                last,
                first,
                middle,
                f"import{n:05d}@{DOMAIN}",
                name,
                position,
                specialisation,
                names.rng.randint(1, 36),
            ]  # fmt: skip
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
