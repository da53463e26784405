"""Writes of materials: drafting, versions, the way through moderation, views and downloads.

Every write is keyword-only, says who acted (``by``), runs in one transaction, records what it
changed in the audit log and puts the material's search document in step
(``library.search.reindex_material``).

The way of a material (``Material.Status``)::

    draft ─submit→ submitted ─take→ under review ─publish→ published ─withdraw→ withdrawn
                       ↑                  └─return (comment)→ returned ─submit┘
                       └──────────────── a new version while returned ──────┘

A returned material is edited and given a new version by its author, then submitted again.
A moderator may publish straight from «submitted» (taking it is for a longer look).
Materials that already passed an expertise (a conference's proceedings, an accepted article,
a collective product) are created published (``published=True``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from metodset.accounts.audit import audit_record, choice_change, diff_fields
from metodset.accounts.models import User
from metodset.diagnostics.models import Competency

from ..models import Material, MaterialVersion, ModerationEntry
from ..tasks import extract_material_text
from . import indexing

Status = Material.Status

# fields a person edits on the material's form (its file and link go through versions)
EDITABLE = (
    "title", "kind", "description", "authors", "organization", "network", "audiences",
    "subjects", "year", "licence", "visibility", "result", "minutes",
)  # fmt: skip


class ModerationError(ValidationError):
    """A step the material's status does not allow; the message says why, in Russian."""


def audiences_text(codes: Iterable[str]) -> str:
    """Codes as stored: «,noo,ooo,», so one ``LIKE '%,noo,%'`` finds a level."""
    codes = sorted(set(code for code in codes if code))
    return f",{','.join(codes)}," if codes else ""


@transaction.atomic
def material_create(
    *,
    by: User | None,
    title: str,
    kind: str,
    file: File[Any] | None = None,
    url: str = "",
    competencies: Iterable[Competency] = (),
    published: bool = False,
    changes: str = "",
    **fields: Any,
) -> Material:
    """A new material with its first version (a draft unless ``published``)."""
    now = timezone.now()
    material = Material(title=title, kind=kind, url=url, created_by=by, **fields)
    if file is not None:
        material.file = file
    if published:
        material.status, material.published_at = Status.PUBLISHED, now
    material.created_at = material.updated_at = now
    material.full_clean(exclude=["file"])
    material.save()
    material.competencies.set(list(competencies))
    _version_record(
        material=material, by=by, changes=changes or _("first version"), original=_name_of(file)
    )
    audit_record(actor=by, action="library.material_create", target=material)
    indexing.reindex(material)
    if file is not None:
        _extract_text_later(material)
    return material


@transaction.atomic
def material_update(
    *, material: Material, by: User, competencies: Iterable[Competency] | None = None, **fields: Any
) -> Material:
    """Change what the form edits (not the file: a new file is a new version)."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    changes = diff_fields(material, fields)
    if "status" in changes:  # pragma: no cover - guarded above
        raise TypeError("status changes through moderation")
    for name, value in fields.items():
        setattr(material, name, value)
    material.updated_at = timezone.now()
    material.full_clean(exclude=["file"])
    material.save()
    if competencies is not None:
        before = set(material.competencies.values_list("pk", flat=True))
        after = {c.pk for c in competencies}
        if before != after:
            material.competencies.set(list(after))
            changes["competencies"] = [len(before), len(after)]
    if changes:
        audit_record(actor=by, action="library.material_edit", target=material, changes=changes)
    indexing.reindex(material)
    return material


@transaction.atomic
def version_add(
    *,
    material: Material,
    by: User,
    changes: str,
    file: File[Any] | None = None,
    url: str = "",
    keep_published: bool = False,
) -> MaterialVersion:
    """A new file or link; the material's current one becomes it. A published material goes
    back to moderation with it (readers wait for the moderator) unless ``keep_published``: a
    moderator's own correction."""
    if file is None and not url:
        raise ValidationError(_("Attach a file or give a link for the new version."))
    if not changes.strip():
        raise ValidationError({"changes": _("Say what changed in this version.")})
    original = _name_of(file)
    material.file = file if file is not None else ""
    material.url = url
    material.body_text = ""
    material.updated_at = timezone.now()
    material.save()
    version = _version_record(material=material, by=by, changes=changes, original=original)
    audit_record(
        actor=by,
        action="library.version_add",
        target=material,
        changes={"version": [version.number - 1, version.number]},
    )
    if material.status == Status.PUBLISHED and not keep_published:
        _move(
            material,
            by=by,
            allowed_from=(Status.PUBLISHED,),
            to=Status.SUBMITTED,
            action=ModerationEntry.Action.SUBMITTED,
            comment=changes,
        )
    indexing.reindex(material)
    if file is not None:
        _extract_text_later(material)
    return version


def _extract_text_later(material: Material) -> None:
    """The file's text, for the search, is read by the worker once the file is committed."""
    pk = material.pk
    transaction.on_commit(lambda: extract_material_text.enqueue(material_id=pk))


def _name_of(file: File[Any] | None) -> str:
    """The name the file came with (the storage may change the stored one)."""
    return (file.name or "").rsplit("/", 1)[-1] if file is not None else ""


def _version_record(
    *, material: Material, by: User | None, changes: str, original: str = ""
) -> MaterialVersion:
    last = material.versions.aggregate(n=Max("number"))["n"] or 0
    name = (material.file.name or "") if material.file else ""
    return MaterialVersion.objects.create(
        material=material,
        number=last + 1,
        file=name,
        original_name=(original or name.rsplit("/", 1)[-1])[:255],
        size=material.file.size if material.file else 0,
        url=material.url,
        changes=changes,
        created_by=by,
    )


# --- moderation ---------------------------------------------------------------------------


def _move(
    material: Material,
    *,
    by: User,
    allowed_from: tuple[str, ...],
    to: str,
    action: str,
    comment: str = "",
) -> Material:
    given, material = material, Material.objects.select_for_update().get(pk=material.pk)
    if material.status not in allowed_from:
        raise ModerationError(
            _("The material is «%(status)s»: this step is not possible now.")
            % {"status": material.get_status_display()}
        )
    old = material.status
    material.status = to
    now = timezone.now()
    if to == Status.PUBLISHED:
        material.published_at = now
    material.updated_at = now
    material.save(update_fields=["status", "published_at", "updated_at"])
    # the caller's object follows, so that a later step on it sees the new status
    given.status, given.published_at, given.updated_at = to, material.published_at, now
    version = material.versions.aggregate(n=Max("number"))["n"]
    ModerationEntry.objects.create(
        material=material, action=action, version=version, comment=comment, by=by, at=now
    )
    audit_record(
        actor=by,
        action=f"library.material_{action}",
        target=material,
        changes={"status": choice_change(Status, old, to)},
    )
    indexing.reindex(material)
    return material


@transaction.atomic
def material_submit(*, material: Material, by: User) -> Material:
    """The author sends a draft (or a returned material, revised) to the moderators."""
    return _move(
        material,
        by=by,
        allowed_from=(Status.DRAFT, Status.RETURNED, Status.WITHDRAWN),
        to=Status.SUBMITTED,
        action=ModerationEntry.Action.SUBMITTED,
    )


@transaction.atomic
def material_take(*, material: Material, by: User) -> Material:
    """A moderator takes a submitted material for a closer look."""
    return _move(
        material,
        by=by,
        allowed_from=(Status.SUBMITTED,),
        to=Status.UNDER_REVIEW,
        action=ModerationEntry.Action.TAKEN,
    )


@transaction.atomic
def material_return(*, material: Material, by: User, comment: str) -> Material:
    """Back to the author with what to change."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the author should change.")})
    return _move(
        material,
        by=by,
        allowed_from=(Status.SUBMITTED, Status.UNDER_REVIEW),
        to=Status.RETURNED,
        action=ModerationEntry.Action.RETURNED,
        comment=comment.strip(),
    )


@transaction.atomic
def material_publish(*, material: Material, by: User, comment: str = "") -> Material:
    return _move(
        material,
        by=by,
        allowed_from=(Status.SUBMITTED, Status.UNDER_REVIEW),
        to=Status.PUBLISHED,
        action=ModerationEntry.Action.PUBLISHED,
        comment=comment.strip(),
    )


@transaction.atomic
def material_withdraw(*, material: Material, by: User, reason: str) -> Material:
    """A published material is taken down, with the reason the author reads."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the material is withdrawn.")})
    return _move(
        material,
        by=by,
        allowed_from=(Status.PUBLISHED,),
        to=Status.WITHDRAWN,
        action=ModerationEntry.Action.WITHDRAWN,
        comment=reason.strip(),
    )


# --- counters -----------------------------------------------------------------------------


def material_viewed(*, material: Material) -> None:
    """One more view; a single UPDATE, no lock, no audit (it is not a change of anything)."""
    Material.objects.filter(pk=material.pk).update(views_count=F("views_count") + 1)


def material_downloaded(*, material: Material) -> None:
    Material.objects.filter(pk=material.pk).update(downloads_count=F("downloads_count") + 1)
