"""Import of people and organisations: upload → preview with every bad row → confirm → result."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest

from .. import permissions
from ..forms import ImportUploadForm
from ..importing import ORGANIZATIONS, PEOPLE, ImportReport
from ..importing.batches import (
    import_batch_confirm,
    import_batch_create,
    import_batch_discard,
    import_batch_rows_read,
)
from ..importing.columns import COLUMNS
from ..models import ImportBatch

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "data"
EXAMPLES = {
    "import_people_example.xlsx": PEOPLE,
    "import_people_example.csv": PEOPLE,
    "import_organizations_example.xlsx": ORGANIZATIONS,
    "import_organizations_example.csv": ORGANIZATIONS,
}
Status = ImportBatch.Status


def _allowed_kinds(user) -> list[str]:
    kinds = []
    if permissions.can_import_people(user):
        kinds.append(PEOPLE)
    if permissions.can_import_organizations(user):
        kinds.append(ORGANIZATIONS)
    if not kinds:
        raise PermissionDenied
    return kinds


@login_required
def import_start(request: AuthenticatedRequest):
    kinds = _allowed_kinds(request.user)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            batch = import_batch_create(
                by=request.user,
                kind=data["kind"],
                upload=data["file"],
                organization=data.get("organization") if data["kind"] == PEOPLE else None,
                network=data.get("network") if data["kind"] == ORGANIZATIONS else None,
                language=request.LANGUAGE_CODE,
            )
            return redirect("accounts:import_batch", batch_id=batch.pk)
    else:
        form = ImportUploadForm(user=request.user, initial={"kind": request.GET.get("kind")})
    references = [
        {
            "kind": kind,
            "label": ImportBatch.Kind(kind).label,
            "columns": COLUMNS[kind],
            "examples": [name for name, k in EXAMPLES.items() if k == kind],
        }
        for kind in kinds
    ]
    return render(request, "accounts/imports/upload.html", {"form": form, "references": references})


@login_required
def import_batch(request: AuthenticatedRequest, batch_id: int):
    """The preview before confirmation, the progress while working, the result after."""
    batch = permissions.import_batch_for_uploader(viewer=request.user, pk=batch_id)
    working = batch.status in (Status.CHECKING, Status.IMPORTING)
    rows_read = import_batch_rows_read(batch=batch) if working else 0
    if request.htmx:
        if working:
            return render(
                request, "accounts/imports/_progress.html", {"batch": batch, "rows_read": rows_read}
            )
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    report = ImportReport.from_json(batch.report) if batch.report else None
    page = Paginator(report.rejected if report else [], settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/imports/batch.html",
        {
            "batch": batch,
            "report": report,
            "page": page,
            "working": working,
            "rows_read": rows_read,
        },
    )


@login_required
@require_POST
def import_confirm(request: AuthenticatedRequest, batch_id: int):
    batch = permissions.import_batch_for_uploader(viewer=request.user, pk=batch_id)
    if batch.status == Status.PREVIEWED:
        import_batch_confirm(batch=batch)
    return redirect("accounts:import_batch", batch_id=batch.pk)


@login_required
@require_POST
def import_cancel(request: AuthenticatedRequest, batch_id: int):
    batch = permissions.import_batch_for_uploader(viewer=request.user, pk=batch_id)
    if batch.status in (Status.PREVIEWED, Status.FAILED):
        import_batch_discard(batch=batch)
        messages.info(request, _("The upload was discarded; nothing was imported."))
    return redirect("accounts:import_start")


@login_required
def import_example(request: AuthenticatedRequest, name: str):
    kinds = _allowed_kinds(request.user)
    if EXAMPLES.get(name) not in kinds:
        raise Http404
    return FileResponse(open(EXAMPLES_DIR / name, "rb"), as_attachment=True, filename=name)  # noqa: SIM115
