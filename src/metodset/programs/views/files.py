"""Files of a programme: the individual plan's evidence and the final case's materials, each
sent after its own check (core.uploads)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.http.response import HttpResponseBase
from django.urls import reverse

from metodset.accounts.http import AuthenticatedRequest
from metodset.core import uploads
from metodset.library.models import CollectionItem

from .. import permissions
from ..models import Program


@login_required
def plan_evidence(
    request: AuthenticatedRequest, program_id: int, progress_id: int
) -> HttpResponseBase:
    """A trainee's evidence for a step of her plan: to her and the programme's coordinators."""
    progress = permissions.plan_progress_for_viewer(
        viewer=request.user, program_id=program_id, pk=progress_id
    )
    if not progress.evidence_file:
        raise Http404
    return uploads.file_response(progress.evidence_file, inline=True)


def with_file_urls(program: Program, items: list[CollectionItem]) -> list[CollectionItem]:
    """Give each item of the final case the address its file opens at (``file_url``)."""
    for item in items:
        item.file_url = (  # type: ignore[attr-defined]
            reverse("programs:case_file", args=[program.pk, item.material_id])
            if item.material.file
            else ""
        )
    return items


@login_required
def case_file(request: AuthenticatedRequest, program_id: int, material_id: int) -> HttpResponseBase:
    """A material of the final case: to the coordinators, and to members once it is shown."""
    item = permissions.case_item_for_member(
        viewer=request.user, program_id=program_id, material_id=material_id
    )
    if not item.material.file:
        raise Http404
    return uploads.file_response(item.material.file, inline=True)
