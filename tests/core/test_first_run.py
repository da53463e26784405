"""A newcomer's first run: ``metodset demo`` on a fresh install is Russian from the first request.

The package is copied without its compiled catalogues and the demo starts with an empty
var/, as after a fresh clone; the test then reads the first pages and scans every text the
demo stored for English words.
"""

import contextlib
import html.parser
import http.cookiejar
import json
import os
import pprint
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

import metodset

PACKAGE = Path(metodset.__file__).resolve().parent
COORDINATOR = "coordinator@demo.metodset.ru"

# Latin words a Russian text may hold: brands, formats, abbreviations.
BRANDS = {
    "API", "BigBlueButton", "CSV", "ICS", "IP", "Jitsi", "ODT", "PDF", "QR", "RuTube", "SMTP",
    "Typst", "UTC", "VK", "XLSX", "YouTube", "Zoom", "HTML", "DOCX", "PPTX", "MP4",
}  # fmt: skip
ROMAN = re.compile(r"^[IVXLC]+$")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
# Not words: links, addresses, paths and file names, {placeholders}, codes mixing digits.
NOT_WORDS = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+|\S*/\S*|\S+\.[a-z0-9]{2,4}\b"
    r"|\{[^}]*\}|\S*\d\S*"
)

# Stored for the machine, never shown as text: keys, secrets, hashes, code.
MACHINE_FIELDS = {
    "accounts.AuditEntry.action",  # a key, labelled in Russian on the audit page
    "accounts.AuditEntry.target_type",
    "accounts.AuditEntry.target_id",
    "certificates.Certificate.code",  # the verification code in the QR link
    "certificates.CertificateTemplate.source",  # Typst source of the design
    "events.Event.meeting_room",  # the room's name in the video service
    "events.Event.meeting_secret",
    "library.Material.audiences",  # codes of the levels of education, «,noo,ooo,»
}
MACHINE_NAMES = re.compile(r"(^|_)(token|hash|secret|password|key|slug|sources?|field|phase)$")


def latin_words(text: str) -> list[str]:
    """Latin words of a text outside links, addresses, paths, codes and the brands."""
    words = LATIN_WORD.findall(NOT_WORDS.sub(" ", text))
    return [w for w in words if w not in BRANDS and not ROMAN.match(w)]


def test_latin_words_skips_links_names_and_brands():
    text = (
        "Ссылка https://demo.metodset.ru/e/1/ и room-42, почта coordinator@demo.metodset.ru, "
        "файл uploads/a.pdf, отчёт.xlsx, {seq:06}, Jitsi, BigBlueButton, XXI век, "
        "16:00 (Москва, UTC+3). Your application is received"
    )
    assert latin_words(text) == ["Your", "application", "is", "received"]


def _text_fields() -> list[tuple[str, str, str]]:
    """(label, table, column) of every text field of our models a person may read, and of
    every JSON field (its strings: a questionnaire's options, a letter's attachments)."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("metodset."):
            continue  # Django's own tables: permission names, sessions, task results
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField | models.JSONField):
                continue
            if field.choices or isinstance(
                field, models.SlugField | models.EmailField | models.URLField
            ):
                continue  # keys stored, labels translated when shown
            label = f"{model._meta.label}.{field.name}"
            if label in MACHINE_FIELDS or MACHINE_NAMES.search(field.name):
                continue
            found.append((label, model._meta.db_table, field.column))
    return found


def _stored_english(database: Path) -> dict[str, list[str]]:
    """Each text field holding Latin words, with a few of its values that do."""
    english: dict[str, list[str]] = {}
    json_fields = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.JSONField)
    }
    with sqlite3.connect(database) as db:
        for label, table, column in _text_fields():
            rows = db.execute(f'SELECT DISTINCT "{column}" FROM "{table}"')  # noqa: S608
            in_json = label in json_fields
            for (value,) in rows:
                for text in _strings(value, in_json=in_json):
                    if latin_words(text):
                        values = english.setdefault(label, [])
                        if len(values) < 3:
                            values.append(f"{latin_words(text)[:6]} in {text[:120]!r}")
    return english


def _strings(value: object, *, in_json: bool) -> Iterator[str]:
    """The texts a stored value holds: itself, the strings inside JSON, an HTML page's words."""
    if in_json and isinstance(value, str):
        value = json.loads(value)
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            yield from _strings(item, in_json=False)
    elif isinstance(value, str):
        yield visible_text(value) if value.lstrip().startswith("<") else value


class _VisibleText(html.parser.HTMLParser):
    """The words a reader sees or hears: text outside scripts and styles, titles, placeholders
    and labels for screen readers."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if name in ("title", "placeholder", "alt", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _VisibleText()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def _fresh_install(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the package with no compiled catalogues, and an environment with an empty var/."""
    copy = tmp_path / "src" / "metodset"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {
        **os.environ,
        "PYTHONPATH": str(copy.parent),
        "METODSET_VAR": str(tmp_path / "var"),
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("SITE_URL", "DATABASE_URL", "REDIS_URL", "TASKS_IMMEDIATE", "EMAIL_BACKEND"):
        env.pop(name, None)
    return copy, env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _first_page(opener, url: str, server: subprocess.Popen, timeout: float) -> str:
    """The first page the server answers, asked for until it listens."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, "the demo exited"
        try:
            with opener.open(url, timeout=5) as response:
                return response.read().decode()
        except (ConnectionError, urllib.error.URLError, TimeoutError):
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in {timeout} s")


def _log_in(opener, base: str, login_page: str) -> str:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": COORDINATOR, "password": "demo12345"}
    ).encode()
    request = urllib.request.Request(f"{base}/login/", data=form, headers={"Referer": base})
    with opener.open(request, timeout=30) as response:
        assert response.url == f"{base}/", "the demo login did not go through"
        return response.read().decode()


def _stop(server: subprocess.Popen) -> None:
    """Stop the demo and its worker: they share the process group the demo leads."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.wait(timeout=30)
    with contextlib.suppress(ProcessLookupError):  # whatever of the group is still there
        os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=10)


@pytest.mark.own_sqlite
def test_demo_on_a_fresh_install_is_russian_in_its_first_pages_and_its_data(tmp_path):
    copy, env = _fresh_install(tmp_path)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "metodset.cli", "demo", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        # Generous: the suite asserts behaviour, not speed, and the machine may be busy.
        login = _first_page(opener, f"{base}/login/", server, timeout=300)
        home = _log_in(opener, base, login)
    finally:
        _stop(server)

    assert (copy / "locale" / "ru" / "LC_MESSAGES" / "django.mo").exists()  # the copy ran
    assert "Войти" in visible_text(login)
    assert "Выйти" in visible_text(home)
    # Once the first process cached an empty catalogue: «My week», «Events», «Forgot your
    # password?» on the pages, and English letters, questionnaires and routes in the data.
    english = {
        "/login/": latin_words(visible_text(login)),
        "/ (coordinator)": latin_words(visible_text(home)),
        **_stored_english(tmp_path / "var" / "metodset.sqlite3"),
    }
    found = {where: words for where, words in english.items() if words}
    assert not found, pprint.pformat(found, width=100)
