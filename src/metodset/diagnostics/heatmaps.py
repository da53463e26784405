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
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db import connections
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter

from metodset.accounts.models import Organization
from metodset.core import spreadsheets

from .models import Campaign, Competency, CompetencyScore, Framework, Participant

MIN_GROUP = 3  # the smallest group shown to somebody who may not see the names

# Experience bands [from, to) in years, as regional monitoring reports them.
EXPERIENCE_BANDS: dict[str, tuple[int, int | None]] = {
    "0-3": (0, 3),
    "3-10": (3, 10),
    "10-20": (10, 20),
    "20+": (20, None),
}
EXPERIENCE_LABELS = {
    "0-3": gettext_lazy("under 3 years"),
    "3-10": gettext_lazy("3 to 10 years"),
    "10-20": gettext_lazy("10 to 20 years"),
    "20+": gettext_lazy("20 years and more"),
}
ORDERS = {
    "name": gettext_lazy("by name"),
    "level": gettext_lazy("lowest level first"),
    "deficit": gettext_lazy("most deficits first"),
}


@dataclass(frozen=True)
class Filters:
    """Who is in the picture: the kind of organisation, the position, the experience band."""

    kind: str = ""
    position: str = ""
    experience: str = ""

    def apply(self, qs: QuerySet, *, participant: str = "participant__") -> QuerySet:
        """Filter CompetencyScore rows (``participant="participant__"``) or Participant rows
        (``participant=""``); the joins are made only for the filters that are set."""
        if self.kind:
            qs = qs.filter(organization__kind=self.kind)
        if self.position:
            qs = qs.filter(**{f"{participant}position": self.position})
        if self.experience:
            low, high = EXPERIENCE_BANDS[self.experience]
            qs = qs.filter(**{f"{participant}experience_years__gte": low})
            if high is not None:
                qs = qs.filter(**{f"{participant}experience_years__lt": high})
        return qs

    def matches(self, position: str, experience_years: int | None) -> bool:
        """The same test in Python, for rows already read (kind is the map's business)."""
        if self.position and position != self.position:
            return False
        if self.experience:
            low, high = EXPERIENCE_BANDS[self.experience]
            if experience_years is None or experience_years < low:
                return False
            if high is not None and experience_years >= high:
                return False
        return True

    @property
    def active(self) -> bool:
        return bool(self.kind or self.position or self.experience)


@dataclass(frozen=True)
class Column:
    competency_id: int
    code: str
    title: str
    area_code: str
    area_title: str


@dataclass(frozen=True)
class AreaSpan:
    code: str
    title: str
    span: int


@dataclass(slots=True)
class Cell:
    """Sums of levels of the people in a cell, now and in the compared campaign."""

    total: float = 0.0
    count: int = 0
    deficits: int = 0
    before_total: float = 0.0
    before_count: int = 0
    before_deficits: int = 0

    def add(self, total: float, count: int, deficits: int) -> None:
        self.total += total
        self.count += count
        self.deficits += deficits

    def add_before(self, total: float, count: int, deficits: int) -> None:
        self.before_total += total
        self.before_count += count
        self.before_deficits += deficits

    def forget_before(self) -> None:
        self.before_total, self.before_count, self.before_deficits = 0.0, 0, 0

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None

    @property
    def share(self) -> float | None:
        """The share of the cell's people with a deficit."""
        return self.deficits / self.count if self.count else None

    @property
    def before_mean(self) -> float | None:
        return self.before_total / self.before_count if self.before_count else None

    @property
    def before_share(self) -> float | None:
        return self.before_deficits / self.before_count if self.before_count else None

    @property
    def change(self) -> float | None:
        if not self.count or not self.before_count:
            return None
        return round(self.total / self.count - self.before_total / self.before_count, 2)


@dataclass
class Row:
    """An organisation (network map), a teacher (organisation map) or the total."""

    key: int
    label: str
    cells: dict[int, Cell] = field(default_factory=dict)  # by competency id
    overall: Cell = field(default_factory=Cell)
    people: int = 0  # people with a level in the row (the most of any cell)
    before_people: int = 0
    hidden: bool = False  # too few people for this viewer
    position: str = ""
    experience_years: int | None = None
    sort_name: str = ""

    def cell(self, competency_id: int) -> Cell:
        cell = self.cells.get(competency_id)
        if cell is None:
            cell = self.cells[competency_id] = Cell()
        return cell

    def add(self, competency_id: int, total: float, count: int, deficits: int) -> None:
        self.cell(competency_id).add(total, count, deficits)
        self.overall.add(total, count, deficits)
        self.people = max(self.people, self.cells[competency_id].count)

    def add_before(self, competency_id: int, total: float, count: int, deficits: int) -> None:
        self.cell(competency_id).add_before(total, count, deficits)
        self.overall.add_before(total, count, deficits)
        self.before_people = max(self.before_people, self.cells[competency_id].before_count)

    def forget_before(self) -> None:
        for cell in self.cells.values():
            cell.forget_before()
        self.overall.forget_before()
        self.before_people = 0


@dataclass
class HeatMap:
    campaign: Campaign
    framework: Framework
    columns: list[Column]
    rows: list[Row]
    total: Row
    organization: Organization | None = None  # the organisation of a map of teachers
    compare: Campaign | None = None
    filters: Filters = field(default_factory=Filters)
    named: bool = True  # a map of teachers with names (else «Педагог 1»…)
    hidden: int = 0  # rows hidden because their group is too small for this viewer

    @property
    def threshold(self) -> float:
        return float(self.framework.threshold)

    @property
    def max_level(self) -> float:
        return float(self.framework.max_level)

    @property
    def of_teachers(self) -> bool:
        return self.organization is not None

    @property
    def areas(self) -> list[AreaSpan]:
        spans: list[AreaSpan] = []
        for column in self.columns:
            if spans and spans[-1].code == column.area_code:
                last = spans[-1]
                spans[-1] = AreaSpan(last.code, last.title, last.span + 1)
            else:
                spans.append(AreaSpan(column.area_code, column.area_title, 1))
        return spans


# --- reading ------------------------------------------------------------------------------


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
        people = filters.apply(
            Participant.objects.filter(campaign=campaign), participant=""
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
        return cursor.fetchall()


# A viewer may see some organisations' names; None means all of them.
NamedScope = set[int] | None


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
    rows: dict[int, Row] = {}
    version = scores_version()
    # 30,000 groups at the size of a region: cells are made directly, not through Row.add.
    for org_id, competency_id, total, people, deficits in _cached_sums(
        campaign, filters, organization_ids, version
    ):
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
    if compare is not None:
        by_code = {c.code: c.competency_id for c in columns}
        codes = _codes(compare, campaign)
        for org_id, competency_id, total, people, deficits in _cached_sums(
            compare, filters, organization_ids, version
        ):
            row = rows.get(org_id)
            if row is None:
                continue
            current_id = (
                competency_id if codes is None else by_code.get(codes.get(competency_id, ""))
            )
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
    names = Organization.objects.filter(pk__in=list(rows)).values_list("pk", "short_name")
    for org_id, short_name in names:
        rows[org_id].label = rows[org_id].sort_name = short_name
    hidden = 0
    for row in rows.values():
        if named_ids is None or row.key in named_ids:
            continue
        if row.people < MIN_GROUP:
            row.hidden = True
            hidden += 1
        elif compare is not None and row.before_people < MIN_GROUP:
            row.forget_before()
    listed = _sorted(rows.values(), order)
    return HeatMap(
        campaign=campaign,
        framework=framework,
        columns=columns,
        rows=listed,
        total=_total(listed, label=_("All organisations")),
        compare=compare,
        filters=filters,
        hidden=hidden,
    )


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
    people = filters.apply(
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
    scores = filters.apply(
        CompetencyScore.objects.filter(campaign=campaign, organization=organization)
    ).values_list("participant_id", "competency_id", "level", "deficit")
    for participant_id, competency_id, level, deficit in scores:
        if participant_id in rows and competency_id in known:
            rows[participant_id].add(competency_id, level, 1, int(deficit))
    scored = [row for row in rows.values() if row.people]
    total = _total(scored, label=_("Whole organisation"))
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
            scored = _sorted(scored, "level")
            for number, row in enumerate(scored, start=1):
                row.label = _("Teacher %(number)s") % {"number": number}
                row.sort_name = f"{number:06d}"
                row.position, row.experience_years = "", None
    return HeatMap(
        campaign=campaign,
        framework=framework,
        columns=columns,
        rows=_sorted(scored, order),
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


def _total(rows: Iterable[Row], *, label: str) -> Row:
    """The rows not hidden, added up: per competency and over all of them."""
    sums: dict[int, list[float]] = {}
    people = before_people = 0
    for row in rows:
        if row.hidden:
            continue
        people += row.people
        before_people += row.before_people
        for competency_id, cell in row.cells.items():
            s = sums.get(competency_id)
            if s is None:
                s = sums[competency_id] = [0.0, 0, 0, 0.0, 0, 0]
            s[0] += cell.total
            s[1] += cell.count
            s[2] += cell.deficits
            s[3] += cell.before_total
            s[4] += cell.before_count
            s[5] += cell.before_deficits
    total = Row(key=0, label=label, people=people, before_people=before_people)
    overall = total.overall
    for competency_id, (t, n, d, bt, bn, bd) in sums.items():
        total.cells[competency_id] = Cell(t, int(n), int(d), bt, int(bn), int(bd))
        overall.add(t, int(n), int(d))
        overall.add_before(bt, int(bn), int(bd))
    return total


def _sorted(rows: Iterable[Row], order: str) -> list[Row]:
    if order == "level":
        return sorted(
            rows,
            key=lambda r: (r.overall.mean is None, r.overall.mean or 0.0, r.sort_name, r.key),
        )
    if order == "deficit":
        return sorted(rows, key=lambda r: (-(r.overall.share or 0.0), r.sort_name, r.key))
    return sorted(rows, key=lambda r: (r.sort_name.casefold(), r.key))


def positions(campaign: Campaign, organization: Organization | None = None) -> list[str]:
    """The positions people were assessed in, for the filter."""
    people = Participant.objects.filter(campaign=campaign).exclude(position="")
    if organization is not None:
        people = people.filter(organization=organization)
    return list(people.values_list("position", flat=True).distinct().order_by("position"))


# --- colours -------------------------------------------------------------------------------

RED, ORANGE, YELLOW, GREEN = 0, 28, 52, 125  # hues


def level_colour(level: float, *, threshold: float, max_level: float) -> str:
    """A background from red (0) to orange just below the threshold, then from yellow at the
    threshold to green at the top level: the step at the threshold makes deficits stand out
    even when the levels are close."""
    if level < threshold:
        depth = max(level, 0.0) / threshold if threshold > 0 else 1.0
        return f"hsl({RED + (ORANGE - RED) * depth:.0f} 75% {72 + 8 * depth:.0f}%)"
    if max_level > threshold:
        height = min(level - threshold, max_level - threshold) / (max_level - threshold)
    else:
        height = 1.0
    return f"hsl({YELLOW + (GREEN - YELLOW) * height:.0f} 65% {82 - 4 * height:.0f}%)"


def change_colour(change: float, *, max_level: float) -> str:
    """Green for a rise, red for a fall; a change of a whole level (or a third of the scale)
    is the deepest colour."""
    if change == 0:
        return "hsl(0 0% 96%)"
    full = max(1.0, max_level / 3)
    depth = min(abs(change) / full, 1.0)
    lightness = 95 - 23 * depth
    return f"hsl({GREEN if change > 0 else RED} 65% {lightness:.0f}%)"


# --- XLSX --------------------------------------------------------------------------------


def _scale(low: float, mid: float, high: float, colours: tuple[str, str, str]) -> ColorScaleRule:
    return ColorScaleRule(
        start_type="num",
        start_value=low,
        start_color=colours[0],
        mid_type="num",
        mid_value=mid,
        mid_color=colours[1],
        end_type="num",
        end_value=high,
        end_color=colours[2],
    )


RED_YELLOW_GREEN = ("F8696B", "FFEB84", "63BE7B")


def to_xlsx(heatmap: HeatMap) -> spreadsheets.SafeWorkbook:
    """Mean levels, deficit shares in per cent and (with a compared campaign) changes, a sheet
    each, coloured by Excel's own colour scales; every row of the map, not one page; a sheet of
    the settings.

    Written in openpyxl's write-only mode without a number format per cell: a region's 1,500
    organisations make 100,000 cells, and styling each one took longer than the map itself."""
    book = spreadsheets.workbook(write_only=True)
    _sheet(
        book.create_sheet(_("Mean level")[:31]),
        heatmap,
        lambda c: _round(c.mean, 2),
        _scale(0, heatmap.threshold, heatmap.max_level, RED_YELLOW_GREEN),
    )
    _sheet(
        book.create_sheet(_("Deficit share, %")[:31]),
        heatmap,
        lambda c: None if c.share is None else round(c.share * 100, 1),
        _scale(0, 50, 100, RED_YELLOW_GREEN[::-1]),
    )
    if heatmap.compare is not None:
        _sheet(
            book.create_sheet(_("Change")[:31]),
            heatmap,
            lambda c: c.change,
            _scale(-1, 0, 1, ("F8696B", "FFFFFF", "63BE7B")),
        )
    _about(book.create_sheet(_("Settings")[:31]), heatmap)
    return book


def _round(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


def _bold(sheet, value: object):  # type: ignore[no-untyped-def]
    return spreadsheets.cell(sheet, value, bold=True, wrap=True)


def _sheet(sheet, heatmap: HeatMap, value, rule) -> None:  # type: ignore[no-untyped-def]
    """Row 1: the areas over their first competency; row 2: the competencies; then the rows
    and the total."""
    teachers = heatmap.of_teachers
    named = teachers and heatmap.named
    lead = [_("Teacher") if teachers else _("Organisation")]
    if named:
        lead += [_("Position"), _("Experience, years")]
    lead.append(_("People"))
    first = len(lead) + 1  # the first competency column
    last = first + len(heatmap.columns)  # the «mean» column
    sheet.column_dimensions["A"].width = 45
    for n in range(2, first):
        sheet.column_dimensions[get_column_letter(n)].width = 14
    for n in range(first, last + 1):
        sheet.column_dimensions[get_column_letter(n)].width = 12
    sheet.freeze_panes = f"{get_column_letter(first)}3"
    areas: list[object] = [_bold(sheet, title) for title in lead]
    for area in heatmap.areas:
        areas += [_bold(sheet, f"{area.code}. {area.title}")] + [None] * (area.span - 1)
    areas.append(_bold(sheet, _("All competencies")))
    sheet.append(areas)
    sheet.append(
        [None] * len(lead)
        + [_bold(sheet, f"{c.code} {c.title}") for c in heatmap.columns]
        + [_bold(sheet, _("Mean"))]
    )
    keys = [c.competency_id for c in heatmap.columns]
    fewer = _("fewer than %(count)s") % {"count": MIN_GROUP}
    rows = 2
    for row in [*heatmap.rows, heatmap.total]:
        out: list[object] = [_bold(sheet, row.label) if row is heatmap.total else row.label]
        if named:
            out += [row.position, row.experience_years] if row.key else [None, None]
        if row.hidden:
            out.append(fewer)
        else:
            out.append(row.people)
            cells = row.cells
            out += [value(cells[key]) if key in cells else None for key in keys]
            out.append(value(row.overall))
        sheet.append(out)
        rows += 1
    if rows > 2:
        coloured = f"{get_column_letter(first)}3:{get_column_letter(last)}{rows}"
        sheet.conditional_formatting.add(coloured, rule)


def _about(sheet, heatmap: HeatMap) -> None:  # type: ignore[no-untyped-def]
    sheet.column_dimensions["A"].width = 28  # before the rows: a write-only sheet
    sheet.column_dimensions["B"].width = 80
    campaign = heatmap.campaign
    filters = heatmap.filters
    rows: list[tuple[str, object]] = [
        (_("Campaign"), campaign.title),
        (_("Dates"), f"{campaign.starts_on:%d.%m.%Y} — {campaign.ends_on:%d.%m.%Y}"),
        (_("Framework"), f"{heatmap.framework.title} (v{heatmap.framework.version})"),
        (_("Deficit threshold"), heatmap.threshold),
        (_("Levels"), f"0 — {heatmap.max_level:g}"),
    ]
    if heatmap.organization is not None:
        rows.append((_("Organisation"), heatmap.organization.short_name))
    if heatmap.compare is not None:
        rows.append((_("Compared with"), heatmap.compare.title))
    if filters.kind:
        rows.append((_("Kind of organisation"), str(Organization.Kind(filters.kind).label)))
    if filters.position:
        rows.append((_("Position"), filters.position))
    if filters.experience:
        rows.append((_("Experience"), str(EXPERIENCE_LABELS[filters.experience])))
    if heatmap.hidden:
        rows.append(
            (
                _("Hidden"),
                _("%(count)s rows of fewer than %(min)s people")
                % {"count": heatmap.hidden, "min": MIN_GROUP},
            )
        )
    made: datetime = timezone.localtime()
    rows.append((_("Exported"), f"{made:%d.%m.%Y %H:%M}"))
    for label, value in rows:
        sheet.append([label, value])
