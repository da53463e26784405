"""The tutor's (and the coordinators') list of teams with the state of each team's work."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import (
    HttpResponse,
)
from django.shortcuts import render

from metodset.accounts.http import AuthenticatedRequest

from .. import permissions, selectors
from ..models import (
    Assignment,
    ProgramMember,
    Submission,
)

Role = ProgramMember.Role
State = Submission.State
Kind = Assignment.Kind
THREAD_PAGE = 30


# --- the tutor's teams --------------------------------------------------------------------


@login_required
def my_teams(request: AuthenticatedRequest, program_id: int) -> HttpResponse:
    """The tutor's teams with the state of their work; a coordinator sees every team."""
    program = permissions.program_for_member(viewer=request.user, pk=program_id)
    user = request.user
    page, rows, assignments = selectors.tutor_team_rows(
        program=program, viewer=user, page_number=request.GET.get("page")
    )
    return render(
        request,
        "programs/team/my_teams.html",
        {
            "program": program,
            "page": page,
            "rows": rows,
            "assignments": assignments,
            "coordinator": permissions.can_coordinate(user, program),
        },
    )
