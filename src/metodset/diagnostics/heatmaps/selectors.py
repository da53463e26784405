"""Heat maps of deficits: competencies × organisations for a network campaign, competencies ×
teachers for an organisation, the change between two campaigns, and their XLSX.

Everything is read from ``CompetencyScore`` (never the millions of indicator scores): one
GROUP BY per campaign for the network map, one plain read of an organisation's rows for its
map. Participant is joined only to filter by position or experience, Organization only to
filter by kind. The decisions the pages and tests rest on:

- A cell's value is the mean level of the people in it, and its deficit share the share of
  them whose level is below the framework's threshold (``CompetencyScore.deficit``). Means
  are of people, not of organisations: the total row weighs a big school more than a small
  one, and the «mean» column of a row is the mean of all its levels.
- The change between two campaigns is a cell's mean now minus its mean in the compared
  campaign, competencies matched by code (the campaigns may use two versions of a framework).
  An organisation's row compares whoever took part each time; a teacher's row compares the
  teacher with themselves, assessed in the same organisation; the total row compares the
  organisations in the table.
- Names: a teacher's row shows the name to whoever may see that organisation's people by name
  (its manager and methodists, network staff with ``diagnostics.view_named_results``,
  administrators). The network's other staff see the same rows as «Педагог 1», «Педагог 2»…,
  numbered from the lowest overall level, without position or experience, so that neither
  the alphabet nor the order people were added gives anybody away.
- Small groups: a viewer who may not see an organisation's names never sees a group of fewer
  than ``MIN_GROUP`` people of it — an organisation row of two is hidden (and left out of the
  total, else subtracting the other rows would give it back), an anonymised map of two shows
  nothing, and a compared campaign with fewer than three people of the row gives no change.
"""

from __future__ import annotations

import hashlib
from array import array
from typing import TypeVar

from django.core.cache import cache
from django.db import connections
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from metodset.accounts import permissions as roles
from metodset.accounts.models import Organization, User
from metodset.diagnostics.heatmaps.grid import (
    EXPERIENCE_BANDS,
    MIN_GROUP,
    Cell,
    Column,
    Filters,
    HeatMap,
    NamedScope,
    Row,
    rows_sorted,
    rows_total,
)
from metodset.diagnostics.heatmaps.permissions import is_network_staff
from metodset.diagnostics.models import (
    Campaign,
    Competency,
    CompetencyScore,
    Framework,
    Participant,
)

# Score rows or participant rows: filters_apply gives back what it was given.
_Row = TypeVar("_Row", CompetencyScore, Participant)


def filters_apply(
    filters: Filters, qs: QuerySet[_Row], *, participant: str = "participant__"
) -> QuerySet[_Row]:
    """Filter CompetencyScore rows (``participant="participant__"``) or Participant rows
    (``participant=""``); the joins are made only for the filters that are set."""
    if filters.kind:
        qs = qs.filter(organization__kind=filters.kind)
    if filters.position:
        qs = qs.filter(**{f"{participant}position": filters.position})
    if filters.experience:
        low, high = EXPERIENCE_BANDS[filters.experience]
        qs = qs.filter(**{f"{participant}experience_years__gte": low})
        if high is not None:
            qs = qs.filter(**{f"{participant}experience_years__lt": high})
    return qs


def columns_of(framework: Framework) -> list[Column]:
    """The framework's competencies, area by area."""
    competencies = (
        Competency.objects.filter(framework=framework)
        .order_by("area__order", "area_id", "order", "pk")
        .values_list("pk", "code", "title", "area__code", "area__title")
    )
    return [Column(*row) for row in competencies]


def _codes(campaign: Campaign, current: Campaign) -> dict[int, str] | None:
    """{competency id: code} of the compared campaign's framework; None when it is the same."""
    if campaign.framework_id == current.framework_id:
        return None
    return dict(
        Competency.objects.filter(framework_id=campaign.framework_id).values_list("pk", "code")
    )


CACHE_SECONDS = 600


def scores_version() -> int:
    """Changes whenever any profile is folded: ``participant_refold`` replaces a person's
    competency scores, and new rows get new ids. One index lookup."""
    return CompetencyScore.objects.aggregate(last=Max("pk"))["last"] or 0


def _cached_sums(
    campaign: Campaign, filters: Filters, organization_ids: set[int] | None, version: int
) -> list[tuple[int, int, float, int, int]]:
    """The GROUP BY, kept for ten minutes under the scores' version: the pages of a map, its
    other orders and its XLSX reuse it instead of reading 600,000 rows again. Removing a person
    makes no new score, so the campaign's count of removed people is in the key too."""
    scope = "all" if organization_ids is None else ",".join(map(str, sorted(organization_ids)))
    digest = hashlib.sha256(
        f"{filters.kind}|{filters.position}|{filters.experience}|{scope}".encode()
    ).hexdigest()[:32]
    key = f"diagnostics:heatmap:arrays:{campaign.pk}:{version}:{campaign.people_removed}:{digest}"
    packed = cache.get(key)
    if packed is None:
        sums = _sums_by_organization(campaign, filters, organization_ids)
        # Five typed arrays, not 30,000 tuples: they unpickle as fast as bytes copy.
        columns = zip(*sums, strict=True)  # nothing at all when there are no rows
        packed = tuple(array(code, column) for code, column in zip("qqdqq", columns, strict=False))
        cache.set(key, packed, CACHE_SECONDS)
        return sums
    return list(zip(*packed, strict=True)) if packed else []


def _sums_by_organization(
    campaign: Campaign, filters: Filters, organization_ids: set[int] | None
) -> list[tuple[int, int, float, int, int]]:
    """(organisation, competency, sum of levels, people, deficits): the one GROUP BY.

    The rows are fetched as the driver returns them: Django's per-row converters took a third
    of the Python time on the 30,000 groups of a region and change nothing for sums and counts.
    """
    if filters.position or filters.experience:
        # From the few people who match to their rows, not through the whole campaign: SQLite
        # would otherwise scan the campaign's rows and look up each one's person (0.32 → 0.06 s
        # for a position and an experience band at the size of a region).
        people = filters_apply(
            filters, Participant.objects.filter(campaign=campaign), participant=""
        ).values("pk")
        scores = CompetencyScore.objects.filter(participant__in=people)
    else:
        scores = CompetencyScore.objects.filter(campaign=campaign)
        if filters.kind:  # organisations of the kind: ranges of the covering index
            kind = Organization.objects.filter(kind=filters.kind).values("pk")
            scores = scores.filter(organization_id__in=kind)
    if organization_ids is not None:
        scores = scores.filter(organization_id__in=organization_ids)
    grouped = (
        scores.values("organization_id", "competency_id")
        .annotate(
            total=Sum("level"),
            people=Count("pk"),
            deficits=Count("pk", filter=Q(deficit=True)),
        )
        .values_list("organization_id", "competency_id", "total", "people", "deficits")
        .order_by()
    )
    sql, params = grouped.query.sql_with_params()
    with connections[grouped.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[int, int, float, int, int]] = cursor.fetchall()
    return rows


def network_map(
    *,
    campaign: Campaign,
    filters: Filters = Filters(),  # noqa: B008 - frozen, so a shared default is safe
    compare: Campaign | None = None,
    organization_ids: set[int] | None = None,
    named_ids: NamedScope = None,
    order: str = "name",
) -> HeatMap:
    """Competencies × the organisations of a network campaign.

    ``organization_ids`` limits the rows to the organisations whose aggregates the viewer may
    see (None: all); ``named_ids`` are those whose people they may see by name (None: all),
    which matters here only for the small groups.
    """
    framework = campaign.framework
    columns = columns_of(framework)
    known = {c.competency_id for c in columns}
    version = scores_version()
    rows = _organization_rows(_cached_sums(campaign, filters, organization_ids, version), known)
    if compare is not None:
        by_code = {c.code: c.competency_id for c in columns}
        codes = _codes(compare, campaign)
        _organization_rows_compare(
            rows,
            _cached_sums(compare, filters, organization_ids, version),
            known=known,
            codes=codes,
            by_code=by_code,
        )
    _organization_rows_label(rows)
    hidden = _small_organizations_hide(rows, named_ids=named_ids, compared=compare is not None)
    listed = rows_sorted(rows.values(), order)
    return HeatMap(
        campaign=campaign,
        framework=framework,
        columns=columns,
        rows=listed,
        total=rows_total(listed, label=_("All organisations")),
        compare=compare,
        filters=filters,
        hidden=hidden,
    )


def _organization_rows(
    sums: list[tuple[int, int, float, int, int]], known: set[int]
) -> dict[int, Row]:
    """A row per organisation, unlabelled, from the campaign's sums per competency."""
    rows: dict[int, Row] = {}
    # 30,000 groups at the size of a region: cells are made directly, not through Row.add.
    for org_id, competency_id, total, people, deficits in sums:
        if competency_id not in known:
            continue
        row = rows.get(org_id)
        if row is None:
            row = rows[org_id] = Row(key=org_id, label="")
        row.cells[competency_id] = Cell(total, people, deficits)  # one group per cell
        overall = row.overall
        overall.total += total
        overall.count += people
        overall.deficits += deficits
        if people > row.people:
            row.people = people
    return rows


def _organization_rows_compare(
    rows: dict[int, Row],
    sums: list[tuple[int, int, float, int, int]],
    *,
    known: set[int],
    codes: dict[int, str] | None,
    by_code: dict[str, int],
) -> None:
    """The compared campaign's sums as the «before» of the rows already there.

    ``codes`` maps the compared framework's competencies to their codes (None: the same
    framework), ``by_code`` the codes to this campaign's competencies.
    """
    for org_id, competency_id, total, people, deficits in sums:
        row = rows.get(org_id)
        if row is None:
            continue
        current_id = competency_id if codes is None else by_code.get(codes.get(competency_id, ""))
        if current_id not in known:
            continue
        cell = row.cells.get(current_id)
        if cell is None:
            cell = row.cells[current_id] = Cell()
        cell.before_total, cell.before_count, cell.before_deficits = total, people, deficits
        overall = row.overall
        overall.before_total += total
        overall.before_count += people
        overall.before_deficits += deficits
        if people > row.before_people:
            row.before_people = people


def _organization_rows_label(rows: dict[int, Row]) -> None:
    """Each row named, and sorted by name, by its organisation's short name (one query)."""
    names = Organization.objects.filter(pk__in=list(rows)).values_list("pk", "short_name")
    for org_id, short_name in names:
        rows[org_id].label = rows[org_id].sort_name = short_name


def _small_organizations_hide(
    rows: dict[int, Row], *, named_ids: NamedScope, compared: bool
) -> int:
    """Hide the rows of fewer than MIN_GROUP people the viewer may not see by name, and
    forget a compared campaign's too small «before»; returns how many rows were hidden."""
    hidden = 0
    for row in rows.values():
        if named_ids is None or row.key in named_ids:
            continue
        if row.people < MIN_GROUP:
            row.hidden = True
            hidden += 1
        elif compared and row.before_people < MIN_GROUP:
            row.forget_before()
    return hidden


def organization_map(
    *,
    campaign: Campaign,
    organization: Organization,
    filters: Filters = Filters(),  # noqa: B008
    compare: Campaign | None = None,
    named: bool = True,
    order: str = "name",
) -> HeatMap:
    """Competencies × the teachers of one organisation in a campaign (its own or a network's).

    Without ``named`` the rows are «Педагог 1»… and a group under MIN_GROUP shows nothing.
    """
    framework = campaign.framework
    columns = columns_of(framework)
    known = {c.competency_id for c in columns}
    people = filters_apply(
        filters,
        Participant.objects.filter(campaign=campaign, organization=organization),
        participant="",
    ).values_list(
        "pk",
        "user_id",
        "user__last_name",
        "user__first_name",
        "user__middle_name",
        "position",
        "experience_years",
    )
    rows: dict[int, Row] = {}
    user_of: dict[int, int] = {}
    for pk, user_id, last, first, middle, position, experience in people:
        name = " ".join(p for p in (last, first, middle) if p)
        rows[pk] = Row(
            key=pk,
            label=name,
            sort_name=name.casefold(),
            position=position,
            experience_years=experience,
        )
        user_of[pk] = user_id
    scores = filters_apply(
        filters, CompetencyScore.objects.filter(campaign=campaign, organization=organization)
    ).values_list("participant_id", "competency_id", "level", "deficit")
    for participant_id, competency_id, level, deficit in scores:
        if participant_id in rows and competency_id in known:
            rows[participant_id].add(competency_id, level, 1, int(deficit))
    scored = [row for row in rows.values() if row.people]
    total = rows_total(scored, label=_("Whole organisation"))
    if compare is not None:
        _compare_people(scored, total, user_of, columns, campaign, compare, organization, filters)
    hidden = 0
    if not named:
        if len(scored) < MIN_GROUP:
            hidden, scored = len(scored), []
            total = Row(key=0, label=total.label, hidden=True)
        else:
            if total.before_people < MIN_GROUP:
                total.forget_before()
            scored = rows_sorted(scored, "level")
            for number, row in enumerate(scored, start=1):
                row.label = _("Teacher %(number)s") % {"number": number}
                row.sort_name = f"{number:06d}"
                row.position, row.experience_years = "", None
    return HeatMap(
        campaign=campaign,
        framework=framework,
        columns=columns,
        rows=rows_sorted(scored, order),
        total=total,
        organization=organization,
        compare=compare,
        filters=filters,
        named=named,
        hidden=hidden,
    )


def _compare_people(
    rows: list[Row],
    total: Row,
    user_of: dict[int, int],
    columns: list[Column],
    campaign: Campaign,
    compare: Campaign,
    organization: Organization,
    filters: Filters,
) -> None:
    """Each teacher against themselves in the compared campaign (same organisation), and the
    organisation's mean against its mean then (people matching the filters then)."""
    by_code = {c.code: c.competency_id for c in columns}
    known = set(by_code.values())
    codes = _codes(compare, campaign)
    row_of_user = {user_of[row.key]: row for row in rows}
    before = CompetencyScore.objects.filter(campaign=compare, organization=organization)
    for user_id, competency_id, code, level, deficit, position, experience in before.values_list(
        "participant__user_id",
        "competency_id",
        "competency__code",
        "level",
        "deficit",
        "participant__position",
        "participant__experience_years",
    ):
        current_id = competency_id if codes is None else by_code.get(code)
        if current_id not in known:
            continue
        row = row_of_user.get(user_id)
        if row is not None:
            row.add_before(current_id, level, 1, int(deficit))
        if filters.matches(position, experience):
            total.add_before(current_id, level, 1, int(deficit))


def positions(campaign: Campaign, organization: Organization | None = None) -> list[str]:
    """The positions people were assessed in, for the filter."""
    people = Participant.objects.filter(campaign=campaign).exclude(position="")
    if organization is not None:
        people = people.filter(organization=organization)
    return list(people.values_list("position", flat=True).distinct().order_by("position"))


def campaigns_related(
    user: User, campaign: Campaign, organization: Organization | None
) -> QuerySet[Campaign]:
    """The campaigns a viewer may switch to or compare with from this map: the network's
    campaigns for a network map; for an organisation's map its own campaigns and the network
    campaigns it took part in."""
    campaigns = Campaign.objects.select_related("framework")
    staff_orgs = roles.staff_organization_ids(user)
    if organization is None:
        # a network map is only drawn for a network campaign: network_id is set
        campaigns = campaigns.filter(network_id=campaign.network_id)  # type: ignore[misc]
        if not (user.is_superuser or is_network_staff(user, campaign)):
            campaigns = campaigns.filter(
                Exists(
                    Participant.objects.filter(
                        campaign=OuterRef("pk"), organization_id__in=staff_orgs
                    )
                )
            )
    else:
        took_part = Exists(
            Participant.objects.filter(campaign=OuterRef("pk"), organization=organization)
        )
        own = Q(organization=organization)
        if user.is_superuser or organization.pk in staff_orgs:
            campaigns = campaigns.filter(own | Q(network__isnull=False) & took_part)
        else:
            campaigns = campaigns.filter(
                took_part, network_id__in=roles.staff_network_ids(user) or {0}
            )
    return campaigns.order_by("-starts_on", "-pk")
