"""Build and render one expert conclusion: Typst reads the data as JSON from ``sys.inputs``.

Numbers are formatted here, in the active language (3,5 and 85 % in Russian), so the template
only places text. The template ships beside the app's HTML templates.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typst
from django.utils.formats import get_format
from django.utils.translation import pgettext

TYPST_SOURCE = Path(__file__).parent.parent / "templates" / "expertise" / "conclusion.typ"
NBSP = "\u00a0"


@dataclass(frozen=True)
class ConclusionCriterion:
    title: str
    score: float
    max_score: float
    weight: float = 1.0
    level: str = ""  # the descriptor of the level the score reached
    reasoning: str = ""
    critical: bool = False


@dataclass(frozen=True)
class Conclusion:
    object_title: str
    object_kind: str  # «Методическая разработка стажёра», «Конкурсная работа», …
    authors: str | None  # None: hidden (blind expertise)
    campaign: str
    rubric: str
    rubric_version: int | str
    expert_name: str  # or anonymised_expert(n) when an author of a blind item reads it
    total_points: float
    max_points: float
    total_percent: float
    verdict: str  # the verdict's label, e.g. Verdict.REVISE.label
    date: str  # already formatted, e.g. «7 декабря 2026 г.»
    version: int = 1
    verification: str = ""  # a URL or code that proves the document; "" prints no line
    expert_competence: str = ""
    criteria: Sequence[ConclusionCriterion] = field(default_factory=tuple)
    strengths: str = ""
    shortcomings: str = ""
    recommendations: str = ""


def anonymised_expert(number: int) -> str:
    """How an author of a blind item sees the expert: «Эксперт 2»."""
    return pgettext("conclusion", "Expert %(number)s") % {"number": number}


def number(value: float) -> str:
    """2 → «2», 2.5 → «2,5», 2.456 → «2,46» (in Russian)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", str(get_format("DECIMAL_SEPARATOR")))


def labels() -> dict[str, str]:
    return {
        "heading": pgettext("conclusion", "Expert conclusion"),
        "object": pgettext("conclusion", "Object of expertise"),
        "kind": pgettext("conclusion", "Kind of object"),
        "authors": pgettext("conclusion", "Authors"),
        "hidden_authors": pgettext("conclusion", "Author hidden (blind expertise)"),
        "campaign": pgettext("conclusion", "Expertise"),
        "rubric": pgettext("conclusion", "Assessment criteria"),
        "rubric_version": pgettext("conclusion", "%(title)s, version %(version)s"),
        "expert": pgettext("conclusion", "Expert"),
        "competence": pgettext("conclusion", "Expert's competence"),
        "scores": pgettext("conclusion", "Scores by criteria"),
        "number": "№",
        "criterion": pgettext("conclusion", "Criterion"),
        "weight": pgettext("conclusion", "Weight"),
        "score": pgettext("conclusion", "Score"),
        "score_of": pgettext("conclusion", "%(score)s of %(max)s"),
        "level": pgettext("conclusion", "Level reached"),
        "reasoning": pgettext("conclusion", "Reasoning"),
        "total": pgettext("conclusion", "Total"),
        "critical_note": pgettext(
            "conclusion",
            "* A critical criterion: a score below its threshold means «not recommended» "
            "whatever the total.",
        ),
        "strengths": pgettext("conclusion", "Strengths"),
        "shortcomings": pgettext("conclusion", "Shortcomings"),
        "recommendations": pgettext("conclusion", "Recommendations"),
        "verdict": pgettext("conclusion", "Expert's verdict"),
        "date": pgettext("conclusion", "Date"),
        "signature": pgettext("conclusion", "Expert's signature"),
        "footer": pgettext("conclusion", "Expert conclusion, version %(version)s"),
        "verification": pgettext("conclusion", "Authenticity check"),
        "none": "—",
    }


def _facts(conclusion: Conclusion, text: dict[str, str]) -> list[list[str]]:
    rubric = text["rubric_version"] % {
        "title": conclusion.rubric,
        "version": conclusion.rubric_version,
    }
    facts = [
        [text["object"], conclusion.object_title],
        [text["kind"], conclusion.object_kind],
        [text["authors"], conclusion.authors or text["hidden_authors"]],
        [text["campaign"], conclusion.campaign],
        [text["rubric"], rubric],
        [text["expert"], conclusion.expert_name],
    ]
    if conclusion.expert_competence:
        facts.append([text["competence"], conclusion.expert_competence])
    return facts


def _rows(conclusion: Conclusion, text: dict[str, str], show_weights: bool) -> list[list[str]]:
    rows = []
    for index, row in enumerate(conclusion.criteria, start=1):
        score = text["score_of"] % {"score": number(row.score), "max": number(row.max_score)}
        cells = [str(index), row.title + (" *" if row.critical else "")]
        if show_weights:
            cells.append(number(row.weight))
        cells += [score, row.level or text["none"], row.reasoning or text["none"]]
        rows.append(cells)
    return rows


def payload(conclusion: Conclusion) -> dict[str, Any]:
    """What the template reads, all text."""
    text = labels()
    show_weights = any(row.weight != 1 for row in conclusion.criteria)
    total = text["score_of"] % {
        "score": number(conclusion.total_points),
        "max": number(conclusion.max_points),
    }
    return {
        "labels": text,
        "document_title": f"{text['heading']}: {conclusion.object_title}",
        "expert_name": conclusion.expert_name,
        "facts": _facts(conclusion, text),
        "show_weights": show_weights,
        "rows": _rows(conclusion, text, show_weights),
        "has_critical": any(row.critical for row in conclusion.criteria),
        "total": f"{total} ({number(conclusion.total_percent)}{NBSP}%)",
        "strengths": conclusion.strengths.strip(),
        "shortcomings": conclusion.shortcomings.strip(),
        "recommendations": conclusion.recommendations.strip(),
        "verdict": conclusion.verdict,
        "date": conclusion.date,
        "footer": text["footer"] % {"version": conclusion.version},
        "verification": conclusion.verification,
    }


_local = threading.local()


def _compiler() -> typst.Compiler:
    # One compiler per thread: it keeps the parsed fonts between documents.
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(root=str(TYPST_SOURCE.parent), ignore_system_fonts=True)
        _local.compiler = compiler
    return compiler


def render_pdf(conclusion: Conclusion) -> bytes:
    """The conclusion as PDF bytes, with its title, author (the expert as shown) and language."""
    result = _compiler().compile(
        TYPST_SOURCE.read_bytes(),
        format="pdf",
        sys_inputs={"data": json.dumps(payload(conclusion), ensure_ascii=False)},
    )
    assert isinstance(result, bytes)
    return result
