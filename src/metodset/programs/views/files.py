"""Files of the individual internship plan, each sent after its own check (core.uploads)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from metodset.core import uploads

from .. import permissions
from ..models import PlanProgress


@login_required
def plan_evidence(request: HttpRequest, program_id: int, progress_id: int) -> HttpResponse:
    """A trainee's evidence for a step of her plan: to her and the programme's coordinators."""
    progress = (
        PlanProgress.objects.select_related("step__program")
        .filter(pk=progress_id, step__program_id=program_id)
        .first()
    )
    if (
        progress is None
        or not progress.evidence_file
        or not permissions.can_view_plan_progress(request.user, progress)
    ):
        raise Http404
    return uploads.file_response(progress.evidence_file, inline=True)
