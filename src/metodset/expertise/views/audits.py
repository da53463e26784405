"""The methodical audit of an organisation: its result in each audit, criterion by criterion,
the experts' recommendations, and the change since the audit before."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from metodset.accounts.http import AuthenticatedRequest

from .. import permissions
from ..selectors.audits import organization_audits


@login_required
def organization_audit(request: AuthenticatedRequest, organization_id: int) -> HttpResponse:
    organization = permissions.organization_for_audit_reader(
        viewer=request.user, pk=organization_id
    )
    return render(
        request,
        "expertise/audits/organization.html",
        {"organization": organization, "audits": organization_audits(organization)},
    )
