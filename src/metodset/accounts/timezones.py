"""The eleven Russian time zones, Kaliningrad to Kamchatka, as offered to people."""

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
