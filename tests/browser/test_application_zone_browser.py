"""The application form pre-fills the time zone as the applicant types her city or chooses
her organisation, and keeps a zone she chose by hand."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from metodset.programs import services
from metodset.programs.models import Application, Program

pytestmark = pytest.mark.browser


def test_the_zone_follows_the_city_typed_until_she_chooses_one(page, world):
    program = services.program_create_from_scheme(
        by=world.coordinator,
        kind=Program.Kind.DIGITAL_INTERNSHIP,
        organizer=world.school,
        network=world.network,
        title="Цифровая интернатура «Смысловое чтение»",
        starts_on=timezone.localdate() + timedelta(days=10),
    )
    program.applications_open_on = timezone.localdate() - timedelta(days=1)
    program.save()
    services.program_publish(program=program)

    page.goto(f"{page.base_url}/programs/{program.pk}/join/")
    form = page.get_by_test_id("application-form")
    zone = form.get_by_label("Часовой пояс")
    city = form.get_by_label("Город или населённый пункт")
    expect(zone).to_have_value("")
    city.fill("г. Владивосток")
    expect(zone).to_have_value("Asia/Vladivostok")
    city.fill("Бердск, Новосибирская обл.")
    expect(zone).to_have_value("Asia/Novosibirsk")
    city.fill("Тара")  # unknown: back to «по городу», the organisation may tell
    expect(zone).to_have_value("")
    form.get_by_label("Организация", exact=True).select_option(label="МБДОУ «Д/с № 12»")
    expect(zone).to_have_value("Asia/Kamchatka")
    zone.select_option(label="Магадан (UTC+11)")  # her own choice is kept
    city.fill("Калининград")
    expect(zone).to_have_value("Asia/Magadan")

    form.get_by_label("Фамилия").fill("Соколова")
    form.get_by_label("Имя").fill("Дарья")
    form.get_by_label("Электронная почта").fill("sokolova@example.ru")
    form.get_by_label("Должность").fill("воспитатель")
    form.get_by_label("обработку моих персональных данных").check()
    form.get_by_role("button", name="Отправить заявку").click()
    expect(page).to_have_url(re.compile(r"/join/sent/$"))
    assert Application.objects.get().time_zone == "Asia/Magadan"
