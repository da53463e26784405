"""Every letter goes out as text and HTML from one template, with absolute links."""

import os
import re
import signal
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest
from django.core import mail

from metodset.core.letters import LINK_STYLE, linked, paragraphs
from metodset.core.models import OutgoingEmail
from metodset.core.services import email_deliver, email_queue

from .. import factories
from .test_cli import _free_port, _fresh_env, _wait_for_page


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


CREATE_TEACHER = (
    "from metodset.accounts.models import User; User.objects.create_user("
    "email='teacher@example.ru', password='old-password-1', last_name='Петрова',"
    " first_name='Елена', middle_name='Викторовна')"
)


@pytest.mark.own_sqlite
def test_a_served_sites_password_letter_arrives_in_both_parts_with_links_to_its_own_port(
    tmp_path, smtp
):
    """`metodset serve --port N` with no SITE_URL: the letter's links lead back to port N."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**_fresh_env(tmp_path), "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp.port)}
    env.pop("SITE_URL", None)
    command = [sys.executable, "-m", "metodset.cli"]
    with open(tmp_path / "server.log", "w") as log:
        server = subprocess.Popen(
            [*command, "serve", "--port", str(port), "--with-worker"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the worker goes down with it
        )
    try:
        _wait_for_page(f"{base}/login/", server, timeout=120)
        subprocess.run(
            [*command, "manage", "shell", "-v", "0", "-c", CREATE_TEACHER],
            env=env,
            check=True,
            timeout=120,
        )
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        form = browser.open(f"{base}/password/reset/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = {"csrfmiddlewaretoken": token, "email": "teacher@example.ru"}
        sent = browser.open(
            f"{base}/password/reset/", urllib.parse.urlencode(data).encode(), timeout=30
        )
        assert sent.url == f"{base}/password/reset/sent/"

        [msg] = smtp.wait_for(1, timeout=60)  # the server's worker delivers it
        assert msg.get_content_type() == "multipart/alternative"
        assert [part.get_content_type() for part in msg.iter_parts()] == [
            "text/plain",
            "text/html",
        ]
        text = msg.get_body(preferencelist=("plain",)).get_content()
        html = msg.get_body(preferencelist=("html",)).get_content()
        assert "Уважаемая Елена Викторовна" in text and "Уважаемая Елена Викторовна" in html
        text_links = re.findall(r"https?://\S+", text)
        [reset_link] = [link for link in text_links if "/password/set/" in link]
        assert text_links == [reset_link]
        assert reset_link.startswith(f"{base}/password/set/")
        assert _hrefs(html) == [f"{base}/", reset_link, f"{base}/"]

        # The link works on the server that sent it: it opens the new-password form.
        page = browser.open(reset_link, timeout=30).read().decode()
        assert 'name="new_password1"' in page
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
