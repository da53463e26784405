"""Writes of certificates: issuers and templates, numbering, batches, revocation, re-issue.

Callers use ``from metodset.certificates import services``; the names live in
``templates`` (issuers, wording, previews), ``issuing`` (numbers, PDFs, letters, revocation,
re-issue) and ``batches`` (background issue in chunks).
"""

from .batches import (
    CHUNK,
    batch_create,
    batch_run,
    batches_release,
    stalled_after,
    stalled_batches_resume,
)
from .issuing import (
    ORPHANS_AFTER,
    PDF_FOLDER,
    IssueRefused,
    Recipient,
    certificate_reissue,
    certificate_revoke,
    holders,
    issue_now,
    number_allocate,
    orphan_pdfs_remove,
    pdf_filename,
)
from .templates import (
    DEFAULTS,
    PREVIEW_KEEP,
    SAMPLE,
    Assets,
    certificate_data,
    check_number_pattern,
    format_number,
    issuer_for,
    preview_key,
    template_preview,
    template_preview_store,
    templates_ensure,
    verify_url,
)

__all__ = [
    "CHUNK",
    "DEFAULTS",
    "ORPHANS_AFTER",
    "PDF_FOLDER",
    "PREVIEW_KEEP",
    "SAMPLE",
    "Assets",
    "IssueRefused",
    "Recipient",
    "batch_create",
    "batch_run",
    "batches_release",
    "certificate_data",
    "certificate_reissue",
    "certificate_revoke",
    "check_number_pattern",
    "format_number",
    "holders",
    "issue_now",
    "issuer_for",
    "number_allocate",
    "orphan_pdfs_remove",
    "pdf_filename",
    "preview_key",
    "stalled_after",
    "stalled_batches_resume",
    "template_preview",
    "template_preview_store",
    "templates_ensure",
    "verify_url",
]
