"""The deficits of a community's members, aggregated: pure functions on plain data.

What the analysis page and the expected results show of the members' diagnostics, and the
decisions behind it:
- Never a named teacher's level: per competency, the share of the assessed members who have
  the deficit in their latest diagnostics, and the change of that share (in percentage
  points) since their previous diagnostics of the same framework.
- Each member is taken at her own latest scored campaign: a community across three schools
  has three campaigns, and a member assessed last spring and again this autumn is compared
  with herself. Competencies are matched by code, so two versions of a framework compare.
- Small groups: with fewer than ``MIN_GROUP`` members assessed, only the counts are shown
  (with two members, a share names them); a change needs ``MIN_GROUP`` members assessed
  before as well (the rule of the heat maps).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

MIN_GROUP = 3  # as diagnostics.heatmaps.grid.MIN_GROUP


@dataclass(frozen=True)
class Column:
    code: str
    title: str
    area: str


@dataclass(frozen=True)
class CompetencyShare:
    code: str
    title: str
    area: str
    assessed: int  # members with a level of this competency now
    with_deficit: int
    share: float  # per cent of ``assessed``
    previous_share: float | None  # per cent of those assessed before; None if too few
    change: float | None  # percentage points, now − before

    @property
    def falling(self) -> bool:
        """The share of members with the deficit went down: the community moves."""
        return self.change is not None and self.change < 0


@dataclass
class DeficitPicture:
    members: int
    assessed: int  # members with a scored diagnostics in the framework shown
    compared: int  # of them, with a previous diagnostics of the same framework
    rows: list[CompetencyShare] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        """Shares are shown only for a group of at least ``MIN_GROUP`` members."""
        return self.assessed >= MIN_GROUP

    @property
    def with_change(self) -> list[CompetencyShare]:
        return [r for r in self.rows if r.change is not None]


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def deficit_shares(
    *,
    members: int,
    columns: Sequence[Column],
    latest: Sequence[Mapping[str, bool]],
    previous: Sequence[Mapping[str, bool]],
    min_group: int = MIN_GROUP,
) -> DeficitPicture:
    """Aggregate the members' deficits.

    ``latest``: for each assessed member, {competency code: has the deficit} of her latest
    diagnostics; ``previous``: the same for each member who had an earlier one. Rows come
    out with the largest share first, then by code; with fewer than ``min_group`` members
    assessed, no rows at all.
    """
    picture = DeficitPicture(members=members, assessed=len(latest), compared=len(previous))
    if len(latest) < min_group:
        return picture
    rows = []
    for column in columns:
        now = [scores[column.code] for scores in latest if column.code in scores]
        if not now:
            continue
        before = [scores[column.code] for scores in previous if column.code in scores]
        share = _percent(sum(now), len(now))
        previous_share = _percent(sum(before), len(before)) if len(before) >= min_group else None
        change = round(share - previous_share, 1) if previous_share is not None else None
        rows.append(
            CompetencyShare(
                code=column.code,
                title=column.title,
                area=column.area,
                assessed=len(now),
                with_deficit=sum(now),
                share=share,
                previous_share=previous_share,
                change=change,
            )
        )
    picture.rows = sorted(rows, key=lambda r: (-r.share, r.code))
    return picture


@dataclass(frozen=True)
class ResultDynamics:
    """An area of a table of children's results: its first and latest measurement."""

    table_id: int
    label: str  # «старшая группа „Б“: Речевое развитие»
    area: str
    first: float
    latest: float
    measurements: int

    @property
    def change(self) -> float:
        return round(self.latest - self.first, 2)


def result_dynamics(
    rows: Sequence[tuple[int, str, object, float]],
    *,
    wanted: Mapping[int, set[str]],
    labels: Mapping[int, str],
) -> list[ResultDynamics]:
    """First vs latest value of each (table, area) wanted; ``rows`` are (table id, area,
    date, value); an empty set of areas for a table means all its areas."""
    series: dict[tuple[int, str], list[tuple[object, float]]] = {}
    for table_id, area, measured_on, value in rows:
        areas = wanted.get(table_id)
        if areas is None or (areas and area not in areas):
            continue
        series.setdefault((table_id, area), []).append((measured_on, value))
    out = []
    for (table_id, area), points in series.items():
        points.sort(key=lambda p: p[0])  # type: ignore[arg-type, return-value]
        out.append(
            ResultDynamics(
                table_id=table_id,
                label=labels.get(table_id, ""),
                area=area,
                first=points[0][1],
                latest=points[-1][1],
                measurements=len(points),
            )
        )
    return sorted(out, key=lambda d: (d.label, d.area))
