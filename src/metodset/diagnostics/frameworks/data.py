"""Frameworks as data: YAML and XLSX in and out, validated with messages in Russian.

Pure functions over plain data (no database), so the same parser serves the import page, the
data migration that ships the two frameworks, and the tests.

YAML::

    slug: pedagog-544n
    title: …
    version: 1
    description: …
    threshold: 2
    levels: [{value: 0, label: …, descriptor: …}, …]
    areas:
      - code: НП
        title: …
        competencies:
          - code: НП.1
            title: …
            labour_function: A/01.6
            indicators: [{code: НП.1.1, text: …}, …]

XLSX: a sheet «Рамка» (field, value), a sheet «Уровни» (value, label, descriptor) and a sheet
«Индикаторы», one row per indicator with its area and competency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from metodset.core import spreadsheets_reading as reader
from metodset.core.spreadsheets import SafeWorkbook, workbook

DATA_DIR = Path(__file__).parent.parent / "data"


SHIPPED = ("pedagog_544n.yaml", "digital_culture.yaml")


_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,58}$")


class FrameworkError(ValueError):
    """The file cannot be taken as a framework; ``errors`` are for the person, in Russian."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class IndicatorData:
    code: str
    text: str


@dataclass
class CompetencyData:
    code: str
    title: str
    labour_function: str = ""
    indicators: list[IndicatorData] = field(default_factory=list)


@dataclass
class AreaData:
    code: str
    title: str
    competencies: list[CompetencyData] = field(default_factory=list)


@dataclass
class FrameworkData:
    slug: str
    title: str
    description: str
    threshold: Decimal
    levels: list[dict[str, Any]]
    areas: list[AreaData]
    version: int = 1

    @property
    def indicator_count(self) -> int:
        return sum(len(c.indicators) for a in self.areas for c in a.competencies)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def parse(raw: Any) -> FrameworkData:
    """A framework from the dict YAML gives; FrameworkError lists every problem found."""
    errors: list[str] = []
    if not isinstance(raw, dict):
        raise FrameworkError([_("The file does not describe a framework.")])
    slug = _text(raw.get("slug"))
    if not _SLUG.match(slug):
        errors.append(_("«slug» must be Latin lower-case letters, digits and hyphens."))
    title = _text(raw.get("title"))
    if not title:
        errors.append(_("The framework has no title."))
    try:
        threshold = Decimal(str(raw.get("threshold", 2)))
    except InvalidOperation:
        errors.append(_("The deficit threshold must be a number."))
        threshold = Decimal(2)
    levels = _levels(raw.get("levels"), errors)
    if levels and not (levels[0]["value"] < threshold <= levels[-1]["value"]):
        errors.append(_("The deficit threshold must lie between the lowest and highest level."))
    areas = _areas(raw.get("areas"), errors)
    try:
        version = int(raw.get("version", 1))
    except (TypeError, ValueError):
        version = 1
    if errors:
        raise FrameworkError(errors)
    return FrameworkData(
        slug=slug,
        title=title,
        description=_text(raw.get("description")),
        threshold=threshold,
        levels=levels,
        areas=areas,
        version=version,
    )


def _levels(raw: Any, errors: list[str]) -> list[dict[str, Any]]:
    if not isinstance(raw, list) or len(raw) < 2:
        errors.append(_("A framework needs at least two levels."))
        return []
    levels: list[dict[str, Any]] = []
    for n, item in enumerate(raw, start=1):
        try:
            value = int(item["value"])
        except (KeyError, TypeError, ValueError):
            errors.append(_("Level %(n)s: the value must be a whole number.") % {"n": n})
            continue
        label = _text(item.get("label"))
        if not label:
            errors.append(_("Level %(n)s has no name.") % {"n": n})
        levels.append({"value": value, "label": label, "descriptor": _text(item.get("descriptor"))})
    values: list[int] = [level["value"] for level in levels]
    if values != sorted(set(values)):
        errors.append(_("Level values must grow and not repeat."))
    return levels


def _areas(raw: Any, errors: list[str]) -> list[AreaData]:
    if not isinstance(raw, list) or not raw:
        errors.append(_("The framework has no areas."))
        return []
    codes: set[str] = set()
    return [_area(a, area_raw, codes, errors) for a, area_raw in enumerate(raw, start=1)]


def _code_check(code: str, where: str, codes: set[str], errors: list[str]) -> None:
    """Every code of a framework (areas, competencies, indicators alike) is given and unique."""
    if not code:
        errors.append(_("%(where)s: the code is missing.") % {"where": where})
    elif code in codes:
        errors.append(
            _("%(where)s: the code %(code)s is used twice.") % {"where": where, "code": code}
        )
    codes.add(code)


def _area(a: int, raw: Any, codes: set[str], errors: list[str]) -> AreaData:
    area = AreaData(code=_text(raw.get("code")), title=_text(raw.get("title")))
    where = _("area %(n)s") % {"n": a}
    _code_check(area.code, where, codes, errors)
    if not area.title:
        errors.append(_("%(where)s has no title.") % {"where": where})
    for c, comp_raw in enumerate(raw.get("competencies") or [], start=1):
        area.competencies.append(_competency(f"{a}.{c}", comp_raw, codes, errors))
    if not area.competencies:
        errors.append(_("%(where)s has no competencies.") % {"where": where})
    return area


def _competency(number: str, raw: Any, codes: set[str], errors: list[str]) -> CompetencyData:
    """``number`` («1.2») names the competency in messages when it has no code."""
    competency = CompetencyData(
        code=_text(raw.get("code")),
        title=_text(raw.get("title")),
        labour_function=_text(raw.get("labour_function")),
    )
    where = _("competency %(code)s") % {"code": competency.code or number}
    _code_check(competency.code, where, codes, errors)
    if not competency.title:
        errors.append(_("%(where)s has no title.") % {"where": where})
    for i, ind_raw in enumerate(raw.get("indicators") or [], start=1):
        competency.indicators.append(_indicator(f"{number}.{i}", ind_raw, codes, errors))
    if not competency.indicators:
        errors.append(_("%(where)s has no indicators.") % {"where": where})
    return competency


def _indicator(number: str, raw: Any, codes: set[str], errors: list[str]) -> IndicatorData:
    """``number`` («1.2.3») names the indicator in messages when it has no code."""
    indicator = IndicatorData(code=_text(raw.get("code")), text=_text(raw.get("text")))
    where = _("indicator %(code)s") % {"code": indicator.code or number}
    _code_check(indicator.code, where, codes, errors)
    if not indicator.text:
        errors.append(_("%(where)s has no text.") % {"where": where})
    return indicator


def from_yaml(content: bytes | str) -> FrameworkData:
    try:
        raw = yaml.safe_load(content)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" ({_('line')} {mark.line + 1})" if mark is not None else ""
        raise FrameworkError([_("The YAML cannot be read%(line)s.") % {"line": line}]) from exc
    return parse(raw)


SHEET_META = "Рамка"


SHEET_LEVELS = "Уровни"


SHEET_INDICATORS = "Индикаторы"


META_FIELDS = [
    ("slug", "Код"),
    ("title", "Название"),
    ("version", "Версия"),
    ("description", "Описание"),
    ("threshold", "Порог дефицита"),
]


INDICATOR_COLUMNS = [
    "Код направления",
    "Направление",
    "Код компетенции",
    "Компетенция",
    "Трудовая функция",
    "Код индикатора",
    "Индикатор",
]


def from_xlsx(content: bytes) -> FrameworkData:
    try:
        book = reader.xlsx_workbook(content)
    except reader.SpreadsheetError as exc:
        raise FrameworkError([str(exc)]) from exc
    try:
        return parse(_workbook_raw(book))
    finally:
        book.close()


def _workbook_raw(book: Any) -> dict[str, Any]:
    """The framework's sheets as the plain data ``parse`` reads."""
    missing = [s for s in (SHEET_META, SHEET_LEVELS, SHEET_INDICATORS) if s not in book.sheetnames]
    if missing:
        raise FrameworkError(
            [_("The workbook has no sheet «%(sheet)s».") % {"sheet": s} for s in missing]
        )
    labels = {label: key for key, label in META_FIELDS}
    raw: dict[str, Any] = {}
    for row in book[SHEET_META].iter_rows(values_only=True):
        if row and _text(row[0]) in labels:
            raw[labels[_text(row[0])]] = row[1] if len(row) > 1 else None
    raw["levels"] = [
        {"value": row[0], "label": row[1], "descriptor": row[2] if len(row) > 2 else ""}
        for row in book[SHEET_LEVELS].iter_rows(min_row=2, values_only=True)
        if row and row[0] is not None
    ]
    areas: dict[str, dict[str, Any]] = {}
    competencies: dict[str, dict[str, Any]] = {}
    for row in book[SHEET_INDICATORS].iter_rows(min_row=2, values_only=True):
        if not row or not any(row):
            continue
        cells = [_text(v) for v in list(row) + [None] * 7][:7]
        area_code, area_title, comp_code, comp_title, function, ind_code, ind_text = cells
        area = areas.setdefault(
            area_code, {"code": area_code, "title": area_title, "competencies": []}
        )
        if comp_code not in competencies:
            competencies[comp_code] = {
                "code": comp_code,
                "title": comp_title,
                "labour_function": function,
                "indicators": [],
            }
            area["competencies"].append(competencies[comp_code])
        competencies[comp_code]["indicators"].append({"code": ind_code, "text": ind_text})
    raw["areas"] = list(areas.values())
    return raw


def shipped() -> list[FrameworkData]:
    return [from_yaml((DATA_DIR / name).read_bytes()) for name in SHIPPED]


def as_dict(data: FrameworkData) -> dict[str, Any]:
    return {
        "slug": data.slug,
        "title": data.title,
        "version": data.version,
        "description": data.description,
        "threshold": float(data.threshold) if data.threshold % 1 else int(data.threshold),
        "levels": data.levels,
        "areas": [
            {
                "code": a.code,
                "title": a.title,
                "competencies": [
                    {
                        "code": c.code,
                        "title": c.title,
                        "labour_function": c.labour_function,
                        "indicators": [{"code": i.code, "text": i.text} for i in c.indicators],
                    }
                    for c in a.competencies
                ],
            }
            for a in data.areas
        ],
    }


def to_yaml(data: FrameworkData) -> str:
    return yaml.safe_dump(as_dict(data), allow_unicode=True, sort_keys=False, width=100)


def to_xlsx(data: FrameworkData) -> SafeWorkbook:
    book = workbook()
    meta = book.active
    meta.title = SHEET_META
    values = as_dict(data)
    for key, label in META_FIELDS:
        meta.append([label, values[key]])
    meta.column_dimensions["A"].width = 20
    meta.column_dimensions["B"].width = 80
    levels = book.create_sheet(SHEET_LEVELS)
    levels.append(["Уровень", "Название", "Описание"])
    for level in data.levels:
        levels.append([level["value"], level["label"], level["descriptor"]])
    sheet = book.create_sheet(SHEET_INDICATORS)
    sheet.append(INDICATOR_COLUMNS)
    for area in data.areas:
        for competency in area.competencies:
            for indicator in competency.indicators:
                sheet.append(
                    [area.code, area.title, competency.code, competency.title,
                     competency.labour_function, indicator.code, indicator.text]
                )  # fmt: skip
    for ws in (levels, sheet):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    for column, width in zip("ABCDEFG", (10, 36, 12, 50, 12, 12, 80), strict=True):
        sheet.column_dimensions[column].width = width
    return book
