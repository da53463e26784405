"""Load the demo network into the database, idempotently.

Everything is keyed by what stays stable: regions and the network by name, organisations by
ИНН or name, people by e-mail, memberships by (person, place, role). A second run finds it
all in place and writes nothing. Names come from faker's ``ru_RU`` locale with a fixed seed,
so every machine gets the same people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import ngettext
from faker import Faker

from metodset.accounts import consent
from metodset.accounts.models import Membership, Network, NetworkPartner, Organization, Region, User
from metodset.accounts.timezones import DEFAULT_TIME_ZONE

from . import data
from .certificates import demo_certificates_load
from .communities import demo_communities_load
from .diagnostics import demo_diagnostics_load
from .events import demo_events_load
from .expertise import demo_expertise_load
from .library import demo_library_load
from .programs import demo_programs_load
from .routes import demo_routes_load
from .surveys import demo_surveys_load


@dataclass
class PlannedPerson:
    email: str
    last_name: str
    first_name: str
    middle_name: str
    position: str
    specialisation: str
    experience_years: int | None
    time_zone: str
    date_joined: datetime
    organization: str | None = None  # OrganizationData.key
    organization_role: str | None = None
    network_roles: list[str] = field(default_factory=list)
    is_superuser: bool = False


def demo_people(today: date | None = None) -> list[PlannedPerson]:
    """The demo's people, the same on every run: fixed logins on their posts, faker for the rest.

    They joined in the autumn of the previous school year, whatever year the demo is loaded in.
    """
    fake = Faker("ru_RU")
    fake.seed_instance(data.FAKER_SEED)
    rng = fake.random
    zones = {r.key: r.time_zone for r in data.REGIONS}
    fixed = {(p.organization, p.position): p for p in data.FIXED_PEOPLE if p.organization}
    today = today or timezone.localdate()
    school_year = today.year if today.month >= 9 else today.year - 1
    start = datetime(school_year - 1, 9, 1, 6, 0, tzinfo=UTC)
    people: list[PlannedPerson] = []
    emails: set[str] = {p.email for p in data.FIXED_PEOPLE}

    def joined() -> datetime:
        return start + timedelta(days=rng.randint(0, 45), minutes=rng.randint(0, 12 * 60))

    for org in data.ORGANIZATIONS:
        for post in data.STAFF[org.kind]:
            for _ in range(post.count):
                taken_by = fixed.pop((org.key, post.position), None)
                if taken_by is not None:
                    people.append(_planned_fixed(taken_by, zones[org.region], joined()))
                    continue
                female = rng.random() < post.female_share
                last = fake.last_name_female() if female else fake.last_name_male()
                first = rng.choice(data.FEMALE_FIRST_NAMES if female else data.MALE_FIRST_NAMES)
                middle = rng.choice(data.PATRONYMICS)[0 if female else 1]
                people.append(
                    PlannedPerson(
                        email=_unique_email(last, first, middle, emails),
                        last_name=last,
                        first_name=first,
                        middle_name=middle,
                        position=post.position,
                        specialisation=post.specialisation,
                        experience_years=rng.randint(post.min_experience, 36),
                        time_zone=zones[org.region],
                        date_joined=joined(),
                        organization=org.key,
                        organization_role=post.role,
                    )
                )
    if fixed:  # a fixed login names a post the staff lists do not have
        raise ValueError(f"no post for {sorted(p.email for p in fixed.values())}")
    people += [
        _planned_fixed(p, DEFAULT_TIME_ZONE, start) for p in data.FIXED_PEOPLE if not p.organization
    ]
    _give_network_roles(people)
    return people


def _planned_fixed(person: data.FixedPerson, time_zone: str, joined: datetime) -> PlannedPerson:
    return PlannedPerson(
        email=person.email,
        last_name=person.last_name,
        first_name=person.first_name,
        middle_name=person.middle_name,
        position=person.position,
        specialisation=person.specialisation,
        experience_years=person.experience_years,
        time_zone=time_zone,
        date_joined=joined,
        organization=person.organization,
        organization_role=_post_role(person) if person.organization else None,
        network_roles=list(person.network_roles),
        is_superuser=person.is_superuser,
    )


def _post_role(person: data.FixedPerson) -> str:
    org = next(o for o in data.ORGANIZATIONS if o.key == person.organization)
    return next(p.role for p in data.STAFF[org.kind] if p.position == person.position)


def _unique_email(last: str, first: str, middle: str, taken: set[str]) -> str:
    local = f"{data.translit(last)}.{data.translit(first[0])}{data.translit(middle[0])}"
    email, n = f"{local}@{data.DEMO_DOMAIN}", 1
    while email in taken:
        n += 1
        email = f"{local}{n}@{data.DEMO_DOMAIN}"
    taken.add(email)
    return email


def _give_network_roles(people: list[PlannedPerson]) -> None:
    """Heads of some partners sit on the council; their most experienced teachers are experts."""
    for key in data.COUNCIL_FROM:
        head = next(p for p in people if p.organization == key and p.organization_role == "manager")
        head.network_roles.append(Membership.Role.COUNCIL_MEMBER)
    for key in data.EXPERTS_FROM:
        teachers = [p for p in people if p.organization == key and p.organization_role == "teacher"]
        best = max(teachers, key=lambda p: (p.experience_years or 0, p.email))
        best.network_roles.append(Membership.Role.EXPERT)


# --- writing -----------------------------------------------------------------------------


def demo_load() -> str:
    """Create whatever of the demo network is missing; return a Russian summary."""
    people = demo_people()
    with transaction.atomic():
        regions = _regions_ensure()
        organizations, new_orgs = _organizations_ensure(regions=regions)
        network, new_partners = _network_ensure(organizations=organizations)
        users, new_people = _people_ensure(people=people)
        new_memberships = _memberships_ensure(
            people=people, users=users, organizations=organizations, network=network
        )
    zones = ", ".join(f"{r.name} (UTC+{_utc_offset(r.time_zone)})" for r in data.REGIONS)
    summary = (
        f"Демо-сеть «{network.name}»: {_organizations(len(data.ORGANIZATIONS))} "
        f"в {len(data.REGIONS)} регионах — {zones}; {_people(len(people))}: руководители, "
        "методисты, педагоги, координатор, члены координационного совета и эксперты сети."
    )
    lines = [summary]
    if new_orgs or new_partners or new_people or new_memberships:
        roles = ngettext("%(counter)s role", "%(counter)s roles", new_memberships) % {
            "counter": new_memberships
        }
        lines.append(
            f"Добавлено сейчас: {_organizations(new_orgs)}, {_people(new_people)}, {roles}."
        )
    added = new_orgs + new_partners + new_people + new_memberships
    for loaded, created in [
        demo_events_load(network=network, organizations=organizations),
        demo_surveys_load(network=network, now=timezone.now()),
        demo_library_load(network=network, organizations=organizations),
        demo_programs_load(network=network, organizations=organizations),
        demo_certificates_load(organizations=organizations),
        demo_diagnostics_load(network=network, organizations=organizations),
        demo_routes_load(organizations=organizations),
        demo_communities_load(network=network, organizations=organizations),
        demo_expertise_load(network=network, organizations=organizations),
    ]:
        lines.append(loaded)
        added += created
    if not added:
        lines.append("Всё уже было загружено, ничего не изменилось.")
    return "\n".join(lines)


def _regions_ensure() -> dict[str, Region]:
    regions = {}
    for r in data.REGIONS:
        regions[r.key], _created = Region.objects.get_or_create(
            name=r.name, defaults={"code": r.code, "time_zone": r.time_zone}
        )
    return regions


def _organizations_ensure(*, regions: dict[str, Region]) -> tuple[dict[str, Organization], int]:
    wanted = {
        o.key: Organization(
            kind=o.kind,
            name=o.name,
            short_name=o.short_name,
            inn=data.inn_with_checksum(o.inn_prefix),
            region=regions[o.region],
            city=o.city,
            website=o.website,
            email=f"{o.key}@{data.DEMO_DOMAIN}",
            phone=o.phone,
        )
        for o in data.ORGANIZATIONS
    }
    existing = list(
        Organization.objects.filter(
            Q(inn__in=[o.inn for o in wanted.values()])
            | Q(name__in=[o.name for o in wanted.values()])
        )
    )
    found: dict[str, Organization] = {}
    for key, org in wanted.items():
        match = next(
            (
                e
                for e in existing
                if e.inn == org.inn or (e.name == org.name and e.region_id == org.region_id)
            ),
            None,
        )
        if match is not None:
            found[key] = match
    missing = [org for key, org in wanted.items() if key not in found]
    Organization.objects.bulk_create(missing)
    for key, org in wanted.items():
        found.setdefault(key, org)
    return found, len(missing)


def _network_ensure(*, organizations: dict[str, Organization]) -> tuple[Network, int]:
    network, _created = Network.objects.get_or_create(
        name=data.NETWORK_NAME,
        defaults={
            "description": data.NETWORK_DESCRIPTION,
            "lead_organization": organizations[data.LEAD_ORGANIZATION],
        },
    )
    present = set(network.partnerships.values_list("organization_id", flat=True))
    missing = [
        NetworkPartner(network=network, organization=organizations[o.key], joined_on=o.joined_on)
        for o in data.ORGANIZATIONS
        if organizations[o.key].pk not in present
    ]
    NetworkPartner.objects.bulk_create(missing)
    return network, len(missing)


def _people_ensure(*, people: list[PlannedPerson]) -> tuple[dict[str, User], int]:
    present = set(
        User.objects.filter(email__in=[p.email for p in people]).values_list("email", flat=True)
    )
    # One hash for all: hashing 150 passwords one by one would take most of a minute.
    password = make_password(data.DEMO_PASSWORD)
    missing = [
        User(
            email=p.email,
            password=password,
            last_name=p.last_name,
            first_name=p.first_name,
            middle_name=p.middle_name,
            position=p.position,
            specialisation=p.specialisation,
            experience_years=p.experience_years,
            time_zone=p.time_zone,
            date_joined=p.date_joined,
            consent_given_at=p.date_joined + timedelta(minutes=3),
            consent_version=consent.CURRENT_VERSION,
            is_superuser=p.is_superuser,
            is_staff=p.is_superuser,
        )
        for p in people
        if p.email not in present
    ]
    User.objects.bulk_create(missing)
    users = {u.email: u for u in User.objects.filter(email__in=[p.email for p in people])}
    return users, len(missing)


def _memberships_ensure(
    *,
    people: list[PlannedPerson],
    users: dict[str, User],
    organizations: dict[str, Organization],
    network: Network,
) -> int:
    wanted: dict[tuple[int, int | None, int | None, str], Membership] = {}
    for p in people:
        user = users[p.email]
        if p.organization and p.organization_role:
            org = organizations[p.organization]
            wanted[(user.pk, org.pk, None, p.organization_role)] = Membership(
                user=user, organization=org, role=p.organization_role
            )
        for role in p.network_roles:
            wanted[(user.pk, None, network.pk, role)] = Membership(
                user=user, network=network, role=role
            )
    present = set(
        Membership.objects.filter(user__in=users.values()).values_list(
            "user_id", "organization_id", "network_id", "role"
        )
    )
    missing = [m for key, m in wanted.items() if key not in present]
    Membership.objects.bulk_create(missing)
    return len(missing)


def demo_logins() -> list[tuple[str, str]]:
    """(role in Russian, e-mail) of the demo logins; the password of all is ``demo12345``."""
    return [(p.role_label, p.email) for p in data.FIXED_PEOPLE]


def _utc_offset(time_zone: str) -> int:
    offset = datetime.now(ZoneInfo(time_zone)).utcoffset() or timedelta()
    return int(offset.total_seconds() // 3600)


def _organizations(n: int) -> str:
    return ngettext("%(counter)s organisation", "%(counter)s organisations", n) % {"counter": n}


def _people(n: int) -> str:
    return ngettext("%(counter)s person", "%(counter)s people", n) % {"counter": n}
