"""A person's part of the library in her data export, and what is erased on deletion (152-ФЗ).

Her materials stay: a published methodical development belongs to the network's common stock
and names its authors as they were typed (as a printed collection would); the link to her
account goes (``created_by`` is set null by the database). Drafts and materials never
published are hers alone and go, with their files. Her marks of use, «Хочу научиться» requests
and complaints are deleted; her shelf goes with her account.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from metodset.accounts.models import User
from metodset.accounts.services import iso

from .models import Complaint, LearnRequest, Material, MaterialUse, MaterialVersion


def export(sender: object, *, person: User, **kwargs: object) -> tuple[str, Any]:
    materials = Material.objects.filter(created_by=person).order_by("created_at", "pk")
    return (
        "library",
        {
            "materials": [
                {
                    "title": m.title,
                    "kind": m.kind,
                    "status": m.status,
                    "visibility": m.visibility,
                    "authors": m.authors,
                    "annotation": m.description,
                    "created_at": iso(m.created_at),
                    "published_at": iso(m.published_at),
                }
                for m in materials
            ],
            "uses": [
                {"material": u.material.title, "used_on": iso(u.used_on), "note": u.note}
                for u in MaterialUse.objects.filter(person=person).select_related("material")
            ],
            "learn_requests": [
                {
                    "material": r.material.title,
                    "message": r.message,
                    "status": r.status,
                    "asked_at": iso(r.created_at),
                }
                for r in LearnRequest.objects.filter(person=person).select_related("material")
            ],
            "complaints": [
                {"material": c.material.title, "text": c.text, "sent_at": iso(c.created_at)}
                for c in Complaint.objects.filter(person=person).select_related("material")
            ],
        },
    )


def erase(sender: object, *, person_id: int, **kwargs: object) -> None:
    """Delete what is hers alone: unpublished materials (with their files), marks, requests,
    complaints' texts."""
    unpublished = Material.objects.filter(created_by_id=person_id).exclude(
        status__in=(Material.Status.PUBLISHED, Material.Status.WITHDRAWN)
    )
    files = [
        name
        for name in MaterialVersion.objects.filter(material__in=unpublished)
        .exclude(file="")
        .values_list("file", flat=True)
    ]
    with transaction.atomic():
        MaterialUse.objects.filter(person_id=person_id).delete()
        LearnRequest.objects.filter(person_id=person_id).delete()
        Complaint.objects.filter(person_id=person_id).delete()
        unpublished.delete()

    def remove_files() -> None:
        from django.core.files.storage import default_storage

        for name in set(files):
            default_storage.delete(name)

    transaction.on_commit(remove_files)
