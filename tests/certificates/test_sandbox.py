"""An organiser's own design: no packages and no network, a time and a memory limit, and no
file outside the render folder, whatever its source does."""

from __future__ import annotations

import re
import socket
import time
from datetime import timedelta
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from metodset.accounts.models import User
from metodset.certificates import sandbox, services
from metodset.certificates.models import Kind
from metodset.certificates.rendering import TemplateError
from metodset.programs.models import Program

from .. import factories
from ..conftest import client_for
from .conftest import template_of


@pytest.fixture
def course(world) -> Program:
    today = timezone.localdate()
    return Program.objects.create(
        kind=Program.Kind.DIGITAL_INTERNSHIP,
        title="Цифровая среда начальной школы",
        organizer=world.school,
        starts_on=today - timedelta(days=60),
        ends_on=today - timedelta(days=30),
    )


@pytest.fixture
def people(world) -> list[User]:
    return [
        factories.person(organization_=world.school, last_name=last, first_name="Анна")
        for last in ("Иванова", "Петрова", "Сидорова")
    ]


@pytest.fixture
def fake_proxy(monkeypatch):
    """A proxy the host seems to have: the way out a download would take, if one were tried."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.5)
    address = f"http://127.0.0.1:{listener.getsockname()[1]}"
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, address)
    yield listener
    listener.close()


def nobody_knocked(listener: socket.socket) -> bool:
    try:
        connection, _address = listener.accept()
    except TimeoutError:
        return True
    connection.close()
    return False


@pytest.mark.parametrize(
    "sneaked_in",
    [
        '#let p = "@pre" + "view/example:0.1.0"\n#import p: *\n',
        '#let p = "@pre" + "view/example:0.1.0"\n#include p\n',
        '#eval("#imp" + "ort \\"@preview/example:0.1.0\\": *", mode: "markup")\n',
    ],
    ids=["concatenated import", "concatenated include", "eval"],
)
def test_a_package_named_by_a_computed_string_is_refused_without_going_online(
    issuer, fake_proxy, sneaked_in
):
    template = template_of(issuer, Kind.DEVELOPMENT)
    with pytest.raises(TemplateError) as refused:
        services.template_preview(template=template, source=sneaked_in + template.source)
    assert str(refused.value) == "Пакеты Typst (@preview/…) в макете использовать нельзя."
    assert nobody_knocked(fake_proxy)


def test_without_a_network_namespace_the_proxies_still_lead_nowhere(
    issuer, fake_proxy, monkeypatch
):
    """A host that allows no ``unshare -rn`` (a locked-down container) keeps the guarantee."""
    monkeypatch.setattr(sandbox, "_unshare", lambda: [])
    template = template_of(issuer, Kind.DEVELOPMENT)
    sneaked_in = '#let p = "@pre" + "view/example:0.1.0"\n#import p: *\n'
    with pytest.raises(TemplateError) as refused:
        services.template_preview(template=template, source=sneaked_in + template.source)
    assert str(refused.value) == "Пакеты Typst (@preview/…) в макете использовать нельзя."
    assert nobody_knocked(fake_proxy)


def test_a_design_that_computes_for_too_long_is_stopped_with_a_message(issuer, settings):
    settings.CERTIFICATE_RENDER_TIMEOUT = 1
    template = template_of(issuer, Kind.DEVELOPMENT)
    loop = "#for i in range(100000) { for j in range(100000) { } }\n"
    started = time.monotonic()
    with pytest.raises(TemplateError) as refused:
        services.template_preview(template=template, source=template.source + loop)
    assert time.monotonic() - started < 4
    assert str(refused.value) == "Шаблон слишком долго собирается: прервано через 1 с"


def test_a_design_that_wants_too_much_memory_is_stopped_with_a_message(issuer, settings):
    settings.CERTIFICATE_RENDER_MEMORY_MB = 512
    template = template_of(issuer, Kind.DEVELOPMENT)
    hog = "#let a = range(200000000)\n#a.len()\n"
    with pytest.raises(TemplateError) as refused:
        services.template_preview(template=template, source=template.source + hog)
    assert str(refused.value) == "Шаблону не хватает памяти: сборка прервана на 512 МБ"


@pytest.mark.parametrize(
    "reach_out",
    [
        '#read("/etc/passwd")',
        '#read("../../../../../../../../etc/passwd")',
        '#image("../../../../../../../../usr/share/pixmaps/debian-logo.png")',
        '#let f = "/etc/" + "passwd"\n#read(f)',
    ],
)
def test_a_design_cannot_read_outside_the_render_folder(issuer, reach_out):
    template = template_of(issuer, Kind.DEVELOPMENT)
    with pytest.raises(TemplateError) as refused:
        services.template_preview(template=template, source=template.source + reach_out)
    assert "В макете ошибка" in str(refused.value)


def test_the_editor_shows_why_a_design_was_stopped(world, issuer, settings):
    settings.CERTIFICATE_RENDER_TIMEOUT = 1
    template = template_of(issuer, Kind.DEVELOPMENT)
    loop = "#for i in range(100000) { for j in range(100000) { } }\n"
    page = client_for(world.methodist).post(
        reverse("certificates:template_preview", args=[template.pk]),
        {"heading": "Сертификат", "body": "{passed}", "source": template.source + loop},
    )
    assert "Шаблон слишком долго собирается: прервано через 1 с" in page.content.decode()


def test_an_edited_design_still_issues_a_batch_of_certificates(issuer, course, people):
    template = template_of(issuer, Kind.DEVELOPMENT)
    template.source += "\n#place(bottom + left)[Своя строка]\n"
    template.save()
    today = timezone.localdate()
    certificates = services.issue_now(
        template=template, users=people, program=course, hours=Decimal(72), issued_on=today
    )
    for certificate, person in zip(certificates, people, strict=True):
        with certificate.pdf.open("rb") as f:
            text = " ".join(page.extract_text() for page in pypdf.PdfReader(f).pages)
        assert person.last_name in text
        assert "Своя строка" in text


def test_a_batch_of_a_design_that_runs_too_long_fails_once_not_once_a_certificate(
    issuer, course, people, settings
):
    settings.CERTIFICATE_RENDER_TIMEOUT = 1
    template = template_of(issuer, Kind.DEVELOPMENT)
    template.source += "\n#for i in range(100000) { for j in range(100000) { } }\n"
    template.save()  # as if saved before the check existed
    today = timezone.localdate()
    started = time.monotonic()
    with pytest.raises(TemplateError) as refused:
        services.issue_now(
            template=template, users=people, program=course, hours=Decimal(72), issued_on=today
        )
    assert time.monotonic() - started < 3.5  # one stopped document, not three more
    assert str(refused.value) == "Шаблон слишком долго собирается: прервано через 1 с"


# --- the preview of an edited design: a task the page polls ---------------------------------


def test_an_edited_design_is_previewed_by_a_task_the_page_polls(world, issuer, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    template = template_of(issuer, Kind.DEVELOPMENT)
    client = client_for(world.methodist)
    url = reverse("certificates:template_preview", args=[template.pk])
    edits = {
        "heading": "Сертификат",
        "subheading": "",
        "lead": "",
        "body": "{passed}",
        "source": template.source + "\n#place(bottom + left)[Своя строка]\n",
    }
    pending = client.post(url, edits).content.decode()
    assert "Собираем предпросмотр…" in pending
    job = re.search(r"\?job=([0-9a-f]{32})&amp;polls=1", pending)
    assert job, pending
    still = client.get(url, {"job": job.group(1), "polls": "1"}).content.decode()
    assert f"?job={job.group(1)}&amp;polls=2" in still

    services.template_preview_store(  # what the worker does
        template_id=template.pk, job=job.group(1), edits=edits, language="ru"
    )
    done = client.get(url, {"job": job.group(1), "polls": "2"}).content.decode()
    assert 'data-testid="preview-image"' in done
    assert "hx-get" not in done

    assert (
        client_for(world.teacher).get(url, {"job": job.group(1), "polls": "1"}).status_code == 404
    )
    assert client.get(url, {"job": "../x", "polls": "1"}).status_code == 400
    assert client.get(url, {"job": job.group(1), "polls": "²"}).status_code == 400


def test_a_preview_that_never_comes_stops_the_polling_with_a_message(world, issuer, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    template = template_of(issuer, Kind.DEVELOPMENT)
    url = reverse("certificates:template_preview", args=[template.pk])
    page = client_for(world.methodist).get(url, {"job": "0" * 32, "polls": "60"})
    text = page.content.decode()
    assert "Предпросмотр ещё не готов. Измените форму, чтобы попробовать снова." in text
    assert "hx-get" not in text


def test_a_shipped_design_is_previewed_at_once(world, issuer, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    template = template_of(issuer, Kind.DEVELOPMENT)
    page = client_for(world.methodist).post(
        reverse("certificates:template_preview", args=[template.pk]),
        {"heading": "Сертификат", "body": "{passed}", "source": template.source},
    )
    assert 'data-testid="preview-image"' in page.content.decode()
