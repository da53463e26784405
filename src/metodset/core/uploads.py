"""Uploaded files: the checks on the way in, the same everywhere people attach materials, and
the one way they go out again.

A material is a document, presentation, table, picture or archive within
``EVENT_MATERIAL_MAX_BYTES``; its extension must be one of the known ones and its first bytes
must match it, so that a renamed executable is refused whatever its name says. Beyond the first
bytes, :func:`material_check` looks inside: a zip-based file (DOCX, PPTX, XLSX, ODF, ZIP) is
read by its table of contents only, never unpacked (:func:`archive_check`: an archive bomb, a
damaged archive, a «DOCX» without a Word document in it), and a picture is opened with Pillow
(:func:`image_check`: damaged, truncated, or a decompression bomb of too many pixels).

Nothing under ``MEDIA_ROOT`` is served by URL: every upload is somebody's work or personal
data, so each app's view checks who asks and answers with :func:`file_response`. That streams
the file itself (``FILE_SERVING=django``) or hands it to the proxy in front: nginx with
``X-Accel-Redirect`` to an ``internal`` location under ``FILE_ACCEL_PREFIX``, Apache or
lighttpd with ``X-Sendfile`` and the file's path.
"""

from __future__ import annotations

import mimetypes
import os
import struct
import zipfile
from typing import IO, cast
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
    """Size, type by name, type by content, and what is inside an archive or a picture.

    ValidationError with a Russian message for the field.
    """
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
    if kind in ZIP_KINDS:
        archive_check(upload, kind=kind)
    elif kind in IMAGE_KINDS:
        image_check(upload, kind=kind)


# --- what is inside ------------------------------------------------------------------------

ZIP_KINDS = frozenset({"docx", "pptx", "xlsx", "odt", "odp", "ods", "zip"})
IMAGE_KINDS = frozenset({"png", "jpg", "jpeg"})
ZIP_MAX_MEMBERS = 10_000
# An honest table of contents of 10,000 files with long Cyrillic paths is about 2.5 MB; zipfile
# builds an object per entry, so a bigger one is refused before it is parsed.
ZIP_MAX_DIRECTORY_BYTES = 4 * 1024 * 1024
ZIP_MAX_RATIO = 100  # text compresses 5-20 times, zeros a thousand
ZIP_RATIO_FROM_BYTES = 1024 * 1024  # smaller members may compress as they like
# What an office file must hold: the part that is the document itself.
ZIP_REQUIRED_PARTS = {
    "docx": "word/document.xml",
    "pptx": "ppt/presentation.xml",
    "xlsx": "xl/workbook.xml",
    "odt": "content.xml",
    "odp": "content.xml",
    "ods": "content.xml",
}
# A 50-megapixel photo is larger than a phone's; decoded, it takes 150-200 MB of memory.
IMAGE_MAX_PIXELS = 50_000_000
IMAGE_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG"}


def _bomb(reason: str) -> ValidationError:
    return ValidationError(
        _("The file looks like an archive bomb: %(reason)s."),
        params={"reason": reason},
        code="archive_bomb",
    )


def _too_many() -> ValidationError:
    limit = number_format(ZIP_MAX_MEMBERS, use_l10n=True, force_grouping=True)
    return _bomb(_("it holds too many files (more than %(limit)s)") % {"limit": limit})


def _damaged(kind: str) -> ValidationError:
    return ValidationError(
        _("The file is damaged or is not a real .%(extension)s: it cannot be read as an archive."),
        params={"extension": kind},
        code="archive_damaged",
    )


def _directory_size(file: IO[bytes]) -> tuple[int, int] | None:
    """The number of entries and the size of a zip's table of contents, from its end record.

    None when there is no end record (not a zip). The end record is the last 22 bytes but a
    comment of up to 64 KB; an archive of more than 65,535 entries says so in its ZIP64 record.
    """
    file.seek(0, os.SEEK_END)
    size = file.tell()
    tail_start = max(0, size - (22 + 0xFFFF))
    file.seek(tail_start)
    tail = file.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    entries, directory = struct.unpack("<HL", tail[at + 10 : at + 16])
    if entries != 0xFFFF and directory != 0xFFFFFFFF:
        return entries, directory
    # ZIP64: a locator just before the end record points at the ZIP64 end record.
    locator = tail[at - 20 : at] if at >= 20 else b""
    if not locator.startswith(b"PK\x06\x07"):
        return None
    (record_at,) = struct.unpack("<Q", locator[8:16])
    file.seek(record_at)
    record = file.read(56)
    if len(record) < 56 or not record.startswith(b"PK\x06\x06"):
        return None
    entries64, directory64 = struct.unpack("<QQ", record[32:48])
    return entries64, directory64


def archive_check(file: File | IO[bytes], *, kind: str) -> None:
    """A zip-based file, judged by its table of contents without unpacking anything.

    Refused (ValidationError) when it is no valid zip, when it would unpack to more than
    ``UPLOAD_UNZIPPED_MAX_BYTES`` in all, when a member over 1 MB is compressed more than
    100 times, when it holds more than 10,000 files, or when an office file lacks its document
    part (a DOCX without ``word/document.xml``). The sizes checked are those the archive
    declares: Python's ``zipfile`` never unpacks a member beyond its declared size, so code
    that reads the archive afterwards (``library.extraction``) is bounded by them too.
    Nested archives are not opened: a ZIP inside a ZIP is one compressed member.
    """
    stream = cast(IO[bytes], file)
    try:
        directory = _directory_size(stream)
        if directory is None:
            raise _damaged(kind)
        entries, directory_bytes = directory
        if entries > ZIP_MAX_MEMBERS or directory_bytes > ZIP_MAX_DIRECTORY_BYTES:
            raise _too_many()
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, struct.error, OSError, ValueError) as exc:
        raise _damaged(kind) from exc
    finally:
        stream.seek(0)
    if len(members) > ZIP_MAX_MEMBERS:
        raise _too_many()
    limit = settings.UPLOAD_UNZIPPED_MAX_BYTES
    total = sum(member.file_size for member in members)
    if total > limit:
        raise _bomb(
            _("unpacked, it would take %(size)s MB, more than %(limit)s MB")
            % {"size": megabytes(total), "limit": megabytes(limit)}
        )
    for member in members:
        if member.file_size > ZIP_RATIO_FROM_BYTES and (
            member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1)
        ):
            ratio = member.file_size // max(member.compress_size, 1)
            raise _bomb(
                ngettext(
                    "«%(name)s» inside is compressed %(ratio)s time",
                    "«%(name)s» inside is compressed %(ratio)s times",
                    ratio,
                )
                % {"name": member.filename[-80:], "ratio": ratio}
            )
    required = ZIP_REQUIRED_PARTS.get(kind)
    if required and required not in {member.filename for member in members}:
        raise ValidationError(
            _("This is not a real .%(extension)s file: its main part (%(part)s) is missing."),
            params={"extension": kind, "part": required},
            code="archive_incomplete",
        )


def image_check(file: File | IO[bytes], *, kind: str) -> None:
    """A PNG or JPEG that Pillow reads to its end, of at most ``IMAGE_MAX_PIXELS`` pixels.

    The pixel count is read from the header before anything is decoded (a small file can
    declare a huge picture: a decompression bomb). A PNG is verified chunk by chunk; a JPEG,
    which Pillow cannot verify, is decoded at an eighth of its size, which reads every byte and
    so catches a truncated one.
    """
    from PIL import Image, UnidentifiedImageError

    stream = cast(IO[bytes], file)
    damaged = ValidationError(
        _("The picture is damaged or is not a real .%(extension)s image."),
        params={"extension": kind},
        code="image_damaged",
    )
    try:
        stream.seek(0)
        with Image.open(stream) as image:
            width, height = image.size
            if width * height > IMAGE_MAX_PIXELS:
                raise ValidationError(
                    _(
                        "The picture is too large: %(width)s × %(height)s pixels, "
                        "at most %(limit)s megapixels."
                    ),
                    params={
                        "width": width,
                        "height": height,
                        "limit": IMAGE_MAX_PIXELS // 1_000_000,
                    },
                    code="image_pixels",
                )
            if image.format != IMAGE_FORMATS.get(kind):
                raise damaged
            if image.format == "JPEG":
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
            else:
                image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
            ValueError, struct.error, EOFError) as exc:  # fmt: skip
        raise damaged from exc
    finally:
        stream.seek(0)


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
