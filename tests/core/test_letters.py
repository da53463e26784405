"""Every letter goes out as text and HTML from one template, with absolute links."""

import re

from django.core import mail

from metodset.core.letters import LINK_STYLE, linked, paragraphs
from metodset.core.models import OutgoingEmail
from metodset.core.services import email_deliver, email_queue

from .. import factories


def _hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def test_a_queued_letter_has_a_text_and_an_html_part_with_the_same_links(
    world, smtp, client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://metodset.example.ru"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/password/reset/", {"email": world.teacher.email})
    [msg] = smtp.wait_for(1)
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(preferencelist=("plain",)).get_content()
    html = msg.get_body(preferencelist=("html",)).get_content()
    [link] = re.findall(r"https://\S+", text)
    assert link.startswith("https://metodset.example.ru/password/set/")
    assert f'<a href="{link}"' in html
    assert _hrefs(html) == [
        "https://metodset.example.ru/",  # the header «Методсеть»
        link,
        "https://metodset.example.ru/",  # the footer
    ]
    assert "Уважаемая Елена Викторовна" in html
    assert "<title>Сброс пароля в Методсети</title>" in html
    assert "Вы получили это письмо, потому что ваш адрес указан в Методсети" in html
    assert OutgoingEmail.objects.get().html.split() == html.split()


def test_what_people_typed_stays_text_in_the_html_part(db, settings):
    settings.SITE_URL = "https://metodset.example.ru"
    user = factories.person(first_name="<script>alert(1)</script>", middle_name="Ивановна")
    email = email_queue(
        to=user.email,
        subject="Тема <b>",
        template="accounts/email/password_reset",
        context={"user": user, "link": "/password/set/a/b/?x=1&y=2"},
    )
    assert "<script" not in email.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in email.html
    assert "<title>Тема &lt;b&gt;</title>" in email.html
    assert 'href="https://metodset.example.ru/password/set/a/b/?x=1&amp;y=2"' in email.html
    assert "<script>alert(1)</script>" in email.body  # the text part is plain text


def test_the_html_part_is_stored_and_sent_as_an_alternative(db):
    email = email_queue(
        to="a@example.ru",
        subject="Тема",
        template="accounts/email/password_reset",
        context={"user": None, "link": "/x/"},
    )
    assert email.html.startswith("<!doctype html>")
    email_deliver(email_id=email.pk)
    assert len(mail.outbox) == 1 and mail.outbox[0].alternatives[0][1] == "text/html"


def test_addresses_become_links_without_the_sentence_around_them():
    assert linked("Каталог: http://h.ru/events/.") == (
        f'Каталог: <a href="http://h.ru/events/" style="{LINK_STYLE}">http://h.ru/events/</a>.'
    )
    assert _hrefs(linked("(см. https://h.ru/a?b=1&c=2), «http://h.ru/x»")) == [
        "https://h.ru/a?b=1&amp;c=2",
        "http://h.ru/x",
    ]
    assert _hrefs(linked("javascript:alert(1) ftp://h.ru h.ru www.h.ru")) == []


def test_blank_lines_make_paragraphs_and_single_breaks_stay_lines():
    assert paragraphs("Здравствуйте!\n\nПервая строка\nвторая\n  \n\nПодпись\n") == [
        ["Здравствуйте!"],
        ["Первая строка", "вторая"],
        ["Подпись"],
    ]
