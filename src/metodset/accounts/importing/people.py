"""Import of people: validate rows, compare them with what is stored, write the difference.

``validate_people`` and ``plan_people`` are pure functions on plain data; ``people_import``
loads what they need with a few queries and writes with bulk operations.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils.translation import gettext as _

from .. import permissions
from ..models import Membership, MembershipInvitation, Organization, User
from ..services import membership_propose
from ..timezones import DEFAULT_TIME_ZONE
from . import values
from .columns import PEOPLE_COLUMNS
from .reading import Row
from .report import RejectedRow

TITLES = {c.field: c.title for c in PEOPLE_COLUMNS}
T = TypeVar("T")
BATCH = 500
LOOKUP_CHUNK = 900  # ids or e-mails per IN (...) query: SQLite's old limit is 999


def chunks(items: list, size: int = LOOKUP_CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True)
class OrgRef:
    """What validation needs to know about an organisation already on the platform."""

    id: int
    label: str
    time_zone: str


class OrgIndex:
    """Organisations found by INN, full name or short name, however the quotes are written."""

    def __init__(self, organizations: Iterable[tuple[int, str, str, str, str]]) -> None:
        self.by_inn: dict[str, OrgRef] = {}
        self.by_name: dict[str, set[OrgRef]] = defaultdict(set)
        for pk, name, short_name, inn, time_zone in organizations:
            ref = OrgRef(pk, short_name or name, time_zone)
            if inn:
                self.by_inn[inn] = ref
            self.by_name[values.name_key(name)].add(ref)
            self.by_name[values.name_key(short_name)].add(ref)

    def find(self, value: str) -> list[OrgRef]:
        inn = values.inn_like(value)
        if inn and inn in self.by_inn:
            return [self.by_inn[inn]]
        return sorted(self.by_name.get(values.name_key(value), ()), key=lambda r: r.id)


@dataclass(frozen=True, slots=True)
class PersonRow:
    """A valid row: a person and their role in an organisation."""

    row: int
    email: str
    last_name: str
    first_name: str
    middle_name: str
    position: str
    specialisation: str
    experience_years: int | None
    time_zone: str  # "" when the file does not say
    organization: OrgRef
    role: str


def rejected(row: int, reasons: list[str], cells: dict[str, str]) -> RejectedRow:
    reason = "; ".join(reasons)
    return RejectedRow(
        row=row,
        reason=reason[:1].upper() + reason[1:],
        values={TITLES[f]: v for f, v in cells.items() if v},
    )


def _split_full_name(full_name: str) -> tuple[str, str, str]:
    parts = full_name.split()
    if not parts:
        return "", "", ""
    return parts[0], " ".join(parts[1:2]), " ".join(parts[2:])


def validate_people(
    rows: Iterable[Row],
    *,
    organizations: OrgIndex,
    allowed_organization_ids: set[int] | None,
    default_organization: OrgRef | None = None,
) -> tuple[list[PersonRow], list[RejectedRow]]:
    """Check every row; a row with any problem is rejected with all its reasons.

    ``allowed_organization_ids`` limits where people may be imported (None: anywhere).
    The first row with an e-mail wins; later rows with the same e-mail are rejected.
    """
    good: list[PersonRow] = []
    bad: list[RejectedRow] = []
    first_row_of: dict[str, int] = {}
    for number, cells in rows:
        errors: list[str] = []
        clean = _person_texts(cells, errors)
        email = _email(
            cells.get("email", ""), number=number, first_row_of=first_row_of, errors=errors
        )
        organization = _organization(
            cells.get("organization", ""),
            organizations=organizations,
            allowed=allowed_organization_ids,
            default=default_organization,
            errors=errors,
        )
        role = _parsed(cells.get("role", ""), values.role, errors)
        experience = _parsed_if_given(cells, "experience", values.experience, errors)
        time_zone = _parsed_if_given(cells, "time_zone", values.time_zone, errors)

        if errors or organization is None or role is None:
            bad.append(rejected(number, errors, cells))
            continue
        good.append(
            PersonRow(
                row=number,
                email=email,
                experience_years=experience,
                time_zone=time_zone or "",
                organization=organization,
                role=role,
                **clean,
            )
        )
    return good, bad


def _person_names(cells: dict[str, str]) -> tuple[str, str, str]:
    """Last, first and middle name, from their own columns or split from a full name."""
    last_name, first_name = cells.get("last_name", ""), cells.get("first_name", "")
    if not last_name and not first_name and cells.get("full_name"):
        return _split_full_name(cells.get("full_name", ""))
    return last_name, first_name, cells.get("middle_name", "")


def _person_texts(cells: dict[str, str], errors: list[str]) -> dict[str, str]:
    """The names, position and specialisation that pass their checks."""
    last_name, first_name, middle_name = _person_names(cells)
    clean: dict[str, str] = {}
    for name, value, limit, required in (
        ("last_name", last_name, 100, True),
        ("first_name", first_name, 100, True),
        ("middle_name", middle_name, 100, False),
        ("position", cells.get("position", ""), 200, False),
        ("specialisation", cells.get("specialisation", ""), 200, False),
    ):
        if required and not value:
            errors.append(_("column «%(column)s» is empty") % {"column": TITLES[name]})
        try:
            clean[name] = values.text(value, label=TITLES[name], max_length=limit)
        except ValueError as exc:
            errors.append(str(exc))
    return clean


def _email(raw: str, *, number: int, first_row_of: dict[str, int], errors: list[str]) -> str:
    """The row's e-mail; the first row with it is remembered, a later one is refused."""
    if not raw:
        errors.append(_("column «%(column)s» is empty") % {"column": TITLES["email"]})
        return ""
    try:
        email = values.email(raw)
    except ValueError as exc:
        errors.append(str(exc))
        return ""
    if email in first_row_of:
        errors.append(
            _("e-mail %(email)s is repeated: it is already in row %(row)s")
            % {"email": email, "row": first_row_of[email]}
        )
    else:
        first_row_of[email] = number
    return email


def _parsed(value: str, parse: Callable[[str], T], errors: list[str]) -> T | None:
    """``parse(value)``, or None with the reason added to ``errors``."""
    try:
        return parse(value)
    except ValueError as exc:
        errors.append(str(exc))
        return None


def _parsed_if_given(
    cells: dict[str, str], name: str, parse: Callable[[str], T], errors: list[str]
) -> T | None:
    """An optional column: None when empty, else parsed as ``_parsed`` does."""
    if not cells.get(name):
        return None
    return _parsed(cells[name], parse, errors)


def _organization(
    value: str,
    *,
    organizations: OrgIndex,
    allowed: set[int] | None,
    default: OrgRef | None,
    errors: list[str],
) -> OrgRef | None:
    if not value:
        if default is None:
            errors.append(_("column «%(column)s» is empty") % {"column": TITLES["organization"]})
            return None
        found = [default]
    else:
        found = organizations.find(value)
    if not found:
        errors.append(_("organisation «%(value)s» is not on the platform") % {"value": value})
        return None
    permitted = found if allowed is None else [o for o in found if o.id in allowed]
    if not permitted:
        errors.append(
            _("you may not import people into «%(organization)s»")
            % {"organization": found[0].label}
        )
        return None
    if len(permitted) > 1:
        errors.append(
            _("there are %(count)s organisations called «%(value)s»; give the full name or the INN")
            % {"count": len(permitted), "value": value}
        )
        return None
    return permitted[0]


# --- comparing with what is stored ---------------------------------------------------------

PERSON_FIELDS = (
    "last_name",
    "first_name",
    "middle_name",
    "position",
    "specialisation",
    "experience_years",
    "time_zone",
)


@dataclass(frozen=True)
class StoredPerson:
    id: int
    email: str
    last_name: str
    first_name: str
    middle_name: str
    position: str
    specialisation: str
    experience_years: int | None
    time_zone: str
    is_active: bool


@dataclass
class PeoplePlan:
    create: list[PersonRow] = field(default_factory=list)
    update: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    memberships: list[tuple[str, int, str]] = field(default_factory=list)  # e-mail, org, role
    # people the importer does not manage: invited, never changed or attached (rows)
    invite: list[tuple[PersonRow, int]] = field(default_factory=list)  # row, person id
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)


def plan_people(
    rows: list[PersonRow],
    *,
    stored: dict[str, StoredPerson],
    memberships: set[tuple[int, int, str]],
    editable_ids: set[int] | None,
) -> PeoplePlan:
    """What to create, change and add, comparing valid rows with the stored people.

    An empty cell never erases a stored value. A person the importer may not manage
    (she belongs to other organisations only) is proposed, never rewritten: her record
    stays as it is and she gets an invitation to accept, not a membership. Imports never
    remove memberships.
    """
    plan = PeoplePlan()
    for row in rows:
        person = stored.get(row.email)
        if person is None:
            plan.create.append(row)
            plan.memberships.append((row.email, row.organization.id, row.role))
            continue
        if not person.is_active:
            plan.rejected.append(
                RejectedRow(
                    row=row.row,
                    reason=_("The account %(email)s is disabled") % {"email": row.email},
                    values={TITLES["email"]: row.email},
                )
            )
            continue
        if editable_ids is not None and person.id not in editable_ids:
            plan.invite.append((row, person.id))
            continue
        changes: dict[str, object] = {}
        for name in PERSON_FIELDS:
            new = getattr(row, name)
            if new not in ("", None) and getattr(person, name) != new:
                changes[name] = new
        membership = (person.id, row.organization.id, row.role)
        adds_membership = membership not in memberships
        if changes:
            plan.update.append((person.id, changes))
        if adds_membership:
            plan.memberships.append((row.email, row.organization.id, row.role))
        if not changes and not adds_membership:
            plan.unchanged += 1
    return plan


# --- the database ------------------------------------------------------------------------------


def organization_index() -> OrgIndex:
    return OrgIndex(
        Organization.objects.values_list("pk", "name", "short_name", "inn", "region__time_zone")
    )


def people_check(
    rows: Iterable[Row], *, by: User | None, default_organization: Organization | None
) -> tuple[list[PersonRow], list[RejectedRow]]:
    """Validate the rows against the organisations on the platform and the importer's rights."""
    default = (
        OrgRef(
            default_organization.pk,
            default_organization.short_name or default_organization.name,
            default_organization.region.time_zone,
        )
        if default_organization is not None
        else None
    )
    return validate_people(
        rows,
        organizations=organization_index(),
        allowed_organization_ids=_allowed_organization_ids(by),
        default_organization=default,
    )


def people_write(
    good: list[PersonRow], *, by: User | None, dry_run: bool
) -> tuple[int, int, int, list[RejectedRow], list[RejectedRow], int]:
    """Compare valid rows with the stored people and, unless ``dry_run``, write the difference.

    Returns created, updated, unchanged, the rows rejected at this step, the rows of
    people invited instead of imported, and how many of those invitations are new (a file
    imported again invites nobody again). Run it inside a transaction: what is read here
    is what is written.
    """
    stored = _stored_people([row.email for row in good])
    ids = [p.id for p in stored.values()]
    plan = plan_people(
        good,
        stored=stored,
        memberships=_stored_memberships(ids),
        editable_ids=_editable_ids(by, ids),
    )
    new_invitations = 0
    if not dry_run:
        _write(plan, stored)
        new_invitations = _invite(plan, by=by)
    created = len(plan.create)
    updated = len(good) - created - plan.unchanged - len(plan.rejected) - len(plan.invite)
    invited = [
        RejectedRow(
            row=row.row,
            reason=_(
                "The person is already on the platform: an invitation to the organisation "
                "has been sent to them"
            )
            if not dry_run
            else _(
                "The person is already on the platform: an invitation to the organisation "
                "will be sent to them"
            ),
            values={TITLES["email"]: row.email},
        )
        for row, _person_id in plan.invite
    ]
    return created, updated, plan.unchanged, plan.rejected, invited, new_invitations


def _invite(plan: PeoplePlan, *, by: User | None) -> int:
    """Invitations for people the importer does not manage (a letter each, once).

    Returns how many were not pending already.
    """
    if not plan.invite:
        return 0
    pending = set(
        MembershipInvitation.objects.filter(
            status=MembershipInvitation.Status.PENDING,
            user_id__in=[person_id for _row, person_id in plan.invite],
        ).values_list("user_id", "organization_id", "role")
    )
    people = User.objects.in_bulk([person_id for _row, person_id in plan.invite])
    organizations = Organization.objects.in_bulk({row.organization.id for row, _p in plan.invite})
    for row, person_id in plan.invite:
        membership_propose(
            person=people[person_id],
            organization=organizations[row.organization.id],
            role=row.role,
            by=by,
            resend=False,
        )
    return sum(
        (person_id, row.organization.id, row.role) not in pending for row, person_id in plan.invite
    )


def _allowed_organization_ids(by: User | None) -> set[int] | None:
    if by is None or by.is_superuser:
        return None
    return set(permissions.manageable_organizations(by).values_list("pk", flat=True))


def _editable_ids(by: User | None, ids: list[int]) -> set[int] | None:
    if by is None or by.is_superuser:
        return None
    manageable = permissions.manageable_people(by)
    result: set[int] = set()
    for part in chunks(ids):
        result.update(manageable.filter(pk__in=part).values_list("pk", flat=True))
    return result


def _stored_people(emails: list[str]) -> dict[str, StoredPerson]:
    stored = {}
    names = ["pk", "email", *PERSON_FIELDS, "is_active"]
    for part in chunks(emails):
        for pk, email, *rest in User.objects.filter(email__in=part).values_list(*names):
            stored[email] = StoredPerson(pk, email, *rest)
    return stored


def _stored_memberships(user_ids: list[int]) -> set[tuple[int, int, str]]:
    result: set[tuple[int, int, str]] = set()
    for part in chunks(user_ids):
        result.update(
            Membership.objects.filter(user_id__in=part, organization__isnull=False).values_list(
                "user_id", "organization_id", "role"
            )
        )
    return result


def _write(plan: PeoplePlan, stored: dict[str, StoredPerson]) -> None:
    new_users = [
        User(
            email=row.email,
            last_name=row.last_name,
            first_name=row.first_name,
            middle_name=row.middle_name,
            position=row.position,
            specialisation=row.specialisation,
            experience_years=row.experience_years,
            time_zone=row.time_zone or row.organization.time_zone or DEFAULT_TIME_ZONE,
            # The person sets a password through an invitation or a reset link.
            password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
        )
        for row in plan.create
    ]
    User.objects.bulk_create(new_users, batch_size=BATCH)
    user_ids = {email: person.id for email, person in stored.items()}
    if new_users and new_users[0].pk is None:  # a backend that does not return ids
        for part in chunks([u.email for u in new_users]):
            user_ids.update(User.objects.filter(email__in=part).values_list("email", "pk"))
    else:
        user_ids.update((u.email, u.pk) for u in new_users)

    by_fields: dict[tuple[str, ...], list[User]] = defaultdict(list)
    for pk, changes in plan.update:
        by_fields[tuple(sorted(changes))].append(User(pk=pk, **changes))
    for fields, users in by_fields.items():
        User.objects.bulk_update(users, list(fields), batch_size=BATCH)

    Membership.objects.bulk_create(
        [
            Membership(user_id=user_ids[email], organization_id=org_id, role=role)
            for email, org_id, role in plan.memberships
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
