"""Render a compiled document (коллективный продукт, сборник материалов) to PDF with Typst.

A title page, the contents with each part's authors and page, an introduction, then the parts:
title, authors with their organisations, annotation and text. Attached files are listed by
name under their part; they are not merged into the PDF (they may be videos or presentations).
Typst reads the data as JSON from ``sys.inputs``, so no text is ever read as markup.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typst
from django.utils.translation import pgettext

TYPST_SOURCE = Path(__file__).parent.parent / "templates" / "expertise" / "compilation.typ"


@dataclass(frozen=True)
class Part:
    title: str
    authors: str  # «Иванова М. П. (МАДОУ № 12), Петров И. С. (СОШ № 3)»
    annotation: str = ""
    text: str = ""
    attachments: Sequence[str] = field(default_factory=tuple)  # file names or links


@dataclass(frozen=True)
class Compilation:
    title: str
    kind: str  # «Коллективный инновационный продукт», «Сборник материалов конференции»
    publisher: str  # the network or organisation that issues it
    place_and_year: str  # «Екатеринбург, 2026»
    version: int = 1
    introduction: str = ""
    editors: str = ""
    parts: Sequence[Part] = field(default_factory=tuple)


def labels() -> dict[str, str]:
    return {
        "contents": pgettext("compilation", "Contents"),
        "introduction": pgettext("compilation", "Introduction"),
        "editors": pgettext("compilation", "Compiled by"),
        "annotation": pgettext("compilation", "Annotation"),
        "attachments": pgettext("compilation", "Attached materials"),
        "version": pgettext("compilation", "Version %(version)s"),
        "none": "—",
    }


def payload(compilation: Compilation) -> dict[str, Any]:
    """What the template reads, all text."""
    text = labels()
    return {
        "labels": text,
        "title": compilation.title,
        "kind": compilation.kind,
        "publisher": compilation.publisher,
        "place_and_year": compilation.place_and_year,
        "version": text["version"] % {"version": compilation.version},
        "introduction": _paragraphs(compilation.introduction),
        "editors": compilation.editors,
        "author": compilation.editors or compilation.publisher,
        "parts": [
            {
                "title": part.title,
                "authors": part.authors,
                "annotation": part.annotation.strip(),
                "paragraphs": _paragraphs(part.text),
                "attachments": list(part.attachments),
            }
            for part in compilation.parts
        ],
    }


def _paragraphs(text: str) -> list[str]:
    """Blank lines part paragraphs; a single line break is kept inside its paragraph."""
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return [block.strip() for block in blocks if block.strip()]


_local = threading.local()


def _compiler() -> typst.Compiler:
    # One compiler per thread: it keeps the parsed fonts between documents.
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(root=str(TYPST_SOURCE.parent), ignore_system_fonts=True)
        _local.compiler = compiler
    return compiler


def render_pdf(compilation: Compilation) -> bytes:
    """The compilation as PDF bytes, titled, authored by its editors, in Russian."""
    result = _compiler().compile(
        TYPST_SOURCE.read_bytes(),
        format="pdf",
        sys_inputs={"data": json.dumps(payload(compilation), ensure_ascii=False)},
    )
    assert isinstance(result, bytes)
    return result
