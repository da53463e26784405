"""The zone of a place as people type it on forms: a big city or a region, in any case."""

import pytest

from metodset.accounts.timezones import zone_for_place


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Калининград", "Europe/Kaliningrad"),
        ("г. Новосибирск", "Asia/Novosibirsk"),
        ("Владивостока", "Asia/Vladivostok"),  # a case of the name, from an organisation's
        ("Бердск, Новосибирская обл.", "Asia/Novosibirsk"),
        ("Советский район, ХМАО — Югра", "Asia/Yekaterinburg"),
        ("Улан-Удэ", "Asia/Irkutsk"),
        ("Петропавловск-Камчатский", "Asia/Kamchatka"),
        ("Южно-Сахалинск", "Asia/Magadan"),
        ("в Омске", "Asia/Omsk"),
        ("Томск", "Asia/Novosibirsk"),  # not Omsk
        ("Санкт-Петербург", "Europe/Moscow"),
        ("Тара", None),
        ("", None),
    ],
)
def test_a_place_gives_its_zone_or_none(text, zone):
    assert zone_for_place(text) == zone
