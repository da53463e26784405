"""Parsers of single cells and headers: pure functions, no database."""

from __future__ import annotations

import pytest
from django.utils import translation

from metodset.accounts.importing import values
from metodset.accounts.importing.columns import PEOPLE, match_headers


@pytest.fixture(autouse=True)
def _russian():
    with translation.override("ru"):
        yield


@pytest.mark.parametrize("inn", ["7707083893", "3906021446", "500100732259", "0105012349"])
def test_valid_inn_passes(inn):
    assert values.inn(inn) == inn


def test_inn_stored_as_a_number_gets_its_leading_zero_back():
    assert values.inn("105012349") == "0105012349"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("7707083894", "неверная контрольная сумма ИНН 7707083894"),
        ("500100732258", "неверная контрольная сумма ИНН 500100732258"),
        ("12345", "ИНН «12345» должен состоять из 10 или 12 цифр"),
        ("77070838931", "ИНН «77070838931» должен состоять из 10 или 12 цифр"),
        ("ИНН7707083893", "ИНН «ИНН7707083893» должен состоять из 10 или 12 цифр"),
    ],
)
def test_bad_inn_is_named(raw, message):
    with pytest.raises(ValueError) as error:
        values.inn(raw)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("raw", "zone"),
    [
        ("МСК-1", "Europe/Kaliningrad"),
        ("мск", "Europe/Moscow"),
        ("МСК+9", "Asia/Kamchatka"),
        ("UTC+5", "Asia/Yekaterinburg"),
        ("GMT+3", "Europe/Moscow"),
        ("+10", "Asia/Vladivostok"),
        ("Омск", "Asia/Omsk"),
        ("Новосибирск", "Asia/Novosibirsk"),
        ("asia/irkutsk", "Asia/Irkutsk"),
    ],
)
def test_time_zones_in_the_usual_spellings(raw, zone):
    assert values.time_zone(raw) == zone


@pytest.mark.parametrize(
    ("region", "zone"),
    [
        ("Калининградская область", "Europe/Kaliningrad"),
        ("Томская область", "Asia/Novosibirsk"),
        ("Омская обл.", "Asia/Omsk"),
        ("Сахалинская область", "Asia/Magadan"),
        ("Республика Саха (Якутия)", "Asia/Yakutsk"),
        ("Ханты-Мансийский автономный округ — Югра", "Asia/Yekaterinburg"),
        ("Республика Татарстан", "Europe/Moscow"),
    ],
)
def test_a_new_regions_zone_comes_from_its_name(region, zone):
    assert values.region_time_zone(region) == zone


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("школа", "school"),
        ("СОШ", "school"),
        ("Гимназия", "school"),
        ("МБОУ", "school"),
        ("детский сад", "kindergarten"),
        ("ДОУ", "kindergarten"),
        ("МБДОУ", "kindergarten"),
        ("Д/С", "kindergarten"),
        ("техникум", "college"),
        ("ИМЦ", "methodical_centre"),
        ("Методический центр", "methodical_centre"),
        ("ИРО", "institute"),
        ("Институт развития образования", "institute"),
    ],
)
def test_kinds_of_organisation_in_common_spellings(raw, kind):
    assert values.kind(raw) == kind


@pytest.mark.parametrize(
    ("raw", "role"),
    [
        ("", "teacher"),
        ("Педагог", "teacher"),
        ("учитель", "teacher"),
        ("руководитель", "manager"),
        ("Директор", "manager"),
        ("методист", "methodist"),
        ("Заместитель директора по УВР", "methodist"),
        ("эксперт", "expert"),
    ],
)
def test_roles_in_russian_words(raw, role):
    assert values.role(raw) == role


@pytest.mark.parametrize(
    ("raw", "years"), [("0", 0), ("12", 12), ("12 лет", 12), ("3 года", 3), ("70", 70), ("7.0", 7)]
)
def test_experience_in_whole_years(raw, years):
    assert values.experience(raw) == years


def test_email_is_lower_cased():
    assert values.email(" Ivanova.MP@School.RU ") == "ivanova.mp@school.ru"


def test_organisation_names_match_whatever_the_quotes():
    assert values.name_key('МБОУ "СОШ №161"') == values.name_key("мбоу  «СОШ № 161»")
    assert values.name_key("МБОУ «СОШ № 16»") != values.name_key("МБОУ «СОШ № 161»")


def test_headers_are_matched_ignoring_case_spaces_yo_and_stars():
    columns = match_headers(
        PEOPLE,
        [
            "ФАМИЛИЯ*",
            " Имя ",
            "отчество",
            "E-mail*",
            "Электронная почта",
            "Организация *",
            "Стаж (лет)",
            "Специализация",
            "Часовой пояс",
            "Роль",
            "Дата рождения",
            "",
        ],
    )
    assert columns.positions == {
        "last_name": 0,
        "first_name": 1,
        "middle_name": 2,
        "email": 3,
        "organization": 5,
        "experience": 6,
        "specialisation": 7,
        "time_zone": 8,
        "role": 9,
    }
    assert columns.ignored == ["Электронная почта", "Дата рождения"]
