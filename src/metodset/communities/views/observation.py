"""A research lesson observed on a phone, analysed by the group, and the cycle's report.

Members of the community and the cycle's guests («знающий другой») observe and analyse; the
teacher or a coordinator closes the observation and the analysis. Anyone else gets 404.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest

from .. import permissions, reports
from ..forms.observation import AnalysisForm, ChildChoiceForm, EntryForm, NewEntryForm, NotesForm
from ..models import CaseChild, Lesson, ProtocolEntry
from ..selectors import observation as selectors
from ..services import observation as services

Step = Lesson.Stage
AFTER_OBSERVATION = (Step.ANALYSING, Step.CORRECTING, Step.DONE)


def _crumbs(request: AuthenticatedRequest, lesson: Lesson) -> dict:
    """For the cycle's breadcrumbs: a guest is not led to the community's page."""
    member = permissions.is_member(request.user, lesson.cycle.community)
    return {"cycle": lesson.cycle, "community": lesson.cycle.community, "community_link": member}


def _observe_url(lesson: Lesson, child_id: int | None = None) -> str:
    url = reverse("communities:observe", kwargs={"lesson_id": lesson.pk})
    return f"{url}?{urlencode({'child': child_id})}" if child_id else url


def _observing_lesson(request: AuthenticatedRequest, lesson_id: int) -> Lesson:
    """The lesson in observation; 404 outside the cycle or before the lesson is taught."""
    lesson = permissions.lesson_for_participant(viewer=request.user, pk=lesson_id)
    if lesson.stage == Step.PLANNING:
        raise Http404
    return lesson


def _observe_context(
    request: AuthenticatedRequest, lesson: Lesson, child: CaseChild, form: NewEntryForm
) -> dict:
    protocol = selectors.own_protocol(lesson=lesson, case_child=child, observer=request.user)
    notes = NotesForm(
        initial={"case_child": child.pk, "notes": protocol.notes if protocol else ""},
        lesson=lesson,
    )
    return _crumbs(request, lesson) | {
        "lesson": lesson,
        "child": child,
        "children": selectors.case_children(lesson.cycle),
        "form": form,
        "notes_form": notes,
        "entries": selectors.own_entries(lesson=lesson, case_child=child, observer=request.user),
        "can_finish": permissions.can_lead_lesson(request.user, lesson),
    }


def _new_entry_form(lesson: Lesson, child: CaseChild) -> NewEntryForm:
    minute = selectors.minute_since_start(lesson, timezone.now())
    return NewEntryForm(lesson=lesson, initial={"case_child": child.pk, "minute": minute})


@login_required
def observe(request: AuthenticatedRequest, lesson_id: int) -> HttpResponse:
    """The observer's page on her phone: the child, the stage, what the child did and said."""
    lesson = _observing_lesson(request, lesson_id)
    if lesson.stage != Step.OBSERVING:
        messages.info(request, _("The observation is over: the group analyses the lesson."))
        return redirect("communities:analysis_lesson", lesson_id=lesson.pk)
    choice = ChildChoiceForm(request.GET, lesson=lesson)
    if not choice.is_valid():
        raise Http404
    child = choice.cleaned_data["child"] or selectors.first_case_child(lesson.cycle)
    if child is None:
        raise Http404
    context = _observe_context(request, lesson, child, _new_entry_form(lesson, child))
    return render(request, "communities/observe_page.html", context)


def _entry_answer(
    request: AuthenticatedRequest, entry: ProtocolEntry, created: bool
) -> HttpResponse:
    """JSON for the page's script, the list item for htmx, else back to the page."""
    item = render_to_string("communities/observe_entry.html", {"entry": entry}, request)
    if "application/json" in request.headers.get("Accept", ""):
        key = str(entry.client_key)
        return JsonResponse({"key": key, "created": created, "html": item}, status=200)
    if request.headers.get("HX-Request"):
        return HttpResponse(item)
    messages.success(request, _("The entry is saved."))
    return redirect(_observe_url(entry.protocol.lesson, entry.protocol.case_child_id))


def _entry_refused(
    request: AuthenticatedRequest, lesson: Lesson, message: str, status: int
) -> HttpResponse:
    if "application/json" in request.headers.get("Accept", "") or request.headers.get("HX-Request"):
        return JsonResponse({"error": message}, status=status)
    messages.error(request, message)
    return redirect(_observe_url(lesson))


@login_required
@require_POST
def observe_entry(request: AuthenticatedRequest, lesson_id: int) -> HttpResponse:
    """Store an entry once per key the phone made (it may send it again after a lost
    connection)."""
    lesson = _observing_lesson(request, lesson_id)
    form = NewEntryForm(request.POST, lesson=lesson)
    if not form.is_valid():
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"errors": form.errors}, status=400)
        child = form.cleaned_data.get("case_child") or selectors.first_case_child(lesson.cycle)
        if child is None:
            raise Http404
        context = _observe_context(request, lesson, child, form)
        return render(request, "communities/observe_page.html", context, status=400)
    data = form.cleaned_data
    try:
        entry, created = services.entry_add(lesson=lesson, by=request.user, **data)
    except services.ObservationError as error:
        return _entry_refused(request, lesson, str(error), status=409)
    return _entry_answer(request, entry, created)


def _own_entry(request: AuthenticatedRequest, entry_id: int) -> ProtocolEntry:
    entry = selectors.own_entry(entry_id=entry_id, observer=request.user)
    if entry is None or not permissions.is_cycle_participant(
        request.user, entry.protocol.lesson.cycle
    ):
        raise Http404
    if entry.protocol.lesson.stage not in services.OPEN_FOR_ENTRIES:
        raise Http404
    return entry


@login_required
def observe_entry_edit(request: AuthenticatedRequest, entry_id: int) -> HttpResponse:
    """The author corrects her entry until the analysis ends."""
    entry = _own_entry(request, entry_id)
    lesson = entry.protocol.lesson
    initial = {"stage": entry.stage_id, "minute": entry.minute, "text": entry.text}
    form = EntryForm(request.POST or None, lesson=lesson, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.entry_change(entry=entry, by=request.user, **form.cleaned_data)
        messages.success(request, _("The entry is corrected."))
        return redirect(_back_from_entry(lesson, entry.protocol.case_child_id))
    context = _crumbs(request, lesson) | {"form": form, "entry": entry, "lesson": lesson}
    context["back"] = _back_from_entry(lesson, entry.protocol.case_child_id)
    return render(request, "communities/observe_entry_form.html", context)


def _back_from_entry(lesson: Lesson, child_id: int) -> str:
    if lesson.stage == Step.OBSERVING:
        return _observe_url(lesson, child_id)
    return reverse("communities:analysis_lesson", kwargs={"lesson_id": lesson.pk})


@login_required
@require_POST
def observe_entry_delete(request: AuthenticatedRequest, entry_id: int) -> HttpResponse:
    entry = _own_entry(request, entry_id)
    back = _back_from_entry(entry.protocol.lesson, entry.protocol.case_child_id)
    services.entry_remove(entry=entry, by=request.user)
    messages.success(request, _("The entry is removed."))
    return redirect(back)


@login_required
@require_POST
def observe_notes(request: AuthenticatedRequest, lesson_id: int) -> HttpResponse:
    """The observer's free notes on the child."""
    lesson = _observing_lesson(request, lesson_id)
    form = NotesForm(request.POST, lesson=lesson)
    if not form.is_valid():
        raise Http404
    child = form.cleaned_data["case_child"]
    try:
        services.protocol_notes_save(
            lesson=lesson, case_child=child, notes=form.cleaned_data["notes"], by=request.user
        )
    except services.ObservationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The notes are saved."))
    return redirect(_back_from_entry(lesson, child.pk))


@login_required
@require_POST
def observe_finish(request: AuthenticatedRequest, lesson_id: int) -> HttpResponse:
    """The lesson is over: on to the analysis (the teacher or a coordinator)."""
    lesson = permissions.lesson_for_leader(viewer=request.user, pk=lesson_id)
    try:
        services.observation_finish(lesson=lesson, by=request.user)
    except services.ObservationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The observation is finished: analyse the lesson."))
    return redirect("communities:analysis_lesson", lesson_id=lesson.pk)


# --- analysis ---------------------------------------------------------------------------------


@login_required
def analysis_lesson(request: AuthenticatedRequest, lesson_id: int) -> HttpResponse:
    """Predictions beside observations per case child and stage, then the discussion."""
    lesson = _observing_lesson(request, lesson_id)
    if lesson.stage == Step.OBSERVING:
        messages.info(request, _("The lesson is still being observed."))
        return redirect("communities:observe", lesson_id=lesson.pk)
    return render(request, "communities/analysis_page.html", _analysis_context(request, lesson))


def _analysis_context(
    request: AuthenticatedRequest, lesson: Lesson, form: AnalysisForm | None = None
) -> dict:
    editable = lesson.stage == Step.ANALYSING
    return _crumbs(request, lesson) | {
        "lesson": lesson,
        "tables": selectors.analysis_tables(lesson),
        "form": (form or AnalysisForm(instance=lesson)) if editable else None,
        "can_finish": editable and permissions.can_lead_lesson(request.user, lesson),
    }


@login_required
@require_POST
def analysis_save(request: AuthenticatedRequest, lesson_id: int) -> HttpResponse:
    """Any participant writes down what the group said."""
    lesson = _observing_lesson(request, lesson_id)
    if lesson.stage != Step.ANALYSING:
        messages.error(request, _("The analysis of this lesson is closed."))
        return redirect("communities:analysis_lesson", lesson_id=lesson.pk)
    form = AnalysisForm(request.POST, instance=lesson)
    if not form.is_valid():
        context = _analysis_context(request, lesson, form)
        return render(request, "communities/analysis_page.html", context, status=400)
    services.analysis_save(lesson=lesson, texts=form.cleaned_data, by=request.user)
    messages.success(request, _("The analysis is saved."))
    return redirect("communities:analysis_lesson", lesson_id=lesson.pk)


@login_required
@require_POST
def analysis_finish(request: AuthenticatedRequest, lesson_id: int) -> HttpResponse:
    """The conclusions are agreed: on to the correction of the map."""
    lesson = permissions.lesson_for_leader(viewer=request.user, pk=lesson_id)
    try:
        services.analysis_finish(lesson=lesson, by=request.user)
    except services.ObservationError as error:
        messages.error(request, str(error))
        return redirect("communities:analysis_lesson", lesson_id=lesson.pk)
    messages.success(request, _("The analysis is finished: correct the map."))
    return redirect("communities:correct", lesson_id=lesson.pk)


# --- the report -------------------------------------------------------------------------------


def _report(request: AuthenticatedRequest, cycle_id: int) -> reports.CycleReport:
    cycle = permissions.cycle_for_participant(viewer=request.user, pk=cycle_id)
    return reports.build(cycle)


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def cycle_report_docx(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    report = _report(request, cycle_id)
    return _download(
        reports.to_docx(report),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        f"lesson-study-{cycle_id}.docx",
    )


@login_required
def cycle_report_pdf(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    report = _report(request, cycle_id)
    return _download(reports.to_pdf(report), "application/pdf", f"lesson-study-{cycle_id}.pdf")
