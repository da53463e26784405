"""Import of organisations: validate rows, match them with stored ones, write the difference.

An organisation is recognised by its ИНН when the row has one, else by its full name in
its region. A region not yet on the platform is created. ``validate_organizations`` and
``plan_organizations`` are pure; ``organizations_import`` does the queries and writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..models import NetworkPartner, Organization, Region
from . import values
from .columns import ORGANIZATION_COLUMNS
from .people import BATCH, chunks
from .reading import Row
from .report import RejectedRow

TITLES = {c.field: c.title for c in ORGANIZATION_COLUMNS}
TEXT_LIMITS = {"name": 500, "short_name": 200, "city": 200, "phone": 50, "contact_person": 200}
OPTIONAL_FIELDS = ("inn", "website", "email", "phone", "contact_person")


@dataclass(frozen=True, slots=True)
class OrganizationRow:
    row: int
    name: str
    short_name: str
    kind: str
    region: str  # as written in the file
    city: str
    inn: str
    website: str
    email: str
    phone: str
    contact_person: str
    time_zone: str  # "" when the file does not say

    @property
    def name_key(self) -> str:
        return values.name_key(self.name)

    @property
    def region_key(self) -> str:
        return values.region_key(self.region)


def rejected(row: int, reasons: list[str], cells: dict[str, str]) -> RejectedRow:
    reason = "; ".join(reasons)
    return RejectedRow(
        row=row,
        reason=reason[:1].upper() + reason[1:],
        values={TITLES[f]: v for f, v in cells.items() if v},
    )


def validate_organizations(rows: Iterable[Row]) -> tuple[list[OrganizationRow], list[RejectedRow]]:
    """Check every row; the same ИНН or the same full name in a region twice is rejected."""
    good: list[OrganizationRow] = []
    bad: list[RejectedRow] = []
    row_of_inn: dict[str, int] = {}
    row_of_name: dict[tuple[str, str], int] = {}
    for number, cells in rows:
        errors: list[str] = []
        clean = _organization_fields(cells, errors)
        _inn_repeat_check(clean["inn"], number=number, row_of_inn=row_of_inn, errors=errors)
        _name_repeat_check(clean, number=number, row_of_name=row_of_name, errors=errors)
        if errors:
            bad.append(rejected(number, errors, cells))
        else:
            good.append(OrganizationRow(row=number, **clean))
    return good, bad


def _organization_fields(cells: dict[str, str], errors: list[str]) -> dict[str, str]:
    """Every field of a row, cleaned; a field that fails its check is "" and its reason is
    added to ``errors`` (the row is rejected then, but the repeat checks still read it)."""
    for name in ("name", "short_name", "kind", "region", "city"):
        if not cells.get(name):
            errors.append(_("column «%(column)s» is empty") % {"column": TITLES[name]})
    clean: dict[str, str] = {}
    for name, limit in TEXT_LIMITS.items():
        try:
            clean[name] = values.text(cells.get(name, ""), label=TITLES[name], max_length=limit)
        except ValueError as exc:
            errors.append(str(exc))
            clean[name] = ""
    clean["region"] = cells.get("region", "")
    if len(clean["region"]) > 200:
        errors.append(
            _("%(column)s is longer than %(max)s characters")
            % {"column": TITLES["region"], "max": 200}
        )
    for name, parse in (
        ("kind", values.kind),
        ("inn", values.inn),
        ("website", values.website),
        ("email", values.email),
        ("time_zone", values.time_zone),
    ):
        clean.setdefault(name, "")
        if cells.get(name):
            try:
                clean[name] = parse(cells[name])
            except ValueError as exc:
                errors.append(str(exc))
    return clean


def _inn_repeat_check(
    inn: str, *, number: int, row_of_inn: dict[str, int], errors: list[str]
) -> None:
    """The first row with an ИНН is remembered; a later one is refused."""
    if not inn:
        return
    if inn in row_of_inn:
        errors.append(
            _("INN %(inn)s is repeated: it is already in row %(row)s")
            % {"inn": inn, "row": row_of_inn[inn]}
        )
    else:
        row_of_inn[inn] = number


def _name_repeat_check(
    clean: dict[str, str],
    *,
    number: int,
    row_of_name: dict[tuple[str, str], int],
    errors: list[str],
) -> None:
    """The first row with a full name in a region is remembered; a later one is refused."""
    if not (clean["name"] and clean["region"]):
        return
    key = (values.name_key(clean["name"]), values.region_key(clean["region"]))
    if key in row_of_name:
        errors.append(
            _(
                "the organisation «%(name)s» in «%(region)s» is repeated: it is already in "
                "row %(row)s"
            )
            % {"name": clean["name"], "region": clean["region"], "row": row_of_name[key]}
        )
    else:
        row_of_name[key] = number


# --- comparing with what is stored -----------------------------------------------------------


@dataclass(frozen=True)
class StoredOrganization:
    id: int
    name: str
    short_name: str
    kind: str
    inn: str
    region_id: int
    city: str
    website: str
    email: str
    phone: str
    contact_person: str


STORED_FIELDS = tuple(StoredOrganization.__dataclass_fields__)


@dataclass
class OrganizationPlan:
    new_regions: dict[str, tuple[str, str]] = field(default_factory=dict)  # key → name, zone
    create: list[OrganizationRow] = field(default_factory=list)
    update: list[tuple[int, dict[str, object]]] = field(default_factory=list)  # region as key
    partners: list[tuple[int, int]] = field(default_factory=list)  # network, stored org
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)


def plan_organizations(
    rows: list[OrganizationRow],
    *,
    stored: Iterable[StoredOrganization],
    regions: dict[str, int],
    partners: set[tuple[int, int]],
    network_ids: list[int],
) -> OrganizationPlan:
    """What to create and change. ``regions`` maps a region key to its id; ``partners``
    holds (network, organisation) pairs already in place; new organisations join every
    network in ``network_ids``. Empty cells never erase stored values."""
    by_inn: dict[str, StoredOrganization] = {}
    by_name: dict[tuple[str, int], StoredOrganization] = {}
    for org in stored:
        if org.inn:
            by_inn[org.inn] = org
        by_name[(values.name_key(org.name), org.region_id)] = org
    plan = OrganizationPlan()
    claimed: dict[int, int] = {}
    for row in rows:
        region_id = regions.get(row.region_key)
        if region_id is None and row.region_key not in plan.new_regions:
            zone = row.time_zone or values.region_time_zone(row.region)
            plan.new_regions[row.region_key] = (values.region_name(row.region), zone)
        same_name = by_name.get((row.name_key, region_id)) if region_id else None
        match = by_inn.get(row.inn) if row.inn else None
        if match is None and same_name is not None:
            if row.inn and same_name.inn and same_name.inn != row.inn:
                plan.rejected.append(
                    _reject(
                        row,
                        _(
                            "«%(region)s» already has an organisation with this full name and "
                            "another INN (%(inn)s)"
                        )
                        % {"region": row.region, "inn": same_name.inn},
                    )
                )
                continue
            match = same_name
        if match is None:
            plan.create.append(row)
            continue
        if same_name is not None and same_name.id != match.id:
            plan.rejected.append(
                _reject(
                    row,
                    _("«%(region)s» already has another organisation with the full name «%(name)s»")
                    % {"region": row.region, "name": row.name},
                )
            )
            continue
        if match.id in claimed:
            plan.rejected.append(
                _reject(
                    row,
                    _("this organisation is already in row %(row)s") % {"row": claimed[match.id]},
                )
            )
            continue
        claimed[match.id] = row.row
        changes = _changes(match, row, region_id)
        joins = [(n, match.id) for n in network_ids if (n, match.id) not in partners]
        if changes:
            plan.update.append((match.id, changes))
        plan.partners.extend(joins)
        if not changes and not joins:
            plan.unchanged += 1
    return plan


def _reject(row: OrganizationRow, reason: str) -> RejectedRow:
    cells = {
        name: getattr(row, name)
        for name in ("name", "short_name", "region", "city", "inn")
        if getattr(row, name)
    }
    return rejected(row.row, [reason], cells)


def _changes(
    org: StoredOrganization, row: OrganizationRow, region_id: int | None
) -> dict[str, object]:
    changes: dict[str, object] = {}
    for name in ("name", "short_name", "kind", "city"):
        if getattr(org, name) != getattr(row, name):
            changes[name] = getattr(row, name)
    for name in OPTIONAL_FIELDS:
        new = getattr(row, name)
        if new and getattr(org, name) != new:
            changes[name] = new
    if region_id != org.region_id:
        changes["region"] = row.region_key  # resolved to an id when written
    return changes


# --- the database ---------------------------------------------------------------------------------


def organizations_write(
    good: list[OrganizationRow], *, network_ids: list[int], dry_run: bool
) -> tuple[int, int, int, list[RejectedRow]]:
    """Compare valid rows with the stored organisations and, unless ``dry_run``, write.

    Returns created, updated, unchanged and the rows rejected at this step. Run it inside
    a transaction: what is read here is what is written.
    """
    regions = {values.region_key(name): pk for pk, name in Region.objects.values_list("pk", "name")}
    stored = [StoredOrganization(*r) for r in Organization.objects.values_list(*STORED_FIELDS)]
    partners = set(
        NetworkPartner.objects.filter(network_id__in=network_ids).values_list(
            "network_id", "organization_id"
        )
    )
    plan = plan_organizations(
        good, stored=stored, regions=regions, partners=partners, network_ids=network_ids
    )
    if not dry_run:
        _write(plan, regions, network_ids)
    created = len(plan.create)
    updated = len(good) - created - plan.unchanged - len(plan.rejected)
    return created, updated, plan.unchanged, plan.rejected


def _write(plan: OrganizationPlan, regions: dict[str, int], network_ids: list[int]) -> None:
    if plan.new_regions:
        Region.objects.bulk_create(
            [Region(name=name, time_zone=zone) for name, zone in plan.new_regions.values()]
        )
        names = [name for name, _zone in plan.new_regions.values()]
        for pk, name in Region.objects.filter(name__in=names).values_list("pk", "name"):
            regions[values.region_key(name)] = pk

    new_orgs = [
        Organization(
            name=row.name,
            short_name=row.short_name,
            kind=row.kind,
            region_id=regions[row.region_key],
            city=row.city,
            inn=row.inn,
            website=row.website,
            email=row.email,
            phone=row.phone,
            contact_person=row.contact_person,
        )
        for row in plan.create
    ]
    Organization.objects.bulk_create(new_orgs, batch_size=BATCH)
    new_ids = [org.pk for org in new_orgs]
    if new_orgs and new_ids[0] is None:  # a backend that does not return ids
        keys = {(o.name, o.region_id) for o in new_orgs}
        found = {}
        for part in chunks([o.name for o in new_orgs]):
            for pk, name, region_id in Organization.objects.filter(name__in=part).values_list(
                "pk", "name", "region_id"
            ):
                if (name, region_id) in keys:
                    found[(name, region_id)] = pk
        new_ids = [found[(o.name, o.region_id)] for o in new_orgs]

    by_fields: dict[tuple[str, ...], list[Organization]] = defaultdict(list)
    for pk, changes in plan.update:
        fields = dict(changes)
        if "region" in fields:
            fields["region_id"] = regions[str(fields.pop("region"))]
        by_fields[tuple(sorted(fields))].append(Organization(pk=pk, **fields))
    for changed, orgs in by_fields.items():
        Organization.objects.bulk_update(orgs, list(changed), batch_size=BATCH)

    joins = plan.partners + [(n, pk) for pk in new_ids for n in network_ids]
    NetworkPartner.objects.bulk_create(
        [NetworkPartner(network_id=n, organization_id=o) for n, o in joins],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
