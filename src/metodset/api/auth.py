"""API authentication: the browser session or a personal bearer token."""

from __future__ import annotations

from ninja.security import HttpBearer, django_auth

from metodset.accounts.tokens import token_user


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = token_user(key=token)
        if user is not None:
            request.user = user
        return user


API_AUTH = [BearerToken(), django_auth]
