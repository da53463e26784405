"""The regulated expert conclusion (экспертное заключение) as a PDF, from plain data.

What the seeds' regulations ask of it: the object and its authors, the expert and their
competence, the criteria with the score, the level reached and the reasoning of each, the
total, strengths, shortcomings, recommendations and the verdict, dated and signed. Blind
expertise changes only what the caller passes: ``authors=None`` prints «Автор скрыт (слепая
экспертиза)», and an anonymised expert is passed as ``anonymised_expert(2)`` («Эксперт 2»)
with no competence, which is then also the PDF's author field — the name appears nowhere.
"""

from .document import (
    Conclusion,
    ConclusionCriterion,
    anonymised_expert,
    labels,
    render_pdf,
)

__all__ = [
    "Conclusion",
    "ConclusionCriterion",
    "anonymised_expert",
    "labels",
    "render_pdf",
]
