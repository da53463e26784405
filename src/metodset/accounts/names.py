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


def gender_of(*, first_name: str, middle_name: str = "") -> str | None:
    """'female', 'male' or None: from the patronymic, else from the first name (pytrovich)."""
    by_patronymic = gender_from_patronymic(middle_name)
    if by_patronymic:
        return by_patronymic
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.enums import Gender

    detected = PetrovichGenderDetector().detect(firstname=first_name or None)
    return {Gender.FEMALE: "female", Gender.MALE: "male"}.get(detected)


def dative_full_name(*, last_name: str, first_name: str, middle_name: str = "") -> str:
    """«Ивановой Марии Петровне» for «выдан …», «выражает благодарность …» (pytrovich)."""
    from pytrovich.enums import Case, Gender, NamePart

    gender = {"female": Gender.FEMALE, "male": Gender.MALE}.get(
        gender_of(first_name=first_name, middle_name=middle_name) or "", Gender.ANDROGYNOUS
    )
    maker = _declension_maker()
    parts = []
    for part, value in (
        (NamePart.LASTNAME, last_name),
        (NamePart.FIRSTNAME, first_name),
        (NamePart.MIDDLENAME, middle_name),
    ):
        if value:
            # Double-barrelled names decline part by part: «Петрова-Водкина».
            parts.append(
                "-".join(maker.make(part, gender, Case.DATIVE, piece) for piece in value.split("-"))
            )
    return " ".join(parts)


_maker = None


def _declension_maker():  # type: ignore[no-untyped-def]
    global _maker
    if _maker is None:
        from pytrovich.maker import PetrovichDeclinationMaker

        _maker = PetrovichDeclinationMaker()
    return _maker
