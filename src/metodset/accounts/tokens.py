"""Personal API tokens: created here, checked by the API; only a hash is stored."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from .models import ApiToken, User


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_user(*, key: str) -> User | None:
    """The active person a token's secret belongs to, noting when it was last used; or None."""
    found = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(key), user__is_active=True)
        .first()
    )
    if found is None:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found.user


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is shown once and never stored."""
    key = "ms_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_hash=token_hash(key), prefix=key[:8])
    return token, key


def token_revoke(*, token: ApiToken) -> None:
    """Delete the token: requests with its secret are refused from now on."""
    token.delete()
