"""Background tasks of the import: thin wrappers over ``batches``, taking ids."""

from django_tasks import task

from . import batches


@task()
def check_import_batch(*, batch_id: int) -> None:
    batches.import_batch_check(batch_id=batch_id)


@task()
def run_import_batch(*, batch_id: int) -> None:
    batches.import_batch_run(batch_id=batch_id)
