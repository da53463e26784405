"""Import of people and organisations from XLSX and CSV, with a row-by-row report.

``import_file`` is the one entry point (web, CLI, benchmark). Rows are read and
validated in memory, compared with what is stored using a few queries, and written with
bulk operations inside one transaction; bad rows never stop good ones. Re-importing the
same file changes nothing. One audit entry summarises each import that changed anything.

Modules: ``reading`` (files → rows), ``columns`` (headers), ``values`` (cell parsers),
``people`` and ``organizations`` (validate → plan → write), ``batches`` (the web flow:
upload → preview → confirm, run as background tasks).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import permissions
from ..models import AuditEntry, ImportBatch, Network, Organization, User
from .columns import KINDS, ORGANIZATIONS, PEOPLE, ColumnMap
from .organizations import organizations_write, validate_organizations
from .people import people_check, people_write
from .reading import Row, open_table, read_bytes
from .report import ImportFileError, ImportReport, RejectedRow

__all__ = [
    "KINDS",
    "ORGANIZATIONS",
    "PEOPLE",
    "ImportFileError",
    "ImportReport",
    "RejectedRow",
    "import_file",
    "inspect_file",
]

AUDIT_ACTION = "imported"
PROGRESS_EVERY = 1000
_AUDIT_LABEL = {PEOPLE: "Импорт людей", ORGANIZATIONS: "Импорт организаций"}  # stored data


def import_file(
    *,
    kind: str,
    file: str | Path | IO[bytes],
    filename: str,
    by: User | None,
    organization: Organization | None = None,
    dry_run: bool = False,
    network: Network | None = None,
    batch: ImportBatch | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import people or organisations from an XLSX or CSV file and report on every row.

    ``kind`` is "people" or "organizations"; ``file`` a path or a binary file object;
    ``filename`` gives the format by its extension. ``by`` is the person importing
    (None: the system, with no limits); a manager or methodist imports only into the
    organisations they manage, a coordinator into their network's. ``organization`` is
    the default for people rows without one. Organisations imported by a coordinator join
    their networks (or just ``network``). With ``dry_run`` nothing is written and the
    report says what would happen. ``progress`` is told the number of the row being read
    every ``PROGRESS_EVERY`` rows. Raises ``ImportFileError`` when the file as a whole
    cannot be imported and ``PermissionDenied`` when ``by`` may not import this kind.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown import kind: {kind!r}")
    _check_allowed(kind, by, network)
    data = read_bytes(file)
    table = open_table(
        kind=kind,
        data=data,
        filename=filename,
        default_organization=kind == PEOPLE and organization is not None,
    )
    rows = table.rows if progress is None else _reported(table.rows, progress)
    if kind == PEOPLE:
        good, rejected = people_check(rows, by=by, default_organization=organization)
    else:
        good, rejected = validate_organizations(rows)  # type: ignore[assignment]

    # SQLite takes its write lock when the transaction starts: a dry run does not need one.
    block = contextlib.nullcontext() if dry_run else transaction.atomic()
    try:
        with block:
            invited: list[RejectedRow] = []
            new_invitations = 0
            if kind == PEOPLE:
                created, updated, unchanged, late, invited, new_invitations = people_write(
                    good,  # type: ignore[arg-type]
                    by=by,
                    dry_run=dry_run,
                )
            else:
                created, updated, unchanged, late = organizations_write(
                    good,  # type: ignore[arg-type]
                    network_ids=_network_ids(by, network),
                    dry_run=dry_run,
                )
            report = ImportReport(
                kind=kind,
                created=created,
                updated=updated,
                unchanged=unchanged,
                rejected=sorted(rejected + late, key=lambda r: r.row),
                invited=invited,
                dry_run=dry_run,
                ignored_columns=table.columns.ignored,
            )
            # a file imported again changes nothing: no entry for invitations already sent
            if not dry_run and (created or updated or new_invitations):
                _audit(report, by=by, filename=filename, batch=batch)
    except IntegrityError:
        raise ImportFileError(
            _("The data changed while the file was being imported; run the import again.")
        ) from None
    return report


def _reported(rows: Iterator[Row], progress: Callable[[int], None]) -> Iterator[Row]:
    told = 0
    for row in rows:
        if row[0] - told >= PROGRESS_EVERY:
            told = row[0]
            progress(told)
        yield row


def inspect_file(
    *, kind: str, data: bytes, filename: str, default_organization: bool = False
) -> ColumnMap:
    """Check a file's type, content and headers quickly, before it is accepted for a preview.

    Raises ``ImportFileError`` with a message for the uploader.
    """
    table = open_table(
        kind=kind, data=data, filename=filename, default_organization=default_organization
    )
    if next(table.rows, None) is None:
        raise ImportFileError(_("The file has headers but no rows to import."))
    return table.columns


def _check_allowed(kind: str, by: User | None, network: Network | None) -> None:
    if by is None:
        return
    allowed = (
        permissions.can_import_people(by)
        if kind == PEOPLE
        else permissions.can_import_organizations(by)
    )
    if not allowed or (network is not None and not permissions.can_manage_network(by, network)):
        raise PermissionDenied


def _network_ids(by: User | None, network: Network | None) -> list[int]:
    if network is not None:
        return [network.pk]
    if by is None:
        return []
    return sorted(permissions.coordinated_network_ids(by))


def _audit(report: ImportReport, *, by: User | None, filename: str, batch: ImportBatch | None):
    """One summary entry per import, not one per row: the batch keeps the details."""
    AuditEntry.objects.create(
        actor=by,
        action=AUDIT_ACTION,
        target_type="importbatch",
        target_id=str(batch.pk) if batch is not None else "",
        target_repr=f"{_AUDIT_LABEL[report.kind]}: {filename}"[:300],
        # {field: [old, new]}, as every audit entry: here "new" is the count.
        changes={
            "file": [None, filename],
            "created": [None, report.created],
            "updated": [None, report.updated],
            "unchanged": [None, report.unchanged],
            "rejected": [None, len(report.rejected)],
            **({"invited": [None, len(report.invited)]} if report.invited else {}),
        },
    )
