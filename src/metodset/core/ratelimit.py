"""A fixed-window rate limit on the cache (the database cache, or Redis when configured)."""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address as the web server saw it (a proxy must set REMOTE_ADDR right)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(scope: str, key: str, *, limit: int, window: int = 60) -> bool:
    """Count one hit of ``key`` in ``scope``; False once it exceeds ``limit`` in the window.

    The key is kept only as an HMAC with SECRET_KEY, so no address is stored.
    """
    bucket = int(time.time() // window)
    digest = hmac.new(settings.SECRET_KEY.encode(), key.encode(), hashlib.sha256).hexdigest()
    cache_key = f"rl:{scope}:{bucket}:{digest[:32]}"
    cache.add(cache_key, 0, timeout=window * 2)
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window * 2)
        hits = 1
    return hits <= limit
