"""The web flow of an import: upload → check (preview) → confirm → import.

Checking and importing a large file takes seconds, so both run as background tasks
that take the batch id and are safe to run twice; the pages poll the batch's status.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from ..models import ImportBatch, Network, Organization, User
from . import import_file
from .report import ImportFileError

Status = ImportBatch.Status
PENDING = (Status.CHECKING, Status.PREVIEWED, Status.FAILED)
KEEP_UNCONFIRMED = timedelta(days=7)
PROGRESS_KEEP = 3600  # seconds the number of rows read stays in the cache


def import_batch_create(
    *,
    by: User,
    kind: str,
    upload: UploadedFile,
    organization: Organization | None = None,
    network: Network | None = None,
    language: str = "ru",
) -> ImportBatch:
    """Keep the uploaded file and queue its check.

    Uploaded files hold personal data, so they are not kept longer than needed: the
    person's earlier unconfirmed uploads are dropped (one pending file each is enough),
    and so is anybody's upload left unconfirmed for a week.
    """
    stale = ImportBatch.objects.filter(status__in=PENDING).filter(
        Q(created_by=by) | Q(created_at__lt=timezone.now() - KEEP_UNCONFIRMED)
    )
    for old in stale:
        import_batch_discard(batch=old)
    batch = ImportBatch(
        kind=kind,
        created_by=by,
        filename=(upload.name or "")[:255],
        organization=organization,
        network=network,
        language=language,
    )
    batch.file.save(upload.name or "upload", upload, save=False)
    batch.save()
    transaction.on_commit(lambda: _enqueue("check_import_batch", batch.pk))
    return batch


def import_batch_check(*, batch_id: int) -> None:
    """Dry-run the import and keep the report for the preview.

    This is the one place a web upload is parsed (the form only checks the type): a file
    that cannot be imported fails here, and the batch page shows why.
    """
    batch = ImportBatch.objects.filter(pk=batch_id, status=Status.CHECKING).first()
    if batch is None:
        return
    with translation.override(batch.language):
        try:
            report = _run(batch, dry_run=True)
        except ImportFileError as exc:
            _fail(batch, str(exc))
            return
        except PermissionDenied:
            _fail(batch, _not_allowed())
            return
        except Exception:
            _fail(batch, _unexpected())
            raise
        if not report.total:
            _fail(batch, translation.gettext("The file has headers but no rows to import."))
            return
    _finish(batch, Status.PREVIEWED, report=report.as_json(), checked_at=timezone.now())


def import_batch_confirm(*, batch: ImportBatch) -> bool:
    """Start the import of a previewed batch; False if it was already started."""
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=Status.PREVIEWED).update(
        status=Status.IMPORTING
    )
    if claimed:
        transaction.on_commit(lambda: _enqueue("run_import_batch", batch.pk))
    return bool(claimed)


def import_batch_run(*, batch_id: int) -> None:
    """Import a confirmed batch, validating it again: data may have changed since the
    preview. The status changes in the same transaction as the data, so a second run
    after a successful one does nothing."""
    batch = ImportBatch.objects.filter(pk=batch_id, status=Status.IMPORTING).first()
    if batch is None:
        return
    with translation.override(batch.language):
        try:
            with transaction.atomic():
                report = _run(batch, dry_run=False)
                _finish(batch, Status.IMPORTED, report=report.as_json(), imported_at=timezone.now())
        except ImportFileError as exc:
            _finish(batch, Status.FAILED, error=str(exc))
        except PermissionDenied:
            _finish(batch, Status.FAILED, error=_not_allowed())
        except Exception:
            _finish(batch, Status.FAILED, error=_unexpected())
            raise
    _drop_file(batch)


def import_batch_discard(*, batch: ImportBatch) -> None:
    """Forget an upload that will not be imported, with its file."""
    _drop_file(batch)
    batch.delete()


def _run(batch: ImportBatch, *, dry_run: bool):
    if not batch.file:
        raise ImportFileError(translation.gettext("The uploaded file is no longer kept."))
    creator = batch.created_by
    if creator is None:
        raise ImportFileError(translation.gettext("The person who uploaded the file is gone."))
    key = _progress_key(batch.pk)
    cache.delete(key)  # the check's count is not the import's
    with batch.file.open("rb") as fh:
        return import_file(
            kind=batch.kind,
            file=fh,
            filename=batch.filename,
            by=creator,
            organization=batch.organization,
            network=batch.network,
            dry_run=dry_run,
            batch=batch,
            progress=lambda row: cache.set(key, row, PROGRESS_KEEP),
        )


def import_batch_rows_read(*, batch: ImportBatch) -> int:
    """How far the worker has read the batch's file (0 until the first thousand rows)."""
    return cache.get(_progress_key(batch.pk), 0)


def _progress_key(batch_id: int) -> str:
    return f"import-progress:{batch_id}"


def _fail(batch: ImportBatch, error: str) -> None:
    """A file that cannot be imported is not kept: the person uploads a corrected one."""
    _finish(batch, Status.FAILED, error=error, checked_at=timezone.now())
    _drop_file(batch)


def _finish(batch: ImportBatch, status: str, **fields) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(status=status, **fields)


def _drop_file(batch: ImportBatch) -> None:
    if batch.file:
        with contextlib.suppress(OSError):
            batch.file.delete(save=False)
        ImportBatch.objects.filter(pk=batch.pk).update(file="")


def _not_allowed() -> str:
    return translation.gettext("You may no longer import this file.")


def _unexpected() -> str:
    return translation.gettext("The file could not be processed because of an internal error.")


def _enqueue(name: str, batch_id: int) -> None:
    from . import tasks

    getattr(tasks, name).enqueue(batch_id=batch_id)
