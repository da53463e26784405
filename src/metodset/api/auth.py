"""API authentication: the browser session or a personal bearer token."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from metodset.accounts.models import User
from metodset.accounts.tokens import token_user


class ApiRequest(HttpRequest):
    """A request that passed ``API_AUTH``: ``auth`` is the caller, by token or by session.

    Only an annotation: django-ninja sets ``request.auth`` on an ordinary ``HttpRequest``.
    """

    auth: User


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = token_user(key=token)
        if user is not None:
            request.user = user
        return user


API_AUTH = [BearerToken(), django_auth]
