"""Competency frameworks: the list, one framework's tree, export and import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from metodset.accounts.http import AuthenticatedRequest
from metodset.core.spreadsheets import xlsx_response
from metodset.diagnostics.frameworks.forms import FrameworkImportForm

from . import permissions, selectors, services
from .data import to_xlsx, to_yaml


@login_required
def framework_list(request: AuthenticatedRequest) -> HttpResponse:
    items = (
        permissions.visible_frameworks(request.user)
        .select_related("network")
        .order_by("title", "-version")
    )
    return render(
        request,
        "diagnostics/framework_list.html",
        {"frameworks": items, "can_import": permissions.can_import(request.user)},
    )


@login_required
def framework_detail(request: AuthenticatedRequest, framework_id: int) -> HttpResponse:
    """The tree area → competency → indicator and the levels; YAML or XLSX on request."""
    framework = permissions.framework_for_viewer(viewer=request.user, pk=framework_id)
    data = selectors.framework_data(framework)
    export = request.GET.get("format")
    filename = f"{framework.slug}-v{framework.version}"
    if export == "yaml":
        response = HttpResponse(to_yaml(data), content_type="application/yaml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.yaml"'
        return response
    if export == "xlsx":
        return xlsx_response(to_xlsx(data), f"{filename}.xlsx")
    versions = selectors.framework_versions(framework)
    return render(
        request,
        "diagnostics/framework_detail.html",
        {"framework": framework, "data": data, "versions": versions},
    )


@login_required
def framework_import(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.can_import(request.user):
        raise Http404
    form = FrameworkImportForm(
        request.POST or None,
        request.FILES or None,
        networks=permissions.import_networks(request.user),
        allow_platform=request.user.is_superuser,
    )
    if request.method == "POST" and form.is_valid():
        assert form.data_parsed is not None
        framework = services.framework_import(
            data=form.data_parsed, by=request.user, network=form.cleaned_data["network"]
        )
        messages.success(
            request,
            _("The framework is imported as version %(version)s.") % {"version": framework.version},
        )
        return redirect("diagnostics:framework", framework_id=framework.pk)
    return render(
        request,
        "diagnostics/framework_import.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
