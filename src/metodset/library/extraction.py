"""The text and the preview of a material's file: for search, and for the material's page.

Two pure functions on a file (a path, or a binary file object) and its extension:

- :func:`extract_text` — the text of a PDF (pypdfium2, page by page), a DOCX (python-docx:
  paragraphs and tables in document order), a PPTX, ODT or ODP (the text of the slides' or the
  document's XML, read from the zip after :func:`core.uploads.archive_check`), a TXT (UTF-8 or
  Windows-1251) or an RTF (control words stripped, ``\\'e0`` and ``\\u1072`` decoded). At most
  :data:`MAX_CHARS` characters; any other type gives "". It never raises on a broken or
  hostile file: it logs and returns "".
- :func:`preview_png` — PNG bytes :data:`PREVIEW_WIDTH` pixels wide (narrower for a small
  picture, never enlarged): the first page of a PDF, or a picture made smaller. None for other
  types and for broken files.

A stored file (a model's ``FieldFile``: ``Material.file``, ``MaterialVersion.file``) goes through
:func:`text_of` and :func:`preview_of`, which open it from its storage and take the extension
from its name. They touch no database: a view that shows a preview stores the bytes where it
likes (e.g. ``default_storage.save(version.file.name + ".preview.png", ContentFile(png))``) and
serves them through ``core.uploads.file_response`` after its permission check, like any upload.
``library.tasks.extract_material_text`` keeps ``Material.body_text`` in step with the file.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import logging
import os
import re
import threading
import zipfile
from collections.abc import Iterator
from typing import IO
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile

from metodset.core import uploads

log = logging.getLogger(__name__)

MAX_CHARS = 200_000
MAX_PDF_PAGES = 2_000  # a 25 MB file of empty pages would otherwise be walked to the end
PREVIEW_WIDTH = 600
PREVIEW_MAX_HEIGHT = 2_000  # a strip of a page or a panorama is not made taller than this

Source = str | os.PathLike[str] | IO[bytes]

# PDFium is not thread-safe: one document at a time in this process.
_pdfium_lock = threading.Lock()


def extract_text(source: Source, extension: str) -> str:
    """The file's text, at most ``MAX_CHARS`` characters; "" for other types or broken files."""
    kind = extension.lower().lstrip(".")
    reader = _READERS.get(kind)
    if reader is None:
        return ""
    try:
        text = reader(source, kind)
    except Exception:  # a broken or hostile file must not stop a worker
        log.warning("No text from a .%s file", kind, exc_info=True)
        return ""
    return _tidy(text)[:MAX_CHARS]


def preview_png(source: Source, extension: str) -> bytes | None:
    """The first page of a PDF or the picture, as a PNG ``PREVIEW_WIDTH`` wide; else None."""
    kind = extension.lower().lstrip(".")
    try:
        if kind == "pdf":
            return _pdf_preview(source)
        if kind in uploads.IMAGE_KINDS:
            return _image_preview(source, kind)
    except Exception:
        log.warning("No preview of a .%s file", kind, exc_info=True)
    return None


def text_of(file: FieldFile) -> str:
    """:func:`extract_text` of a stored file (a model's file field), "" when there is none."""
    if not file or not file.name:
        return ""
    try:
        with file.open("rb") as opened:
            return extract_text(io.BytesIO(opened.read()), _extension(file.name))
    except OSError:
        log.warning("The file %s cannot be read", file.name, exc_info=True)
        return ""


def preview_of(file: FieldFile) -> bytes | None:
    """:func:`preview_png` of a stored file (a model's file field), None when there is none."""
    if not file or not file.name:
        return None
    try:
        with file.open("rb") as opened:
            return preview_png(io.BytesIO(opened.read()), _extension(file.name))
    except OSError:
        log.warning("The file %s cannot be read", file.name, exc_info=True)
        return None


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _tidy(text: str) -> str:
    """Spaces and empty lines collapsed, so that the cap counts words rather than layout."""
    lines = (" ".join(line.split()) for line in text.replace("\x00", "").splitlines())
    return "\n".join(line for line in lines if line)


@contextlib.contextmanager
def _binary(source: Source) -> Iterator[IO[bytes]]:
    """The source as a binary file from its start; closed after if it was opened here."""
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as file:
            yield file
    else:
        source.seek(0)
        yield source


def _limited(parts: Iterator[str]) -> str:
    """Parts joined by new lines until there are ``MAX_CHARS`` characters."""
    taken: list[str] = []
    length = 0
    for part in parts:
        taken.append(part)
        length += len(part) + 1
        if length >= MAX_CHARS:
            break
    return "\n".join(taken)


# --- PDF -----------------------------------------------------------------------------------


def _pdf_bytes(source: Source) -> bytes:
    with _binary(source) as file:
        return file.read()


def _pdf_text(source: Source, kind: str) -> str:
    import pypdfium2 as pdfium

    data = _pdf_bytes(source)
    parts: list[str] = []
    length = 0
    with _pdfium_lock:
        document = pdfium.PdfDocument(data)
        try:
            for index in range(min(len(document), MAX_PDF_PAGES)):
                page = document[index]
                textpage = page.get_textpage()
                parts.append(textpage.get_text_bounded())
                textpage.close()
                page.close()
                length += len(parts[-1])
                if length >= MAX_CHARS:
                    break
        finally:
            document.close()
    return "\n".join(parts)


def _pdf_preview(source: Source) -> bytes | None:
    import pypdfium2 as pdfium

    data = _pdf_bytes(source)
    with _pdfium_lock:
        document = pdfium.PdfDocument(data)
        try:
            if not len(document):
                return None
            page = document[0]
            width, height = page.get_size()
            scale = min(PREVIEW_WIDTH / width, PREVIEW_MAX_HEIGHT / height)
            image = page.render(scale=scale).to_pil()
            page.close()
        finally:
            document.close()
    out = io.BytesIO()
    image.convert("RGB").save(out, "PNG", optimize=True)
    return out.getvalue()


# --- pictures ------------------------------------------------------------------------------


def _image_preview(source: Source, kind: str) -> bytes | None:
    from PIL import Image, ImageOps

    with _binary(source) as file:
        try:
            uploads.image_check(file, kind=kind)
        except ValidationError:
            log.warning("No preview of a bad .%s picture", kind)
            return None
        with Image.open(file) as opened:
            opened.draft("RGB", (PREVIEW_WIDTH, PREVIEW_MAX_HEIGHT))  # JPEG: decode smaller
            image = ImageOps.exif_transpose(opened)
            image.thumbnail((PREVIEW_WIDTH, PREVIEW_MAX_HEIGHT))
            if image.mode not in ("RGB", "RGBA", "L", "LA"):
                image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
            out = io.BytesIO()
            image.save(out, "PNG", optimize=True)
            return out.getvalue()


# --- office files --------------------------------------------------------------------------


@contextlib.contextmanager
def _guarded(source: Source, kind: str) -> Iterator[IO[bytes]]:
    """The file, once its table of contents has passed the bomb guard of uploads."""
    with _binary(source) as file:
        uploads.archive_check(file, kind=kind)  # ValidationError: logged by extract_text
        yield file


@contextlib.contextmanager
def _guarded_zip(source: Source, kind: str) -> Iterator[zipfile.ZipFile]:
    with _guarded(source, kind) as file, zipfile.ZipFile(file) as archive:
        yield archive


def _docx_text(source: Source, kind: str) -> str:
    from docx import Document
    from docx.table import Table

    with _guarded(source, kind) as file:
        document = Document(file)

    def cells(table: Table) -> Iterator[str]:
        seen: set[int] = set()
        for row in table.rows:
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell comes once per column it spans
                    continue
                seen.add(id(cell._tc))
                yield from (paragraph.text for paragraph in cell.paragraphs)
                for inner in cell.tables:
                    yield from cells(inner)

    def parts() -> Iterator[str]:
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                yield from cells(block)
            else:
                yield block.text

    return _limited(parts())


_DRAWING_TEXT = "{http://schemas.openxmlformats.org/drawingml/2006/main}t"
_DRAWING_PARAGRAPH = "{http://schemas.openxmlformats.org/drawingml/2006/main}p"
_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_SLIDE = re.compile(r"ppt/slides/slide(\d+)\.xml")


def _pptx_text(source: Source, kind: str) -> str:
    """The text of each slide in order, a line per paragraph of a text frame or a table cell."""

    def slides() -> Iterator[str]:
        with _guarded_zip(source, kind) as archive:
            names = sorted(
                (int(match.group(1)), name)
                for name in archive.namelist()
                if (match := _SLIDE.fullmatch(name))
            )
            for _number, name in names:
                root = ElementTree.fromstring(archive.read(name))
                for paragraph in root.iter(_DRAWING_PARAGRAPH):
                    yield "".join(node.text or "" for node in paragraph.iter(_DRAWING_TEXT))

    return _limited(slides())


def _odf_text(source: Source, kind: str) -> str:
    """An ODT's or ODP's headings and paragraphs, from its ``content.xml``."""
    wanted = {f"{{{_ODF_TEXT}}}p", f"{{{_ODF_TEXT}}}h"}

    def paragraphs() -> Iterator[str]:
        with _guarded_zip(source, kind) as archive:
            root = ElementTree.fromstring(archive.read("content.xml"))
            for element in root.iter():
                if element.tag in wanted:
                    yield "".join(element.itertext())

    return _limited(paragraphs())


# --- plain text ----------------------------------------------------------------------------


def _head(source: Source, size: int) -> bytes:
    with _binary(source) as file:
        return file.read(size)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a BOM) if it is, else Windows-1251, Russian Windows' own."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start > len(data) - 4:  # a character cut at the end of what was read
            return data[: exc.start].decode("utf-8-sig")
        return data.decode("cp1251", errors="replace")


def _txt_text(source: Source, kind: str) -> str:
    return _decode(_head(source, MAX_CHARS * 4))


# RTF: groups that hold no text of the document (fonts, colours, styles, pictures, metadata).
_RTF_SKIP = frozenset({
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "footer",
    "headerl", "headerr", "headerf", "footerl", "footerr", "footerf", "listtable",
    "listoverridetable", "revtbl", "rsidtbl", "latentstyles", "datastore", "themedata",
    "colorschememapping", "generator", "xmlnstbl", "mmathPr", "filetbl", "pgdsctbl",
})  # fmt: skip
_RTF_BREAKS = {"par": "\n", "line": "\n", "sect": "\n", "page": "\n", "row": "\n", "cell": " ",
               "tab": " ", "emdash": "—", "endash": "–", "bullet": "•", "lquote": "‘",
               "rquote": "’", "ldblquote": "«", "rdblquote": "»"}  # fmt: skip
_RTF_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # a control word and its number
    rb"|\\'([0-9a-fA-F]{2})"  # a byte in the document's code page
    rb"|\\([^a-zA-Z])"  # a control symbol
    rb"|([{}])|[\r\n]+|([^\\{}\r\n]+)"
)
_RTF_SYMBOLS = {b"\\": "\\", b"{": "{", b"}": "}", b"~": "\u00a0", b"_": "-", b"-": ""}


def _rtf_text(source: Source, kind: str) -> str:
    """Crude but enough for search: text outside the skipped groups, escapes decoded."""
    data = _head(source, MAX_CHARS * 8)
    codepage = "cp1251"
    if found := re.search(rb"\\ansicpg(\d+)", data[:4096]):
        with contextlib.suppress(LookupError):
            codepage = codecs.lookup(f"cp{int(found.group(1))}").name
    reader = _RtfReader(codepage)
    for match in _RTF_TOKEN.finditer(data):
        reader.token(*match.groups())
        if reader.length >= MAX_CHARS:
            break
    reader.flush()
    return "".join(reader.out)


class _RtfReader:
    """The state of :func:`_rtf_text`: the groups open, what is skipped, bytes not yet decoded."""

    def __init__(self, codepage: str) -> None:
        self.codepage = codepage
        self.out: list[str] = []
        self.length = 0
        self.stack: list[tuple[bool, int]] = []
        self.skipping = False
        self.uc_skip = 1  # how many fallback characters follow a \u character
        self.to_skip = 0
        self.pending = bytearray()  # \'hh bytes of one run, decoded together

    def write(self, text: str) -> None:
        if not self.skipping:
            self.out.append(text)
            self.length += len(text)

    def flush(self) -> None:
        if self.pending:
            self.write(self.pending.decode(self.codepage, errors="replace"))
            self.pending.clear()

    def token(
        self,
        word: bytes | None,
        argument: bytes | None,
        hex_byte: bytes | None,
        symbol: bytes | None,
        brace: bytes | None,
        plain: bytes | None,
    ) -> None:
        if hex_byte is not None:
            if self.to_skip:
                self.to_skip -= 1
            else:
                self.pending.append(int(hex_byte, 16))
            return
        self.flush()
        if brace == b"{":
            self.stack.append((self.skipping, self.uc_skip))
        elif brace == b"}":
            self.skipping, self.uc_skip = self.stack.pop() if self.stack else (False, 1)
        elif symbol == b"*":  # an optional destination this reader does not know
            self.skipping = True
        elif symbol is not None:
            self.write(_RTF_SYMBOLS.get(symbol, ""))
        elif word is not None:
            self.control(word.decode(), argument)
        elif plain is not None:
            text = plain.decode(self.codepage, errors="replace")
            if self.to_skip:  # the ANSI fallback of a \u character
                text, self.to_skip = text[self.to_skip :], max(0, self.to_skip - len(text))
            self.write(text)

    def control(self, name: str, argument: bytes | None) -> None:
        if name in _RTF_SKIP:
            self.skipping = True
        elif name == "uc" and argument is not None:
            self.uc_skip = int(argument)
        elif name == "u" and argument is not None:
            self.write(chr(int(argument) % 0x10000))
            self.to_skip = self.uc_skip
        elif name in _RTF_BREAKS:
            self.write(_RTF_BREAKS[name])


_READERS = {
    "pdf": _pdf_text,
    "docx": _docx_text,
    "pptx": _pptx_text,
    "odt": _odf_text,
    "odp": _odf_text,
    "txt": _txt_text,
    "rtf": _rtf_text,
}
