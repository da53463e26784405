"""The results of a questionnaire, aggregated in the database.

Every figure comes from a GROUP BY over answers (question, matrix row, option or value), so
the summary costs the same few queries for 10 responses or 30,000, and no answer is loaded
into Python except the few latest texts shown per question. The grouped rows are kept in the
cache under the responses' version (their count and largest id) and the questions' shape, so
a page opened again reads them back instead of grouping 400,000 answers again; labels,
percentages and charts are made from them on every request, so an edited label shows at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    Value,
    When,
    Window,
)
from django.db.models.functions import Floor, RowNumber

from . import selectors
from .models import Answer, Invitation, Question, Questionnaire, Response, Section

Kind = Question.Kind
LATEST_TEXTS = 5
HISTOGRAM_BINS = 10
CACHE_SECONDS = 600


@dataclass
class Bar:
    label: str
    count: int
    percent: float


@dataclass
class RowResult:
    label: str
    respondents: int
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None


@dataclass
class TextAnswer:
    text: str
    submitted_at: datetime


@dataclass
class QuestionResult:
    question: Question
    number: int
    respondents: int = 0
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    columns: list[str] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    texts: list[TextAnswer] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.question.kind

    def chart(self) -> dict[str, Any] | None:
        """Data for Chart.js (read by surveys/results.js from ``json_script``)."""
        if not self.respondents:
            return None
        if self.kind == Kind.MATRIX:
            return {
                "type": "stacked",
                "ordinal": self.question.uses_scale,  # colours from low (red) to high (green)
                "labels": [r.label for r in self.rows],
                "datasets": [
                    {"label": column, "data": [r.bars[i].count for r in self.rows]}
                    for i, column in enumerate(self.columns)
                ],
            }
        if self.bars:
            horizontal = self.kind in (Kind.SINGLE, Kind.MULTIPLE)
            return {
                "type": "hbar" if horizontal else "bar",
                "labels": [b.label for b in self.bars],
                "data": [b.count for b in self.bars],
            }
        return None


@dataclass
class BlockResult:
    section: Section | None
    questions: list[QuestionResult]


@dataclass
class Results:
    questionnaire: Questionnaire
    responses: int
    public_responses: int
    invited: int
    answered: int
    blocks: list[BlockResult]

    @property
    def questions(self) -> list[QuestionResult]:
        return [q for block in self.blocks for q in block.questions]

    @property
    def answered_percent(self) -> float:
        return self.answered * 100 / self.invited if self.invited else 0.0


def _percent(count: int, total: int) -> float:
    return count * 100 / total if total else 0.0


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def summary(*, questionnaire: Questionnaire) -> Results:
    """The whole summary in a constant number of queries (eight at most)."""
    blocks = selectors.blocks(questionnaire=questionnaire)
    questions = [q for b in blocks for q in b.questions]
    results = {q.pk: QuestionResult(question=q, number=q.number) for q in questions}  # type: ignore[attr-defined]
    ids = list(results)

    totals = Response.objects.filter(questionnaire=questionnaire).aggregate(
        total=Count("pk"),
        public=Count("pk", filter=Q(channel=Response.Channel.PUBLIC)),
        last=Max("pk"),
    )
    invitations = Invitation.objects.filter(questionnaire=questionnaire).aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )

    if ids:
        answers = Answer.objects.filter(question_id__in=ids).order_by()
        read = _Reader(questionnaire, questions, version=(totals["total"], totals["last"]))
        respondents = answers.values("question_id").annotate(n=Count("response_id", distinct=True))
        for row in read("respondents", respondents):
            results[row["question_id"]].respondents = row["n"]
        _choices(results, answers, read)
        _numbers(results, answers, read)
        _texts(results, answers, read)

    return Results(
        questionnaire=questionnaire,
        responses=totals["total"],
        public_responses=totals["public"],
        invited=invitations["invited"],
        answered=invitations["answered"],
        blocks=[BlockResult(b.section, [results[q.pk] for q in b.questions]) for b in blocks],
    )


class _Reader:
    """Grouped rows of answers, from the cache while the responses and questions stay as
    they are: a new response changes the count and the largest id; a question added, removed
    or changed in how its answers are grouped (its kind, a scale) changes the shape. Rows are
    grouped by option and matrix-row indexes, so new labels need no new rows."""

    def __init__(
        self, questionnaire: Questionnaire, questions: list[Question], *, version: tuple
    ) -> None:
        shape = repr([(q.pk, q.kind, q.uses_scale) for q in questions])
        digest = hashlib.blake2b(shape.encode(), digest_size=12).hexdigest()
        self.prefix = f"surveys:results:{questionnaire.pk}:{version[0]}:{version[1]}:{digest}"

    def __call__(self, name: str, rows: Iterable[Any]) -> list[Any]:
        key = f"{self.prefix}:{name}"
        cached = cache.get(key)
        if cached is None:
            cached = list(rows)
            cache.set(key, cached, CACHE_SECONDS)
        return cached


def _choices(results: dict[int, QuestionResult], answers: Any, read: _Reader) -> None:
    """Counts per option: single and multiple choice, yes/no, matrices with columns."""
    choice_ids = [
        pk
        for pk, r in results.items()
        if r.kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.YES_NO)
        or (r.kind == Kind.MATRIX and r.question.options)
    ]
    if not choice_ids:
        return
    counts: dict[tuple[int, int | None], dict[int, int]] = {}
    grouped = (
        answers.filter(question_id__in=choice_ids, choice_index__isnull=False)
        .values("question_id", "row_index", "choice_index")
        .annotate(n=Count("pk"))
    )
    for row in read("choices", grouped):
        counts.setdefault((row["question_id"], row["row_index"]), {})[row["choice_index"]] = row[
            "n"
        ]
    for pk in choice_ids:
        result = results[pk]
        labels = result.question.choice_labels
        if result.kind == Kind.MATRIX:
            result.columns = labels
            for index, label in enumerate(result.question.rows):
                row_counts = counts.get((pk, index), {})
                total = sum(row_counts.values())
                result.rows.append(
                    RowResult(
                        label=label,
                        respondents=total,
                        bars=[
                            Bar(c, row_counts.get(i, 0), _percent(row_counts.get(i, 0), total))
                            for i, c in enumerate(labels)
                        ],
                    )
                )
        else:
            option_counts = counts.get((pk, None), {})
            result.bars = [
                Bar(
                    label,
                    option_counts.get(i, 0),
                    _percent(option_counts.get(i, 0), result.respondents),
                )
                for i, label in enumerate(labels)
            ]


def _numbers(results: dict[int, QuestionResult], answers: Any, read: _Reader) -> None:
    """Mean, minimum, maximum and distribution of scales, scale matrices and numbers."""
    scale_ids = [pk for pk, r in results.items() if r.question.uses_scale]
    number_ids = [pk for pk, r in results.items() if r.kind == Kind.NUMBER]
    if not scale_ids and not number_ids:
        return
    numeric = answers.filter(question_id__in=scale_ids + number_ids, number__isnull=False)
    grouped_stats = numeric.values("question_id", "row_index").annotate(
        n=Count("pk"), mean=Avg("number"), lo=Min("number"), hi=Max("number")
    )
    stats: dict[tuple[int, int | None], dict[str, Any]] = {
        (row["question_id"], row["row_index"]): row for row in read("stats", grouped_stats)
    }
    distribution: dict[tuple[int, int | None], dict[int, int]] = {}
    if scale_ids:
        grouped = (
            numeric.filter(question_id__in=scale_ids)
            .values("question_id", "row_index", "number")
            .annotate(n=Count("pk"))
        )
        for row in read("distribution", grouped):
            key = (row["question_id"], row["row_index"])
            distribution.setdefault(key, {})[int(row["number"])] = row["n"]

    for pk in scale_ids:
        result = results[pk]
        values = result.question.scale_values
        keys = [None] if result.kind == Kind.SCALE else list(range(len(result.question.rows)))
        for row_index in keys:
            counts = distribution.get((pk, row_index), {})
            total = sum(counts.values())
            bars = [
                Bar(str(v), counts.get(v, 0), _percent(counts.get(v, 0), total)) for v in values
            ]
            mean = _float(stats.get((pk, row_index), {}).get("mean"))
            if row_index is None:
                result.bars, result.mean = bars, mean
            else:
                label = result.question.rows[row_index]
                result.rows.append(RowResult(label=label, respondents=total, bars=bars, mean=mean))
        if result.kind == Kind.MATRIX:
            result.columns = [str(v) for v in values]

    histograms = _histograms(
        {pk: stats[(pk, None)] for pk in number_ids if (pk, None) in stats}, answers, read
    )
    for pk in number_ids:
        result = results[pk]
        row = stats.get((pk, None))
        if row is None:
            continue
        result.mean, result.minimum, result.maximum = (
            _float(row["mean"]),
            _float(row["lo"]),
            _float(row["hi"]),
        )
        result.bars = histograms.get(pk, [])


def _bins(lo: Decimal, hi: Decimal) -> tuple[Decimal, int]:
    """Width and number of histogram bins: one per value for small whole ranges."""
    span = hi - lo
    if span == span.to_integral_value() and lo == lo.to_integral_value() and span < 20:
        return Decimal(1), int(span) + 1
    width = span / HISTOGRAM_BINS if span else Decimal(1)
    return width, HISTOGRAM_BINS if span else 1


def _number_label(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:.1f}"
    return text.replace(".", ",")


def _histograms(
    stats: dict[int, dict[str, Any]], answers: Any, read: _Reader
) -> dict[int, list[Bar]]:
    """Bins of each number question's answers, counted by one query for all of them."""
    if not stats:
        return {}
    layout = {
        pk: (Decimal(s["lo"]), *_bins(Decimal(s["lo"]), Decimal(s["hi"])))
        for pk, s in stats.items()
    }
    bucket = Case(
        *(
            When(
                question_id=pk,
                then=Floor(
                    ExpressionWrapper(
                        (F("number") - Value(lo)) / Value(width),
                        output_field=DecimalField(max_digits=20, decimal_places=6),
                    )
                ),
            )
            for pk, (lo, width, _n) in layout.items()
        ),
        output_field=IntegerField(),
    )
    counts: dict[int, dict[int, int]] = {}
    grouped = (
        answers.filter(question_id__in=list(layout), number__isnull=False)
        .annotate(bucket=bucket)
        .values("question_id", "bucket")
        .annotate(n=Count("pk"))
    )
    # The bins follow from the numbers' range, which is in the same version of the cache.
    for row in read("histograms", grouped):
        per = counts.setdefault(row["question_id"], {})
        n_bins = layout[row["question_id"]][2]
        index = min(max(int(row["bucket"]), 0), n_bins - 1)  # the maximum lands in the last bin
        per[index] = per.get(index, 0) + row["n"]
    histograms: dict[int, list[Bar]] = {}
    for pk, (lo, width, n_bins) in layout.items():
        total = sum(counts.get(pk, {}).values())
        bars = []
        for i in range(n_bins):
            start = lo + width * i
            if width == 1 and start == start.to_integral_value():
                label = _number_label(start)
            else:
                label = f"{_number_label(start)}–{_number_label(start + width)}"
            count = counts.get(pk, {}).get(i, 0)
            bars.append(Bar(label, count, _percent(count, total)))
        histograms[pk] = bars
    return histograms


def _texts(results: dict[int, QuestionResult], answers: Any, read: _Reader) -> None:
    """The latest few text answers of each text question, in one query (a window function)."""
    text_ids = [pk for pk, r in results.items() if r.kind in Question.TEXT_KINDS]
    if not text_ids:
        return
    latest = (
        answers.filter(question_id__in=text_ids)
        .exclude(text="")
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("question_id")], order_by=F("response_id").desc()
            )
        )
        .filter(rank__lte=LATEST_TEXTS)
        .values_list("question_id", "text", "response__submitted_at", "response_id")
    )
    for question_id, text, submitted_at, _response_id in sorted(
        read("texts", latest), key=lambda row: (row[0], -row[3])
    ):
        results[question_id].texts.append(TextAnswer(text, submitted_at))


def as_json(results: Results) -> dict[str, Any]:
    """The summary as plain data, for the API."""
    q = results.questionnaire
    return {
        "id": q.pk,
        "title": q.title,
        "status": q.status,
        "anonymous": q.anonymous,
        "responses": results.responses,
        "public_responses": results.public_responses,
        "invited": results.invited,
        "answered": results.answered,
        "answered_percent": round(results.answered_percent, 1),
        "questions": [
            {
                "id": r.question.pk,
                "number": r.number,
                "section": r.question.section.title if r.question.section else None,
                "kind": r.kind,
                "text": r.question.text,
                "respondents": r.respondents,
                "options": [_bar(b) for b in r.bars],
                "mean": _round(r.mean),
                "minimum": r.minimum,
                "maximum": r.maximum,
                "columns": r.columns,
                "rows": [
                    {
                        "label": row.label,
                        "respondents": row.respondents,
                        "options": [_bar(b) for b in row.bars],
                        "mean": _round(row.mean),
                    }
                    for row in r.rows
                ],
                "latest_texts": [t.text for t in r.texts],
            }
            for r in results.questions
        ],
    }


def _bar(bar: Bar) -> dict[str, Any]:
    return {"label": bar.label, "count": bar.count, "percent": round(bar.percent, 1)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
