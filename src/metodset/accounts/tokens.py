"""Personal API tokens: created here, checked by the API; only a hash is stored."""

from __future__ import annotations

import hashlib
import secrets

from .models import ApiToken, User


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is shown once and never stored."""
    key = "ms_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_hash=token_hash(key), prefix=key[:8])
    return token, key


def token_revoke(*, token: ApiToken) -> None:
    """Delete the token: requests with its secret are refused from now on."""
    token.delete()
