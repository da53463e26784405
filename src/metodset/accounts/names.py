"""Russian forms of address built from a person's name."""

from __future__ import annotations

from django.utils.translation import gettext, pgettext

from .models import User


def gender_from_patronymic(middle_name: str) -> str | None:
    """'female' or 'male' from the patronymic's ending (-вна/-чна/кызы, -вич/-ич/оглы)."""
    value = middle_name.strip().lower()
    if value.endswith(("вна", "чна", "шна", "кызы", "гызы")):
        return "female"
    if value.endswith(("вич", "ич", "оглы", "улы", "уулу")):
        return "male"
    return None


def greeting(user: User | None) -> str:
    """«Уважаемая Мария Петровна,» or «Уважаемый Иван Петрович,»; neutral without a patronymic."""
    if user is None:
        return gettext("Hello!")
    name = user.get_short_name()
    gender = gender_from_patronymic(user.middle_name)
    if gender == "female":
        return pgettext("female", "Dear %(name)s,") % {"name": name}
    if gender == "male":
        return pgettext("male", "Dear %(name)s,") % {"name": name}
    return gettext("Hello, %(name)s!") % {"name": name}
