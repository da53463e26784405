"""The template editor in Debian's chromium: an edited design is previewed by a real worker
while the page polls, and the preview appears without a reload."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from metodset.certificates import services
from metodset.certificates.models import Kind

from ..conftest import browser_login, worker_env

pytestmark = pytest.mark.browser


def test_an_edited_design_is_previewed_by_the_worker_while_the_page_waits(
    page, world, settings, smtp
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    template = services.issuer_for(organization=world.school).templates.get(kind=Kind.DEVELOPMENT)
    browser_login(page, world.methodist.email)
    page.goto(page.base_url + reverse("certificates:template", args=[template.pk]))
    expect(page.get_by_test_id("preview-image")).to_be_visible()  # our design: at once

    page.locator("summary").click()
    page.locator("textarea[name=source]").fill(
        template.source + "\n#place(bottom + left)[Своя строка]\n"
    )
    # Nothing runs the queue yet: the page says the preview is being built.
    expect(page.get_by_test_id("preview-pending")).to_have_text("Собираем предпросмотр…")

    worker = subprocess.Popen(
        [sys.executable, "-m", "metodset.cli", "worker", "--batch", "--interval", "0.05"],
        env=worker_env(smtp),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        worker.wait(60)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, worker.stderr.read()
    expect(page.get_by_test_id("preview-image")).to_be_visible(timeout=10000)
    expect(page.get_by_test_id("preview-pending")).to_have_count(0)
