"""Render the jury's protocol of a defence (протокол защиты) to PDF with Typst.

The section, the speakers and the topic, each juror's scores by criterion with the total, their
decisions and the result, and a line for each juror's signature. Numbers are formatted here;
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

from .conclusions.document import number

TYPST_SOURCE = Path(__file__).parent / "templates" / "expertise" / "conference" / "protocol.typ"


@dataclass(frozen=True)
class JurorColumn:
    name: str  # «Петрова А. В.»
    scores: Sequence[float]  # one per criterion, in the criteria's order
    decision: str  # the decision's label
    comment: str = ""


@dataclass(frozen=True)
class Protocol:
    conference: str
    section: str
    date: str  # already formatted
    speakers: str
    topic: str
    rubric: str
    criteria: Sequence[tuple[str, float]]  # (title, maximum score)
    jurors: Sequence[JurorColumn] = field(default_factory=tuple)
    result: str = ""  # the defence's result label, "" while undecided


def labels() -> dict[str, str]:
    return {
        "heading": pgettext("protocol", "Defence protocol"),
        "conference": pgettext("protocol", "Conference"),
        "section": pgettext("protocol", "Section"),
        "date": pgettext("protocol", "Date"),
        "speakers": pgettext("protocol", "Speakers"),
        "topic": pgettext("protocol", "Topic"),
        "rubric": pgettext("protocol", "Assessment criteria"),
        "criterion": pgettext("protocol", "Criterion"),
        "maximum": pgettext("protocol", "Max."),
        "total": pgettext("protocol", "Total"),
        "decision": pgettext("protocol", "Decision"),
        "comments": pgettext("protocol", "Jury's comments"),
        "result": pgettext("protocol", "Result of the defence"),
        "jury": pgettext("protocol", "Jury"),
        "signature": pgettext("protocol", "signature"),
        "undecided": pgettext("protocol", "not decided yet"),
        "none": "—",
    }


def payload(protocol: Protocol) -> dict[str, Any]:
    """What the template reads, all text."""
    text = labels()
    rows = []
    for index, (title, maximum) in enumerate(protocol.criteria):
        cells = [title, number(maximum)]
        cells += [number(juror.scores[index]) for juror in protocol.jurors]
        rows.append(cells)
    return {
        "labels": text,
        "document_title": f"{text['heading']}: {protocol.topic}",
        "author": protocol.section,
        "facts": [
            [text["conference"], protocol.conference],
            [text["section"], protocol.section],
            [text["date"], protocol.date],
            [text["speakers"], protocol.speakers],
            [text["topic"], protocol.topic],
            [text["rubric"], protocol.rubric],
        ],
        "jurors": [juror.name for juror in protocol.jurors],
        "rows": rows,
        "totals": [number(sum(juror.scores)) for juror in protocol.jurors],
        "max_total": number(sum(maximum for _title, maximum in protocol.criteria)),
        "decisions": [juror.decision for juror in protocol.jurors],
        "comments": [
            [juror.name, juror.comment.strip()]
            for juror in protocol.jurors
            if juror.comment.strip()
        ],
        "result": protocol.result or text["undecided"],
    }


_local = threading.local()


def _compiler() -> typst.Compiler:
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(root=str(TYPST_SOURCE.parent), ignore_system_fonts=True)
        _local.compiler = compiler
    return compiler


def render_pdf(protocol: Protocol) -> bytes:
    """The protocol as PDF bytes, titled by the topic, in Russian."""
    result = _compiler().compile(
        TYPST_SOURCE.read_bytes(),
        format="pdf",
        sys_inputs={"data": json.dumps(payload(protocol), ensure_ascii=False)},
    )
    assert isinstance(result, bytes)
    return result
