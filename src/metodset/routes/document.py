"""The route as a document: the table in the organisation's columns, to DOCX and PDF.

The usual regional layout is the default: дефицит → задача → мероприятие / форма → сроки →
планируемый результат → форма предъявления результата → отметка о выполнении. An organisation
may choose and order the columns (``Layout``). DOCX is made with python-docx, PDF with Typst
from the same rows (the data reach Typst as JSON: text is never read as markup).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from io import BytesIO
from operator import attrgetter
from pathlib import Path

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metodset.accounts.models import Organization

from .models import Layout, Route, Step

TYPST_SOURCE = Path(__file__).parent / "typst" / "route.typ"

COLUMNS = {
    "deficit": gettext_lazy("Deficit"),
    "task": gettext_lazy("Task"),
    "activity": gettext_lazy("Activity, form"),
    "dates": gettext_lazy("Dates"),
    "result": gettext_lazy("Planned result"),
    "presentation": gettext_lazy("Form of presenting the result"),
    "mark": gettext_lazy("Completion mark"),
    "hours": gettext_lazy("Hours"),
    "reflection": gettext_lazy("Reflection"),
}
DEFAULT_COLUMNS = ["deficit", "task", "activity", "dates", "result", "presentation", "mark"]


def columns_for(organization: Organization) -> list[str]:
    layout = Layout.objects.filter(organization=organization).first()
    columns = [c for c in (layout.columns if layout else []) if c in COLUMNS]
    return columns or list(DEFAULT_COLUMNS)


def _date(value) -> str:
    return formats.date_format(value, "d.m.Y") if value else ""


def dates_text(step: Step) -> str:
    if step.starts_on and step.ends_on and step.starts_on != step.ends_on:
        return f"{_date(step.starts_on)} – {_date(step.ends_on)}"
    return _date(step.starts_on or step.ends_on)


def hours_text(hours) -> str:
    return formats.number_format(hours, decimal_pos=None).rstrip("0").rstrip(",.") or "0"


def _deficit_cell(step: Step) -> str:
    return f"{step.competency.code} {step.competency.title}" if step.competency else ""


def _activity_cell(step: Step) -> str:
    """The activity's title, then its form in brackets and its hours when given."""
    parts = [step.title]
    if step.form:
        parts.append(f"({step.form})")
    if step.hours:
        parts.append(_("%(hours)s h") % {"hours": hours_text(step.hours)})
    return " ".join(parts)


def _mark_cell(step: Step) -> str:
    """«done» with its date and the evidence (link or file name); else the status, blank
    while the step is only planned."""
    if step.status == Step.Status.DONE:
        done_on = step.done_at.date() if step.done_at else None
        mark = _("done %(date)s") % {"date": _date(done_on)}
        file_name = step.evidence_file.name or "" if step.evidence_file else ""
        evidence = step.evidence_url or file_name.rsplit("/", 1)[-1]
        return f"{mark}; {evidence}" if evidence else mark
    return str(step.get_status_display()) if step.status != Step.Status.PLANNED else ""


def _hours_cell(step: Step) -> str:
    return hours_text(step.hours)


_CELLS: dict[str, Callable[[Step], str]] = {
    "deficit": _deficit_cell,
    "task": attrgetter("task"),
    "activity": _activity_cell,
    "dates": dates_text,
    "result": attrgetter("expected_result"),
    "presentation": attrgetter("presentation_form"),
    "mark": _mark_cell,
    "hours": _hours_cell,
    "reflection": attrgetter("reflection"),
}


def cell(step: Step, column: str) -> str:
    """The text of one of ``COLUMNS`` for a step; ``KeyError`` for an unknown column."""
    return _CELLS[column](step)


@dataclass
class RouteDocument:
    heading: str
    person: str
    position: str
    organization: str
    year: str
    goal: str
    deficits: str
    approval: str
    headers: list[str]
    rows: list[list[str]]
    signatures: list[str]


def build(route: Route, steps: list[Step]) -> RouteDocument:
    columns = columns_for(route.organization)
    ordered = route.deficits.order_by("area__order", "order")
    deficits = "; ".join(f"{c.code} {c.title}" for c in ordered)
    if route.status == Route.Status.APPROVED and route.reviewed_by:
        approval = _("Approved by %(name)s on %(date)s.") % {
            "name": route.reviewed_by.get_full_name(),
            "date": _date(route.reviewed_at.date() if route.reviewed_at else None),
        }
    else:
        approval = str(route.get_status_display()).capitalize()
    return RouteDocument(
        heading=_("Individual educational route of a teacher"),
        person=route.user.get_full_name(),
        position=route.user.position,
        organization=route.organization.name,
        year=_("%(year)s school year") % {"year": route.year_label},
        goal=route.goal,
        deficits=deficits,
        approval=approval,
        headers=[str(COLUMNS[c]) for c in columns],
        rows=[[cell(step, c) for c in columns] for step in steps],
        signatures=[_("Teacher"), _("Methodist (deputy head)")],
    )


def labels() -> dict[str, str]:
    return {
        "person": _("Teacher"),
        "position": _("Position"),
        "organization": _("Organisation"),
        "goal": _("Goal"),
        "deficits": _("Deficits it addresses"),
        "number": "№",
    }


# --- DOCX --------------------------------------------------------------------------------------


def to_docx(doc: RouteDocument) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    word = Document()
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    style = word.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    title = word.add_heading(doc.heading, level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    word.add_paragraph(doc.year).alignment = WD_ALIGN_PARAGRAPH.CENTER
    text = labels()
    for key in ("person", "position", "organization", "goal", "deficits"):
        value = getattr(doc, key)
        if value:
            paragraph = word.add_paragraph()
            paragraph.add_run(f"{text[key]}: ").bold = True
            paragraph.add_run(value)
    table = word.add_table(rows=1, cols=len(doc.headers) + 1)
    table.style = "Table Grid"
    header = table.rows[0].cells
    for index, name in enumerate([text["number"], *doc.headers]):
        header[index].text = ""
        header[index].paragraphs[0].add_run(name).bold = True
    for number, row in enumerate(doc.rows, start=1):
        cells = table.add_row().cells
        for index, value in enumerate([str(number), *row]):
            cells[index].text = value
    word.add_paragraph()
    word.add_paragraph(doc.approval)
    for who in doc.signatures:
        word.add_paragraph(f"{who}: ____________________")
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# --- PDF ---------------------------------------------------------------------------------------

_local = threading.local()


def to_pdf(doc: RouteDocument) -> bytes:
    import typst

    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(root=str(TYPST_SOURCE.parent), ignore_system_fonts=True)
        _local.compiler = compiler
    payload = {**asdict(doc), "labels": labels()}
    result = compiler.compile(
        TYPST_SOURCE.read_bytes(),
        format="pdf",
        sys_inputs={"data": json.dumps(payload, ensure_ascii=False)},
    )
    assert isinstance(result, bytes)
    return result
