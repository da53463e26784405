"""In Debian's chromium: a teacher submits a material with a file, the school's methodist
returns it with a comment, the teacher uploads a new version and submits it again, the
methodist publishes it, and a colleague finds it by another form of a word of its title."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from metodset.library.models import Material

from .. import factories
from ..conftest import browser_login
from .world import PDF, library_world

pytestmark = pytest.mark.browser


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_submitted_returned_revised_published_and_found(page, db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = library_world()
    first, second = tmp_path / "карта.pdf", tmp_path / "карта-2.pdf"
    first.write_bytes(PDF)
    second.write_bytes(PDF)

    browser_login(page, world.author.email)
    page.goto(f"{page.base_url}/library/new/")
    page.locator("#id_title").fill("Технологическая карта урока для учителей начальных классов")
    page.locator("#id_kind").select_option("tech_map")
    page.locator("#id_description").fill("Карта урока окружающего мира во 2 классе.")
    page.locator("#id_organization").select_option(str(world.school_a.pk))
    page.locator("#id_network").select_option(str(world.network.pk))
    page.locator("#id_visibility").select_option("organization")
    page.locator("#id_upload").set_input_files(str(first))
    page.get_by_role("button", name="Отправить на модерацию").click()
    expect(page.get_by_text("Материал отправлен на модерацию.")).to_be_visible()
    material = Material.objects.get()
    assert material.status == Material.Status.SUBMITTED

    page.context.clear_cookies()
    browser_login(page, world.methodist.email)
    page.goto(f"{page.base_url}/library/moderation/")
    page.get_by_role("link", name=material.title).click()
    page.get_by_label("Вернуть автору с замечаниями").check()
    page.get_by_label("Комментарий для автора").fill("Добавьте критерии самооценки.")
    page.get_by_role("button", name="Сохранить решение").click()
    expect(page.get_by_text("Материал возвращён автору.")).to_be_visible()

    page.context.clear_cookies()
    browser_login(page, world.author.email)
    page.goto(f"{page.base_url}/library/{material.pk}/")
    expect(page.get_by_test_id("history")).to_contain_text("Добавьте критерии самооценки.")
    page.get_by_role("link", name="Новая версия").click()
    page.locator("#id_upload").set_input_files(str(second))
    page.locator("#id_changes").fill("Добавлены критерии самооценки.")
    page.get_by_role("button", name="Добавить версию").click()
    expect(page.get_by_text("Версия 2 добавлена.")).to_be_visible()
    page.get_by_role("button", name="Отправить на модерацию").click()
    expect(page.get_by_text("Материал отправлен на модерацию.")).to_be_visible()

    page.context.clear_cookies()
    browser_login(page, world.methodist.email)
    page.goto(f"{page.base_url}/library/{material.pk}/")
    page.get_by_label("Опубликовать").check()
    page.get_by_role("button", name="Сохранить решение").click()
    expect(page.get_by_text("Материал опубликован.")).to_be_visible()

    # a colleague of the same school finds it by another form of «учителей»
    page.context.clear_cookies()
    colleague = factories.person(organization_=world.school_a, last_name="Зайцева")
    browser_login(page, colleague.email)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.base_url}/library/?q=учитель")
    expect(page.get_by_test_id("material-row")).to_have_count(1)
    expect(page.get_by_test_id("material-row")).to_contain_text("Технологическая карта урока")
    assert _fits(page)
    material.refresh_from_db()
    assert material.status == Material.Status.PUBLISHED and material.versions.count() == 2
