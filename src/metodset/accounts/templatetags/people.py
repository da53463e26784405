from django import template

from metodset.accounts.names import greeting as _greeting

register = template.Library()


@register.simple_tag
def greeting(user):
    """{% greeting user %} → «Уважаемая Мария Петровна,»."""
    return _greeting(user)
