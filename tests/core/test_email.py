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
