"""Reading XLSX and CSV files into numbered rows of plain text, checking type and content.

XLSX is read with openpyxl in read-only mode (streamed, so a 30,000-row file stays small
in memory). CSV may be UTF-8 (with or without BOM) or Windows-1251, separated by «;»
(what Russian Excel writes), «,» or tab.

Rows are never gathered into a list, and reading stops with a message as soon as a file
is out of bounds, so a small file cannot make a large amount of work:

- ``IMPORT_MAX_EMPTY_ROWS`` (1 000) empty rows in a row before the header row;
- ``MAX_ROWS`` rows with data, and as many empty rows after the header;
- ``IMPORT_MAX_COLUMNS`` (100) columns with a filled cell;
- ``IMPORT_MAX_UNPACKED_BYTES`` (200 MB): the unpacked size of an XLSX's members (a ZIP
  bomb of a few kilobytes is refused before anything is unpacked).

``check_upload`` is the cheap part, for the upload form: the name, the first bytes and
the ZIP directory, nothing parsed; everything else runs in the worker.

The files themselves are read by the platform's reader, ``core.spreadsheets_reading``; this
module adds the header, the required columns and the limits of rows of people's imports.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypeVar

from django.conf import settings
from django.utils.translation import gettext as _

from metodset.core import spreadsheets_reading as reader
from metodset.core.spreadsheets_reading import (
    SpreadsheetError,
    size_text,
)

from .columns import COLUMNS, ColumnMap, check_required, match_headers
from .report import ImportFileError
from .values import cell_text

EXTENSIONS = (".xlsx", ".csv")
MAX_ROWS = 100_000
HEADER_SEARCH_ROWS = 10  # a title or a note may stand above the headers
# defaults of the limits a deployment (or a test) may change in settings
MAX_EMPTY_ROWS = 1_000
TEXT_SAMPLE_BYTES = 64 * 1024

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


def max_empty_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_EMPTY_ROWS", MAX_EMPTY_ROWS))


def _number(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def check_upload(*, file: IO[bytes], filename: str) -> str:
    """The cheap checks of an upload, made in the web request; returns "xlsx" or "csv".

    Looks at the extension, the first bytes and, for XLSX, the ZIP directory (the
    members' names and unpacked sizes); parses nothing, so it takes the same few
    milliseconds for any file. Raises ``ImportFileError`` with a message for the uploader.
    """
    kind = file_format(filename)
    file.seek(0)
    try:
        if kind == "xlsx":
            head = file.read(8)
            file.seek(0)
            _check_xlsx_head(head)
            try:
                with zipfile.ZipFile(file) as archive:
                    _check_xlsx_archive(archive)
            except ImportFileError:
                raise
            except Exception:  # noqa: BLE001 - a broken zip means the same to the uploader
                raise _not_xlsx() from None
        else:
            decode_text(_text_sample(file.read(TEXT_SAMPLE_BYTES)))
    finally:
        file.seek(0)
    return kind


def _text_sample(head: bytes) -> bytes:
    """The first bytes of a text file, without a UTF-8 character cut at the end."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.end == len(head) and exc.reason == "unexpected end of data":
            return head[: exc.start]
    return head


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
    rows = _bounded(_xlsx_rows(data) if file_format(filename) == "xlsx" else _csv_rows(data))
    columns, header_row = _find_header(kind, rows)
    check_required(kind, columns, default_organization=default_organization)
    return Table(columns=columns, header_row=header_row, rows=_data_rows(rows, columns))


def _find_header(kind: str, rows: Iterator[tuple[int, tuple]]) -> tuple[ColumnMap, int]:
    best: tuple[ColumnMap, int] | None = None
    seen = 0
    empty = 0
    limit = max_empty_rows()
    for number, cells in rows:
        if not any(c not in (None, "") for c in cells):
            empty += 1
            if empty > limit and best is None:
                raise ImportFileError(
                    _(
                        "More than %(max)s empty rows stand before the header row; delete them"
                        " and upload the file again."
                    )
                    % {"max": _number(limit)}
                )
            continue
        empty = 0
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
    count = empty = 0
    for number, cells in rows:
        width = len(cells)
        values = {
            field: cell_text(cells[position]) if position < width else ""
            for field, position in positions
        }
        if not any(values.values()):
            empty += 1  # empty rows are skipped silently, but not without end
            if empty > MAX_ROWS:
                raise ImportFileError(
                    _("The file has more than %(max)s empty rows; delete them.")
                    % {"max": _number(MAX_ROWS)}
                )
            continue
        count += 1
        if count > MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)s rows; split it into parts.")
                % {"max": f"{MAX_ROWS:,}".replace(",", " ")}
            )
        yield number, values


T = TypeVar("T")


def _ours(call: Callable[[], T]) -> T:
    """The reader's refusal as this import's own error."""
    try:
        return call()
    except SpreadsheetError as exc:
        raise ImportFileError(str(exc)) from None


def _translated(rows: Iterator[tuple[int, tuple]]) -> Iterator[tuple[int, tuple]]:
    try:
        yield from rows
    except SpreadsheetError as exc:
        raise ImportFileError(str(exc)) from None


def _bounded(rows: Iterator[tuple[int, tuple]]) -> Iterator[tuple[int, tuple]]:
    """The rows, refusing a file with a filled cell beyond the column limit."""
    return _translated(reader.columns_bounded(rows))


def _check_xlsx_head(head: bytes) -> None:
    _ours(lambda: reader.xlsx_head_check(head))


def _check_xlsx_archive(archive: zipfile.ZipFile) -> None:
    _ours(lambda: reader.xlsx_archive_check(archive))


def _not_xlsx() -> ImportFileError:
    return ImportFileError(str(reader.not_xlsx()))


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, tuple]]:
    return _translated(_ours(lambda: reader.xlsx_rows(data)))


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or Windows-1251 text; anything else is refused."""
    return _ours(lambda: reader.decode_text(data))


sniff_delimiter = reader.sniff_delimiter


def _csv_rows(data: bytes) -> Iterator[tuple[int, tuple]]:
    return _translated(_ours(lambda: reader.csv_rows(data)))
