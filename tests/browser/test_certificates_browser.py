"""Certificates in Debian's chromium: the coordinator issues them for a finished internship and
watches a real worker issue the batch; an intern downloads hers, opens the verification page
and sees it valid; after revocation the same page says revoked."""

from __future__ import annotations

import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pypdfium2 as pdfium
import pytest
import zxingcpp
from playwright.sync_api import expect
from pypdf import PdfReader

from metodset.certificates import services
from metodset.certificates.models import Certificate, Signatory
from metodset.programs.models import Program

from ..conftest import browser_login, worker_env
from ..programs.conftest import finish_in_the_past

pytestmark = pytest.mark.browser


def _worker(smtp) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "metodset.cli", "worker", "--batch", "--interval", "0.05"],
        env=worker_env(smtp),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_coordinator_issues_intern_downloads_and_verifies_then_it_is_revoked(
    page, browser, internship, settings, smtp
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    program = finish_in_the_past(internship.program)
    program.status = Program.Status.FINISHED
    program.hours_in_person = Decimal(48)
    program.hours_self_study = Decimal(24)
    program.save()
    program.rules.all().delete()  # every intern completed it
    issuer = services.issuer_for(organization=program.organizer)
    Signatory.objects.create(issuer=issuer, full_name="И. П. Смирнова", position="Директор")

    browser_login(page, internship.coordinator.email)
    page.goto(f"{page.base_url}/programs/{program.pk}/completion/")
    page.get_by_role("link", name="Выдать сертификаты").click()
    page.get_by_label("Документ").select_option(label="Сертификат о профессиональном развитии")
    expect(page.get_by_label("Часы")).to_have_value("72")
    page.get_by_role("button", name="Выдать сертификаты").click()

    # Nothing runs the queue yet: the batch waits, and the page says so.
    progress = page.get_by_test_id("progress-text")
    expect(progress).to_contain_text("В очереди")
    expect(progress).to_contain_text("выдано 0")

    worker = _worker(smtp)
    try:
        expect(page.get_by_test_id("issued")).to_be_visible(timeout=60000)
        worker.wait(60)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, worker.stderr.read()
    expect(page.get_by_test_id("progress-text")).to_contain_text("выдано 8")
    expect(page.get_by_test_id("issued").locator("tbody tr")).to_have_count(8)

    intern = internship.interns[0]
    mine = Certificate.objects.get(user=intern)
    intern_context = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844})
    phone = intern_context.new_page()
    phone.base_url = page.base_url
    browser_login(phone, intern.email)
    phone.goto(f"{phone.base_url}/certificates/mine/")
    certificates = phone.get_by_test_id("my-certificates")
    expect(certificates).to_contain_text(mine.number)
    with phone.expect_download() as download:
        certificates.get_by_role("link", name="Скачать PDF").click()
    pdf = Path(download.value.path()).read_bytes()
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert intern.get_full_name() in text
    assert mine.number in text

    # Scanning the QR code printed on it: the verification page, opened without logging in.
    [code] = zxingcpp.read_barcodes(pdfium.PdfDocument(pdf)[0].render(scale=3).to_pil())
    assert code.text == services.verify_url(mine.code)
    stranger = browser.new_context(locale="ru-RU").new_page()
    stranger.goto(page.base_url + urlsplit(code.text).path)
    expect(stranger.get_by_test_id("verdict")).to_contain_text("Сертификат действителен")
    expect(stranger.get_by_test_id("name")).to_have_text(intern.get_full_name())
    expect(stranger.get_by_test_id("hours")).to_have_text("72 часа")

    page.goto(f"{page.base_url}/certificates/{mine.pk}/")
    page.get_by_label("Причина").fill("Выдан ошибочно")
    page.get_by_role("button", name="Отозвать сертификат").click()
    expect(page.get_by_test_id("status")).to_contain_text("Отозван")

    stranger.reload()
    expect(stranger.get_by_test_id("verdict")).to_contain_text("Сертификат отозван")
    expect(stranger.get_by_test_id("verdict")).to_contain_text("Выдан ошибочно")
    assert len(smtp.messages) == 8
    intern_context.close()
