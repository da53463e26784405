"""The builder: the «Анкеты» list, creating (blank or from a template), settings, questions.

Question and section edits answer htmx with the builder block redrawn in place; without
JavaScript the same URLs render the whole page and redirect after a change.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.core.redirects import safe_next

from .. import permissions, selectors, services, shipped
from ..answering import AnswerForm
from ..forms import (
    QuestionForm,
    QuestionnaireCreateForm,
    QuestionnaireSettingsForm,
    SectionForm,
    TemplateCopyForm,
)
from ..models import Question, Questionnaire, Section
from .common import check_can_create, query_without_page

Status = Questionnaire.Status


@login_required
def questionnaire_list(request: AuthenticatedRequest) -> HttpResponse:
    """«Анкеты»: the questionnaires the user runs, and the templates to start from."""
    check_can_create(request)
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    questionnaires = selectors.managed_list(user=request.user, status=status)
    page = Paginator(questionnaires, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/list.html",
        {
            "page": page,
            "status": status,
            "statuses": Status.choices,
            "query": query_without_page(request),
            "templates": shipped.templates(),
            "copy_form": TemplateCopyForm(user=request.user),
        },
    )


@login_required
@require_POST
def questionnaire_from_template(request: AuthenticatedRequest) -> HttpResponse:
    """One click: a draft copy of a shipped questionnaire, owned by the user."""
    check_can_create(request)
    form = TemplateCopyForm(request.POST, user=request.user)
    if form.is_valid() and shipped.template(form.cleaned_data["template"]):
        data = form.cleaned_data
        questionnaire = services.questionnaire_from_template(
            key=data["template"],
            by=request.user,
            organization=data.get("organization"),
            network=data.get("network"),
        )
        messages.success(
            request,
            _("The draft is ready. Check the questions, then open the questionnaire and send it."),
        )
        return redirect("surveys:detail", questionnaire_id=questionnaire.pk)
    errors = [e for errors in form.errors.values() for e in errors]
    # str() as the message storage does: an error may be a ValidationError.
    messages.error(request, str(errors[0]) if errors else _("No such template."))
    return redirect("surveys:list")


@login_required
def questionnaire_create(request: AuthenticatedRequest) -> HttpResponse:
    check_can_create(request)
    form = QuestionnaireCreateForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        questionnaire = services.questionnaire_create(
            by=request.user,
            title=data["title"],
            organization=data.get("organization"),
            network=data.get("network"),
            anonymous=data["anonymous"],
        )
        messages.success(request, _("The questionnaire is created. Add its questions."))
        return redirect("surveys:detail", questionnaire_id=questionnaire.pk)
    return render(request, "surveys/create.html", {"form": form})


@login_required
def questionnaire_settings(request: AuthenticatedRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    # The form works on its own copy: the service compares with what is stored.
    copy = Questionnaire.objects.get(pk=questionnaire.pk)
    form = QuestionnaireSettingsForm(
        request.POST if request.method == "POST" else None,
        instance=copy,
        user=request.user,
        answered=questionnaire.response_count > 0,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_update(questionnaire=questionnaire, **form.changed_values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Settings saved"))
            return redirect("surveys:detail", questionnaire_id=questionnaire.pk)
    return render(
        request,
        "surveys/settings.html",
        {"questionnaire": questionnaire, "form": form, "tab": "settings"},
    )


@login_required
def questionnaire_delete(request: AuthenticatedRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    if request.method == "POST":
        title = questionnaire.title
        services.questionnaire_delete(questionnaire=questionnaire)
        messages.success(request, _("The questionnaire «%(title)s» is deleted.") % {"title": title})
        return redirect("surveys:list")
    return render(request, "surveys/delete.html", {"questionnaire": questionnaire})


@login_required
@require_POST
def questionnaire_open(request: AuthenticatedRequest, questionnaire_id: int) -> HttpResponse:
    """Open the questionnaire for answers."""
    questionnaire = permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    try:
        services.questionnaire_open(questionnaire=questionnaire)
        messages.success(request, _("The questionnaire accepts answers."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return _back_to_detail(request, questionnaire)


@login_required
@require_POST
def questionnaire_close(request: AuthenticatedRequest, questionnaire_id: int) -> HttpResponse:
    """Stop accepting answers."""
    questionnaire = permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    try:
        services.questionnaire_close(questionnaire=questionnaire)
        messages.success(request, _("The questionnaire is closed: answers are not accepted."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return _back_to_detail(request, questionnaire)


def _back_to_detail(request: AuthenticatedRequest, questionnaire: Questionnaire) -> HttpResponse:
    return redirect(
        safe_next(request, reverse("surveys:detail", kwargs={"questionnaire_id": questionnaire.pk}))
    )


@login_required
def questionnaire_preview(request: AuthenticatedRequest, questionnaire_id: int) -> HttpResponse:
    """The questionnaire as people see it; a submit checks the answers and saves nothing."""
    questionnaire = permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    blocks = selectors.blocks(questionnaire=questionnaire)
    questions = [q for b in blocks for q in b.questions]
    form = AnswerForm(request.POST if request.method == "POST" else None, questions=questions)
    checked = request.method == "POST" and form.is_valid()
    return render(
        request,
        "surveys/answer.html",
        {
            "questionnaire": questionnaire,
            "form": form,
            "answer_blocks": form.blocks(blocks),
            "preview": True,
            "preview_checked": checked,
        },
    )


# --- the builder ----------------------------------------------------------------------------


def _render_builder(
    request: AuthenticatedRequest,
    questionnaire: Questionnaire,
    *,
    editing: dict[str, Any] | None = None,
    error: str = "",
) -> HttpResponse:
    context = {
        "questionnaire": questionnaire,
        "blocks": selectors.blocks(questionnaire=questionnaire),
        "answered": services.has_responses(questionnaire),
        "editing": editing or {},
        "error": error,
        "kinds": Question.Kind.choices,
        "new_section_form": SectionForm(prefix="new"),
        "tab": "questions",
    }
    if request.htmx:
        return render(request, "surveys/_builder.html", context)
    if error:
        messages.error(request, error)
    return render(request, "surveys/detail.html", context)


def _changed(
    request: AuthenticatedRequest, questionnaire: Questionnaire, anchor: str = ""
) -> HttpResponse:
    if request.htmx:
        return _render_builder(request, questionnaire)
    url = reverse("surveys:detail", kwargs={"questionnaire_id": questionnaire.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
def questionnaire_detail(request: AuthenticatedRequest, questionnaire_id: int) -> HttpResponse:
    """The builder: sections and questions, edited in place."""
    return _render_builder(
        request, permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    )


def _section_or_none(questionnaire: Questionnaire, value: Any) -> Section | None:
    if not value or not str(value).isdigit():
        return None
    return questionnaire.sections.filter(pk=int(value)).first()


def _switched_initial(request: AuthenticatedRequest) -> dict[str, Any] | None:
    """The form as typed so far, when htmx redraws it for another kind of question."""
    if request.GET.get("switch"):
        initial: dict[str, Any] = request.GET.dict()
        initial["required"] = "required" in request.GET
        return initial
    return None


@login_required
def question_add(request: AuthenticatedRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    data = request.POST if request.method == "POST" else request.GET
    section = _section_or_none(questionnaire, data.get("section"))
    if request.method == "POST":
        form = QuestionForm(request.POST, questionnaire=questionnaire)
        if form.is_valid():
            question = services.question_create(
                questionnaire=questionnaire, **form.question_fields()
            )
            return _changed(request, questionnaire, f"question-{question.pk}")
    else:
        initial = _switched_initial(request) or {
            "kind": request.GET.get("kind") or Question.Kind.SINGLE,
            "section": section.pk if section else None,
            "required": True,
            "scale": "1-5",
            "matrix_columns": "scale",
        }
        form = QuestionForm(initial=initial, questionnaire=questionnaire)
    editing = {"what": "new_question", "section_id": section.pk if section else None, "form": form}
    return _render_builder(request, questionnaire, editing=editing)


@login_required
def question_edit(
    request: AuthenticatedRequest, questionnaire_id: int, question_id: int
) -> HttpResponse:
    questionnaire = permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    question = permissions.question_of(questionnaire=questionnaire, pk=question_id)
    if request.method == "POST":
        form = QuestionForm(request.POST, questionnaire=questionnaire)
        if form.is_valid():
            try:
                services.question_update(question=question, **form.question_fields())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _changed(request, questionnaire, f"question-{question.pk}")
    else:
        initial = _switched_initial(request) or QuestionForm.initial_for(question)
        form = QuestionForm(initial=initial, questionnaire=questionnaire)
    editing = {"what": "question", "id": question.pk, "form": form}
    return _render_builder(request, questionnaire, editing=editing)


@login_required
@require_POST
def question_delete(
    request: AuthenticatedRequest, questionnaire_id: int, question_id: int
) -> HttpResponse:
    questionnaire = permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    question = permissions.question_of(questionnaire=questionnaire, pk=question_id)
    try:
        services.question_delete(question=question)
    except ValidationError as error:
        return _render_builder(request, questionnaire, error=error.messages[0])
    return _changed(request, questionnaire)


@login_required
@require_POST
def question_move(
    request: AuthenticatedRequest, questionnaire_id: int, question_id: int
) -> HttpResponse:
    questionnaire = permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    question = permissions.question_of(questionnaire=questionnaire, pk=question_id)
    services.question_move(question=question, direction=request.POST.get("direction", ""))
    return _changed(request, questionnaire, f"question-{question.pk}")


# --- sections ------------------------------------------------------------------------------------


@login_required
@require_POST
def section_add(request: AuthenticatedRequest, questionnaire_id: int) -> HttpResponse:
    questionnaire = permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    form = SectionForm(request.POST, prefix="new")
    if form.is_valid():
        section = services.section_create(questionnaire=questionnaire, **form.cleaned_data)
        return _changed(request, questionnaire, f"section-{section.pk}")
    return _render_builder(request, questionnaire, editing={"what": "new_section", "form": form})


@login_required
def section_edit(
    request: AuthenticatedRequest, questionnaire_id: int, section_id: int
) -> HttpResponse:
    questionnaire = permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    section = permissions.section_of(questionnaire=questionnaire, pk=section_id)
    if request.method == "POST":
        form = SectionForm(request.POST, prefix=f"section{section.pk}")
        if form.is_valid():
            services.section_update(section=section, **form.cleaned_data)
            return _changed(request, questionnaire, f"section-{section.pk}")
    else:
        form = SectionForm(instance=section, prefix=f"section{section.pk}")
    return _render_builder(
        request, questionnaire, editing={"what": "section", "id": section.pk, "form": form}
    )


@login_required
@require_POST
def section_delete(
    request: AuthenticatedRequest, questionnaire_id: int, section_id: int
) -> HttpResponse:
    questionnaire = permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    services.section_delete(
        section=permissions.section_of(questionnaire=questionnaire, pk=section_id)
    )
    return _changed(request, questionnaire)


@login_required
@require_POST
def section_move(
    request: AuthenticatedRequest, questionnaire_id: int, section_id: int
) -> HttpResponse:
    questionnaire = permissions.questionnaire_for_manager(viewer=request.user, pk=questionnaire_id)
    section = permissions.section_of(questionnaire=questionnaire, pk=section_id)
    services.section_move(section=section, direction=request.POST.get("direction", ""))
    return _changed(request, questionnaire, f"section-{section.pk}")
