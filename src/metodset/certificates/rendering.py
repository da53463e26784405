"""Certificates to PDF (and PNG for the live preview) with Typst, QR codes with segno.

Typst runs in-process from the ``typst`` wheel with its embedded fonts (Libertinus Serif has
Cyrillic), so rendering needs no system fonts or tools and takes milliseconds a page. The data
reach the template as JSON in ``sys.inputs.data`` and the QR code as SVG in ``sys.inputs.qr``:
names are inserted as plain text, never as markup. Images (logo, facsimiles) are copied once,
named by their content hash, into a render folder that is Typst's root.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import segno
import typst
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metodset.accounts.names import dative_full_name, gender_of

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


def qr_svg(url: str) -> str:
    """The URL as a QR code (level M) in SVG: one path of the dark runs of each row.

    segno computes the code with a fixed mask: choosing the best of the eight takes it about
    5 ms in pure Python, more than Typst takes for the whole page, and any mask is valid by
    the standard (the tests decode what we print). One path of runs is also quicker to write
    here and for Typst to read than segno's own SVG (measured in `make bench`).
    """
    matrix = segno.make_qr(url, error="m", mask=0).matrix
    path = []
    for y, row in enumerate(matrix):
        x, width = 0, len(row)
        while x < width:
            if row[x]:
                start = x
                while x < width and row[x]:
                    x += 1
                path.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    size = len(matrix)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><path d="{"".join(path)}"/></svg>'
    )


# --- Typst -------------------------------------------------------------------------------

_local = threading.local()


def _compiler() -> typst.Compiler:
    # One compiler per thread: it keeps the parsed fonts between documents.
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(root=str(render_root()), ignore_system_fonts=True)
        _local.compiler = compiler
    return compiler


def default_source(kind: str) -> str:
    name = "qualification.typ" if kind == Kind.QUALIFICATION else "landscape.typ"
    return (TYPST_DIR / name).read_text(encoding="utf-8")


def _inputs(data: CertificateData, verify_url: str) -> dict[str, str]:
    payload = asdict(data)
    return {"data": json.dumps(payload, ensure_ascii=False), "qr": qr_svg(verify_url)}


_PACKAGE = re.compile(r"""(import|include)\s*\(?\s*["']@""")


def render(source: str, data: CertificateData, *, verify_url: str, fmt: str = "pdf") -> bytes:
    """The certificate as PDF bytes (or PNG of its page for a preview).

    Typst packages (``#import "@preview/…"``) are refused: Typst would download them from
    the internet while rendering, and a design an organiser edits must not make the server
    fetch anything.
    """
    if _PACKAGE.search(source):
        raise TemplateError(_("Typst packages (@preview/…) cannot be used in a design."))
    try:
        result = _compiler().compile(
            source.encode(),
            format="png" if fmt == "png" else "pdf",
            ppi=72 if fmt == "png" else None,
            sys_inputs=_inputs(data, verify_url),
        )
    except typst.TypstError as exc:
        raise TemplateError(_typst_message(exc)) from exc
    except RuntimeError as exc:  # older bindings raise plain RuntimeError
        raise TemplateError(str(exc)) from exc
    if isinstance(result, list):  # PNG of a multi-page document: the first page
        if len(result) != 1:
            raise TemplateError(_("A certificate must fit on one page."))
        result = result[0]
    assert isinstance(result, bytes)
    return result


def _typst_message(exc: typst.TypstError) -> str:
    message = getattr(exc, "message", "") or str(exc)
    where = ""
    diagnostic = getattr(exc, "diagnostic", "") or ""
    line = re.search(r":(\d+):(\d+)", diagnostic)
    if line:
        where = _("line %(line)s: ") % {"line": line.group(1)}
    return _("The design has an error, %(where)s%(message)s") % {
        "where": where,
        "message": message.strip().splitlines()[0] if message.strip() else "",
    }
