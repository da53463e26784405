"""Reading the spreadsheets of the instruments (test items, children's results): rows of an
XLSX or CSV file (through the platform's reader, ``core.spreadsheets_reading``), the header
found by its names, and the report of an import.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from metodset.core import spreadsheets_reading as reader
from metodset.diagnostics.models import (
    ResultsTable,
)

# These files are read in the request, not by the worker as the people and organisations
# import is (issue 12, finding 6), and that is decided, not forgotten: a test's items or a
# class's results are a few hundred rows that the methodist corrects and uploads again while
# she waits for the answer beside the field; within these limits (and the reader's own on
# empty rows and columns) the read takes well under a second and a bounded amount of memory.
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


def spreadsheet_rows(data: bytes, filename: str) -> list[tuple[int, tuple]]:
    """(row number, cells) of an XLSX or CSV file; FileError when it cannot be read."""
    if not data.strip():
        raise FileError(_("The file is empty."))
    if len(data) > MAX_IMPORT_BYTES:
        raise FileError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_IMPORT_BYTES // 2**20}
        )
    name = (filename or "").lower()
    if not name.endswith((".xlsx", ".csv")):
        raise FileError(_("Upload an XLSX or CSV file (.xlsx or .csv)."))
    rows: list[tuple[int, tuple]] = []
    try:
        read = reader.xlsx_rows if name.endswith(".xlsx") else reader.csv_rows
        for number, cells in reader.columns_bounded(read(data)):
            rows.append((number, cells))
            if len(rows) > MAX_IMPORT_ROWS:
                raise FileError(
                    _("The file has more than %(max)s rows; split it into parts.")
                    % {"max": MAX_IMPORT_ROWS}
                )
    except reader.SpreadsheetError as exc:
        raise FileError(str(exc)) from None
    return rows


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
