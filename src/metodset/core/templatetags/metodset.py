"""Template helpers: Bootstrap classes on form widgets, dict lookups, registered actions."""

from django import forms, template

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
    attrs: dict[str, str | bool] = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    if field.errors:
        attrs["aria-invalid"] = "true"
    if field.help_text:
        attrs["aria-describedby"] = f"{field.auto_id}_help"
    return field.as_widget(attrs=attrs)


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
