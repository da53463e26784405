"""The eleven Russian time zones, Kaliningrad to Kamchatka, as offered to people, and the
zone of a place from its Russian name (a region or a big city)."""

import re
import zoneinfo
from datetime import datetime

from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _

RUSSIAN_TIME_ZONES = [
    ("Europe/Kaliningrad", _("Kaliningrad (UTC+2)")),
    ("Europe/Moscow", _("Moscow (UTC+3)")),
    ("Europe/Samara", _("Samara (UTC+4)")),
    ("Asia/Yekaterinburg", _("Yekaterinburg (UTC+5)")),
    ("Asia/Omsk", _("Omsk (UTC+6)")),
    ("Asia/Krasnoyarsk", _("Krasnoyarsk (UTC+7)")),
    ("Asia/Novosibirsk", _("Novosibirsk (UTC+7)")),
    ("Asia/Irkutsk", _("Irkutsk (UTC+8)")),
    ("Asia/Yakutsk", _("Yakutsk (UTC+9)")),
    ("Asia/Vladivostok", _("Vladivostok (UTC+10)")),
    ("Asia/Magadan", _("Magadan (UTC+11)")),
    ("Asia/Kamchatka", _("Kamchatka (UTC+12)")),
]
DEFAULT_TIME_ZONE = "Europe/Moscow"


def zone_label(zone_name: str) -> str:
    """«Екатеринбург (UTC+5)» for a Russian zone; the zone's own name for any other."""
    return str(dict(RUSSIAN_TIME_ZONES).get(zone_name, zone_name))


def moment_text(moment: datetime, zone_name: str) -> str:
    """«27 декабря, 10:00 (Москва, UTC+3)»: a moment in a zone, named, for a message; the
    year is given only when it is not the current one."""
    local = timezone.localtime(moment, zoneinfo.ZoneInfo(zone_name))
    this_year = timezone.localtime(timezone.now(), zoneinfo.ZoneInfo(zone_name)).year
    text = dateformat.format(local, "j E, H:i" if local.year == this_year else "j E Y, H:i")
    return f"{text} ({zone_label(zone_name).replace(' (', ', ').rstrip(')')})"


# Regions outside Moscow time, by the start of a word in their name (checked in order, so
# «Сахалинская» is found before «Саха», «Томская» is not taken for «Омская»). A region not
# listed keeps Moscow time.
REGION_ZONES = (
    ("калининград", "Europe/Kaliningrad"),
    ("самар", "Europe/Samara"),
    ("саратов", "Europe/Samara"),
    ("ульянов", "Europe/Samara"),
    ("астрахан", "Europe/Samara"),
    ("удмурт", "Europe/Samara"),
    ("башкор", "Asia/Yekaterinburg"),
    ("пермск", "Asia/Yekaterinburg"),
    ("оренбург", "Asia/Yekaterinburg"),
    ("свердлов", "Asia/Yekaterinburg"),
    ("челябин", "Asia/Yekaterinburg"),
    ("курган", "Asia/Yekaterinburg"),
    ("тюмен", "Asia/Yekaterinburg"),
    ("ханты", "Asia/Yekaterinburg"),
    ("югра", "Asia/Yekaterinburg"),
    ("ямало", "Asia/Yekaterinburg"),
    ("омск", "Asia/Omsk"),
    ("новосибир", "Asia/Novosibirsk"),
    ("томск", "Asia/Novosibirsk"),
    ("алтай", "Asia/Novosibirsk"),
    ("кемеров", "Asia/Novosibirsk"),
    ("кузбасс", "Asia/Novosibirsk"),
    ("краснояр", "Asia/Krasnoyarsk"),
    ("тыва", "Asia/Krasnoyarsk"),
    ("тува", "Asia/Krasnoyarsk"),
    ("хакас", "Asia/Krasnoyarsk"),
    ("иркутск", "Asia/Irkutsk"),
    ("бурят", "Asia/Irkutsk"),
    ("забайкал", "Asia/Yakutsk"),
    ("амурск", "Asia/Yakutsk"),
    ("сахалин", "Asia/Magadan"),
    ("саха", "Asia/Yakutsk"),
    ("якут", "Asia/Yakutsk"),
    ("примор", "Asia/Vladivostok"),
    ("хабаров", "Asia/Vladivostok"),
    ("еврейск", "Asia/Vladivostok"),
    ("магадан", "Asia/Magadan"),
    ("камчат", "Asia/Kamchatka"),
    ("чукот", "Asia/Kamchatka"),
)

# Big cities, for a place typed without its region: the regional capitals outside Moscow
# time whose names the region stems above do not catch, towns people write alone, and the
# largest cities on Moscow time (so that typing them picks Moscow rather than nothing).
CITY_ZONES = {
    "калининград": "Europe/Kaliningrad",
    "москва": "Europe/Moscow",
    "санкт петербург": "Europe/Moscow",
    "петербург": "Europe/Moscow",
    "казань": "Europe/Moscow",
    "нижний новгород": "Europe/Moscow",
    "ростов на дону": "Europe/Moscow",
    "воронеж": "Europe/Moscow",
    "краснодар": "Europe/Moscow",
    "волгоград": "Europe/Moscow",
    "ярославль": "Europe/Moscow",
    "сочи": "Europe/Moscow",
    "тольятти": "Europe/Samara",
    "ижевск": "Europe/Samara",
    "уфа": "Asia/Yekaterinburg",
    "уфе": "Asia/Yekaterinburg",
    "пермь": "Asia/Yekaterinburg",
    "перми": "Asia/Yekaterinburg",
    "екатеринбург": "Asia/Yekaterinburg",
    "магнитогорск": "Asia/Yekaterinburg",
    "нижний тагил": "Asia/Yekaterinburg",
    "сургут": "Asia/Yekaterinburg",
    "нижневартовск": "Asia/Yekaterinburg",
    "салехард": "Asia/Yekaterinburg",
    "стерлитамак": "Asia/Yekaterinburg",
    "орск": "Asia/Yekaterinburg",
    "барнаул": "Asia/Novosibirsk",
    "бийск": "Asia/Novosibirsk",
    "новокузнецк": "Asia/Novosibirsk",
    "бердск": "Asia/Novosibirsk",
    "абакан": "Asia/Krasnoyarsk",
    "кызыл": "Asia/Krasnoyarsk",
    "норильск": "Asia/Krasnoyarsk",
    "улан удэ": "Asia/Irkutsk",
    "братск": "Asia/Irkutsk",
    "ангарск": "Asia/Irkutsk",
    "чита": "Asia/Yakutsk",
    "чите": "Asia/Yakutsk",
    "благовещенск": "Asia/Yakutsk",
    "владивосток": "Asia/Vladivostok",
    "уссурийск": "Asia/Vladivostok",
    "находка": "Asia/Vladivostok",
    "находке": "Asia/Vladivostok",
    "комсомольск на амуре": "Asia/Vladivostok",
    "биробиджан": "Asia/Vladivostok",
    "южно сахалинск": "Asia/Magadan",
    "петропавловск камчатский": "Asia/Kamchatka",
    "анадырь": "Asia/Kamchatka",
}

_NOT_LETTER = re.compile(r"[^а-яa-z]+")
_CITY_PATTERNS = [
    (city, re.compile(rf" {city}[а-я]{{0,2}} "))
    for city in sorted(CITY_ZONES, key=len, reverse=True)
]


def _words(text: str) -> str:
    """« г. Улан-Удэ » → « г улан удэ »: lower case, ё as е, words between single spaces."""
    return " " + _NOT_LETTER.sub(" ", text.lower().replace("ё", "е")).strip() + " "


def zone_for_region(name: str) -> str | None:
    """The zone of a Russian region named in the text («Новосибирская обл.»), if one is."""
    words = _words(name).split()
    for stem, zone in REGION_ZONES:
        if any(word.startswith(stem) for word in words):
            return zone
    return None


def zone_for_place(text: str) -> str | None:
    """The zone of a place as a person types it: a big city («г. Владивосток», «Уфа») or a
    region («Бердск, Новосибирская область»); None when the text names neither.

    A city is matched as a word with at most two more letters, so its cases («Владивостока»,
    «Омском») count too.
    """
    words = _words(text)
    for city, pattern in _CITY_PATTERNS:
        if pattern.search(words):
            return CITY_ZONES[city]
    return zone_for_region(text)
