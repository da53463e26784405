"""Running a programme: teams and tutors, the final case, completion and the dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl.styles import Font

from metodset.core.spreadsheets import workbook, xlsx_response
from metodset.events.models import Event, Registration
from metodset.library import services as library
from metodset.library.models import Material
from metodset.library.selectors import collection_items
from metodset.surveys.models import Invitation

from .. import permissions, selectors, services
from ..forms import CalendarEntryForm, MaterialForm, PlanStepForm, TeamForm, TutorAddForm
from ..models import (
    Application,
    PlanProgress,
    PlanStep,
    ProgramMember,
    Submission,
    Team,
)
from ..services import completion as completion_service
from ..services import teams as team_services
from . import files

Role = ProgramMember.Role


# --- teams ------------------------------------------------------------------------------


@login_required
def teams(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.program_for_coordinator(viewer=request.user, program_id=program_id)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "form":
            try:
                formation = team_services.teams_form(program=program, by=request.user)
            except services.ProgramError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("%(n)s teams are formed; tutors are assigned.") % {"n": len(formation.teams)},
                )
        elif action == "tutors":
            team_services.tutors_assign(program=program)
            messages.success(request, _("Tutors are assigned to the teams."))
        elif action == "add_team":
            team_services.team_add(program=program)
        elif action == "add_tutor":
            form = TutorAddForm(request.POST)
            if form.is_valid():
                team_services.tutor_add(program=program, user=form.cleaned_data["email"])
                messages.success(request, _("The tutor is added."))
            else:
                messages.error(request, form.errors["email"][0])
        return redirect("programs:teams", program_id=program.pk)
    team_list = list(program.teams.select_related("tutor").order_by("number"))
    interns = list(
        ProgramMember.objects.filter(program=program, role=Role.INTERN)
        .select_related("user", "team")
        .order_by("team__number", "user__last_name", "user__first_name")
    )
    people, _wishes = team_services.applicants(program)
    about = {p.id: p for p in people}
    report = team_services.team_report(program=program)
    diversity = (
        dict(zip([t.pk for t in team_list], report.diversity, strict=False)) if report else {}
    )
    return render(
        request,
        "programs/teams.html",
        {
            "program": program,
            "teams": [
                (team, [m for m in interns if m.team_id == team.pk], diversity.get(team.pk))
                for team in team_list
            ],
            "unplaced": [m for m in interns if m.team_id is None],
            "about": about,
            "report": report,
            "tutors": list(selectors.members(program=program, role=Role.TUTOR)),
            "team_form": TeamForm(program=program),
            "tutor_form": TutorAddForm(),
        },
    )


@login_required
@require_POST
def member_move(request: HttpRequest, program_id: int, member_id: int) -> HttpResponse:
    program = selectors.program_for_coordinator(viewer=request.user, program_id=program_id)
    member = get_object_or_404(ProgramMember, pk=member_id, program=program, role=Role.INTERN)
    team_id = request.POST.get("team") or ""
    team = get_object_or_404(Team, pk=team_id, program=program) if team_id else None
    team_services.member_move(member=member, team=team)
    return redirect("programs:teams", program_id=program.pk)


@login_required
@require_POST
def team_edit(request: HttpRequest, program_id: int, team_id: int) -> HttpResponse:
    program = selectors.program_for_coordinator(viewer=request.user, program_id=program_id)
    team = get_object_or_404(Team, pk=team_id, program=program)
    form = TeamForm(request.POST, program=program)
    if form.is_valid():
        team_services.team_update(
            team=team, name=form.cleaned_data["name"], tutor=form.cleaned_data["tutor"]
        )
    return redirect("programs:teams", program_id=program.pk)


# --- the final case -------------------------------------------------------------------------


@login_required
def final_case(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.program_for_coordinator(viewer=request.user, program_id=program_id)
    collection = program.final_case
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        action = request.POST.get("action", "add")
        if action == "publish":
            services.final_case_show(program=program, shown=request.POST.get("published") == "1")
            messages.success(
                request,
                _("Interns see the case now.")
                if program.final_case_published
                else _("The case is hidden from interns."),
            )
            return redirect("programs:final_case", program_id=program.pk)
        if action == "remove":
            material = get_object_or_404(Material, pk=request.POST.get("material"))
            library.collection_remove(collection=collection, material=material)
            return redirect("programs:final_case", program_id=program.pk)
        if form.is_valid():
            data = form.cleaned_data
            material = library.material_create(
                by=request.user,
                title=data["title"],
                kind=data["kind"],
                url=data["url"],
                description=data["description"],
                authors=data["authors"],
                organization=program.organizer,
                **({"file": data["file"]} if data["file"] else {}),
            )
            library.collection_add(collection=collection, material=material)
            messages.success(request, _("The material is added to the case."))
            return redirect("programs:final_case", program_id=program.pk)
    return render(
        request,
        "programs/final_case.html",
        {
            "program": program,
            "items": files.with_file_urls(program, list(collection_items(collection=collection)))
            if collection
            else [],
            "form": form,
        },
    )


# --- completion -----------------------------------------------------------------------------


@login_required
def completion(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.program_for_coordinator(viewer=request.user, program_id=program_id)
    rows = completion_service.completion(program=program)
    if request.GET.get("format") == "xlsx":
        return _completion_xlsx(program, rows)
    return render(
        request,
        "programs/completion.html",
        {
            "program": program,
            "rows": rows,
            "rules": list(program.rules.order_by("pk")),
            "eligible": sum(1 for r in rows if r.eligible),
            "not_yet": completion_service.completion_not_yet(
                program=program, time_zone=request.user.time_zone
            ),
        },
    )


def _completion_xlsx(program, rows) -> HttpResponse:
    book = workbook()
    sheet = book.active
    sheet.title = _("Completion")[:31]
    sheet.append([program.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    header = [
        _("Last name, first name, patronymic"),
        _("E-mail"),
        _("Team"),
        _("Completed"),
        _("What is missing"),
    ]
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [
                row.user.get_full_name(),
                row.user.email,
                row.team.label if row.team else "",
                _("yes") if row.eligible else _("no"),
                "; ".join(row.missing),
            ]
        )
    for column, width in zip("ABCDE", (36, 30, 24, 12, 70), strict=True):
        sheet.column_dimensions[column].width = width
    return xlsx_response(book, f"completion-{program.pk}.xlsx")


# --- the dashboard --------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest, program_id: int) -> HttpResponse:
    """The programme at a glance: the funnel, teams' work, attendance, answers, completion."""
    program = selectors.program_for_coordinator(viewer=request.user, program_id=program_id)
    counts = selectors.application_counts(program=program)
    interns = ProgramMember.objects.filter(program=program, role=Role.INTERN)
    rows = completion_service.completion(program=program)
    events = (
        Event.objects.filter(program_stages__program=program)
        .annotate(
            registered=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.REGISTERED)
            ),
            attended=Count("registrations", filter=Q(registrations__attended_at__isnull=False)),
        )
        .order_by("starts_at")
    )
    states = dict(
        Submission.objects.filter(assignment__stage__program=program)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    questionnaire = services.programs.reflection_questionnaire(program)
    answers = (
        Invitation.objects.filter(questionnaire=questionnaire).aggregate(
            invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
        )
        if questionnaire
        else None
    )
    total_applications = sum(counts.values())
    return render(
        request,
        "programs/dashboard.html",
        {
            "program": program,
            "funnel": [
                (_("Applications"), total_applications),
                (_("Accepted"), counts[Application.Status.ACCEPTED]),
                (_("In teams"), interns.filter(team__isnull=False).count()),
                (_("Completed"), sum(1 for r in rows if r.eligible)),
            ],
            "funnel_top": max(total_applications, interns.count(), 1),
            "events": events,
            "states": [(label, states.get(value, 0)) for value, label in Submission.State.choices],
            "answers": answers,
            "questionnaire": questionnaire,
            "teams": program.teams.count(),
        },
    )


# --- the individual internship plan (seed 002) ------------------------------------------


@login_required
def plan(request: HttpRequest, program_id: int) -> HttpResponse:
    """A trainee's own plan with its steps to tick off; a coordinator's grid of everybody."""
    program = selectors.program_for_member(viewer=request.user, program_id=program_id)
    steps = list(PlanStep.objects.filter(program=program).order_by("order", "pk"))
    coordinates = permissions.can_coordinate(request.user, program)
    if request.method == "POST" and request.POST.get("action") in ("calendar", "calendar_delete"):
        if not coordinates:
            raise PermissionDenied
        if request.POST["action"] == "calendar_delete":
            services.calendar_entry_delete(program=program, entry_id=request.POST.get("entry"))
            return redirect("programs:plan", program_id=program.pk)
        calendar_form = CalendarEntryForm(request.POST)
        if calendar_form.is_valid():
            data = calendar_form.cleaned_data
            services.calendar_entry_add(
                program=program,
                month=data["month"],
                topic=data["topic"],
                content=data["content"],
                leaders=data["leaders"],
            )
            return redirect("programs:plan", program_id=program.pk)
        messages.error(
            request, "; ".join(e for errors in calendar_form.errors.values() for e in errors)
        )
    elif request.method == "POST":
        step = get_object_or_404(PlanStep, pk=request.POST.get("step"), program=program)
        if not permissions.is_intern(request.user, program):
            raise PermissionDenied
        if request.POST.get("action") == "undo":
            services.plan_step_undo(step=step, user=request.user)
            return redirect("programs:plan", program_id=program.pk)
        form = PlanStepForm(request.POST, request.FILES)
        if form.is_valid():
            services.plan_step_done(
                step=step,
                user=request.user,
                evidence_url=form.cleaned_data["evidence_url"],
                evidence_file=form.cleaned_data["evidence_file"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("The step «%(title)s» is done.") % {"title": step.title})
            return redirect("programs:plan", program_id=program.pk)
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
    mine = {p.step_id: p for p in PlanProgress.objects.filter(step__in=steps, user=request.user)}
    grid = None
    if coordinates:
        done = set(PlanProgress.objects.filter(step__in=steps).values_list("user_id", "step_id"))
        trainees = selectors.members(program=program, role=Role.INTERN)
        grid = [(m, [(s, (m.user_id, s.pk) in done) for s in steps]) for m in trainees]
    return render(
        request,
        "programs/plan.html",
        {
            "program": program,
            "steps": [(s, mine.get(s.pk)) for s in steps],
            "is_intern": permissions.is_intern(request.user, program),
            "grid": grid,
            "form": PlanStepForm(),
            "calendar": list(program.calendar.order_by("month", "pk")),
            "calendar_form": CalendarEntryForm() if coordinates else None,
            "modules": list(program.stages.filter(kind="module").order_by("order")),
        },
    )
