"""What programmes add to «Моя неделя»: a coordinator's applications waiting for a decision,
and, in the network overview, the network's programmes with their numbers of interns."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef

from metodset.accounts import permissions as roles
from metodset.accounts.http import AuthenticatedRequest
from metodset.core.queries import subquery_count

from . import permissions
from .models import Application, Program, ProgramMember

OVERVIEW_LIMIT = 5  # programmes named per network; the rest are counted


def applications_section(request: AuthenticatedRequest) -> dict[str, Any] | None:
    """New applications of each programme the person runs (one query)."""
    user = request.user
    if not roles.is_active_user(user):
        return None
    waiting = list(
        Program.objects.filter(pk__in=permissions.coordinated_programs(user).values("pk"))
        .exclude(status=Program.Status.DRAFT)
        .annotate(
            new_count=subquery_count(
                Application.objects.filter(program=OuterRef("pk"), status=Application.Status.NEW)
            )
        )
        .filter(new_count__gt=0)
        .only("pk", "title")
        .order_by("-new_count", "title", "pk")
    )
    if not waiting:
        return None
    return {"programs": waiting}


def network_programs(
    request: AuthenticatedRequest, network_ids: list[int]
) -> dict[int, dict[str, Any]]:
    """Programmes of each network being run or recruiting, with how many interns each has."""
    programs = (
        Program.objects.filter(
            network_id__in=network_ids,
            status__in=[Program.Status.RECRUITING, Program.Status.RUNNING],
        )
        .annotate(
            intern_count=subquery_count(
                ProgramMember.objects.filter(
                    program=OuterRef("pk"), role=ProgramMember.Role.INTERN
                ),
                "user",
                distinct=True,
            )
        )
        .only("pk", "title", "status", "network_id")
        .order_by("-status", "starts_on", "pk")  # running before recruiting
    )
    coordinated = roles.coordinated_network_ids(request.user)
    facts: dict[int, dict[str, Any]] = {}
    for program in programs:
        assert program.network_id is not None
        part = facts.setdefault(
            program.network_id,
            {"running": [], "running_count": 0, "interns": 0, "recruiting": 0, "more": 0},
        )
        if program.status == Program.Status.RECRUITING:
            part["recruiting"] += 1
            continue
        part["running_count"] += 1
        part["interns"] += program.intern_count  # type: ignore[attr-defined]
        if len(part["running"]) < OVERVIEW_LIMIT:
            # Only its coordinators open a programme's pages; the council sees its numbers.
            program.can_open = program.network_id in coordinated or request.user.is_superuser  # type: ignore[attr-defined]
            part["running"].append(program)
        else:
            part["more"] += 1
    return facts
