"""Personal API tokens: list, create (the secret is shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.accounts.tokens import token_create, token_revoke

from .. import permissions
from ..forms import ApiTokenForm
from ..models import ApiToken


@never_cache
@login_required
def token_list(request: AuthenticatedRequest) -> HttpResponse:
    """GET lists the person's tokens; POST creates one and shows its secret in this reply only."""
    form = ApiTokenForm(request.POST or None)
    new_token = new_secret = None
    if request.method == "POST" and form.is_valid():
        new_token, new_secret = token_create(user=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk")
    return render(
        request,
        "accounts/tokens/token_list.html",
        {"form": form, "tokens": tokens, "new_token": new_token, "new_secret": new_secret},
    )


@login_required
@require_POST
def token_revoke_view(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    token = permissions.api_token_for_owner(viewer=request.user, pk=token_id)
    token_revoke(token=token)
    messages.success(request, _("Token «%(name)s» is revoked.") % {"name": token.name})
    return redirect("accounts:api_tokens")
