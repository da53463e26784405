"""Lesson-study cycles: the community's list of cycles, a cycle's page, the joint planning of the
map with its versions and comments, case children, predictions, guests, the rounds' schedule,
the correction and the cycle's close. Observation and analysis are in ``views.observation``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.core.fields import id_or_none

from .. import permissions, sections
from ..forms.lessons import (
    BaseStageFormSet,
    CaseChildForm,
    CommentForm,
    CycleForm,
    GuestForm,
    MapNoteForm,
    PredictionsForm,
    ScheduleForm,
    stage_formset,
)
from ..models import Community, Cycle, Lesson, MapVersion
from ..selectors import lessons as selectors
from ..services import lessons as services
from ..services.lessons import LessonStudyError

# --- the section of the community page ----------------------------------------------------------


def cycles_section(request: HttpRequest, community: Community) -> dict[str, Any] | None:
    """Members see every cycle with its round and step; viewers of an opened community see the
    topics and conclusions only; anyone else nothing."""
    user = request.user
    if permissions.is_member(user, community):  # type: ignore[arg-type]
        full = True
    elif community.openness != Community.Openness.MEMBERS and (
        permissions.visible_communities(user).filter(pk=community.pk).exists()  # type: ignore[arg-type]
    ):
        full = False
    else:
        return None
    return {"community": community, "cycles": selectors.cycles_of(community), "full": full}


sections.register("communities/_section_cycles.html", cycles_section, order=40)


# --- the cycle ----------------------------------------------------------------------------------


@login_required
def cycle_create(request: AuthenticatedRequest, community_id: int) -> HttpResponse:
    community = permissions.community_for_member(viewer=request.user, pk=community_id)
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cycle = services.cycle_create(community=community, by=request.user, **form.cleaned_data)
        messages.success(request, _("The cycle is created: plan the lesson's map together."))
        return redirect("communities:cycle", cycle_id=cycle.pk)
    return render(request, "communities/cycle_form.html", {"community": community, "form": form})


def _base(request: AuthenticatedRequest, cycle: Cycle) -> dict[str, Any]:
    """What every page of a cycle shows: a guest is not led to the community's page."""
    member = permissions.is_member(request.user, cycle.community)
    guest = not member and permissions.is_cycle_guest(request.user, cycle)
    return {
        "cycle": cycle,
        "community": cycle.community,
        "is_member": member,
        "community_link": not guest,
    }


def _cycle_context(request: AuthenticatedRequest, cycle: Cycle) -> dict[str, Any]:
    lessons = selectors.lessons_of(cycle)
    current = lessons[-1] if lessons else None
    version = current.version if current else selectors.latest_version(cycle)
    stages = selectors.stages_of(version) if version else []
    finished = [lesson for lesson in lessons if lesson.stage == Lesson.Stage.DONE]
    participant = permissions.is_cycle_participant(request.user, cycle)
    return _base(request, cycle) | {
        "is_participant": participant,
        "rounds": [selectors.round_of(lesson) for lesson in lessons],
        "current": current,
        "version": version,
        "stages": stages,
        "total_minutes": selectors.total_minutes(stages),
        "children": selectors.children_of(cycle) if participant else [],
        "guests": selectors.guests_of(cycle) if participant else [],
        "recommendations": finished[-1].recommendations if finished else "",
        "can_close": bool(finished) and cycle.closed_at is None,
    }


@login_required
def cycle(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    found = permissions.cycle_for_viewer(viewer=request.user, pk=cycle_id)
    return render(request, "communities/cycle_detail.html", _cycle_context(request, found))


@login_required
@require_POST
def cycle_close(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    found = permissions.cycle_for_member(viewer=request.user, pk=cycle_id)
    try:
        services.cycle_close(cycle=found, by=request.user)
        messages.success(request, _("The cycle is closed."))
    except LessonStudyError as error:
        messages.error(request, str(error))
    return redirect("communities:cycle", cycle_id=found.pk)


# --- the map ------------------------------------------------------------------------------------


@login_required
def map_view(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    found = permissions.cycle_for_viewer(viewer=request.user, pk=cycle_id)
    number = id_or_none(request.GET.get("version"))
    version = selectors.version_of(found, number)
    if version is None:
        raise Http404
    participant = permissions.is_cycle_participant(request.user, found)
    stages = (
        selectors.stages_with_comments(version) if participant else selectors.stages_of(version)
    )
    lesson = selectors.current_lesson(found)
    planning = lesson is None or lesson.stage == Lesson.Stage.PLANNING
    context = _base(request, found) | {
        "version": version,
        "stages": stages,
        "total_minutes": selectors.total_minutes(stages),
        "is_participant": participant,
        "can_edit": planning and found.closed_at is None,
        "comment_form": CommentForm(),
    }
    return render(request, "communities/map_detail.html", context)


def _map_forms(
    request: AuthenticatedRequest, cycle: Cycle
) -> tuple[BaseStageFormSet, MapNoteForm, MapVersion | None]:
    version = selectors.planned_version(cycle)
    taught = version is not None and version.lessons.exclude(stage=Lesson.Stage.PLANNING).exists()
    stages = selectors.stages_of(version) if version else []
    data = request.POST if request.method == "POST" else None
    formset = stage_formset(data, stages)
    note = MapNoteForm(
        data, note_required=taught, initial={"base": version.number if version else 0}
    )
    return formset, note, version


@login_required
def map_edit(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    found = permissions.cycle_for_member(viewer=request.user, pk=cycle_id)
    formset, note, version = _map_forms(request, found)
    if request.method == "POST" and formset.is_valid() and note.is_valid():
        try:
            saved = services.map_save(
                cycle=found,
                base_number=note.cleaned_data["base"],
                stages=formset.stages(),
                note=note.cleaned_data["change_note"],
                by=request.user,
            )
            messages.success(request, _("The map is saved (version %(n)s).") % {"n": saved.number})
            return redirect("communities:map", cycle_id=found.pk)
        except LessonStudyError as error:
            note.add_error(None, str(error))
    context = _base(request, found) | {"formset": formset, "note": note}
    context |= {"version": version, "correcting": None}
    return render(request, "communities/map_form.html", context)


@login_required
@require_POST
def stage_comment(request: AuthenticatedRequest, stage_id: int) -> HttpResponse:
    stage = permissions.stage_for_participant(viewer=request.user, pk=stage_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.stage_comment_add(stage=stage, text=form.cleaned_data["text"], by=request.user)
    else:
        messages.error(request, _("Write the comment."))
    url = f"?version={stage.version.number}#stage-{stage.pk}"
    response = redirect("communities:map", cycle_id=stage.version.cycle_id)
    response["Location"] += url
    return response


@login_required
def versions(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    found = permissions.cycle_for_viewer(viewer=request.user, pk=cycle_id)
    all_versions = selectors.versions_with_stages(found)
    by_number = {v.number: v for v in all_versions}
    new = by_number.get(id_or_none(request.GET.get("b")) or 0)
    if new is None and all_versions:
        new = all_versions[-1]
    old = by_number.get(id_or_none(request.GET.get("a")) or 0)
    if old is None and new is not None:
        old = by_number.get(new.number - 1)
    rows = selectors.comparison(old, new) if old and new and old != new else []
    context = _base(request, found) | {
        "versions": all_versions,
        "old": old,
        "new": new,
        "rows": rows,
    }
    return render(request, "communities/map_versions.html", context)


# --- case children and predictions --------------------------------------------------------------


def _children_page(
    request: AuthenticatedRequest, cycle: Cycle, form: CaseChildForm
) -> HttpResponse:
    context = _base(request, cycle) | {
        "children": selectors.children_of(cycle),
        "form": form,
        "max_children": services.MAX_CASE_CHILDREN,
    }
    return render(request, "communities/cycle_children.html", context)


@login_required
def case_children(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    found = permissions.cycle_for_participant(viewer=request.user, pk=cycle_id)
    return _children_page(request, found, CaseChildForm())


@login_required
@require_POST
def case_child_add(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    found = permissions.cycle_for_member(viewer=request.user, pk=cycle_id)
    form = CaseChildForm(request.POST)
    if form.is_valid():
        try:
            services.case_child_add(cycle=found, by=request.user, **form.cleaned_data)
            return redirect("communities:case_children", cycle_id=found.pk)
        except LessonStudyError as error:
            form.add_error("code", str(error))
    return _children_page(request, found, form)


@login_required
def case_child_edit(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    child = permissions.case_child_for_member(viewer=request.user, pk=child_id)
    initial = {"code": child.code, "note": child.note}
    form = CaseChildForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_child_rename(child=child, by=request.user, **form.cleaned_data)
            return redirect("communities:case_children", cycle_id=child.cycle_id)
        except LessonStudyError as error:
            form.add_error("code", str(error))
    context = _base(request, child.cycle) | {"child": child}
    return render(request, "communities/cycle_child_form.html", context | {"form": form})


@login_required
@require_POST
def case_child_remove(request: AuthenticatedRequest, child_id: int) -> HttpResponse:
    child = permissions.case_child_for_member(viewer=request.user, pk=child_id)
    try:
        services.case_child_remove(child=child, by=request.user)
    except LessonStudyError as error:
        messages.error(request, str(error))
    return redirect("communities:case_children", cycle_id=child.cycle_id)


@login_required
def predictions(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    """Members write, guests read; a guest's POST is refused like a stranger's."""
    get = (
        permissions.cycle_for_member
        if request.method == "POST"
        else permissions.cycle_for_participant
    )
    found = get(viewer=request.user, pk=cycle_id)
    lesson = selectors.current_lesson(found)
    version = lesson.version if lesson else selectors.latest_version(found)
    cards = selectors.prediction_cards(found, version)
    form = PredictionsForm(request.POST or None, cards=cards)
    if request.method == "POST" and form.is_valid():
        try:
            services.predictions_save(cycle=found, texts=form.texts(), by=request.user)
            messages.success(request, _("The predictions are saved."))
            return redirect("communities:predictions", cycle_id=found.pk)
        except LessonStudyError as error:
            form.add_error(None, str(error))
    editable = lesson is None or lesson.stage == Lesson.Stage.PLANNING
    context = _base(request, found) | {"cards": cards, "form": form, "version": version}
    return render(request, "communities/cycle_predictions.html", context | {"editable": editable})


# --- guests -------------------------------------------------------------------------------------


@login_required
def guests(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    found = permissions.cycle_for_member(viewer=request.user, pk=cycle_id)
    form = GuestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            guest = services.guest_invite(cycle=found, by=request.user, **form.cleaned_data)
            messages.success(
                request,
                _("%(name)s is a guest of the cycle now.") % {"name": guest.user.get_full_name()},
            )
            return redirect("communities:guests", cycle_id=found.pk)
        except LessonStudyError as error:
            form.add_error("email", str(error))
    context = _base(request, found) | {"form": form}
    return render(
        request, "communities/cycle_guests.html", context | {"guests": selectors.guests_of(found)}
    )


@login_required
@require_POST
def guest_remove(request: AuthenticatedRequest, guest_id: int) -> HttpResponse:
    guest = permissions.guest_for_member(viewer=request.user, pk=guest_id)
    services.guest_remove(guest=guest, by=request.user)
    return redirect("communities:guests", cycle_id=guest.cycle_id)


# --- rounds -------------------------------------------------------------------------------------


@login_required
def lesson_schedule(request: AuthenticatedRequest, cycle_id: int) -> HttpResponse:
    found = permissions.cycle_for_member(viewer=request.user, pk=cycle_id)
    lesson = selectors.current_lesson(found)
    initial = {"teacher": lesson.teacher_id, "starts_at": lesson.starts_at} if lesson else {}
    teachers = selectors.members_who_teach(found.community)
    form = ScheduleForm(request.POST or None, initial=initial, teachers=teachers)
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_schedule(cycle=found, by=request.user, **form.cleaned_data)
            messages.success(request, _("The lesson is scheduled."))
            return redirect("communities:cycle", cycle_id=found.pk)
        except LessonStudyError as error:
            form.add_error(None, str(error))
    context = _base(request, found) | {"form": form, "lesson": lesson}
    return render(request, "communities/cycle_schedule.html", context)


@login_required
@require_POST
def lesson_start(request: AuthenticatedRequest, lesson_id: int) -> HttpResponse:
    lesson = permissions.lesson_for_member(viewer=request.user, pk=lesson_id)
    try:
        services.lesson_start(lesson=lesson, by=request.user)
        messages.success(request, _("The lesson has started: observe the case children."))
    except LessonStudyError as error:
        messages.error(request, str(error))
    return redirect("communities:cycle", cycle_id=lesson.cycle_id)


@login_required
def correct(request: AuthenticatedRequest, lesson_id: int) -> HttpResponse:
    lesson = permissions.lesson_for_member(viewer=request.user, pk=lesson_id)
    if lesson.stage != Lesson.Stage.CORRECTING:
        raise Http404
    data = request.POST if request.method == "POST" else None
    formset = stage_formset(data, selectors.stages_of(lesson.version) if data is None else [])
    note = MapNoteForm(data, note_required=True, initial={"base": lesson.version.number})
    if data is not None and formset.is_valid() and note.is_valid():
        try:
            stages, text = formset.stages(), note.cleaned_data["change_note"]
            services.correction_save(lesson=lesson, stages=stages, note=text, by=request.user)
            messages.success(request, _("The map is corrected: the next round is being planned."))
            return redirect("communities:cycle", cycle_id=lesson.cycle_id)
        except LessonStudyError as error:
            note.add_error(None, str(error))
    context = _base(request, lesson.cycle) | {"formset": formset}
    context |= {"note": note, "version": lesson.version, "correcting": lesson}
    return render(request, "communities/map_form.html", context)
