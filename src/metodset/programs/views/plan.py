"""The individual internship plan (seed 002): a trainee ticks her steps off with evidence, a
coordinator sees everybody's grid and keeps the training calendar."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from metodset.accounts.http import AuthenticatedRequest

from .. import permissions, selectors, services
from ..forms import CalendarEntryForm, PlanStepForm
from ..models import Program


def _page(
    request: AuthenticatedRequest,
    program: Program,
    *,
    form: PlanStepForm | None = None,
) -> HttpResponse:
    context = selectors.plan_context(program=program, viewer=request.user)
    context["form"] = form or PlanStepForm()
    if context["coordinates"]:
        context["calendar_form"] = CalendarEntryForm()
    return render(request, "programs/plan.html", context)


def _errors(request: AuthenticatedRequest, form: Form) -> None:
    messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))


@login_required
@require_GET
def plan(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    """A trainee's own plan with its steps to tick off; a coordinator's grid of everybody."""
    program = permissions.program_for_member(viewer=request.user, pk=program_id)
    return _page(request, program)


@login_required
@require_POST
def plan_step_done(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    step = permissions.plan_step_for_intern(
        viewer=request.user, program_id=program_id, pk=request.POST.get("step")
    )
    program = step.program
    form = PlanStepForm(request.POST, request.FILES)
    if not form.is_valid():
        _errors(request, form)
        return _page(request, program)
    services.plan_step_done(step=step, user=request.user, **form.cleaned_data)
    messages.success(request, _("The step «%(title)s» is done.") % {"title": step.title})
    return redirect("programs:plan", program_id=program.pk)


@login_required
@require_POST
def plan_step_undo(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    step = permissions.plan_step_for_intern(
        viewer=request.user, program_id=program_id, pk=request.POST.get("step")
    )
    program = step.program
    services.plan_step_undo(step=step, user=request.user)
    return redirect("programs:plan", program_id=program.pk)


@login_required
@require_POST
def calendar_entry_add(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    form = CalendarEntryForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return _page(request, program)
    services.calendar_entry_add(program=program, **form.cleaned_data)
    return redirect("programs:plan", program_id=program.pk)


@login_required
@require_POST
def calendar_entry_delete(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    services.calendar_entry_delete(program=program, entry_id=request.POST.get("entry"))
    return redirect("programs:plan", program_id=program.pk)
