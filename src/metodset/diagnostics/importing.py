"""Reading the spreadsheets of the instruments (test items, children's results): rows of an
XLSX or CSV file, the header found by its names, and the report of an import.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from metodset.diagnostics.models import (
    ResultsTable,
)

MAX_IMPORT_BYTES = 5 * 1024 * 1024


MAX_IMPORT_ROWS = 20_000


class FileError(ValueError):
    """The uploaded file as a whole cannot be read; the message is for the uploader."""


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number
    message: str


def _fold(value: object) -> str:
    return re.sub(r"[^0-9a-zа-я]+", "", str(value or "").lower().replace("ё", "е"))


def _match_header(cells: Sequence[object], known: dict[str, tuple[str, ...]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for position, cell in enumerate(cells):
        folded = _fold(cell)
        if not folded:
            continue
        for name, aliases in known.items():
            if name not in found and any(folded == a or folded.startswith(a) for a in aliases):
                found[name] = position
                break
    return found


def _xlsx_rows(data: bytes) -> list[tuple[int, tuple]]:
    from openpyxl import load_workbook

    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileError(
            _("This is an old Excel 97–2003 (XLS) file; save it as XLSX and upload again.")
        )
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.active if book.active is not None else book.worksheets[0]
        rows = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            rows.append((number, tuple(cells)))
            if len(rows) > MAX_IMPORT_ROWS:
                raise FileError(
                    _("The file has more than %(max)s rows; split it into parts.")
                    % {"max": MAX_IMPORT_ROWS}
                )
        book.close()
    except FileError:
        raise
    except Exception:  # noqa: BLE001 - any failure to open means the same to the uploader
        raise FileError(_("The file is not a valid XLSX workbook.")) from None
    return rows


def _csv_rows(data: bytes) -> list[tuple[int, tuple]]:
    from metodset.accounts.importing.reading import decode_text, sniff_delimiter
    from metodset.accounts.importing.report import ImportFileError

    try:
        text = decode_text(data)
    except ImportFileError as exc:
        raise FileError(str(exc)) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        rows = [(n, tuple(cells)) for n, cells in enumerate(reader, start=1)]
    except csv.Error:
        raise FileError(_("The CSV file cannot be read.")) from None
    if len(rows) > MAX_IMPORT_ROWS:
        raise FileError(
            _("The file has more than %(max)s rows; split it into parts.")
            % {"max": MAX_IMPORT_ROWS}
        )
    return rows


def spreadsheet_rows(data: bytes, filename: str) -> list[tuple[int, tuple]]:
    """(row number, cells) of an XLSX or CSV file; FileError when it cannot be read."""
    if not data.strip():
        raise FileError(_("The file is empty."))
    if len(data) > MAX_IMPORT_BYTES:
        raise FileError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_IMPORT_BYTES // 2**20}
        )
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return _xlsx_rows(data)
    if name.endswith(".csv"):
        return _csv_rows(data)
    raise FileError(_("Upload an XLSX or CSV file (.xlsx or .csv)."))


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class ImportReport:
    """What an import did: good rows saved, bad rows named with their reason."""

    added: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    tables: list[ResultsTable] = field(default_factory=list)

    @property
    def saved(self) -> int:
        return self.added + self.updated


def locate_header(
    rows: list[tuple[int, tuple]], known: dict[str, tuple[str, ...]], order: Sequence[str]
) -> tuple[dict[str, int], int]:
    """The columns by header in the first rows; without a header, the documented order."""
    for index, (_number, cells) in enumerate(rows[:10]):
        found = _match_header(cells, known)
        if len(found) >= 3:
            return found, index + 1
    return {name: position for position, name in enumerate(order)}, 0
