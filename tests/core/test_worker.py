"""A real worker process delivers queued e-mail through a real SMTP server."""

import os
import subprocess
import sys

import pytest

from metodset.core.models import OutgoingEmail
from metodset.core.services import email_queue

from ..conftest import database_url, redis_clock_apart, worker_env


@pytest.mark.django_db(transaction=True)
def test_worker_process_sends_queued_email(settings, smtp, world):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    email = email_queue(
        to=world.teacher.email,
        subject="Проверка очереди",
        template="accounts/email/password_reset",
        context={"user": world.teacher, "link": "/password/set/x/y/"},
    )
    assert OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.QUEUED

    env = worker_env(smtp)
    result = subprocess.run(
        [sys.executable, "-m", "metodset.cli", "worker", "--batch"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    messages = smtp.wait_for(1)
    assert [m["To"] for m in messages] == [world.teacher.email]
    assert "Уважаемая Елена Викторовна" in smtp.text_of(messages[0])
    assert OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.SENT


def _redis_available(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False


REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


@pytest.mark.skipif(not _redis_available(REDIS_TEST_URL), reason="Redis is not running")
@pytest.mark.skipif(
    redis_clock_apart(REDIS_TEST_URL), reason="the process clock is moved away from Redis's"
)
@pytest.mark.django_db(transaction=True)
def test_rq_worker_on_redis_sends_queued_email(settings, smtp, world):
    """With REDIS_URL set, tasks go through RQ and an rqworker process delivers them."""
    import redis

    redis.Redis.from_url(REDIS_TEST_URL).flushdb()
    settings.RQ_QUEUES = {"default": {"URL": REDIS_TEST_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    email = email_queue(
        to=world.teacher.email,
        subject="Через Redis",
        template="accounts/email/password_reset",
        context={"user": world.teacher, "link": "/password/set/x/y/"},
    )
    assert redis.Redis.from_url(REDIS_TEST_URL).llen("rq:queue:default") == 1
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_TEST_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
    }
    result = subprocess.run(
        [sys.executable, "-m", "metodset.cli", "worker", "--batch"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,  # a loaded machine: behaviour is asserted here, speed by the bench
    )
    assert result.returncode == 0, result.stderr
    messages = smtp.wait_for(1, timeout=30)
    assert [m["Subject"].strip() for m in messages] == ["Через Redis"]
    assert OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.SENT
