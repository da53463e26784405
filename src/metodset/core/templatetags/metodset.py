"""Template helpers: Bootstrap classes on form widgets, Russian plurals."""

import zoneinfo

from django import forms, template
from django.utils import dateformat, timezone

register = template.Library()


@register.simple_tag
def bs_widget(field: forms.BoundField):
    """Render a field's widget with Bootstrap's classes and the invalid state."""
    widget = field.field.widget
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    elif isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        css = ""
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    attrs = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    if field.errors:
        attrs["aria-invalid"] = "true"
    if field.help_text:
        attrs["aria-describedby"] = f"{field.auto_id}_help"
    return field.as_widget(attrs=attrs)


@register.filter
def ru_plural(number, forms_: str) -> str:
    """``{{ n|ru_plural:"организация,организации,организаций" }}`` — Russian plural rules.

    Prefer ``{% blocktranslate count %}`` for translated text; this helper serves numbers
    inside already-Russian data strings.
    """
    one, few, many = forms_.split(",")
    n = abs(int(number))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


@register.simple_tag(takes_context=True)
def zone_label(context, zone_name: str = "") -> str:
    """«Екатеринбург (UTC+5)»: the named zone, or the one the page is shown in."""
    from metodset.accounts.timezones import zone_label as _label

    return _label(zone_name or timezone.get_current_timezone_name())


@register.simple_tag
def in_zone(value, zone_name: str, fmt: str = "j E Y, H:i") -> str:
    """A moment in a given zone, with the zone: «25 ноября 2026, 15:00 (Екатеринбург, UTC+5)».

    For e-mails, which are read wherever the person is: the zone is always printed.
    """
    from metodset.accounts.timezones import zone_label as _label

    if value is None:
        return ""
    local = timezone.localtime(value, zoneinfo.ZoneInfo(zone_name))
    # «Екатеринбург (UTC+5)» → «(Екатеринбург, UTC+5)»
    inner = _label(zone_name).replace(" (", ", ").rstrip(")")
    text = dateformat.format(local, fmt)
    if fmt.startswith("l"):  # a weekday inside a sentence: «Когда: пятница, 4 декабря»
        text = text[:1].lower() + text[1:]
    return f"{text} ({inner})"


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}``: a dict lookup by a variable key; None if absent."""
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def object_actions(context, slot: str, obj):
    """Actions other apps registered for this page's slot (see ``core.actions``)."""
    from metodset.core.actions import actions_for

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return actions_for(slot, user, obj)
