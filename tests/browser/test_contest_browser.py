"""A contest from entry to diploma in Debian's chromium: a teacher enters her work with the file
and the consent, the jury's reviews are in (made through the factories), the organiser publishes
the results and issues the diplomas, anyone opens the published results, and the teacher
downloads her winner's diploma, whose text is read back."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from metodset.expertise.models import Item

from ..conftest import browser_login
from ..expertise import contest_helpers as helpers

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_contest_from_entry_to_diploma(page, browser, world):
    contest = helpers.contest(network=world.network, organization=world.school, by=world.methodist)
    rival = helpers.entry(contest, author=world.colleague, title="Виртуальная лаборатория")

    # The teacher enters her work on a phone.
    phone_context = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844})
    phone = phone_context.new_page()
    phone.base_url = page.base_url
    browser_login(phone, world.teacher.email)
    phone.goto(f"{phone.base_url}/expertise/contests/")
    phone.get_by_test_id("open-contests").get_by_role("link", name="Дистанционный урок").click()
    expect(phone.get_by_test_id("rules")).to_contain_text("Конкурс методических разработок")
    phone.get_by_test_id("enter").click()
    phone.get_by_label("Номинация").select_option(label=helpers.NOMINATIONS[0])
    phone.get_by_label("Название работы").fill("Урок-квест «Путешествие в страну дробей»")
    phone.get_by_label("Аннотация").fill("Урок математики в 5 классе на платформе Сферум.")
    phone.get_by_label("Работа (файл)").set_input_files(
        {"name": "urok.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 urok"}
    )
    phone.get_by_label(helpers.CONSENT).check()
    phone.get_by_test_id("send-entry").click()
    expect(phone.locator("body")).to_contain_text("Работа принята")
    expect(phone.get_by_test_id("my-entries")).to_contain_text("Путешествие в страну дробей")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # The jury's reviews (assigned and submitted through the factories).
    mine = Item.objects.get(authors__user=world.teacher)
    helpers.judged(mine, [3, 3, 3], [3, 2, 3], [3, 3, 2], network=world.network)
    helpers.judged(rival, [2, 2, 2], [2, 2, 1], [2, 1, 2], network=world.network)

    # The organiser publishes the results and issues the diplomas.
    browser_login(page, world.methodist.email)
    page.goto(f"{page.base_url}/expertise/contests/{contest.pk}/results/")
    expect(page.get_by_test_id("not-published")).to_be_visible()
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("published")).to_be_visible()
    page.get_by_test_id("issue-diplomas").click()
    expect(page.get_by_test_id("diplomas-issued")).to_contain_text("2")

    # Anyone opens the published results, without signing in.
    stranger = browser.new_context(locale="ru-RU").new_page()
    stranger.goto(f"{page.base_url}/expertise/contests/{contest.pk}/results/")
    first = stranger.get_by_test_id("standing").first
    expect(first).to_contain_text("Путешествие в страну дробей")
    expect(first).to_contain_text("победитель")
    expect(stranger.get_by_test_id("ranking-rule")).to_contain_text("делят место")

    # The teacher downloads her diploma and it says what she won.
    phone.goto(f"{phone.base_url}/certificates/mine/")
    certificates = phone.get_by_test_id("my-certificates")
    expect(certificates).to_contain_text("Дистанционный урок")
    with phone.expect_download() as download:
        certificates.get_by_role("link", name="Скачать PDF").click()
    pdf = Path(download.value.path()).read_bytes()
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "победителя" in text
    assert "Петрова Елена Викторовна" in text
    assert "I место" in text and helpers.NOMINATIONS[0] in text
    phone_context.close()
