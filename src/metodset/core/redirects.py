"""Where to go after a form: the page's own ``next``, only when it stays on this site.

A ``next`` taken as is makes an open redirect (a link on a trusted page that lands on a
phishing one), so every view that follows one goes through :func:`safe_next`.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: str, *, field: str = "next") -> str:
    """The ``next`` of the form (or query) if it points to this site, else ``default``
    (a URL or a URL name)."""
    candidate = request.POST.get(field) or request.GET.get(field) or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(default)
