"""Reading a file of children's results: the columns, dates and numbers as people write them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from metodset.diagnostics.importing import (
    FileError,
    RowError,
    cell_text,
    locate_header,
    spreadsheet_rows,
)


@dataclass(frozen=True)
class ResultInput:
    """One clean measurement, as the import or the demo gives it."""

    group: str
    subject: str
    area: str
    measured_on: dt.date
    value: float
    children: int | None = None


def norm(text: str) -> str:
    return " ".join((text or "").split())


RESULT_COLUMNS = {
    "group": ("класс", "группа", "классгруппа", "группакласс", "group", "class"),
    "subject": (
        "предмет", "образовательнаяобласть", "предметобласть", "subject", "field",
    ),
    "area": (
        "область", "умение", "направление", "разделпредмета", "раздел", "показатель", "area",
    ),
    "measured_on": ("дата", "датаизмерения", "date"),
    "value": ("результат", "значение", "выполнение", "result", "value"),
    "children": ("детей", "количестводетей", "числодетей", "кол", "учащихся", "children"),
}  # fmt: skip


RESULT_ORDER = ("group", "subject", "area", "measured_on", "value", "children")


REQUIRED_RESULT = ("group", "subject", "area", "measured_on", "value")


def date_parse(value: object) -> dt.date:
    """dd.mm.yyyy (also dd.mm.yy, yyyy-mm-dd), an Excel date or an Excel serial number."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and 20000 < float(value) < 80000:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    text = cell_text(value)
    for pattern in ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    if re.fullmatch(r"\d{5}", text):
        return date_parse(int(text))
    raise ValueError(
        _("the date «%(value)s» is not recognised; write it as ДД.ММ.ГГГГ") % {"value": text}
    )


def number_parse(value: object) -> float:
    """A number with a decimal comma or point, spaces and «%» allowed: «72,5 %» → 72.5."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = cell_text(value).replace("\xa0", "").replace(" ", "").rstrip("%").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueError(
            _("the result «%(value)s» is not a number") % {"value": cell_text(value)}
        ) from None


def results_parse(
    data: bytes, filename: str
) -> tuple[list[tuple[int, ResultInput]], list[RowError]]:
    """Rows of a results file, each checked; bad rows come back with their reason.

    Raises ``FileError`` when the file cannot be read or lacks a required column.
    """
    rows = spreadsheet_rows(data, filename)
    columns, start = locate_header(rows, RESULT_COLUMNS, RESULT_ORDER)
    if start:
        missing = [c for c in REQUIRED_RESULT if c not in columns]
        if missing:
            names = {
                "group": "«Класс»", "subject": "«Предмет»", "area": "«Область»",
                "measured_on": "«Дата»", "value": "«Результат»",
            }  # fmt: skip
            raise FileError(
                _("The file has no column %(columns)s.")
                % {"columns": ", ".join(names[m] for m in missing)}
            )
    good: list[tuple[int, ResultInput]] = []
    errors: list[RowError] = []
    for number, cells in rows[start:]:
        values = {name: cells[pos] if pos < len(cells) else None for name, pos in columns.items()}
        if not any(cell_text(v) for v in values.values()):
            continue
        problems = []
        group = norm(cell_text(values.get("group")))
        subject = norm(cell_text(values.get("subject")))
        area = norm(cell_text(values.get("area")))
        if not group:
            problems.append(_("the group or class is empty"))
        elif len(group) > 100:
            problems.append(_("the group or class is longer than 100 characters"))
        if not subject:
            problems.append(_("the subject is empty"))
        elif len(subject) > 200:
            problems.append(_("the subject is longer than 200 characters"))
        if not area:
            problems.append(_("the area is empty"))
        elif len(area) > 200:
            problems.append(_("the area is longer than 200 characters"))
        measured_on = value = None
        try:
            measured_on = date_parse(values.get("measured_on"))
        except ValueError as exc:
            empty = not cell_text(values.get("measured_on"))
            problems.append(_("the date is empty") if empty else str(exc))
        raw_value = values.get("value")
        if not cell_text(raw_value):
            problems.append(_("the result is empty"))
        else:
            try:
                value = number_parse(raw_value)
            except ValueError as exc:
                problems.append(str(exc))
            else:
                if not -1000 <= value <= 1000:
                    problems.append(_("the result must be between −1000 and 1000"))
        children = None
        raw_children = cell_text(values.get("children"))
        if raw_children:
            try:
                children = int(number_parse(raw_children))
                if not 0 <= children <= 1000:
                    raise ValueError
            except ValueError:
                problems.append(
                    _("the number of children «%(value)s» is not a whole number from 0 to 1000")
                    % {"value": raw_children}
                )
        if problems:
            errors.append(RowError(number, "; ".join(problems)))
            continue
        assert measured_on is not None and value is not None
        good.append((number, ResultInput(group, subject, area, measured_on, value, children)))
    return good, errors
