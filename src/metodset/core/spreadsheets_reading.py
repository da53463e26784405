"""Reading uploaded XLSX and CSV files into numbered rows of cells: the one reader of every
import (people and organisations, a test's items, children's results).

XLSX is read with openpyxl in read-only mode (streamed, so a 30,000-row file stays small in
memory); an old XLS file, a file that is not a workbook, and a ZIP bomb (members unpacking to
more than ``IMPORT_MAX_UNPACKED_BYTES``, 200 MB by default) are refused before anything is
unpacked. CSV may be UTF-8 (with or without BOM) or Windows-1251, separated by «;» (what
Russian Excel writes), «,» or tab. ``columns_bounded`` refuses a row with a filled cell beyond
``IMPORT_MAX_COLUMNS`` (100). Rows come as a one-pass iterator, never gathered into a list, so
whoever reads them stops at their own limit of rows.

Every refusal is a ``SpreadsheetError`` with a message for the uploader; the importing app
turns it into its own error. Imports nothing of our apps.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# defaults of the limits a deployment (or a test) may change in settings
MAX_COLUMNS = 100
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

Cells = tuple[Any, ...]
NumberedRows = Iterator[tuple[int, Cells]]


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read; the message is for the uploader."""


def size_text(size: int) -> str:
    """«20,0 МБ»: a file size in the active language."""
    return filesizeformat(size).replace("\xa0", " ")


def max_columns() -> int:
    return int(getattr(settings, "IMPORT_MAX_COLUMNS", MAX_COLUMNS))


def max_unpacked_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_UNPACKED_BYTES", MAX_UNPACKED_BYTES))


def columns_bounded(rows: NumberedRows, *, limit: int | None = None) -> NumberedRows:
    """The rows, refusing a file with a filled cell beyond the column limit."""
    limit = max_columns() if limit is None else limit
    for number, cells in rows:
        if len(cells) > limit:
            if any(c not in (None, "") for c in cells[limit:]):
                raise SpreadsheetError(
                    _("Row %(row)s has more than %(max)s columns; keep only the columns to import.")
                    % {"row": number, "max": limit}
                )
            cells = cells[:limit]
        yield number, cells


# --- XLSX --------------------------------------------------------------------------------


def not_xlsx() -> SpreadsheetError:
    return SpreadsheetError(
        _("The file is not a valid XLSX workbook; save it from Excel as XLSX or as CSV.")
    )


def xlsx_head_check(head: bytes) -> None:
    """The first bytes: an old XLS file or anything but a ZIP is refused."""
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError(
            _("This is an old Excel 97–2003 (XLS) file; save it as XLSX or CSV and upload again.")
        )
    if not head.startswith(b"PK"):
        raise not_xlsx()


def xlsx_archive_check(archive: zipfile.ZipFile) -> None:
    """A workbook, and not a ZIP bomb: the members' unpacked sizes stay within the limit."""
    members = archive.infolist()
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise not_xlsx()
    limit = max_unpacked_bytes()
    if sum(m.file_size for m in members) > limit:
        raise SpreadsheetError(
            _(
                "The XLSX file unpacks to more than %(size)s; save only the sheet to import,"
                " or save it as CSV."
            )
            % {"size": size_text(limit)}
        )


def xlsx_workbook(data: bytes) -> Any:
    """The workbook, opened read-only once the checks above have passed; for an import that
    reads several named sheets (a competency framework). Close it when done."""
    from openpyxl import load_workbook

    xlsx_head_check(data[:8])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xlsx_archive_check(archive)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SpreadsheetError:
        raise
    except Exception:  # noqa: BLE001 - any failure to open means the same to the uploader
        raise not_xlsx() from None
    if not workbook.worksheets:
        workbook.close()
        raise not_xlsx()
    return workbook


def xlsx_rows(data: bytes) -> NumberedRows:
    """(row number, cells) of the active sheet of a workbook, streamed."""
    return _sheet_rows(xlsx_workbook(data))


def _sheet_rows(workbook: Any) -> NumberedRows:
    sheet = workbook.active if workbook.active is not None else workbook.worksheets[0]
    try:
        # The size a sheet declares may be anything (A1:XFD1048576): forgotten, each row is
        # as wide as its last cell and a missing row is an empty tuple, not 16 384 Nones.
        sheet.reset_dimensions()
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    except SpreadsheetError:
        raise
    except Exception:  # noqa: BLE001 - a broken sheet inside a valid zip
        raise SpreadsheetError(_("The XLSX file is damaged and cannot be read.")) from None
    finally:
        workbook.close()


# --- CSV ----------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or Windows-1251 text; anything else is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise SpreadsheetError(
            _("The CSV file is in UTF-16 or is not text; save it as CSV in UTF-8.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1251")
        except UnicodeDecodeError:
            raise SpreadsheetError(
                _("The CSV file is not text in UTF-8 or Windows-1251.")
            ) from None
    sample = text[:65536]
    control = sum(
        1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\r\n\t"
    )
    if "\x00" in text or control > len(sample) // 100:
        raise SpreadsheetError(_("The CSV file is not text in UTF-8 or Windows-1251."))
    return text


def sniff_delimiter(text: str) -> str:
    """«;», «,» or tab: whichever appears most in the first non-empty line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def csv_rows(data: bytes) -> NumberedRows:
    """(row number, cells) of a CSV file; the text is decoded before the first row."""
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))

    def rows() -> NumberedRows:
        try:
            for number, cells in enumerate(reader, start=1):
                yield number, tuple(cells)
        except csv.Error:
            raise SpreadsheetError(
                _("The CSV file cannot be read near row %(row)s.") % {"row": reader.line_num}
            ) from None

    return rows()
