"""Template helpers: Bootstrap classes on form widgets, Russian plurals."""

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
