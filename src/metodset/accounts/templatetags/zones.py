"""Time zones in templates: a zone's Russian name, and a moment shown in a named zone."""

import zoneinfo

from django import template
from django.utils import dateformat, timezone

from metodset.accounts.timezones import zone_label as _label

register = template.Library()


@register.simple_tag
def zone_label(zone_name: str = "") -> str:
    """«Екатеринбург (UTC+5)»: the named zone, or the one the page is shown in."""
    return _label(zone_name or timezone.get_current_timezone_name())


@register.simple_tag
def in_zone(value, zone_name: str, fmt: str = "j E Y, H:i") -> str:
    """A moment in a given zone, with the zone: «25 ноября 2026, 15:00 (Екатеринбург, UTC+5)».

    For e-mails, which are read wherever the person is: the zone is always printed.
    """
    if value is None:
        return ""
    local = timezone.localtime(value, zoneinfo.ZoneInfo(zone_name))
    # «Екатеринбург (UTC+5)» → «(Екатеринбург, UTC+5)»
    inner = _label(zone_name).replace(" (", ", ").rstrip(")")
    text = dateformat.format(local, fmt)
    if fmt.startswith("l"):  # a weekday inside a sentence: «Когда: пятница, 4 декабря»
        text = text[:1].lower() + text[1:]
    return f"{text} ({inner})"
