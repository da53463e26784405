"""Background tasks of certificates: thin wrappers over services, taking ids."""

from django_tasks import task

from . import services


@task()
def run_batch(*, batch_id: int) -> int:
    """Issue a batch; run again after a crash, it resumes where it stopped."""
    return services.batch_run(batch_id=batch_id).issued


@task()
def render_template_preview(
    *, template_id: int, job: str, edits: dict[str, str], language: str
) -> None:
    """A preview of an organiser's own design: out of the web request, the page polls."""
    services.template_preview_store(
        template_id=template_id, job=job, edits=edits, language=language
    )


@task()
def remove_orphan_pdfs() -> int:
    """Daily: stored PDFs that no certificate points at (a worker killed mid-chunk)."""
    return services.orphan_pdfs_remove()


@task()
def resume_stalled_batches() -> int:
    """Every few minutes: batches whose task vanished (never queued, or lost with Redis)."""
    return len(services.stalled_batches_resume())
