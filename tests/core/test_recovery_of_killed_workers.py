"""One recovery rule on both queues: a task whose worker was killed runs again, at once.

A worker is SIGKILLed in the middle of a task, on the database queue and on RQ; a second
worker, started after it, finds the first one dead on its first beat (same host, process
gone) and runs the task again, without waiting for any periodic sweep. The task is an
ordinary one, not a certificate batch or a letter, which have their own releases.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..conftest import SmtpInbox, kill_process_tree, redis_clock_apart, worker_env
from .recovery_tasks import remember_runs

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL_RECOVERY", "redis://127.0.0.1:6379/13")


def _redis_available(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False


def _worker(env: dict[str, str], *, burst: bool, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "metodset.cli", "worker", *(["--batch"] if burst else [])],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )


def _kill_mid_task_then_run_again(
    env: dict[str, str], marker: Path, tmp_path: Path, result
) -> None:
    first = _worker(env, burst=False, log=tmp_path / "first.log")
    try:
        deadline = time.monotonic() + 60
        while not (marker.exists() and "started" in marker.read_text()):
            assert first.poll() is None, (tmp_path / "first.log").read_text()[-3000:]
            assert time.monotonic() < deadline, (tmp_path / "first.log").read_text()[-3000:]
            time.sleep(0.05)
    finally:
        kill_process_tree(first.pid)  # no goodbye: its task stays RUNNING / STARTED
        first.wait(10)
    assert marker.read_text() == "started\n"

    # The second worker is an ordinary one, stopped once the task has run again: whether a
    # batch worker would then exit (RQ's burst mode, with periodic jobs queued meanwhile) is
    # not what is tested here.
    second = _worker(env, burst=False, log=tmp_path / "second.log")
    try:
        deadline = time.monotonic() + 120
        while result.status != "SUCCESSFUL":
            if second.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    "the task did not run again; the second worker's log:\n"
                    + (tmp_path / "second.log").read_text()[-6000:]
                    + "\nthe first worker's log:\n"
                    + (tmp_path / "first.log").read_text()[-3000:]
                )
            time.sleep(0.2)
            result.refresh()
    finally:
        kill_process_tree(second.pid)
        second.wait(10)
    assert marker.read_text() == "started\nstarted\nfinished\n"


@pytest.mark.django_db(transaction=True)
def test_a_task_of_a_killed_worker_runs_again_on_the_database_queue(settings, tmp_path):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    marker = tmp_path / "runs.txt"
    result = remember_runs.enqueue(path=str(marker))
    inbox = SmtpInbox().start()
    try:
        env = worker_env(inbox, WORKER_TICK="0.5")
        _kill_mid_task_then_run_again(env, marker, tmp_path, result)
    finally:
        inbox.stop()

    assert result.return_value == 2


@pytest.mark.skipif(not _redis_available(REDIS_TEST_URL), reason="Redis is not running")
@pytest.mark.skipif(
    redis_clock_apart(REDIS_TEST_URL), reason="the process clock is moved away from Redis's"
)
@pytest.mark.django_db(transaction=True)
def test_a_task_of_a_killed_worker_runs_again_on_rq(settings, tmp_path):
    import redis

    redis.Redis.from_url(REDIS_TEST_URL).flushdb()
    settings.RQ_QUEUES = {"default": {"URL": REDIS_TEST_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    marker = tmp_path / "runs.txt"
    result = remember_runs.enqueue(path=str(marker))
    inbox = SmtpInbox().start()
    try:
        env = worker_env(inbox, REDIS_URL=REDIS_TEST_URL, WORKER_TICK="0.5", LOG_LEVEL="INFO")
        _kill_mid_task_then_run_again(env, marker, tmp_path, result)
    finally:
        inbox.stop()

    assert result.return_value == 2
