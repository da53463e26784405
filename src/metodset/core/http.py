"""Request types for views, so that type checking knows what middleware adds to a request."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """Any request: ``HtmxMiddleware`` sets ``request.htmx`` on every one of them.

    Only an annotation: Django still passes an ordinary ``HttpRequest``.
    """

    htmx: HtmxDetails
