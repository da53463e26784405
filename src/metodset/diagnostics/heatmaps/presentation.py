"""A heat map's cells as HTML: text, colour and title of each, and the legend."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from metodset.diagnostics.heatmaps.grid import Cell, HeatMap, Row, change_colour, level_colour


@dataclass(frozen=True)
class ShownCell:
    text: str
    style: str
    title: str


@dataclass(frozen=True)
class ShownRow:
    row: Row
    cells: SafeString  # the row's <td>s: 2,000 cells through template tags took 0.1 s
    link: str | None


class _Formatter:
    """Cells as text, colour and title; numbers with the language's decimal separator.

    A page has a few thousand cells, so the wording is translated once, not per cell."""

    def __init__(self, heatmap: HeatMap) -> None:
        self.separator = formats.get_format("DECIMAL_SEPARATOR")
        self.threshold, self.max_level = heatmap.threshold, heatmap.max_level
        self.dynamics = heatmap.compare is not None
        self.no_levels = _("%(competency)s: no levels")
        self.title = _(
            "%(competency)s: mean level %(mean)s; with a deficit %(deficits)s of %(count)s "
            "(%(percent)s)"
        )
        self.nothing_before = "; " + _("nothing to compare with")
        self.before = "; " + _("was %(mean)s, with a deficit %(percent)s")
        self.percent_format = _("%(percent)s%%")

    def level(self, value: float) -> str:
        return f"{value:.1f}".replace(".", self.separator)

    def change(self, value: float) -> str:
        if round(value, 1) == 0:
            return "= " + self.level(0.0)
        return ("▲ " if value > 0 else "▼ ") + self.level(abs(value))

    def percent(self, share: float) -> str:
        return self.percent_format % {"percent": round(share * 100)}

    def cell(self, cell: Cell | None, heading: str) -> ShownCell:
        if cell is None or not cell.count:
            return ShownCell("", EMPTY_STYLE, self.no_levels % {"competency": heading})
        mean = cell.total / cell.count
        title = self.title % {
            "competency": heading,
            "mean": self.level(mean),
            "deficits": cell.deficits,
            "count": cell.count,
            "percent": self.percent(cell.deficits / cell.count),
        }
        if not self.dynamics:
            colour = level_colour(mean, threshold=self.threshold, max_level=self.max_level)
            return ShownCell(self.level(mean), f"background: {colour}", title)
        change = cell.change
        if change is None:
            return ShownCell("—", EMPTY_STYLE, title + self.nothing_before)
        title += self.before % {
            "mean": self.level(cell.before_mean or 0.0),
            "percent": self.percent(cell.before_share or 0.0),
        }
        colour = change_colour(change, max_level=self.max_level)
        return ShownCell(self.change(change), f"background: {colour}", title)


EMPTY_STYLE = "background: hsl(0 0% 97%)"


def shown_rows(heatmap: HeatMap, rows: list[Row], link: str | None) -> list[ShownRow]:
    fmt = _Formatter(heatmap)
    columns = [(c.competency_id, f"{c.code} {c.title}") for c in heatmap.columns]
    overall = _("All competencies")
    shown = []
    for row in rows:
        if row.hidden:
            shown.append(ShownRow(row, mark_safe(""), None))
            continue
        cells = row.cells
        html = [_td(fmt.cell(cells.get(key), heading)) for key, heading in columns]
        html.append(_td(fmt.cell(row.overall, overall), "overall"))
        shown.append(
            ShownRow(
                row=row,
                cells=mark_safe("".join(html)),  # noqa: S308 - every part escaped in _td
                link=link.replace("/0/", f"/{row.key}/") if link and row.key else None,
            )
        )
    return shown


def _td(cell: ShownCell, css: str = "") -> str:
    """A cell's HTML; the style and text are ours, the title holds a competency's title."""
    attributes = f' class="{css}"' if css else ""
    return (
        f'<td{attributes} style="{escape(cell.style)}" title="{escape(cell.title)}">'
        f"{escape(cell.text)}</td>"
    )


def url_or_none(name: str, *args: int) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def legend(heatmap: HeatMap) -> list[ShownCell]:
    """Sample cells: the scale of levels, or of changes."""
    fmt = _Formatter(heatmap)
    if heatmap.compare is not None:
        changes = [-1.0, -0.5, -0.2, 0.0, 0.2, 0.5, 1.0]
        top = heatmap.max_level
        return [
            ShownCell(fmt.change(c), f"background: {change_colour(c, max_level=top)}", "")
            for c in changes
        ]
    low, top = heatmap.threshold, heatmap.max_level
    steps = [low * k / 4 for k in range(4)] + [max(low - 0.1, 0.0)]
    steps += [low + (top - low) * k / 2 for k in range(3)]
    return [
        ShownCell(
            fmt.level(v),
            "background: "
            + level_colour(v, threshold=heatmap.threshold, max_level=heatmap.max_level),
            _("deficit") if v < heatmap.threshold else "",
        )
        for v in steps
    ]
