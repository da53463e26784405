"""The import journey in Debian's chromium: upload an XLSX with bad rows, read why, confirm."""

import pytest
from playwright.sync_api import expect

from metodset.accounts.models import User

from ..accounts.import_helpers import PEOPLE_HEADER, people_rows, xlsx_bytes
from ..conftest import browser_login

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_coordinator_imports_people_and_sees_each_bad_row_named(page, world, tmp_path):
    rows = [PEOPLE_HEADER] + people_rows(6, [world.school.short_name, world.kindergarten.name])
    rows += [
        ["Орлова", "", "", "orlova@example.ru", world.school.short_name, "", "", "", "", ""],
        ["Титов", "Ян", "", "titov@", world.school.short_name, "", "", "", "", ""],
        ["Егорова", "Алла", "", "egorova@example.ru", "МОУ «Гимназия № 53»", "", "", "", "", ""],
        [
            "Белов",
            "Антон",
            "",
            "belov@example.ru",
            world.school.short_name,
            "завхоз",
            "",
            "",
            "95",
            "",
        ],
    ]
    path = tmp_path / "педагоги.xlsx"
    path.write_bytes(xlsx_bytes(rows))

    browser_login(page, "coord@example.ru")
    menu = page.get_by_role("navigation", name="Главное меню")
    menu.get_by_test_id("nav-more").click()
    menu.get_by_role("link", name="Импорт людей и организаций").click()
    expect(page.get_by_role("heading", name="Импорт людей и организаций")).to_be_visible()
    page.get_by_label("Что импортировать").select_option(label="Люди")
    page.get_by_label("Файл").set_input_files(str(path))
    page.get_by_role("button", name="Проверить файл").click()

    expect(page.get_by_text("В файле 10 строк с данными.")).to_be_visible()
    expect(page.get_by_test_id("count-created")).to_have_text("6")
    expect(page.get_by_test_id("count-rejected")).to_have_text("4")
    bad = page.get_by_test_id("rejected-row")
    expect(bad).to_have_count(4)
    expect(bad.nth(0).locator("td").first).to_have_text("8")
    expect(bad.nth(0)).to_contain_text("Не заполнен столбец «Имя»")
    expect(bad.nth(1).locator("td").first).to_have_text("9")
    expect(bad.nth(1)).to_contain_text("Некорректный адрес электронной почты «titov@»")
    expect(bad.nth(2).locator("td").first).to_have_text("10")
    expect(bad.nth(2)).to_contain_text(
        "У вас нет права импортировать людей в «МОУ «Гимназия № 53»»"
    )
    expect(bad.nth(3).locator("td").first).to_have_text("11")
    expect(bad.nth(3)).to_contain_text(
        "Неизвестная роль «завхоз»: допустимы педагог, руководитель, методист, эксперт; "
        "стаж 95 вне допустимого диапазона 0–70 лет"
    )
    assert not User.objects.filter(email__endswith="@example.org").exists()

    page.get_by_role("button", name="Импортировать").click()

    expect(page.get_by_test_id("import-done")).to_contain_text("Импорт завершён")
    expect(page.get_by_test_id("count-created")).to_have_text("6")
    expect(page.get_by_test_id("rejected-row")).to_have_count(4)
    assert User.objects.filter(email__endswith="@example.org").count() == 6


def test_a_bad_upload_is_named_next_to_the_file_field(page, world, tmp_path):
    path = tmp_path / "список.xlsx"
    path.write_bytes(b"this is not a workbook")
    browser_login(page, "coord@example.ru")
    page.goto(f"{page.base_url}/import/")
    page.get_by_label("Что импортировать").select_option(label="Организации")
    page.get_by_label("Файл").set_input_files(str(path))
    page.get_by_role("button", name="Проверить файл").click()
    expect(page.locator(".invalid-feedback")).to_have_text(
        "Файл не является книгой XLSX; сохраните его в Excel как XLSX или CSV."
    )
    expect(page.get_by_label("Что импортировать")).to_have_value("organizations")
