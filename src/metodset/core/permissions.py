"""Who may use the platform's own pages: the sent e-mails belong to whoever runs the server."""

from typing import Any


def can_view_outbox(user: Any) -> bool:
    """A signed-in, active superuser: every letter the platform sent holds someone's data."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)
