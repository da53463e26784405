"""Reading XLSX and CSV files into numbered rows of plain text, checking type and content.

XLSX is read with openpyxl in read-only mode (streamed, so a 30,000-row file stays small
in memory). CSV may be UTF-8 (with or without BOM) or Windows-1251, separated by «;»
(what Russian Excel writes), «,» or tab.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .columns import COLUMNS, ColumnMap, check_required, match_headers
from .report import ImportFileError
from .values import cell_text

EXTENSIONS = (".xlsx", ".csv")
MAX_ROWS = 100_000
HEADER_SEARCH_ROWS = 10  # a title or a note may stand above the headers

Row = tuple[int, dict[str, str]]  # spreadsheet row number, field → text


@dataclass
class Table:
    """The recognised columns of a file and its data rows (a one-pass iterator)."""

    columns: ColumnMap
    header_row: int
    rows: Iterator[Row]


def read_bytes(file: str | Path | IO[bytes]) -> bytes:
    """The whole file, refusing one larger than ``settings.IMPORT_MAX_BYTES``."""
    limit = settings.IMPORT_MAX_BYTES
    if isinstance(file, str | Path):
        with open(file, "rb") as fh:
            data = fh.read(limit + 1)
    else:
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(limit + 1)
    if len(data) > limit:
        raise ImportFileError(_("The file is larger than %(size)s.") % {"size": size_text(limit)})
    return data


def size_text(size: int) -> str:
    """«20,0 МБ»: a file size in the active language."""
    return filesizeformat(size).replace("\xa0", " ")


def file_format(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in EXTENSIONS:
        raise ImportFileError(_("Upload an XLSX or CSV file (.xlsx or .csv)."))
    return suffix[1:]


def open_table(
    *, kind: str, data: bytes, filename: str, default_organization: bool = False
) -> Table:
    """Find the header row, check the required columns, and return the rows after it.

    Raises ``ImportFileError`` with a message for the uploader when the file is not what
    its name says, cannot be read, or lacks a required column.
    """
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    rows = _xlsx_rows(data) if file_format(filename) == "xlsx" else _csv_rows(data)
    columns, header_row = _find_header(kind, rows)
    check_required(kind, columns, default_organization=default_organization)
    return Table(columns=columns, header_row=header_row, rows=_data_rows(rows, columns))


def _find_header(kind: str, rows: Iterator[tuple[int, tuple]]) -> tuple[ColumnMap, int]:
    best: tuple[ColumnMap, int] | None = None
    seen = 0
    for number, cells in rows:
        if not any(c not in (None, "") for c in cells):
            continue
        columns = match_headers(kind, [cell_text(c) for c in cells])
        if best is None or len(columns) > len(best[0]):
            best = (columns, number)
        seen += 1
        if len(columns) >= 2 or seen >= HEADER_SEARCH_ROWS:
            break
    if best is None or not best[0]:
        required = ", ".join(f"«{c.title}»" for c in COLUMNS[kind] if c.required)
        raise ImportFileError(
            _("No header row found: the first row must name the columns: %(columns)s.")
            % {"columns": required}
        )
    return best


def _data_rows(rows: Iterator[tuple[int, tuple]], columns: ColumnMap) -> Iterator[Row]:
    positions = list(columns.positions.items())
    count = 0
    for number, cells in rows:
        width = len(cells)
        values = {
            field: cell_text(cells[position]) if position < width else ""
            for field, position in positions
        }
        if not any(values.values()):
            continue  # empty rows are skipped silently
        count += 1
        if count > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)s rows; split it into parts.")
                % {"max": f"{MAX_ROWS:,}".replace(",", " ")}
            )
        yield number, values


# --- XLSX --------------------------------------------------------------------------------


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, tuple]]:
    from openpyxl import load_workbook

    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _("This is an old Excel 97–2003 (XLS) file; save it as XLSX or CSV and upload again.")
        )
    not_xlsx = ImportFileError(
        _("The file is not a valid XLSX workbook; save it from Excel as XLSX or as CSV.")
    )
    if not data.startswith(b"PK"):
        raise not_xlsx
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise not_xlsx
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportFileError:
        raise
    except Exception:  # noqa: BLE001 - any failure to open means the same to the uploader
        raise not_xlsx from None
    if not workbook.worksheets:
        raise not_xlsx
    return _sheet_rows(workbook)


def _sheet_rows(workbook) -> Iterator[tuple[int, tuple]]:
    sheet = workbook.active if workbook.active is not None else workbook.worksheets[0]
    try:
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    except ImportFileError:
        raise
    except Exception:  # noqa: BLE001 - a broken sheet inside a valid zip
        raise ImportFileError(_("The XLSX file is damaged and cannot be read.")) from None
    finally:
        workbook.close()


# --- CSV ----------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or Windows-1251 text; anything else is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise ImportFileError(
            _("The CSV file is in UTF-16 or is not text; save it as CSV in UTF-8.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1251")
        except UnicodeDecodeError:
            raise ImportFileError(_("The CSV file is not text in UTF-8 or Windows-1251.")) from None
    sample = text[:65536]
    control = sum(
        1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\r\n\t"
    )
    if "\x00" in text or control > len(sample) // 100:
        raise ImportFileError(_("The CSV file is not text in UTF-8 or Windows-1251."))
    return text


def sniff_delimiter(text: str) -> str:
    """«;», «,» or tab: whichever appears most in the first non-empty line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(data: bytes) -> Iterator[tuple[int, tuple]]:
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))

    def rows() -> Iterator[tuple[int, tuple]]:
        try:
            for number, cells in enumerate(reader, start=1):
                yield number, tuple(cells)
        except csv.Error:
            raise ImportFileError(
                _("The CSV file cannot be read near row %(row)s.") % {"row": reader.line_num}
            ) from None

    return rows()
