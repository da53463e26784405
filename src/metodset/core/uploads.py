"""Uploaded files: the checks on the way in, the same everywhere people attach materials, and
the one way they go out again.

A material is a document, presentation, table, picture or archive within
``EVENT_MATERIAL_MAX_BYTES``; its extension must be one of the known ones and its first bytes
must match it, so that a renamed executable is refused whatever its name says.

Nothing under ``MEDIA_ROOT`` is served by URL: every upload is somebody's work or personal
data, so each app's view checks who asks and answers with :func:`file_response`. That streams
the file itself (``FILE_SERVING=django``) or hands it to the proxy in front: nginx with
``X-Accel-Redirect`` to an ``internal`` location under ``FILE_ACCEL_PREFIX``, Apache or
lighttpd with ``X-Sendfile`` and the file's path.
"""

from __future__ import annotations

import mimetypes
import os
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
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


# --- serving ------------------------------------------------------------------------------

# Shown in the browser when asked to: kinds that cannot run script in our origin. HTML, SVG and
# XML never are, whatever the caller asks, and nosniff stops the browser guessing otherwise.
INLINE_TYPES = frozenset({
    "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp",
    "video/mp4", "video/webm", "video/ogg", "video/quicktime", "audio/mpeg", "audio/ogg",
    "text/plain",
})  # fmt: skip


def file_response(
    file: FieldFile | str,
    *,
    filename: str | None = None,
    inline: bool = False,
    content_type: str | None = None,
) -> HttpResponseBase:
    """Answer with an uploaded file the caller has already been allowed to see.

    ``file`` is a model's file or a name in the default storage; ``filename`` is what the
    browser saves it as (the stored name's last part by default); ``inline`` shows PDFs,
    pictures and videos in the browser, everything else is always an attachment;
    ``content_type`` is guessed from the name unless given. Raises Http404 when there is no
    such file.
    """
    name = file.name if isinstance(file, FieldFile) else file
    storage = file.storage if isinstance(file, FieldFile) else default_storage
    if not name or not storage.exists(name):
        raise Http404
    filename = filename or os.path.basename(name)
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    as_attachment = not (inline and content_type in INLINE_TYPES)
    mode = settings.FILE_SERVING
    path = _local_path(storage, name)
    if mode == "django" or path is None:
        # Remote storage (S3) has no path for the proxy: the file goes through this process.
        response: HttpResponseBase = FileResponse(
            storage.open(name, "rb"),
            as_attachment=as_attachment,
            filename=filename,
            content_type=content_type,
        )
    else:
        response = HttpResponse(content_type=content_type)
        if mode == "x-accel-redirect":
            response["X-Accel-Redirect"] = settings.FILE_ACCEL_PREFIX + quote(name)
        else:
            # A header is latin-1 in WSGI: the path's UTF-8 bytes pass through unchanged.
            response["X-Sendfile"] = path.encode().decode("latin-1")
        # Never None here: the file always has a name.
        disposition = content_disposition_header(as_attachment, filename)
        assert disposition is not None
        response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response


def _local_path(storage, name: str) -> str | None:
    try:
        return storage.path(name)
    except NotImplementedError:
        return None
