"""The methodical plan as a DOCX: the topics by month, then the match table against the
measured deficits and the three questions (python-docx, as ``routes.document`` makes routes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from .forms.plans import school_year_label
from .matching import Direction, Match, Topic
from .models import MethodicalPlan, PlanTopic
from .selectors.plans import MonthTopics, Trends


def direction_label(direction: Direction) -> str:
    return {
        Direction.GROWING: _("growing"),
        Direction.FALLING: _("falling"),
        Direction.STABLE: _("stable"),
        Direction.NEW: _("measured for the first time"),
    }[direction]


def percent(share: float) -> str:
    return f"{round(share * 100)}\u00a0%"  # a no-break space: the sign stays with its number


def trend_text(row_share: float, previous: float | None, direction: Direction) -> str:
    if previous is None:
        return f"{percent(row_share)}, {direction_label(direction)}"
    return f"{percent(previous)} → {percent(row_share)}, {direction_label(direction)}"


@dataclass
class PlanDocument:
    heading: str
    organization: str
    year: str
    plan_headers: list[str]
    plan_rows: list[list[str]]
    match_heading: str
    match_note: str
    match_headers: list[str]
    match_rows: list[list[str]]
    questions: list[tuple[str, str]]


def _topic_row(month: str, topic: PlanTopic) -> list[str]:
    competencies = "; ".join(f"{c.code} {c.title}" for c in topic.competencies.all())
    return [month, topic.title, topic.form, topic.responsible, competencies]


@dataclass(frozen=True)
class ShownTopic:
    pk: int
    month: str
    title: str


@dataclass(frozen=True)
class ShownRow:
    """A row of the match table as a person reads it (the page and the DOCX)."""

    kind: str  # "matched", "gap" or "unbacked"
    deficit: str
    area: str
    trend: str
    direction: str
    topics: list[ShownTopic]
    verdict: str


def _shown(topics: Sequence[Topic]) -> list[ShownTopic]:
    return [ShownTopic(t.topic_id, str(MONTHS[t.month]), t.title) for t in topics]


def shown_rows(table: Match) -> list[ShownRow]:
    rows = []
    for row in table.rows:
        deficit = row.deficit
        rows.append(
            ShownRow(
                kind="matched" if row.matched else "gap",
                deficit=f"{deficit.code} {deficit.title}".strip(),
                area=deficit.area,
                trend=trend_text(deficit.share, deficit.previous_share, row.direction),
                direction=str(row.direction),
                topics=_shown(row.topics),
                verdict=_("matches") if row.matched else _("not covered by the plan"),
            )
        )
    verdict = _("topic without a measured deficit")
    for topic in table.unbacked:
        rows.append(ShownRow("unbacked", "", "", "", "", _shown([topic]), verdict))
    return rows


def _match_row(row: ShownRow) -> list[str]:
    trend = f"{row.deficit}: {row.trend}" if row.deficit else ""
    topics = "\n".join(f"{t.month}: {t.title}" for t in row.topics)
    return [trend, topics, row.verdict]


def _match_note(trends: Trends) -> str:
    if trends.campaign is None:
        return _("No closed diagnostics campaign has results of the organisation yet.")
    if trends.hidden:
        return _("Too few teachers were assessed to show their deficits.")
    note = _("Diagnostics: %(campaign)s") % {"campaign": trends.campaign.title}
    if trends.previous is not None:
        note += "; " + _("compared with: %(campaign)s") % {"campaign": trends.previous.title}
    return note


def build(
    plan: MethodicalPlan,
    months: Sequence[MonthTopics],
    trends: Trends,
    table: Match,
) -> PlanDocument:
    return PlanDocument(
        heading=_("Plan of methodical work"),
        organization=plan.organization.name,
        year=_("%(year)s school year") % {"year": school_year_label(plan.year)},
        plan_headers=[_("Month"), _("Topic"), _("Form"), _("Responsible"), _("Competencies")],
        plan_rows=[_topic_row(m.name, t) for m in months for t in m.topics],
        match_heading=_("The plan against the teachers' deficits"),
        match_note=_match_note(trends),
        match_headers=[
            _("Identified trends in professional development"),
            _("Topics of methodical work"),
            _("Identified match"),
        ],
        match_rows=[_match_row(row) for row in shown_rows(table)] if trends.measured else [],
        questions=[
            (str(MethodicalPlan._meta.get_field(name).verbose_name), getattr(plan, name))  # type: ignore[union-attr]
            for name in ("what_we_did", "what_worked", "what_else")
        ],
    )


def _table(word, headers: list[str], rows: list[list[str]]) -> None:  # type: ignore[no-untyped-def]
    table = word.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for index, name in enumerate(headers):
        cell = table.rows[0].cells[index]
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
    for row in rows:
        cells = table.add_row().cells
        for index, value in enumerate(row):
            cells[index].text = value


def to_docx(doc: PlanDocument) -> bytes:
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
    word.add_heading(doc.heading, level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    word.add_paragraph(doc.organization).alignment = WD_ALIGN_PARAGRAPH.CENTER
    word.add_paragraph(doc.year).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _table(word, doc.plan_headers, doc.plan_rows)
    word.add_heading(doc.match_heading, level=2)
    word.add_paragraph(doc.match_note)
    _table(word, doc.match_headers, doc.match_rows)
    for question, answer in doc.questions:
        paragraph = word.add_paragraph()
        paragraph.add_run(question).bold = True
        word.add_paragraph(answer or "—")
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()
