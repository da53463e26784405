"""Throttled sign-in (django-axes) and password reset (core.ratelimit).

Decisions people will ask about:

- Sign-in locks an (account, address) pair, never an account everywhere: after
  ``LOGIN_FAILURE_LIMIT`` wrong passwords from one address that address can't sign in
  to that account for ``LOGIN_LOCKOUT_MINUTES``, while the owner at school or at home
  still can. Every try during the lock starts the minutes again (axes' default), so a
  script that keeps going stays locked; a successful sign-in clears the count.
- The page says how long the lock lasts and that a new password set from the letter
  signs her in at once (the reset page is never locked), and an administrator can lift
  the lock early in the admin («Попытки доступа»).
- API bearer tokens are not passwords and don't go through ``authenticate``: unaffected.
- Password reset: at most ``PASSWORD_RESET_RATE_PER_EMAIL`` letters to one address and
  ``PASSWORD_RESET_RATE_PER_ADDRESS`` requests from one client an hour; beyond that the
  page answers exactly as before, so it tells nobody which e-mails are registered.
"""

from __future__ import annotations

import math
from datetime import datetime

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from metodset.core.ratelimit import allow, client_address


class SignInLockout(AxesStandaloneBackend):
    """Axes' lockout check for sign-ins from a web request.

    Code that authenticates without a request (the test client, a shell) is nobody's
    attempt from an address, so it is let through to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def sign_in_name(request: HttpRequest, credentials: dict | None) -> str | None:
    """The e-mail an attempt was for, as accounts store it (lower case)."""
    source = credentials if credentials else getattr(request, "POST", {})
    name = (source.get("username") or "").strip().lower()
    return name or None


def locked_until(request: HttpRequest, credentials: dict | None) -> datetime:
    """When the (account, address) pair of this request may try again."""
    last = AccessAttempt.objects.filter(
        username=sign_in_name(request, credentials),
        ip_address=getattr(request, "axes_ip_address", None),
    ).aggregate(last=Max("attempt_time"))["last"]
    cool_off = get_cool_off(request)
    return (last or timezone.now()) + cool_off if cool_off else timezone.now()


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The login page again with the lockout message next to the form, status 429."""
    from .forms import LoginForm  # forms.py imports this module

    until = locked_until(request, credentials)
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    form = LoginForm(request, initial={"username": sign_in_name(request, credentials) or ""})
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": request.POST.get("next", ""), "lockout_minutes": minutes},
        status=429,
    )


def password_reset_allowed(request: HttpRequest | None, email: str) -> bool:
    """Count one reset request; False once its client or its e-mail is over the hour's limit."""
    address = client_address(request) if request is not None else "unknown"
    if not allow(
        "password-reset-address",
        address,
        limit=settings.PASSWORD_RESET_RATE_PER_ADDRESS,
        window=3600,
    ):
        return False
    return allow(
        "password-reset-email",
        email.strip().lower(),
        limit=settings.PASSWORD_RESET_RATE_PER_EMAIL,
        window=3600,
    )
