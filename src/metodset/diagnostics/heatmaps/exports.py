"""A heat map as XLSX."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter

from metodset.accounts.models import Organization
from metodset.core import spreadsheets
from metodset.diagnostics.heatmaps.grid import EXPERIENCE_LABELS, MIN_GROUP, HeatMap


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
                ngettext(
                    "%(count)s row of fewer than %(min)s people",
                    "%(count)s rows of fewer than %(min)s people",
                    heatmap.hidden,
                )
                % {"count": heatmap.hidden, "min": MIN_GROUP},
            )
        )
    made: datetime = timezone.localtime()
    rows.append((_("Exported"), f"{made:%d.%m.%Y %H:%M}"))
    for label, value in rows:
        sheet.append([label, value])
