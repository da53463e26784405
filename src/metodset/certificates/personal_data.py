"""A person's certificates in their data export, and what is erased when they are deleted (152-ФЗ).

The certificates stay when the person's data are deleted: an issued document is a legal
record. The issuer's registry and the public verification page must keep answering for it,
and reporting to ФИС ФРДО needs the name as issued and the date of birth. Only the contact
snapshot — the e-mail address the certificate was sent to — is cleared.
"""

from __future__ import annotations

import posixpath
from typing import Any

from metodset.accounts.models import User
from metodset.accounts.services import iso

from . import services
from .models import Certificate


def export(sender: object, *, person: User, **kwargs: object) -> tuple[str, Any]:
    """Every certificate issued to the person, revoked and replaced ones included."""
    certificates = (
        Certificate.objects.filter(user=person)
        .select_related("replaced_by")
        .order_by("issued_on", "sequence", "pk")
    )
    data = [
        {
            "kind": c.kind,
            "kind_label": str(c.get_kind_display()),
            "number": c.number,
            "title": c.title,
            "hours": f"{c.hours.normalize():f}",
            "starts_on": iso(c.starts_on),
            "ends_on": iso(c.ends_on),
            "issued_on": iso(c.issued_on),
            "issuer": c.issuer_name,
            "status": c.status,
            "revoked_at": iso(c.revoked_at),
            "revoke_reason": c.revoke_reason,
            "replaced_by": c.replaced_by.number if c.replaced_by else None,
            "recipient": {
                "last_name": c.last_name,
                "first_name": c.first_name,
                "middle_name": c.middle_name,
                "birth_date": iso(c.birth_date),
                "email": c.email,
                "workplace": c.workplace,
                "position": c.position,
            },
            "pdf": posixpath.basename(c.pdf.name or "") if c.pdf else None,
            "verification_url": services.verify_url(c.code),
        }
        for c in certificates
    ]
    return ("certificates", data)


def erase(sender: object, *, person_id: int, **kwargs: object) -> None:
    """Clear the e-mail on the person's certificates; the documents themselves stay."""
    Certificate.objects.filter(user_id=person_id).exclude(email="").update(email="")
