"""Certificates to PDF (and PNG for the live preview) with Typst, QR codes with zxing-cpp.

Typst runs in-process from the ``typst`` wheel with its embedded fonts (Libertinus Serif has
Cyrillic), so rendering needs no system fonts or tools and takes milliseconds a page. The data
reach the template as JSON in ``sys.inputs.data`` and the QR code as SVG in ``sys.inputs.qr``:
names are inserted as plain text, never as markup. Images (logo, facsimiles) are copied once,
named by their content hash, into a render folder that is Typst's root.

A batch renders many certificates in one Typst document and splits it into one PDF each
(:func:`render_many`): most of a one-page document's time is Typst's fixed cost per
document, so this is two to three times as fast as one document a certificate.

Where a design runs. Typst fetches any ``@preview`` package it is asked for, and a design can
name one by a computed string or inside ``eval``, so no reading of the source keeps the server
from going online; a loop can run for minutes. So only the designs we ship (the files in
``typst/``) compile here, in-process, with their fast batch path (``make bench``). Every design
an organiser has edited compiles in a child process (:mod:`.sandbox`) without network, with
an empty read-only package folder, at most ``CERTIFICATE_RENDER_MEMORY_MB`` of memory and
``CERTIFICATE_RENDER_TIMEOUT`` seconds, killed when it runs over — its preview (in a task
the editor polls, ``tasks.render_template_preview``), its check on saving and its sample PDF
(in the request, bounded by the limits), and its batches, a child a document of up to 50
certificates (a tenth of a second more a document). Both paths have the render folder as
Typst's root: a design reads only the logos and facsimiles copied there.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import typst
import zxingcpp
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metodset.accounts.names import dative_full_name, gender_of

from . import sandbox
from .models import Kind

TYPST_DIR = Path(__file__).parent / "typst"
PLACEHOLDERS = (
    "name",
    "name_dative",
    "title",
    "hours",
    "dates",
    "issuer",
    "passed",
    "took_part",
)
NBSP = "\u00a0"
_BREAKABLE = re.compile(r"(?<=\d) (?=\S)| (?=г\.)")
# A placeholder and the full stop after it: «{dates}.» ends in «г.», which takes no second one.
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}(\.?)")
ACCENTS = {
    Kind.QUALIFICATION: "#1f3a68",
    Kind.DEVELOPMENT: "#1f5c99",
    Kind.PARTICIPATION: "#2e7d5b",
    Kind.DIPLOMA: "#a3541c",
    Kind.THANKS: "#6a3d8f",
}


class TemplateError(ValueError):
    """A template that cannot be rendered; the message is for the organiser, in Russian."""


class TemplateTooCostly(TemplateError):
    """A design stopped for its time or memory: rendering it once more would be no better."""


@dataclass
class Signature:
    name: str
    position: str
    facsimile: str = ""  # a path inside the render root, or ""


@dataclass
class CertificateData:
    """Everything printed on one certificate, as text."""

    kind: str
    heading: str
    subheading: str
    lead: str
    name: str
    body: str
    number: str
    issued_on: str
    place: str
    issuer: str
    logo: str = ""
    license: str = ""
    accent: str = "#1f5c99"
    signatories: list[Signature] = field(default_factory=list)


# --- wording ---------------------------------------------------------------------------


def _per_language(func: Callable[..., str]) -> Callable[..., str]:
    """Remember the wording per language: a batch prints the same dates and hours each time."""
    cached = functools.lru_cache(maxsize=512)(lambda language, *args: func(*args))

    @functools.wraps(func)
    def wrapper(*args: Any) -> str:
        return cached(translation.get_language(), *args)

    return wrapper


@_per_language
def hours_text(hours: Decimal | int | float) -> str:
    """«72 часа», «16 часов», «1 час», «1,5 часа»."""
    value = Decimal(str(hours))
    whole = value == value.to_integral_value()
    shown = number_format(int(value) if whole else value.normalize(), use_l10n=True)
    # A fractional number takes the genitive singular in Russian: «1,5 часа».
    count = int(value) if whole else 2
    return ngettext("%(hours)s hour", "%(hours)s hours", count) % {"hours": shown}


@_per_language
def dates_text(starts_on: date | None, ends_on: date | None) -> str:
    """«с 1 по 30 октября 2026 г.», «с 28 сентября по 5 ноября 2026 г.», «24 ноября 2026 г.»."""
    if starts_on is None and ends_on is None:
        return ""
    if starts_on is None or ends_on is None or starts_on == ends_on:
        return long_date(starts_on or ends_on)
    if starts_on.year != ends_on.year:
        first = long_date(starts_on)
    elif starts_on.month != ends_on.month:
        first = date_format(starts_on, "j E")
    else:
        first = str(starts_on.day)
    return _("from %(start)s to %(end)s") % {"start": first, "end": long_date(ends_on)}


@_per_language
def long_date(value: date | None) -> str:
    """«24 ноября 2026 г.»"""
    if value is None:
        return ""
    return _("%(date)s y.") % {"date": date_format(value, "j E Y")}


def unbreakable(text: str) -> str:
    """No line break in print after a number or before «г.»: «9 ноября», «2026 г.», «72 часа»."""
    return _BREAKABLE.sub(NBSP, text)


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Replace ``{name}``-style placeholders; an unknown one is a TemplateError."""

    def replace(match: re.Match[str]) -> str:
        key = match.group(1).strip()
        if key not in values:
            raise TemplateError(
                _("Unknown placeholder {%(key)s}. Available: %(available)s.")
                % {"key": key, "available": ", ".join(f"{{{k}}}" for k in PLACEHOLDERS)}
            )
        value, stop = values[key], match.group(2)
        return value if stop and value.endswith(".") else value + stop

    filled = _PLACEHOLDER.sub(replace, text)
    # An empty value (a programme without dates) must not leave «72 часа, .» behind.
    filled = re.sub(r"[ ,]+([.,;:])", r"\1", filled)
    return re.sub(r"  +", " ", filled)


def placeholder_values(
    *,
    last_name: str,
    first_name: str,
    middle_name: str,
    title: str,
    hours: Decimal | int | float,
    starts_on: date | None,
    ends_on: date | None,
    issuer: str,
) -> dict[str, str]:
    gender = gender_of(first_name=first_name, middle_name=middle_name)
    name = " ".join(p for p in (last_name, first_name, middle_name) if p)
    return {
        "name": name,
        "name_dative": dative_full_name(
            last_name=last_name, first_name=first_name, middle_name=middle_name
        ),
        # Inside the template's «…» the title's own quotes become „…“ (Russian nesting).
        "title": title.replace("«", "„").replace("»", "“"),
        "hours": unbreakable(hours_text(hours)),
        "dates": unbreakable(dates_text(starts_on, ends_on)),
        "issuer": issuer,
        "passed": {"female": _("passed (she)"), "male": _("passed (he)")}.get(
            gender or "", _("passed (either)")
        ),
        "took_part": {"female": _("took part (she)"), "male": _("took part (he)")}.get(
            gender or "", _("took part (either)")
        ),
    }


# --- images and QR codes -----------------------------------------------------------------


def render_root() -> Path:
    root = Path(settings.CERTIFICATE_RENDER_DIR)
    (root / "assets").mkdir(parents=True, exist_ok=True)
    return root


def asset_path(name: str) -> str:
    """Copy a stored image into the render root (once per content); its path for Typst."""
    if not name:
        return ""
    with default_storage.open(name, "rb") as f:
        content = f.read()
    suffix = Path(name).suffix.lower() or ".png"
    digest = hashlib.sha256(content).hexdigest()[:32]
    target = render_root() / "assets" / f"{digest}{suffix}"
    if not target.exists():
        tmp = target.with_suffix(target.suffix + f".{threading.get_ident()}.tmp")
        tmp.write_bytes(content)
        tmp.replace(target)
    return f"/assets/{target.name}"


_DARK_RUN = re.compile(rb"\x00+")


def qr_svg(url: str) -> str:
    """The URL as a QR code (level M) in SVG: one path of the dark runs of each row.

    zxing-cpp encodes in C++ and chooses the best of the eight masks, as the standard asks,
    in a third of a millisecond (segno took 1.3 ms in pure Python even with a fixed mask). One
    path of runs is quicker to write here and for Typst to read than a rectangle a module.
    """
    image = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M").to_image(
        scale=1, add_quiet_zones=False
    )
    height, width = image.shape[:2]
    pixels = bytes(memoryview(image))  # type: ignore[arg-type]  # a buffer: a byte a module, 0 dark
    path = []
    for y in range(height):
        row = y * width
        for run in _DARK_RUN.finditer(pixels, row, row + width):
            start, end = run.start() - row, run.end() - row
            path.append(f"M{start} {y}h{end - start}v1h-{end - start}z")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'shape-rendering="crispEdges"><path d="{"".join(path)}"/></svg>'
    )


# --- Typst -------------------------------------------------------------------------------

_local = threading.local()


def package_dir() -> Path:
    """Typst's package folder and cache: empty and read-only, so no package is ever found."""
    path = render_root() / "packages"
    path.mkdir(exist_ok=True)
    path.chmod(0o555)
    return path


def _compiler() -> typst.Compiler:
    # One compiler per thread: it keeps the parsed fonts between documents.
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        packages = str(package_dir())
        compiler = typst.Compiler(
            root=str(render_root()),
            ignore_system_fonts=True,
            package_path=packages,
            package_cache_path=packages,
        )
        _local.compiler = compiler
    return compiler


@functools.cache
def _shipped_designs() -> frozenset[str]:
    return frozenset(path.read_text(encoding="utf-8") for path in TYPST_DIR.glob("*.typ"))


def is_shipped(design: str) -> bool:
    """One of our own designs, as shipped: it compiles in-process, in milliseconds."""
    return design in _shipped_designs()


def _compile(design: str, document: bytes, **options: Any) -> bytes | list[bytes]:
    """Typst's output for ``document`` (``design`` or a batch of it); a TemplateError if none.

    Our own designs compile in-process; any other in the sandbox (see the module docstring).
    """
    if is_shipped(design):
        try:
            result = _compiler().compile(document, **options)
        except typst.TypstError as exc:
            raise TemplateError(
                _typst_message(
                    getattr(exc, "message", "") or str(exc), getattr(exc, "diagnostic", "")
                )
            ) from exc
        except RuntimeError as exc:  # older bindings raise plain RuntimeError
            raise TemplateError(str(exc)) from exc
        assert result is not None  # None only when given a file to write
        return result
    timeout = settings.CERTIFICATE_RENDER_TIMEOUT
    memory = settings.CERTIFICATE_RENDER_MEMORY_MB
    try:
        return sandbox.compile_isolated(
            document,
            root=str(render_root()),
            package_path=str(package_dir()),
            timeout=timeout,
            memory_mb=memory,
            **options,
        )
    except sandbox.SandboxError as exc:
        raise TemplateError(_typst_message(exc.message, exc.diagnostic)) from exc
    except sandbox.SandboxTimeout as exc:
        raise TemplateTooCostly(
            _("The design takes too long to build: stopped after %(seconds)s s")
            % {"seconds": number_format(timeout if timeout % 1 else int(timeout), use_l10n=True)}
        ) from exc
    except sandbox.SandboxOutOfMemory as exc:
        raise TemplateTooCostly(
            _("The design needs too much memory: stopped at %(megabytes)s MB")
            % {"megabytes": memory}
        ) from exc


def default_source(kind: str) -> str:
    name = "qualification.typ" if kind == Kind.QUALIFICATION else "landscape.typ"
    return (TYPST_DIR / name).read_text(encoding="utf-8")


def _inputs(data: CertificateData, verify_url: str) -> dict[str, str]:
    # What ``dataclasses.asdict`` gives, at a tenth of its cost (it deep-copies every field).
    payload = {**vars(data), "signatories": [vars(s) for s in data.signatories]}
    return {"data": json.dumps(payload, ensure_ascii=False), "qr": qr_svg(verify_url)}


_PACKAGE = re.compile(r"""(import|include)\s*\(?\s*["']@""")


def render(source: str, data: CertificateData, *, verify_url: str, fmt: str = "pdf") -> bytes:
    """The certificate as PDF bytes (or PNG of its page for a preview).

    Typst packages (``#import "@preview/…"``) are refused: Typst would download them from
    the internet while rendering, and a design an organiser edits must not make the server
    fetch anything. A literal import is refused here with a clear message; any other way to
    name a package fails in the sandbox, which has none and no network.
    """
    _refuse_packages(source)
    result = _compile(
        source,
        source.encode(),
        format="png" if fmt == "png" else "pdf",
        ppi=72 if fmt == "png" else None,
        sys_inputs=_inputs(data, verify_url),
    )
    if isinstance(result, list):  # PNG of a multi-page document: the first page
        if len(result) != 1:
            raise TemplateError(_("A certificate must fit on one page."))
        result = result[0]
    assert isinstance(result, bytes)
    return result


def _refuse_packages(source: str) -> None:
    if _PACKAGE.search(source):
        raise TemplateError(_("Typst packages (@preview/…) cannot be used in a design."))


# --- many certificates in one document ---------------------------------------------------

_SYS_INPUTS = re.compile(r"\bsys\.inputs\b")
# Beyond a few dozen pages a document gains little speed and only holds more memory.
PAGES_PER_DOCUMENT = 50


def batch_source(source: str) -> str:
    """The design once a page: ``sys.inputs`` stands for each certificate's own inputs.

    Set rules stay inside each page's block, and the page counter starts again, so a design
    reads the same as on its own.
    """
    return (
        "#for __inputs in json(bytes(sys.inputs.batch)) [\n"
        "#pagebreak(weak: true)\n#counter(page).update(1)\n"
        f"{_SYS_INPUTS.sub('__inputs', source)}\n]\n"
    )


def render_many(source: str, items: Sequence[tuple[CertificateData, str]]) -> list[bytes]:
    """Each certificate (data and verification URL) as its own PDF, in one Typst run.

    A one-page document spends most of its 8–10 ms on what every document costs Typst, so
    the batch is rendered as one document of a page a certificate and PDFium splits it: two to
    three times as fast (``make bench``). Each part gets the title, author and language its
    design would set (an incremental update of the part, see :func:`with_info`); the parts are
    not tagged, as PDFium does not carry the structure tree over. A single render (a
    re-issue, the preview) stays tagged. If the document fails, or has not one page a
    certificate (a design that runs onto a second page), each certificate is rendered on
    its own, so an error names the certificate that causes it.
    """
    if len(items) > PAGES_PER_DOCUMENT:
        return [
            pdf
            for start in range(0, len(items), PAGES_PER_DOCUMENT)
            for pdf in render_many(source, items[start : start + PAGES_PER_DOCUMENT])
        ]
    if len(items) < 2:
        return [render(source, data, verify_url=url) for data, url in items]
    _refuse_packages(source)
    inputs = [_inputs(data, url) for data, url in items]
    try:
        pdf = _compile(
            source,
            batch_source(source).encode(),
            format="pdf",
            sys_inputs={"batch": json.dumps(inputs, ensure_ascii=False)},
            pdf_tags=False,
        )
    except TemplateTooCostly:
        raise  # rendered one by one it would take as long each time
    except TemplateError:
        pdf = None
    if isinstance(pdf, bytes):
        document = pdfium.PdfDocument(pdf)
        try:
            if len(document) == len(items):
                created = datetime.now(UTC)
                return [
                    with_info(
                        _page(document, index),
                        title=f"{data.heading} {data.number}",
                        author=data.issuer,
                        created=created,
                    )
                    for index, (data, _url) in enumerate(items)
                ]
        finally:
            document.close()
    return [render(source, data, verify_url=url) for data, url in items]


def _page(document: pdfium.PdfDocument, index: int) -> bytes:
    part = pdfium.PdfDocument.new()
    try:
        part.import_pages(document, [index])
        buffer = io.BytesIO()
        part.save(buffer)
    finally:
        part.close()
    return buffer.getvalue()


_ROOT = re.compile(rb"/Root\s+(\d+)\s+0\s+R")
_INFO = re.compile(rb"/Info\s+(\d+)\s+0\s+R")
_SIZE = re.compile(rb"/Size\s+(\d+)")
_ID = re.compile(rb"/ID\s*\[[^\]]*\]")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


def _pdf_text(value: str) -> bytes:
    """A PDF text string in UTF-16 with its byte order mark, as hex."""
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode() + b">"


def with_info(
    pdf: bytes, *, title: str, author: str, created: datetime, language: str = "ru"
) -> bytes:
    """The PDF with a title, an author and a language, appended as an incremental update.

    ISO 32000-1, 7.5.6: new versions of the information dictionary and the catalogue, their
    cross-reference section, and a trailer that points back at the previous one. A PDF whose
    trailer or catalogue is not the plain kind PDFium writes is returned as it is.
    """
    tail = pdf[-2048:]
    root, size, startxref = _ROOT.search(tail), _SIZE.search(tail), _STARTXREF.search(tail)
    if not (root and size and startxref):
        return pdf
    catalog_number = int(root.group(1))
    catalog = re.search(
        rb"(?:^|\s)%d 0 obj\s*<<\s*/Pages\s+(\d+ 0 R)\s*/Type\s*/Catalog\s*>>" % catalog_number,
        pdf[:4096],
    )
    if not catalog:
        return pdf
    count = int(size.group(1))
    info = _INFO.search(tail)
    info_number = int(info.group(1)) if info else count
    count = max(count, info_number + 1)
    stamp = created.astimezone(UTC).strftime("D:%Y%m%d%H%M%SZ").encode()
    objects = {
        catalog_number: b"<</Type /Catalog /Pages %s /Lang %s>>"
        % (catalog.group(1), _pdf_text(language)),
        info_number: b"<</Title %s /Author %s /Creator (Metodset) /Producer (Typst, PDFium) "
        b"/CreationDate (%s)>>" % (_pdf_text(title), _pdf_text(author), stamp),
    }
    update = bytearray(b"" if pdf.endswith(b"\n") else b"\n")
    offsets = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(pdf) + len(update)
        update += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf) + len(update)
    update += b"xref\n0 1\n0000000000 65535 f\r\n"
    for number, offset in sorted(offsets.items()):
        update += b"%d 1\n%010d 00000 n\r\n" % (number, offset)
    identifier = _ID.search(tail)
    update += b"trailer\n<</Size %d /Root %d 0 R /Info %d 0 R /Prev %s%s>>\n" % (
        count,
        catalog_number,
        info_number,
        startxref.group(1),
        b" " + identifier.group(0) if identifier else b"",
    )
    update += b"startxref\n%d\n%%%%EOF\n" % xref
    return pdf + bytes(update)


_PACKAGE_MISSING = re.compile(r"failed to download package|package not found", re.IGNORECASE)


def _typst_message(message: str, diagnostic: str | None) -> str:
    if _PACKAGE_MISSING.search(message):
        return _("Typst packages (@preview/…) cannot be used in a design.")
    where = ""
    diagnostic = diagnostic or ""
    line = re.search(r":(\d+):(\d+)", diagnostic)
    if line:
        where = _("line %(line)s: ") % {"line": line.group(1)}
    return _("The design has an error, %(where)s%(message)s") % {
        "where": where,
        "message": message.strip().splitlines()[0] if message.strip() else "",
    }
