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


_RESULT_COLUMN_NAMES = {
    "group": "«Класс»", "subject": "«Предмет»", "area": "«Область»",
    "measured_on": "«Дата»", "value": "«Результат»",
}  # fmt: skip


def _required_columns_check(columns: dict[str, int]) -> None:
    """Raise ``FileError`` naming the required columns the header lacks."""
    missing = [c for c in REQUIRED_RESULT if c not in columns]
    if missing:
        raise FileError(
            _("The file has no column %(columns)s.")
            % {"columns": ", ".join(_RESULT_COLUMN_NAMES[m] for m in missing)}
        )


def _text_problem(text: str, *, limit: int, empty: str, too_long: str) -> str | None:
    """The reason a required text cell is refused, or ``None`` when it is fine."""
    if not text:
        return empty
    if len(text) > limit:
        return too_long
    return None


def _names_check(group: str, subject: str, area: str, problems: list[str]) -> None:
    checks = (
        (
            group,
            100,
            _("the group or class is empty"),
            _("the group or class is longer than 100 characters"),
        ),
        (
            subject,
            200,
            _("the subject is empty"),
            _("the subject is longer than 200 characters"),
        ),
        (area, 200, _("the area is empty"), _("the area is longer than 200 characters")),
    )
    for text, limit, empty, too_long in checks:
        problem = _text_problem(text, limit=limit, empty=empty, too_long=too_long)
        if problem:
            problems.append(problem)


def _measured_on_read(raw: object, problems: list[str]) -> dt.date | None:
    try:
        return date_parse(raw)
    except ValueError as exc:
        problems.append(_("the date is empty") if not cell_text(raw) else str(exc))
        return None


def _value_read(raw: object, problems: list[str]) -> float | None:
    if not cell_text(raw):
        problems.append(_("the result is empty"))
        return None
    try:
        value = number_parse(raw)
    except ValueError as exc:
        problems.append(str(exc))
        return None
    if not -1000 <= value <= 1000:
        problems.append(_("the result must be between −1000 and 1000"))
    return value


def _children_read(raw: object, problems: list[str]) -> int | None:
    """The optional number of children: empty is fine, anything else a whole 0..1000."""
    text = cell_text(raw)
    if not text:
        return None
    try:
        children = int(number_parse(text))
        if not 0 <= children <= 1000:
            raise ValueError
    except ValueError:
        problems.append(
            _("the number of children «%(value)s» is not a whole number from 0 to 1000")
            % {"value": text}
        )
        return None
    return children


def _result_row_read(values: dict[str, object]) -> ResultInput | str:
    """One row's measurement, or every reason it is refused joined by «; »."""
    problems: list[str] = []
    group = norm(cell_text(values.get("group")))
    subject = norm(cell_text(values.get("subject")))
    area = norm(cell_text(values.get("area")))
    _names_check(group, subject, area, problems)
    measured_on = _measured_on_read(values.get("measured_on"), problems)
    value = _value_read(values.get("value"), problems)
    children = _children_read(values.get("children"), problems)
    if problems:
        return "; ".join(problems)
    assert measured_on is not None and value is not None
    return ResultInput(group, subject, area, measured_on, value, children)


def results_parse(
    data: bytes, filename: str
) -> tuple[list[tuple[int, ResultInput]], list[RowError]]:
    """Rows of a results file, each checked; bad rows come back with their reason.

    Raises ``FileError`` when the file cannot be read or lacks a required column.
    """
    rows = spreadsheet_rows(data, filename)
    columns, start = locate_header(rows, RESULT_COLUMNS, RESULT_ORDER)
    if start:
        _required_columns_check(columns)
    good: list[tuple[int, ResultInput]] = []
    errors: list[RowError] = []
    for number, cells in rows[start:]:
        values = {name: cells[pos] if pos < len(cells) else None for name, pos in columns.items()}
        if not any(cell_text(v) for v in values.values()):
            continue
        result = _result_row_read(values)
        if isinstance(result, str):
            errors.append(RowError(number, result))
        else:
            good.append((number, result))
    return good, errors
