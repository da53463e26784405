"""Shared fixtures: a small network with one person per role, a real SMTP server, a browser."""

from __future__ import annotations

import os
import shutil
import socket
import time
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from django.test import Client

from metodset.accounts.models import Membership
from metodset.core.i18n import compile_catalogs

from . import factories

Role = Membership.Role
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
HAVE_CHROMIUM = shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM)


def pytest_configure(config):
    compile_catalogs()
    # Pages name static files as they lie: no collectstatic before each run.
    # tests/core/test_static_files.py proves the hashed, compressed production path.
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API + ORM


def pytest_collection_modifyitems(config, items):
    if not HAVE_CHROMIUM:
        skip = pytest.mark.skip(reason=f"Debian's chromium not found at {CHROMIUM}")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)
    # A test marked own_sqlite runs ``metodset`` on a new SQLite folder whatever the suite's
    # database, so a run on PostgreSQL would repeat the SQLite run's work exactly; it is left
    # to the SQLite run (.ci/run runs both). METODSET_TEST_ALL=1 runs it anyway.
    if os.environ.get("DATABASE_URL", "").startswith("postgres") and not os.environ.get(
        "METODSET_TEST_ALL"
    ):
        same = pytest.mark.skip(reason="the same SQLite processes as in the SQLite run")
        for item in items:
            if "own_sqlite" in item.keywords:
                item.add_marker(same)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not HAVE_CHROMIUM:
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(
            f"Debian's chromium is not installed ({CHROMIUM}). Install it with:\n"
            "    sudo apt-get install chromium\n"
            "and run `make test` again. CI (.ci/run) always installs it.",
            red=True,
        )


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    """Tasks run inside the request in most tests; the worker has its own tests."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Full-strength hashing costs ~0.2 s a user; tests make many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@dataclass
class World:
    """A network of two partner organisations in two regions, and an outsider organisation."""

    region_west: object
    region_east: object
    school: object
    kindergarten: object
    outside_org: object
    network: object
    coordinator: object
    council: object
    manager: object
    methodist: object
    teacher: object
    colleague: object
    kg_teacher: object
    outsider: object
    superuser: object


@pytest.fixture
def world(db) -> World:
    west = factories.region("Калининградская область", "Europe/Kaliningrad")
    east = factories.region("Камчатский край", "Asia/Kamchatka")
    school = factories.organization(
        region_=west,
        name="МБОУ «Средняя общеобразовательная школа № 161»",
        short_name="МБОУ «СОШ № 161»",
    )
    kg = factories.organization(
        region_=east,
        kind="kindergarten",
        name="МБДОУ «Детский сад № 12 „Солнышко“»",
        short_name="МБДОУ «Д/с № 12»",
        city="Петропавловск-Камчатский",
    )
    outside = factories.organization(region_=west, short_name="МОУ «Гимназия № 53»")
    net = factories.network(name="Учитель в цифровой образовательной среде", partners=[school, kg])
    return World(
        region_west=west,
        region_east=east,
        school=school,
        kindergarten=kg,
        outside_org=outside,
        network=net,
        coordinator=factories.person(
            email="coord@example.ru",
            network_=net,
            role=Role.NETWORK_COORDINATOR,
            last_name="Смирнова",
            first_name="Ольга",
            middle_name="Ивановна",
        ),
        council=factories.person(
            email="council@example.ru", network_=net, role=Role.COUNCIL_MEMBER
        ),
        manager=factories.person(email="head@example.ru", organization_=school, role=Role.MANAGER),
        methodist=factories.person(
            email="method@example.ru",
            organization_=school,
            role=Role.METHODIST,
            last_name="Кузнецова",
            first_name="Анна",
            middle_name="Сергеевна",
        ),
        teacher=factories.person(
            email="teacher@example.ru",
            organization_=school,
            role=Role.TEACHER,
            last_name="Петрова",
            first_name="Елена",
            middle_name="Викторовна",
        ),
        colleague=factories.person(
            email="colleague@example.ru",
            organization_=school,
            role=Role.TEACHER,
            last_name="Соколов",
            first_name="Игорь",
            middle_name="Андреевич",
        ),
        kg_teacher=factories.person(
            email="kg@example.ru", organization_=kg, role=Role.TEACHER, time_zone="Asia/Kamchatka"
        ),
        outsider=factories.person(
            email="outsider@example.ru", organization_=outside, role=Role.MANAGER
        ),
        superuser=factories.person(email="root@example.ru", is_superuser=True, is_staff=True),
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- a real SMTP server ---------------------------------------------------------------


class SmtpInbox:
    """An aiosmtpd server on a free localhost port; ``messages`` holds what it received."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[EmailMessage] = []
        inbox = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
                msg = message_from_bytes(envelope.content, policy=policy.default)
                inbox.messages.append(msg)
                return "250 OK"

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpInbox:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages

    @staticmethod
    def text_of(msg: EmailMessage) -> str:
        part = msg.get_body(preferencelist=("plain",))
        return part.get_content() if part else ""


@pytest.fixture
def smtp(settings):
    """Route Django's e-mail through a real SMTP server started for this test."""
    inbox = SmtpInbox().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = inbox.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    try:
        yield inbox
    finally:
        inbox.stop()


# --- a real worker process ------------------------------------------------------------


def database_url() -> str:
    """The test database as a DATABASE_URL, for a worker process started by a test."""
    from django.db import connection

    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings_dict['NAME']}"
    return (
        f"postgres://{settings_dict['USER'] or 'postgres'}@{settings_dict['HOST'] or '127.0.0.1'}"
        f":{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )


def redis_clock_apart(url: str) -> bool:
    """Is this process's clock far from the Redis server's? Only under faketime (CI's third
    run moves the process clock 400 days ahead, not the server's): RQ then compares times the
    server keeps with times the process makes, and a worker's jobs look abandoned or not yet
    due, which never happens on one machine's clock. The RQ process tests skip then."""
    import time

    import redis

    try:
        seconds, _micro = redis.Redis.from_url(url, socket_connect_timeout=1).time()
    except Exception:  # noqa: BLE001 - no Redis: the tests skip for that reason
        return False
    return abs(time.time() - seconds) > 3600


def kill_process_tree(pid: int) -> None:
    """SIGKILL a process and every descendant (RQ's scheduler runs in a child), as a crash of
    the machine would."""
    import pathlib
    import signal
    from contextlib import suppress

    children: dict[int, list[int]] = {}
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # a process that has just ended
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    family, queue = [], [pid]
    while queue:
        current = queue.pop()
        family.append(current)
        queue.extend(children.get(current, []))
    for member in family:
        with suppress(ProcessLookupError):
            os.kill(member, signal.SIGKILL)


def worker_env(smtp: SmtpInbox, **extra: str) -> dict[str, str]:
    """Environment of a ``metodset worker`` process on the test database and SMTP server."""
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "REDIS_URL": "",
        "TASKS_IMMEDIATE": "",
        **extra,
    }


# --- a real browser -------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not HAVE_CHROMIUM:
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    # Chromium reports what the Content-Security-Policy blocked on the console: any such report
    # fails the test, since a blocked script or style is a page that silently doesn't work.
    blocked: list[str] = []
    context.on(
        "console",
        lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.base_url = live_server.url  # type: ignore[attr-defined]
    yield pg
    context.close()
    assert blocked == [], "the Content-Security-Policy blocked something"


def browser_login(page, email: str, password: str = factories.PASSWORD) -> None:
    page.goto(f"{page.base_url}/login/")
    page.get_by_label("Электронная почта").fill(email)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()


@pytest.fixture
def wait_until():
    def _wait(predicate, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.05)
        return False

    return _wait


# The programmes' shared fixture, for the API and browser tests too.
from .programs.conftest import internship  # noqa: E402, F401
