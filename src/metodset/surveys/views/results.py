"""Results for those who run the questionnaire: summary with charts, responses, texts, XLSX."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.core import uploads

from .. import exports, permissions, results, selectors
from ..models import Answer, Question, Response, ResultsExport


@login_required
def results_summary(request: AuthenticatedRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    summary = results.summary(questionnaire=questionnaire)
    charts = {f"chart-{r.question.pk}": chart for r in summary.questions if (chart := r.chart())}
    return render(
        request,
        "surveys/results.html",
        {
            "questionnaire": questionnaire,
            "summary": summary,
            "charts": charts,
            "export": selectors.latest_export(questionnaire=questionnaire, user=request.user),
            "tab": "results",
        },
    )


@login_required
def responses_table(request: AuthenticatedRequest, questionnaire_id: int) -> HttpResponse:
    """One row per response, one column per question; a page costs the same queries."""
    questionnaire = permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    questions = selectors.ordered_questions(questionnaire=questionnaire)
    responses = Response.objects.filter(questionnaire=questionnaire).order_by(
        "-submitted_at", "-pk"
    )
    if not questionnaire.anonymous:
        responses = responses.select_related("user")
    page = Paginator(responses, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    by_question = {q.pk: q for q in questions}
    cells: dict[int, dict[int, list[str]]] = {r.pk: {} for r in page.object_list}
    answers = (
        Answer.objects.filter(response_id__in=list(cells))
        .order_by("response_id", "question_id", "row_index", "choice_index")
        .values_list("response_id", "question_id", "row_index", "choice_index", "number", "text")
    )
    for response_id, question_id, row, choice, number, text in answers:
        question = by_question.get(question_id)
        if question is None:
            continue
        cells[response_id].setdefault(question_id, []).append(
            _cell_text(question, row, choice, number, text)
        )
    rows = [
        (response, [cells[response.pk].get(q.pk, []) for q in questions])
        for response in page.object_list
    ]
    return render(
        request,
        "surveys/responses.html",
        {
            "questionnaire": questionnaire,
            "questions": questions,
            "rows": rows,
            "page": page,
            "tab": "results",
        },
    )


def _cell_text(question: Question, row, choice, number, text) -> str:
    if choice is not None:
        labels = question.choice_labels
        value = labels[choice] if 0 <= choice < len(labels) else "?"
    elif number is not None:
        value = f"{number.normalize():f}".replace(".", ",")
    else:
        value = text
    if row is not None and row < len(question.rows):
        return f"{question.rows[row]}: {value}"
    return value


@login_required
def text_answers(
    request: AuthenticatedRequest, questionnaire_id: int, question_id: int
) -> HttpResponse:
    """All answers to a text question, newest first."""
    questionnaire = permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    question = permissions.question_of(questionnaire=questionnaire, pk=question_id)
    if question.kind not in Question.TEXT_KINDS:
        raise Http404
    answers = (
        Answer.objects.filter(question=question)
        .exclude(text="")
        .select_related("response__user" if not questionnaire.anonymous else "response")
        .order_by("-response_id")
    )
    page = Paginator(answers, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/texts.html",
        {"questionnaire": questionnaire, "question": question, "page": page, "tab": "results"},
    )


# --- XLSX export -----------------------------------------------------------------------------


@login_required
@require_POST
def export_start(request: AuthenticatedRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    export = exports.export_create(
        questionnaire=questionnaire, by=request.user, language=request.LANGUAGE_CODE
    )
    if request.htmx:
        export.refresh_from_db()
        return render(
            request, "surveys/_export.html", {"export": export, "questionnaire": questionnaire}
        )
    return redirect("surveys:results", questionnaire_id=questionnaire.pk)


@login_required
def export_status(
    request: AuthenticatedRequest, questionnaire_id: int, export_id: int
) -> HttpResponse:
    export = permissions.export_for_requester(
        viewer=request.user, questionnaire_pk=questionnaire_id, pk=export_id
    )
    return render(
        request,
        "surveys/_export.html",
        {"export": export, "questionnaire": export.questionnaire},
    )


@login_required
def export_download(
    request: AuthenticatedRequest, questionnaire_id: int, export_id: int
) -> HttpResponseBase:
    export = permissions.export_for_requester(
        viewer=request.user, questionnaire_pk=questionnaire_id, pk=export_id
    )
    if export.status != ResultsExport.Status.DONE or not export.file:
        raise Http404
    return uploads.file_response(
        export.file,
        filename=exports.download_name(export),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
