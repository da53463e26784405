"""The verification page a QR code opens, and a person's own certificates."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from metodset.accounts.http import AuthenticatedRequest
from metodset.core import uploads
from metodset.core.ratelimit import allow, client_address

from .. import permissions, rendering, selectors, services


@never_cache
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: valid, revoked or replaced, and what is printed; nothing more about the person.

    Rate limited per address, so that codes cannot be tried in bulk (they are 120 random
    bits anyway).
    """
    if not allow("verify", client_address(request), limit=settings.CERTIFICATE_VERIFY_RATE):
        return render(request, "certificates/verify_limited.html", status=429)
    certificate = selectors.certificate_for_verification(code=code)
    if certificate is None:
        return render(request, "certificates/verify_unknown.html", {"code": code}, status=404)
    response = render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "hours_text": rendering.hours_text(certificate.hours),
            "dates_text": rendering.dates_text(certificate.starts_on, certificate.ends_on),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    """«Мои сертификаты»: every certificate issued to me, to download."""
    return render(
        request,
        "certificates/mine.html",
        {
            "certificates": selectors.my_certificates(user=request.user),
            "has_registry": permissions.has_registry(request.user),
        },
    )


@login_required
def download(request: AuthenticatedRequest, certificate_id: int) -> HttpResponseBase:
    certificate = permissions.certificate_for_holder(viewer=request.user, pk=certificate_id)
    return uploads.file_response(
        certificate.pdf,
        filename=services.pdf_filename(certificate),
        inline=request.GET.get("inline") == "1",
    )
