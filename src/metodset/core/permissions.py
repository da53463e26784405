"""Who may use the platform's own pages: the sent e-mails belong to whoever runs the server."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import OutgoingEmail


def can_view_outbox(user: Any) -> bool:
    """A signed-in, active superuser: every letter the platform sent holds someone's data."""
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def email_for_superuser(*, viewer: Any, pk: int) -> OutgoingEmail:
    """A letter of the outbox, for those who may view the outbox (403 to anyone else, whether
    or not it exists); 404 when there is none."""
    if not can_view_outbox(viewer):
        raise PermissionDenied
    email = OutgoingEmail.objects.filter(pk=pk).first()
    if email is None:
        raise Http404
    return email
