"""A lesson-study cycle as a document (DOCX and PDF) for the community's records.

The cycle, every version of the map with its stages and what changed, and every round: the
predictions beside the observations per case child (codes only, as everywhere), the analysis
and the conclusions. Nothing about a member's diagnostics goes in: the protocols are evidence
about children, not a rating of the teacher. DOCX is made with python-docx, PDF with Typst as
the routes' documents are (the data reach Typst as JSON: text is never read as markup).
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from io import BytesIO
from pathlib import Path

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from metodset.accounts.timezones import zone_label

from .models import Cycle, Lesson
from .selectors import observation as selectors

# Beside the templates, so that it ships with the package data.
TYPST_SOURCE = Path(__file__).parent / "templates" / "communities" / "report_cycle.typ"


@dataclass
class VersionPart:
    title: str
    change_note: str
    rows: list[list[str]]


@dataclass
class ChildPart:
    title: str
    rows: list[list[str]]
    unmatched: list[str]
    notes: list[str]


@dataclass
class RoundPart:
    title: str
    facts: list[list[str]]
    children: list[ChildPart]
    analysis: list[list[str]]


@dataclass
class CycleReport:
    heading: str
    facts: list[list[str]]
    versions: list[VersionPart]
    rounds: list[RoundPart]
    changes: list[str]
    labels: dict[str, str]


def _observed(item: selectors.Observed) -> str:
    minute = _("min. %(minute)s") % {"minute": item.minute} if item.minute is not None else ""
    return " — ".join(filter(None, [minute, f"{item.text} ({item.observer})"]))


def _round(lesson: Lesson) -> RoundPart:
    facts = [
        [
            pgettext("observation", "Map"),
            pgettext("observation", "version %(number)s") % {"number": lesson.version.number},
        ]
    ]
    if lesson.teacher is not None:
        facts.append([pgettext("observation", "Teaches"), lesson.teacher.get_full_name()])
    if lesson.starts_at is not None:
        local = timezone.localtime(lesson.starts_at)
        zone = zone_label(timezone.get_current_timezone_name())
        when = f"{formats.date_format(local, 'd.m.Y H:i')} ({zone})"
        facts.append([pgettext("observation", "Date and time"), when])
    facts.append([pgettext("observation", "Step"), str(lesson.get_stage_display())])
    children = [
        ChildPart(
            title=pgettext("observation", "Case child %(code)s") % {"code": table.child.code},
            rows=[
                [row.stage.title, row.prediction, "\n".join(map(_observed, row.observed))]
                for row in table.rows
            ],
            unmatched=[_observed(item) for item in table.unmatched],
            notes=[f"{note.text} ({note.observer})" for note in table.notes],
        )
        for table in selectors.analysis_tables(lesson)
    ]
    analysis = [
        [str(label), getattr(lesson, name)]
        for name, label in selectors.ANALYSIS_LABELS.items()
        if getattr(lesson, name)
    ]
    title = pgettext("observation", "Round %(number)s") % {"number": lesson.number}
    return RoundPart(title=title, facts=facts, children=children, analysis=analysis)


def build(cycle: Cycle) -> CycleReport:
    versions = selectors.report_versions(cycle)
    facts = [
        [pgettext("observation", "Community"), cycle.community.name],
        [pgettext("observation", "Topic of the lesson"), cycle.title],
        [_("Group or class"), cycle.group],
    ]
    if cycle.goal:
        facts.append([pgettext("observation", "Research goal"), cycle.goal])
    return CycleReport(
        heading=_("Lesson study: report of the cycle"),
        facts=facts,
        versions=[
            VersionPart(
                title=_("Map, version %(number)s") % {"number": version.number},
                change_note=version.change_note,
                rows=[
                    [str(s.order), s.title, str(s.minutes), s.activities, s.expected]
                    for s in version.stages.all()
                ],
            )
            for version in versions
        ],
        rounds=[_round(lesson) for lesson in selectors.report_lessons(cycle)],
        changes=[
            _("Version %(number)s: %(note)s") % {"number": v.number, "note": v.change_note}
            for v in versions
            if v.number > 1
        ],
        labels=labels(),
    )


def labels() -> dict[str, str]:
    return {
        "versions": pgettext("observation", "Versions of the lesson map"),
        "rounds": pgettext("observation", "Research lessons"),
        "changes": _("What changed between versions"),
        "what_changed": pgettext("observation", "What changed and why"),
        "number": "№",
        "stage": _("Stage"),
        "minutes": pgettext("observation", "Minutes"),
        "activities": pgettext("observation", "Activities"),
        "expected": pgettext("observation", "Expected responses of children"),
        "prediction": pgettext("observation", "Prediction"),
        "observed": pgettext("observation", "Observed"),
        "unmatched": _("Observed outside the stages"),
        "notes": pgettext("observation", "Free notes"),
        "analysis": pgettext("observation", "Analysis and conclusions"),
        "none": _("No changes yet: the map has one version."),
    }


# --- DOCX --------------------------------------------------------------------------------------


def _table(word, headers: list[str], rows: list[list[str]]) -> None:
    table = word.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for index, name in enumerate(headers):
        table.rows[0].cells[index].text = ""
        table.rows[0].cells[index].paragraphs[0].add_run(name).bold = True
    for row in rows:
        cells = table.add_row().cells
        for index, value in enumerate(row):
            cells[index].text = value


def _facts(word, facts: list[list[str]]) -> None:
    for label, value in facts:
        paragraph = word.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)


def _docx_round(word, part: RoundPart, text: dict[str, str]) -> None:
    word.add_heading(part.title, level=2)
    _facts(word, part.facts)
    for child in part.children:
        word.add_heading(child.title, level=3)
        _table(word, [text["stage"], text["prediction"], text["observed"]], child.rows)
        if child.unmatched:
            word.add_paragraph(f"{text['unmatched']}: " + "; ".join(child.unmatched))
        for note in child.notes:
            word.add_paragraph(f"{text['notes']}: {note}")
    if part.analysis:
        word.add_heading(text["analysis"], level=3)
        _facts(word, part.analysis)


def to_docx(report: CycleReport) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    word = Document()
    style = word.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    word.add_heading(report.heading, level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _facts(word, report.facts)
    text = report.labels
    word.add_heading(text["versions"], level=2)
    headers = [text["number"], text["stage"], text["minutes"], text["activities"]]
    for version in report.versions:
        word.add_heading(version.title, level=3)
        if version.change_note:
            word.add_paragraph(f"{text['what_changed']}: {version.change_note}")
        _table(word, [*headers, text["expected"]], version.rows)
    word.add_heading(text["rounds"], level=1)
    for part in report.rounds:
        _docx_round(word, part, text)
    word.add_heading(text["changes"], level=2)
    for change in report.changes or [text["none"]]:
        word.add_paragraph(change)
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# --- PDF ---------------------------------------------------------------------------------------

_local = threading.local()


def to_pdf(report: CycleReport) -> bytes:
    import typst

    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(root=str(TYPST_SOURCE.parent), ignore_system_fonts=True)
        _local.compiler = compiler
    result = compiler.compile(
        TYPST_SOURCE.read_bytes(),
        format="pdf",
        sys_inputs={"data": json.dumps(asdict(report), ensure_ascii=False)},
    )
    assert isinstance(result, bytes)
    return result
