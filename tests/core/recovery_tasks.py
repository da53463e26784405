"""A task for the recovery test: the first run hangs until it is killed, a second run finishes.

Importable by the worker process, which runs from the repository root.
"""

import time
from pathlib import Path

from django_tasks import task


@task()
def remember_runs(*, path: str) -> int:
    """Append a line per run; the first run then waits to be killed, later ones return."""
    marker = Path(path)
    with marker.open("a") as runs:
        runs.write("started\n")
    runs_so_far = marker.read_text().count("started")
    if runs_so_far == 1:
        for _ in range(1200):  # two minutes in short sleeps: killed long before
            time.sleep(0.1)
    with marker.open("a") as runs:
        runs.write("finished\n")
    return runs_so_far
