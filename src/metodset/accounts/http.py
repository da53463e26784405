"""Request types for views, so that type checking knows who ``request.user`` is."""

from __future__ import annotations

from metodset.core.http import HtmxRequest

from .models import User


class AuthenticatedRequest(HtmxRequest):
    """A request that reached a view behind ``login_required``: its user is signed in.

    Only an annotation: Django still passes an ordinary ``HttpRequest``. Views that may be
    reached anonymously keep ``HttpRequest`` (or ``HtmxRequest``) and check
    ``request.user.is_authenticated`` where they need the user.
    """

    user: User
