"""The issuer's side: registry with XLSX exports, revocation, re-issue, details and templates."""

from __future__ import annotations

import base64
import re
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.core import uploads

from .. import exports, permissions, rendering, selectors, services, tasks
from ..forms import (
    IssuerForm,
    RegistryFilterForm,
    ReissueForm,
    RevokeForm,
    SignatoryForm,
    TemplateForm,
)
from ..models import CertificateTemplate

REGISTRY_PAGE_SIZE = 50


@login_required
def registry(request: AuthenticatedRequest) -> HttpResponse:
    """Every certificate the viewer administers, filtered; XLSX in two layouts."""
    form = RegistryFilterForm(request.GET)
    certificates = selectors.registry(viewer=request.user, filters=form.filters())
    export = request.GET.get("format")
    if export == "xlsx":
        return exports.registry_xlsx(certificates)
    if export == "frdo":
        return exports.frdo_xlsx(certificates)
    page = Paginator(certificates, REGISTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "certificates/registry.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "issuers": permissions.registry_organizations(request.user),
        },
        status=400 if form.errors else 200,
    )


@login_required
def detail(request: AuthenticatedRequest, certificate_id: int) -> HttpResponse:
    certificate = permissions.certificate_for_administrator(viewer=request.user, pk=certificate_id)
    return _detail(request, certificate)


def _detail(request, certificate, *, revoke_form=None, reissue_form=None, status=200):
    return render(
        request,
        "certificates/detail.html",
        {
            "certificate": certificate,
            "revoke_form": revoke_form or RevokeForm(),
            "reissue_form": reissue_form
            or ReissueForm(
                initial={
                    "last_name": certificate.last_name,
                    "first_name": certificate.first_name,
                    "middle_name": certificate.middle_name,
                }
            ),
            "hours_text": rendering.hours_text(certificate.hours),
            "dates_text": rendering.dates_text(certificate.starts_on, certificate.ends_on),
            "verify_url": services.verify_url(certificate.code),
        },
        status=status,
    )


@login_required
@require_POST
def revoke(request: AuthenticatedRequest, certificate_id: int) -> HttpResponse:
    certificate = permissions.certificate_for_administrator(viewer=request.user, pk=certificate_id)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_revoke(
                certificate=certificate, reason=form.cleaned_data["reason"], by=request.user
            )
        except services.IssueRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The certificate is revoked."))
            return redirect("certificates:detail", certificate_id=certificate.pk)
    return _detail(request, certificate, revoke_form=form, status=400)


@login_required
@require_POST
def reissue(request: AuthenticatedRequest, certificate_id: int) -> HttpResponse:
    certificate = permissions.certificate_for_administrator(viewer=request.user, pk=certificate_id)
    form = ReissueForm(request.POST, initial={"certificate": certificate})
    if form.is_valid():
        try:
            new = services.certificate_reissue(
                certificate=certificate,
                last_name=form.cleaned_data["last_name"],
                first_name=form.cleaned_data["first_name"],
                middle_name=form.cleaned_data["middle_name"],
                by=request.user,
            )
        except (services.IssueRefused, rendering.TemplateError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("A new certificate No. %(number)s is issued and sent; the old one is replaced.")
                % {"number": new.number},
            )
            return redirect("certificates:detail", certificate_id=new.pk)
    return _detail(request, certificate, reissue_form=form, status=400)


@login_required
def issuer_logo(request: AuthenticatedRequest, organization_id: int) -> HttpResponseBase:
    """The issuer's logo, shown on its page to those who manage it."""
    organization = permissions.organization_for_issuer_manager(
        viewer=request.user, pk=organization_id
    )
    issuer = selectors.issuer_of(organization=organization)
    if issuer is None:
        raise Http404
    return uploads.file_response(issuer.logo, inline=True)


@login_required
def signatory_facsimile(
    request: AuthenticatedRequest, organization_id: int, signatory_id: int
) -> HttpResponseBase:
    """A signatory's facsimile, shown on the issuer's page to those who manage it."""
    signatory = permissions.signatory_for_issuer_manager(
        viewer=request.user, organization_pk=organization_id, pk=signatory_id
    )
    return uploads.file_response(signatory.facsimile, inline=True)


@login_required
def issuer_edit(request: AuthenticatedRequest, organization_id: int) -> HttpResponse:
    """The issuer's details as printed, its signatories and its templates."""
    organization = permissions.organization_for_issuer_manager(
        viewer=request.user, pk=organization_id
    )
    issuer = services.issuer_for(organization=organization)
    form = IssuerForm(request.POST or None, request.FILES or None, instance=issuer)
    if request.method == "POST" and form.is_valid():
        services.issuer_save(issuer=form.save(commit=False), by=request.user)
        messages.success(request, _("The issuer's details are saved."))
        return redirect("certificates:issuer", organization_id=organization.pk)
    return _issuer_page(request, organization, issuer, form=form, signatory_form=SignatoryForm())


def _issuer_page(request, organization, issuer, *, form, signatory_form):
    return render(
        request,
        "certificates/issuer.html",
        {
            "organization": organization,
            "issuer": issuer,
            "form": form,
            "signatory_form": signatory_form,
            "signatories": issuer.signatories.all(),
            "templates": issuer.templates.all(),
        },
        status=400 if form.errors or signatory_form.errors else 200,
    )


@login_required
@require_POST
def signatory_add(request: AuthenticatedRequest, organization_id: int) -> HttpResponse:
    """Add a signatory with their facsimile."""
    organization = permissions.organization_for_issuer_manager(
        viewer=request.user, pk=organization_id
    )
    issuer = services.issuer_for(organization=organization)
    form = SignatoryForm(request.POST, request.FILES)
    if form.is_valid():
        services.signatory_add(issuer=issuer, signatory=form.save(commit=False), by=request.user)
        messages.success(request, _("The signatory is added."))
        return redirect("certificates:issuer", organization_id=organization.pk)
    return _issuer_page(
        request, organization, issuer, form=IssuerForm(instance=issuer), signatory_form=form
    )


@login_required
@require_POST
def signatory_delete(
    request: AuthenticatedRequest, organization_id: int, signatory_id: int
) -> HttpResponse:
    signatory = permissions.signatory_for_issuer_manager(
        viewer=request.user, organization_pk=organization_id, pk=signatory_id
    )
    services.signatory_delete(signatory=signatory, by=request.user)
    messages.success(request, _("The signatory is removed."))
    return redirect("certificates:issuer", organization_id=organization_id)


@login_required
def template_edit(request: AuthenticatedRequest, template_id: int) -> HttpResponse:
    """The template's wording and design, with a live preview on sample data."""
    template = permissions.template_for_issuer_manager(viewer=request.user, pk=template_id)
    form = TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        services.template_save(template=form.save(commit=False), by=request.user)
        messages.success(request, _("The template is saved."))
        return redirect("certificates:template", template_id=template.pk)
    return render(
        request,
        "certificates/template.html",
        {
            "template": template,
            "form": form,
            "preview": None if form.errors else _preview(template),
        },
        status=400 if form.errors else 200,
    )


_JOB = re.compile(r"[0-9a-f]{32}")
_POLLS = re.compile(r"[0-9]{1,3}")
# The page asks once a second; a preview not ready in a minute (no worker?) stops the asking.
PREVIEW_POLLS = 60


def _preview(template: CertificateTemplate, **edits: str) -> dict[str, str]:
    """Our own design renders here in milliseconds; an edited one goes to a task the page polls."""
    if rendering.is_shipped(edits.get("source", template.source)):
        try:
            png = services.template_preview(template=template, **edits)  # type: ignore[arg-type]
        except rendering.TemplateError as exc:
            return {"error": str(exc)}
        return _image(png)
    job = uuid.uuid4().hex
    tasks.render_template_preview.enqueue(
        template_id=template.pk, job=job, edits=edits, language=translation.get_language()
    )
    return _preview_result(template, job, polls=0)


def _image(png: bytes) -> dict[str, str]:
    return {"image": "data:image/png;base64," + base64.b64encode(png).decode()}


def _preview_result(template: CertificateTemplate, job: str, *, polls: int) -> dict[str, str]:
    result = cache.get(services.preview_key(template_id=template.pk, job=job))
    if result is None:
        if polls >= PREVIEW_POLLS:
            return {"error": _("The preview is not ready yet. Change the form to try again.")}
        url = reverse("certificates:template_preview", args=[template.pk])
        return {"poll": f"{url}?job={job}&polls={polls + 1}"}
    if "error" in result:
        return {"error": result["error"]}
    return _image(result["png"])


@login_required
def template_preview(request: AuthenticatedRequest, template_id: int) -> HttpResponse:
    """POST (htmx): the preview of the unsaved form; GET ?job=…: the preview being rendered
    (htmx polls); GET: a sample PDF."""
    template = permissions.template_for_issuer_manager(viewer=request.user, pk=template_id)
    job = request.GET.get("job")
    if job is not None:
        polls = request.GET.get("polls", "")
        if not (_JOB.fullmatch(job) and _POLLS.fullmatch(polls)):
            return HttpResponse(status=400)
        return render(
            request,
            "certificates/_preview.html",
            {"preview": _preview_result(template, job, polls=int(polls))},
        )
    if request.method == "POST":
        edits = {
            key: request.POST.get(key, "")
            for key in ("source", "heading", "subheading", "lead", "body")
        }
        return render(
            request, "certificates/_preview.html", {"preview": _preview(template, **edits)}
        )
    try:
        pdf = services.template_preview(template=template, fmt="pdf")
    except rendering.TemplateError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="sample.pdf"'
    return response
