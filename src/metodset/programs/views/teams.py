"""Teams and tutors: the coordinator's page, automatic formation, moves and edits."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from metodset.accounts.http import AuthenticatedRequest

from .. import permissions, selectors, services
from ..forms import TeamForm, TutorAddForm
from ..models import Program, ProgramMember
from ..services import teams as team_services

Role = ProgramMember.Role


def _page_context(program: Program) -> dict[str, Any]:
    team_list = list(program.teams.select_related("tutor").order_by("number"))
    interns = list(
        ProgramMember.objects.filter(program=program, role=Role.INTERN)
        .select_related("user", "team")
        .order_by("team__number", "user__last_name", "user__first_name")
    )
    people, _wishes = team_services.applicants(program)
    report = team_services.team_report(program=program)
    diversity = (
        dict(zip([t.pk for t in team_list], report.diversity, strict=False)) if report else {}
    )
    return {
        "program": program,
        "teams": [
            (team, [m for m in interns if m.team_id == team.pk], diversity.get(team.pk))
            for team in team_list
        ],
        "unplaced": [m for m in interns if m.team_id is None],
        "about": {p.id: p for p in people},
        "report": report,
        "tutors": list(selectors.members(program=program, role=Role.TUTOR)),
        "team_form": TeamForm(program=program),
        "tutor_form": TutorAddForm(),
    }


@login_required
@require_GET
def teams(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    return render(request, "programs/teams.html", _page_context(program))


@login_required
@require_POST
def teams_form(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    try:
        formation = team_services.teams_form(program=program, by=request.user)
    except services.ProgramError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s team is formed; tutors are assigned.",
                "%(n)s teams are formed; tutors are assigned.",
                len(formation.teams),
            )
            % {"n": len(formation.teams)},
        )
    return redirect("programs:teams", program_id=program.pk)


@login_required
@require_POST
def tutors_assign(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    team_services.tutors_assign(program=program, by=request.user)
    messages.success(request, _("Tutors are assigned to the teams."))
    return redirect("programs:teams", program_id=program.pk)


@login_required
@require_POST
def team_add(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    team_services.team_add(program=program)
    return redirect("programs:teams", program_id=program.pk)


@login_required
@require_POST
def tutor_add(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    program = permissions.program_for_coordinator(viewer=request.user, pk=program_id)
    form = TutorAddForm(request.POST)
    if form.is_valid():
        team_services.tutor_add(program=program, user=form.cleaned_data["email"], by=request.user)
        messages.success(request, _("The tutor is added."))
    else:
        messages.error(request, str(form.errors["email"][0]))  # as the message storage does
    return redirect("programs:teams", program_id=program.pk)


@login_required
@require_POST
def member_move(request: AuthenticatedRequest, program_id: int, member_id: int) -> HttpResponse:
    member = permissions.intern_for_coordinator(
        viewer=request.user, program_id=program_id, pk=member_id
    )
    team_id = request.POST.get("team") or ""
    team = (
        permissions.team_for_coordinator(viewer=request.user, program_id=program_id, pk=team_id)
        if team_id
        else None
    )
    team_services.member_move(member=member, team=team, by=request.user)
    return redirect("programs:teams", program_id=program_id)


@login_required
@require_POST
def team_edit(request: AuthenticatedRequest, program_id: int, team_id: int) -> HttpResponse:
    team = permissions.team_for_coordinator(viewer=request.user, program_id=program_id, pk=team_id)
    program = team.program
    form = TeamForm(request.POST, program=program)
    if form.is_valid():
        team_services.team_update(
            team=team, name=form.cleaned_data["name"], tutor=form.cleaned_data["tutor"]
        )
    return redirect("programs:teams", program_id=program.pk)
