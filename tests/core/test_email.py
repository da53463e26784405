"""E-mail goes out through the queue and a real SMTP server, exactly once."""

from django.core import mail

from metodset.core.models import OutgoingEmail
from metodset.core.services import email_deliver, email_queue


def test_password_reset_letter_arrives_over_smtp_in_russian(
    world, smtp, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/password/reset/", {"email": world.teacher.email})
    assert response.status_code == 302
    messages = smtp.wait_for(1)
    assert len(messages) == 1
    msg = messages[0]
    assert msg["To"] == world.teacher.email
    assert msg["Subject"].strip() == "Сброс пароля в Методсети"
    text = smtp.text_of(msg)
    assert "Уважаемая Елена Викторовна" in text
    assert "/password/set/" in text
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT


def test_delivering_twice_sends_once(db, django_capture_on_commit_callbacks):
    email = email_queue(
        to="a@example.ru",
        subject="Тема",
        template="accounts/email/password_reset",
        context={"user": None, "link": "/x/"},
    )
    assert email_deliver(email_id=email.pk) is True
    assert email_deliver(email_id=email.pk) is False
    assert len(mail.outbox) == 1


def test_a_letter_left_without_its_task_is_sent_by_the_periodic_sweep(db, smtp):
    """A process killed between storing a letter and enqueuing it: the sweep sends it once."""
    from datetime import timedelta

    from django.utils import timezone

    from metodset.core.services import emails_retry_failed

    stuck = OutgoingEmail.objects.create(
        to="stuck@example.ru",
        subject="Застряло",
        body="Текст",
        created_at=timezone.now() - timedelta(minutes=30),
    )
    fresh = OutgoingEmail.objects.create(to="fresh@example.ru", subject="Новое", body="Текст")
    assert emails_retry_failed() == 1  # tasks run at once in tests
    assert [m["To"] for m in smtp.wait_for(1)] == ["stuck@example.ru"]
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == OutgoingEmail.Status.SENT
    assert fresh.status == OutgoingEmail.Status.QUEUED  # its own task is still on the way
    assert emails_retry_failed() == 0
