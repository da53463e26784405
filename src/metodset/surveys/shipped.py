"""The questionnaires Metodset ships (seeds 000, 001, 002), read from ``data/templates.json``.

Their texts are data in Russian, not interface strings: a copy becomes an ordinary
questionnaire its owner edits freely.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "templates.json"


@dataclass(frozen=True)
class TemplateQuestion:
    kind: str
    text: str
    help_text: str = ""
    required: bool = True
    options: tuple[str, ...] = ()
    rows: tuple[str, ...] = ()
    scale: tuple[int, int] | None = None
    scale_labels: tuple[str, str] = ("", "")
    number: tuple[int, int] | None = None

    def fields(self) -> dict[str, Any]:
        """Keyword arguments of ``Question``."""
        return {
            "kind": self.kind,
            "text": self.text,
            "help_text": self.help_text,
            "required": self.required,
            "options": list(self.options),
            "rows": list(self.rows),
            "scale_min": self.scale[0] if self.scale else None,
            "scale_max": self.scale[1] if self.scale else None,
            "scale_min_label": self.scale_labels[0],
            "scale_max_label": self.scale_labels[1],
            "number_min": self.number[0] if self.number else None,
            "number_max": self.number[1] if self.number else None,
        }


@dataclass(frozen=True)
class TemplateSection:
    title: str
    description: str
    questions: tuple[TemplateQuestion, ...]


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    summary: str
    source: str
    anonymous: bool
    public_link: bool
    intro: str
    thanks: str
    sections: tuple[TemplateSection, ...] = field(default=())

    @property
    def question_count(self) -> int:
        return sum(len(s.questions) for s in self.sections)


def _question(data: dict[str, Any]) -> TemplateQuestion:
    return TemplateQuestion(
        kind=data["kind"],
        text=data["text"],
        help_text=data.get("help_text", ""),
        required=data.get("required", True),
        options=tuple(data.get("options", ())),
        rows=tuple(data.get("rows", ())),
        scale=tuple(data["scale"]) if "scale" in data else None,  # type: ignore[arg-type]
        scale_labels=tuple(data.get("scale_labels", ("", ""))),  # type: ignore[arg-type]
        number=tuple(data["number"]) if "number" in data else None,  # type: ignore[arg-type]
    )


@cache
def templates() -> tuple[Template, ...]:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(
        Template(
            key=t["key"],
            title=t["title"],
            summary=t["summary"],
            source=t["source"],
            anonymous=t["anonymous"],
            public_link=t["public_link"],
            intro=t["intro"],
            thanks=t["thanks"],
            sections=tuple(
                TemplateSection(
                    title=s["title"],
                    description=s.get("description", ""),
                    questions=tuple(_question(q) for q in s["questions"]),
                )
                for s in t["sections"]
            ),
        )
        for t in raw
    )


def template(key: str) -> Template | None:
    return next((t for t in templates() if t.key == key), None)
