"""The grid of a heat map and its colours: cells, rows and their totals, sorting, the filters,
and the colour of a level or a change. Plain data, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

if TYPE_CHECKING:  # annotations only: the grid is computed without the database
    from metodset.accounts.models import Organization
    from metodset.diagnostics.models import Campaign, Framework

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


# A viewer may see some organisations' names; None means all of them.
NamedScope = set[int] | None


def rows_total(rows: Iterable[Row], *, label: str) -> Row:
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


def rows_sorted(rows: Iterable[Row], order: str) -> list[Row]:
    if order == "level":
        return sorted(
            rows,
            key=lambda r: (r.overall.mean is None, r.overall.mean or 0.0, r.sort_name, r.key),
        )
    if order == "deficit":
        return sorted(rows, key=lambda r: (-(r.overall.share or 0.0), r.sort_name, r.key))
    return sorted(rows, key=lambda r: (r.sort_name.casefold(), r.key))


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
