"""What accounts adds to «Моя неделя»: invitations to organisations awaiting an answer."""

from __future__ import annotations

from typing import Any

from metodset.accounts.http import AuthenticatedRequest

from . import permissions
from .selectors import pending_invitations


def invitations_section(request: AuthenticatedRequest) -> dict[str, Any] | None:
    """The person's unanswered invitations (one query); hidden when there are none."""
    user = request.user
    if not permissions.is_active_user(user):
        return None
    invitations = list(pending_invitations(person=user))
    if not invitations:
        return None
    return {"invitations": invitations}
