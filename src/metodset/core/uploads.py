"""Checks of uploaded files, the same everywhere people attach materials.

A material is a document, presentation, table, picture or archive within
``EVENT_MATERIAL_MAX_BYTES``; its extension must be one of the known ones and its first bytes
must match it, so that a renamed executable is refused whatever its name says.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MATERIAL_EXTENSIONS = frozenset({
    "pdf", "doc", "docx", "ppt", "pptx", "xls", "xlsx", "odt", "odp", "ods", "txt", "rtf",
    "png", "jpg", "jpeg", "zip",
})  # fmt: skip
# The first bytes a file of each kind starts with: a renamed file is caught by its content.
_ZIP, _OLE = (b"PK\x03\x04",), (b"\xd0\xcf\x11\xe0",)
MATERIAL_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "docx": _ZIP, "pptx": _ZIP, "xlsx": _ZIP, "odt": _ZIP, "odp": _ZIP, "ods": _ZIP, "zip": _ZIP,
    "doc": _OLE, "ppt": _OLE, "xls": _OLE,
    "png": (b"\x89PNG",),
    "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "rtf": (b"{\\rtf",),
}  # fmt: skip


def extension(upload: UploadedFile) -> str:
    name = upload.name or ""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def head(upload: UploadedFile, size: int = 16) -> bytes:
    upload.seek(0)
    first = upload.read(size)
    upload.seek(0)
    return first


def megabytes(limit: int) -> int:
    return limit // (1024 * 1024)


def size_check(upload: UploadedFile, *, limit: int) -> None:
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s MB."),
            params={"limit": megabytes(limit)},
            code="file_size",
        )


def material_check(upload: UploadedFile) -> None:
    """Size, type by name, and type by content; ValidationError with a Russian message."""
    size_check(upload, limit=settings.EVENT_MATERIAL_MAX_BYTES)
    kind = extension(upload)
    if kind not in MATERIAL_EXTENSIONS:
        raise ValidationError(
            _("Files of this type cannot be attached. Allowed: %(types)s."),
            params={"types": ", ".join(sorted(MATERIAL_EXTENSIONS))},
            code="file_type",
        )
    signatures = MATERIAL_SIGNATURES.get(kind)
    if signatures and not head(upload).startswith(signatures):
        raise ValidationError(
            _("The file's content does not match its type (.%(extension)s)."),
            params={"extension": kind},
            code="file_content",
        )
