"""The programme's own pages: the list, creation from a scheme, the scheme itself, the
builder, the public invitation with the application form, and the applications."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from metodset.accounts import consent
from metodset.accounts.http import AuthenticatedRequest

from .. import permissions, selectors, services
from ..forms import (
    ApplicationForm,
    AssignmentForm,
    CoordinatorAddForm,
    DecisionForm,
    ProgramCreateForm,
    ProgramForm,
    StageAddForm,
    StageEventForm,
    StageForm,
)
from ..models import Application, Program, ProgramMember, Stage
from ..schemes import SCHEMES
from ..services import completion as completion_service
from . import files


@login_required
def program_list(request: AuthenticatedRequest) -> HttpResponse:
    context = selectors.program_list_context(user=request.user)
    context["can_create"] = permissions.can_create_programs(request.user)
    return render(request, "programs/list.html", context)


@login_required
def program_create(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.can_create_programs(request.user):
        raise PermissionDenied
    form = ProgramCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        program = services.program_create_from_scheme(
            by=request.user,
            kind=data["kind"],
            organizer=data["organizer"],
            network=data["network"],
            title=data["title"],
            topic=data["topic"],
            starts_on=data["starts_on"],
        )
        messages.success(
            request,
            _("The programme is made. Check its dates and events, then publish it."),
        )
        return redirect("programs:edit", program_id=program.pk)
    return render(request, "programs/create.html", {"form": form, "schemes": SCHEMES})


@login_required
def program_detail(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    """The scheme: where we are, what is next, what is due; for everyone in the programme."""
    program = permissions.program_for_member(viewer=request.user, pk=program_id)
    stages = selectors.stages_with_content(program=program)
    coordinates = permissions.can_coordinate(request.user, program)
    context = {
        "program": program,
        "stages": stages,
        "chosen_modules": selectors.chosen_modules(program=program, user=request.user),
        "module_counts": selectors.module_counts(program=program)
        if any(s.variative for s in stages)
        else {},
        "current": selectors.current_stage(stages, timezone.localdate()),
        "coordinates": coordinates,
        "intern": selectors.intern_view(program=program, user=request.user, stages=stages)
        if permissions.is_intern(request.user, program)
        else None,
        "teams": permissions.visible_teams(request.user, program).select_related("tutor"),
        "now": timezone.now(),
        "final_case_items": _final_case_items(program, coordinates),
    }
    if coordinates:
        context["counts"] = selectors.application_counts(program=program)
        if program.status == Program.Status.RUNNING:
            context["finish_not_yet"] = completion_service.completion_not_yet(
                program=program, time_zone=request.user.time_zone
            )
    return render(request, "programs/detail.html", context)


def _final_case_items(program: Program, coordinates: bool):
    from metodset.library.selectors import collection_items

    if program.final_case is None or not (coordinates or program.final_case_published):
        return None
    return files.with_file_urls(program, list(collection_items(collection=program.final_case)))


@login_required
def program_edit(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    """The builder: the programme's settings and its stages with their dates and rules."""
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    # A posted form fills a copy: the service compares the stored programme with what was sent.
    edited = Program.objects.get(pk=program.pk) if request.method == "POST" else program
    form = ProgramForm(request.POST or None, instance=edited, prefix="program")
    if request.method == "POST" and form.is_valid():
        services.program_update(program=program, by=request.user, **form.cleaned_data)
        messages.success(request, _("The programme is saved."))
        return redirect("programs:edit", program_id=program.pk)
    return _builder(request, program, form=form, errors=bool(form.errors))


@login_required
@require_POST
def coordinator_add(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    form = CoordinatorAddForm(request.POST)
    if form.is_valid():
        services.coordinator_add(program=program, user=form.cleaned_data["email"], by=request.user)
        messages.success(request, _("The coordinator is added."))
    else:
        messages.error(request, str(form.errors["email"][0]))  # as the message storage does
    return redirect("programs:edit", program_id=program.pk)


@login_required
@require_POST
def stage_edit(request: AuthenticatedRequest, program_id: int, stage_id: int) -> HttpResponse:
    stage = permissions.stage_for_coordinator(
        viewer=request.user, program_id=program_id, pk=stage_id
    )
    program = stage.program
    # The form fills a copy: the service compares the stored stage with what was sent.
    form = StageForm(
        request.POST, instance=Stage.objects.get(pk=stage.pk), prefix=f"stage-{stage.pk}"
    )
    if form.is_valid():
        services.stage_update(stage=stage, by=request.user, **form.cleaned_data)
        messages.success(request, _("The stage «%(title)s» is saved.") % {"title": stage.title})
        return redirect(f"{reverse('programs:edit', args=[program.pk])}#stage-{stage.pk}")
    return _builder(request, program, stage_form=(stage.pk, form), errors=True)


@login_required
@require_POST
def program_publish(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    services.program_publish(program=program, by=request.user)
    messages.success(request, _("Recruitment is open: share the invitation page."))
    return redirect("programs:detail", program_id=program.pk)


@login_required
@require_POST
def program_start(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    services.program_start(program=program, by=request.user)
    messages.success(request, _("The programme is running."))
    return redirect("programs:detail", program_id=program.pk)


@login_required
@require_POST
def program_finish(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    try:
        services.program_finish(program=program, by=request.user)
    except services.ProgramError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The programme is finished; the final case is open to interns.")
        )
    return redirect("programs:detail", program_id=program.pk)


@login_required
@require_POST
def reflection_send(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    try:
        sent = services.reflection_send(program=program, by=request.user)
    except services.ProgramError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "The reflection questionnaire is sent to %(n)s intern.",
                "The reflection questionnaire is sent to %(n)s interns.",
                sent,
            )
            % {"n": sent},
        )
    return redirect("programs:detail", program_id=program.pk)


# --- the public invitation and applications -------------------------------------------------


def invitation(request: HttpRequest, program_id: int) -> HttpResponse:
    """The public page a coordinator posts in VK or Telegram; with OpenGraph tags for a card."""
    program = selectors.public_program(program_id=program_id)
    user = request.user if request.user.is_authenticated else None
    existing = (
        program.applications.filter(email__iexact=user.email).first() if user is not None else None
    )
    form = ApplicationForm(request.POST or None, program=program, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(program=program, **form.applicant())
        except services.ProgramError as error:
            form.add_error(None, str(error))
        else:
            return redirect("programs:applied", program_id=program.pk)
    return render(
        request,
        "programs/invitation.html",
        {
            "program": program,
            "stages": selectors.stages_with_content(program=program),
            "form": form,
            "zone_hints": form.zone_hints(),
            "existing": existing,
            "open": program.applications_open(),
            "opens_later": program.status == Program.Status.RECRUITING
            and program.applications_open_on is not None
            and timezone.localdate() < program.applications_open_on,
            "consent_text": consent.current_text(),
            "page_url": request.build_absolute_uri(),
            "is_member": user is not None and permissions.can_view_program(user, program),
        },
        status=400 if request.method == "POST" else 200,
    )


def applied(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.public_program(program_id=program_id)
    return render(request, "programs/applied.html", {"program": program})


def _tell_decisions(request: HttpRequest, result: services.recruitment.Decisions) -> None:
    if result.done:
        messages.success(
            request,
            ngettext(
                "The decision is taken on %(n)s application; the applicants are notified.",
                "The decision is taken on %(n)s applications; the applicants are notified.",
                len(result.done),
            )
            % {"n": len(result.done)},
        )
    for application, reason in result.refused:
        messages.warning(request, f"{application.full_name}: {reason}")


@login_required
def application_list(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    status = request.GET.get("status", "")
    if status not in dict(Application.Status.choices):
        status = ""
    form = DecisionForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        result = services.applications_decide(
            program=program,
            applications=list(form.cleaned_data["applications"]),
            decision=form.cleaned_data["decision"],
            by=request.user,
        )
        _tell_decisions(request, result)
        return redirect(f"{reverse('programs:applications', args=[program.pk])}?status={status}")
    page = Paginator(selectors.applications(program=program, status=status), settings.PAGE_SIZE)
    return render(
        request,
        "programs/applications.html",
        {
            "program": program,
            "page": page.get_page(request.GET.get("page")),
            "status": status,
            "counts": selectors.application_counts(program=program),
            "statuses": Application.Status.choices,
            "form": form,
            "interns": selectors.members(program=program, role=ProgramMember.Role.INTERN).count(),
            "query": f"status={status}" if status else "",
        },
    )


# --- the builder: stages, assignments and events ------------------------------------------


def _builder(request: HttpRequest, program: Program, **extra) -> HttpResponse:
    stages = selectors.stages_with_content(program=program)
    forms_by_stage = extra.pop("stage_form", None)
    context = {
        "program": program,
        "form": extra.pop("form", None) or ProgramForm(instance=program, prefix="program"),
        "stages": stages,
        "stage_forms": [
            (
                stage,
                forms_by_stage[1]
                if forms_by_stage and forms_by_stage[0] == stage.pk
                else StageForm(instance=stage, prefix=f"stage-{stage.pk}"),
            )
            for stage in stages
        ],
        "stage_add_form": extra.pop("stage_add_form", None) or StageAddForm(prefix="new-stage"),
        "assignment_form": AssignmentForm(prefix="assignment"),
        "event_form": StageEventForm(prefix="event"),
        "coordinators": selectors.members(program=program, role=ProgramMember.Role.COORDINATOR),
        "coordinator_form": CoordinatorAddForm(),
        **extra,
    }
    return render(
        request, "programs/edit.html", context, status=400 if extra.get("errors") else 200
    )


@login_required
@require_POST
def stage_add(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    form = StageAddForm(request.POST, prefix="new-stage")
    if not form.is_valid():
        return _builder(request, program, stage_add_form=form, errors=True)
    stage = services.stage_add(program=program, by=request.user, **form.cleaned_data)
    messages.success(request, _("The stage «%(title)s» is added.") % {"title": stage.title})
    return redirect(f"{reverse('programs:edit', args=[program.pk])}#stage-{stage.pk}")


def _stage_anchor(stage: Stage) -> str:
    return f"{reverse('programs:edit', args=[stage.program_id])}#stage-{stage.pk}"


@login_required
@require_POST
def stage_move(
    request: AuthenticatedRequest, program_id: int, stage_id: int, direction: str
) -> HttpResponse:
    stage = permissions.stage_for_coordinator(
        viewer=request.user, program_id=program_id, pk=stage_id
    )
    services.stage_move(stage=stage, direction=direction, by=request.user)
    return redirect(_stage_anchor(stage))


@login_required
@require_POST
def stage_delete(request: AuthenticatedRequest, program_id: int, stage_id: int) -> HttpResponse:
    stage = permissions.stage_for_coordinator(
        viewer=request.user, program_id=program_id, pk=stage_id
    )
    try:
        services.stage_delete(stage=stage, by=request.user)
    except services.ProgramError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The stage is removed."))
    return redirect("programs:edit", program_id=program_id)


@login_required
@require_POST
def assignment_add(request: AuthenticatedRequest, program_id: int, stage_id: int) -> HttpResponse:
    stage = permissions.stage_for_coordinator(
        viewer=request.user, program_id=program_id, pk=stage_id
    )
    form = AssignmentForm(request.POST, prefix="assignment")
    if form.is_valid():
        services.assignment_save(stage=stage, **form.cleaned_data)
        messages.success(request, _("The assignment is added."))
    else:
        messages.error(
            request, _("The assignment is not added: %(errors)s") % {"errors": _errors(form)}
        )
    return redirect(_stage_anchor(stage))


@login_required
@require_POST
def stage_event_add(request: AuthenticatedRequest, program_id: int, stage_id: int) -> HttpResponse:
    """An online event of the stage; its interns and tutors are registered for it."""
    stage = permissions.stage_for_coordinator(
        viewer=request.user, program_id=program_id, pk=stage_id
    )
    form = StageEventForm(request.POST, prefix="event")
    if not form.is_valid():
        messages.error(request, _("The event is not added: %(errors)s") % {"errors": _errors(form)})
        return redirect(_stage_anchor(stage))
    data = form.cleaned_data
    services.stage_event_add(
        stage=stage,
        by=request.user,
        title=data["title"],
        starts_at=datetime.combine(data["date"], data["start_time"]).replace(
            tzinfo=ZoneInfo(request.user.time_zone)
        ),
        duration_minutes=data["duration_minutes"],
        provider=data["provider"],
        meeting_url=data["meeting_url"],
    )
    messages.success(request, _("The event is added; the interns are registered for it."))
    return redirect(_stage_anchor(stage))


def _errors(form) -> str:
    return "; ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {error}".lstrip(": ")
        for name, errors in form.errors.items()
        for error in errors
    )


@login_required
def assignment_edit(
    request: AuthenticatedRequest, program_id: int, assignment_id: int
) -> HttpResponse:
    assignment = permissions.assignment_for_coordinator(
        viewer=request.user, program_id=program_id, pk=assignment_id
    )
    program = assignment.stage.program
    form = AssignmentForm(request.POST or None, instance=assignment, prefix="assignment")
    if request.method == "POST" and form.is_valid():
        services.assignment_save(stage=assignment.stage, assignment=assignment, **form.cleaned_data)
        messages.success(request, _("The assignment is saved."))
        return redirect(
            f"{reverse('programs:edit', args=[program.pk])}#stage-{assignment.stage_id}"
        )
    return render(
        request,
        "programs/assignment_form.html",
        {"program": program, "assignment": assignment, "form": form},
    )


@login_required
@require_POST
def assignment_delete(
    request: AuthenticatedRequest, program_id: int, assignment_id: int
) -> HttpResponse:
    assignment = permissions.assignment_for_coordinator(
        viewer=request.user, program_id=program_id, pk=assignment_id
    )
    program = assignment.stage.program
    try:
        services.assignment_delete(assignment=assignment)
    except services.ProgramError as error:
        messages.error(request, str(error))
        return redirect(
            "programs:assignment_edit", program_id=program.pk, assignment_id=assignment.pk
        )
    messages.success(request, _("The assignment is removed."))
    return redirect("programs:edit", program_id=program.pk)


@login_required
@require_POST
def module_choose(request: AuthenticatedRequest, program_id: int, stage_id: int) -> HttpResponse:
    """An intern takes or gives up a variative module."""
    stage = permissions.stage_for_intern(viewer=request.user, program_id=program_id, pk=stage_id)
    program = stage.program
    try:
        services.module_choose(
            program=program,
            user=request.user,
            stage=stage,
            chosen=request.POST.get("chosen") == "1",
        )
    except services.ProgramError as error:
        messages.error(request, str(error))
    return redirect(f"{reverse('programs:detail', args=[program.pk])}#stage-{stage.pk}")
