"""«Отправленные письма»: the superuser reads every e-mail the platform sent; nobody else."""

import html
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.core.models import OutgoingEmail

from ..conftest import client_for


def _emails(n):
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(to=f"p{i}@example.ru", subject=f"Приглашение № {i}", body=f"Текст {i}")
        for i in range(n)
    )


def test_superuser_reads_sent_emails_and_their_text(world):
    _emails(2)
    client = client_for(world.superuser)
    page = client.get("/outbox/").content.decode()
    assert "Отправленные письма" in page
    assert "Приглашение № 0" in page and "p1@example.ru" in page
    email = OutgoingEmail.objects.get(to="p1@example.ru")
    detail = client.get(f"/outbox/{email.pk}/").content.decode()
    assert "Текст 1" in detail


def test_coordinator_and_teacher_may_not_read_the_outbox(world):
    _emails(1)
    email = OutgoingEmail.objects.get()
    for person in (world.coordinator, world.teacher):
        client = client_for(person)
        assert client.get("/outbox/").status_code == 403
        assert client.get(f"/outbox/{email.pk}/").status_code == 403


def test_outbox_query_count_does_not_grow(world):
    client = client_for(world.superuser)
    _emails(1)
    with CaptureQueriesContext(connection) as small:
        client.get("/outbox/")
    _emails(40)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/outbox/")
    assert response.content.decode().count("Приглашение №") == 41
    assert len(large) == len(small)


def test_superuser_sees_how_the_letter_looks_in_a_sandboxed_frame(world):
    from metodset.core.services import email_queue

    world.teacher.first_name = "<b>Елена</b>"
    email = email_queue(
        to=world.teacher.email,
        subject="Сброс пароля",
        template="accounts/email/password_reset",
        context={"user": world.teacher, "link": "/password/set/a/b/"},
    )
    detail = client_for(world.superuser).get(f"/outbox/{email.pk}/").content.decode()
    assert "Как выглядит письмо" in detail and "Текст письма" in detail
    [frame] = re.findall(r"<iframe[^>]*>", detail)
    assert " sandbox " in frame and 'title="Как выглядит письмо"' in frame
    srcdoc = html.unescape(re.search(r'srcdoc="([^"]*)"', frame).group(1))
    assert srcdoc == email.html
    assert "<b>Елена</b>" not in srcdoc  # what people typed stays text inside the letter too
    assert "&lt;b&gt;Елена&lt;/b&gt;" in srcdoc
