"""Parsers of single cell values: pure functions, no database.

Each parser returns the clean value or raises ``ValueError`` with a translated message
that names the bad value, so it can go straight into a rejected row's reason.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from ..models import Membership, Organization
from ..timezones import DEFAULT_TIME_ZONE, RUSSIAN_TIME_ZONES, zone_for_region

Role = Membership.Role
Kind = Organization.Kind

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^0-9a-zа-я№]+")


def cell_text(value: object) -> str:
    """A cell as text: numbers without a trailing ``.0``, dates as ДД.ММ.ГГГГ, spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d.%m.%Y")
    return " ".join(str(value).split())  # also folds non-breaking spaces and line breaks


def fold(value: str) -> str:
    """Lower case, ё as е, only letters and digits: for matching headers and names."""
    return _NOT_WORD.sub("", value.lower().replace("ё", "е"))


def name_key(value: str) -> str:
    """Key that matches organisation names written with different quotes and spaces.

    «МБОУ "СОШ №161"» and «мбоу «СОШ № 161»» give the same key.
    """
    text = value.lower().replace("ё", "е")
    text = re.sub(r"[\"'«»“”„‟`’‘]", " ", text)
    text = re.sub(r"№\s*", "№", text)
    text = re.sub(r"[\s.,;:()\-–—]+", " ", text)
    return text.strip()


def text(value: str, *, label: str, max_length: int) -> str:
    if len(value) > max_length:
        raise ValueError(
            _("%(column)s is longer than %(max)s characters") % {"column": label, "max": max_length}
        )
    return value


def email(value: str) -> str:
    """A lower-cased e-mail address."""
    cleaned = value.strip().strip("<>").removeprefix("mailto:").strip().lower()
    try:
        validate_email(cleaned)
    except ValidationError:
        raise ValueError(_("invalid e-mail «%(value)s»") % {"value": value}) from None
    if len(cleaned) > 254:
        raise ValueError(_("invalid e-mail «%(value)s»") % {"value": value})
    return cleaned


def website(value: str) -> str:
    """A site address; ``school1.ru`` becomes ``https://school1.ru``."""
    url = value.strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*://", url, re.IGNORECASE):
        url = f"https://{url}"
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValueError(_("invalid website address «%(value)s»") % {"value": value}) from None
    if len(url) > 200:
        raise ValueError(_("invalid website address «%(value)s»") % {"value": value})
    return url


# --- ИНН ---------------------------------------------------------------------------------

_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _digits(value: str) -> bool:
    """Only 0–9: ``str.isdigit`` also takes «３» (which ``int`` reads) and «²» (which it can't)."""
    return value.isascii() and value.isdigit()


def _inn_digit(digits: list[int], weights: tuple[int, ...]) -> int:
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_checksum_ok(inn: str) -> bool:
    """The control digits of a 10-digit (organisation) or 12-digit ИНН."""
    if not _digits(inn) or len(inn) not in (10, 12):
        return False
    d = [int(c) for c in inn]
    if len(d) == 10:
        return _inn_digit(d, _INN10) == d[9]
    return _inn_digit(d, _INN11) == d[10] and _inn_digit(d, _INN12) == d[11]


def inn(value: str) -> str:
    """A ИНН of 10 or 12 digits with valid control digits.

    A spreadsheet that stored the ИНН as a number loses a leading zero (regions 01–09):
    a 9- or 11-digit value is accepted when the zero-padded number passes the checksum.
    """
    digits = re.sub(r"[\s-]", "", value)
    wrong_length = ValueError(_("INN «%(value)s» must have 10 or 12 digits") % {"value": value})
    if not _digits(digits) or len(digits) not in (9, 10, 11, 12):
        raise wrong_length
    if len(digits) in (9, 11):
        if not inn_checksum_ok("0" + digits):
            raise wrong_length
        digits = "0" + digits
    if not inn_checksum_ok(digits):
        raise ValueError(_("INN %(value)s has a wrong check digit") % {"value": digits})
    return digits


def inn_like(value: str) -> str | None:
    """The digits of a value that looks like a ИНН (to find an organisation by it)."""
    digits = re.sub(r"[\s-]", "", value)
    if _digits(digits) and len(digits) in (10, 12):
        return digits
    if _digits(digits) and len(digits) in (9, 11):
        return "0" + digits
    return None


# --- people --------------------------------------------------------------------------------

MAX_EXPERIENCE = 70


def experience(value: str) -> int:
    """Whole years from 0 to 70; «12», «12 лет», «12,0» are fine."""
    cleaned = re.sub(r"\s*(лет|года|год|г\.?)$", "", value.strip().lower())
    cleaned = re.sub(r"[.,]0+$", "", cleaned)
    if re.fullmatch(r"[-−–]\s*[0-9]+", cleaned):
        raise ValueError(
            _("experience %(value)s is out of range 0–%(max)s years")
            % {"value": value, "max": MAX_EXPERIENCE}
        )
    if not _digits(cleaned):
        raise ValueError(
            _("experience «%(value)s» is not a whole number of years") % {"value": value}
        )
    years = int(cleaned)
    if years > MAX_EXPERIENCE:
        raise ValueError(
            _("experience %(value)s is out of range 0–%(max)s years")
            % {"value": years, "max": MAX_EXPERIENCE}
        )
    return years


_ROLE_WORDS = {
    Role.TEACHER: (
        "педагог",
        "учитель",
        "преподаватель",
        "воспитатель",
        "педагогическийработник",
        "teacher",
    ),
    Role.MANAGER: ("руководитель", "директор", "заведующий", "заведующая", "manager"),
    Role.METHODIST: (
        "методист",
        "заместительдиректора",
        "заместитель",
        "замдиректора",
        "завуч",
        "старшийвоспитатель",
        "methodist",
    ),
    Role.EXPERT: ("эксперт", "expert"),
}
_ROLES = {word: role for role, words in _ROLE_WORDS.items() for word in words}


def role(value: str) -> str:
    """A role in an organisation from a Russian word; «педагог» when the cell is empty."""
    if not value:
        return Role.TEACHER
    key = fold(value)
    if key in _ROLES:
        return _ROLES[key]
    for prefix in ("заместительдиректора", "замдиректора"):
        if key.startswith(prefix):
            return Role.METHODIST
    raise ValueError(
        _("unknown role «%(value)s»: use педагог, руководитель, методист or эксперт")
        % {"value": value}
    )


# --- organisations --------------------------------------------------------------------------

_KIND_WORDS = {
    Kind.SCHOOL: (
        "школа",
        "сош",
        "оош",
        "нош",
        "гимназия",
        "лицей",
        "общеобразовательнаяорганизация",
        "общеобразовательноеучреждение",
        "моу",
        "мбоу",
        "маоу",
        "мкоу",
        "гбоу",
        "гоу",
        "school",
    ),
    Kind.KINDERGARTEN: (
        "детскийсад",
        "дс",
        "доу",
        "доо",
        "мдоу",
        "мбдоу",
        "мадоу",
        "мкдоу",
        "гбдоу",
        "дошкольнаяорганизация",
        "дошкольноеучреждение",
        "kindergarten",
    ),
    Kind.COLLEGE: (
        "колледж",
        "техникум",
        "училище",
        "спо",
        "поо",
        "поу",
        "гбпоу",
        "гапоу",
        "college",
    ),
    Kind.METHODICAL_CENTRE: (
        "методическийцентр",
        "мц",
        "имц",
        "ммц",
        "рмц",
        "цнппм",
        "методическийкабинет",
        "informationmethodicalcentre",
        "methodicalcentre",
        "methodical_centre",
    ),
    Kind.INSTITUTE: (
        "институтразвитияобразования",
        "иро",
        "ипк",
        "ипкро",
        "институтповышенияквалификации",
        "институт",
        "institute",
    ),
}
_KINDS = {fold(word): kind for kind, words in _KIND_WORDS.items() for word in words}
# Longer phrases first: «детский сад» inside «МБДОУ детский сад комбинированного вида».
_KIND_STEMS = (
    ("детскийсад", Kind.KINDERGARTEN),
    ("дошкольн", Kind.KINDERGARTEN),
    ("методическ", Kind.METHODICAL_CENTRE),
    ("институт", Kind.INSTITUTE),
    ("колледж", Kind.COLLEGE),
    ("техникум", Kind.COLLEGE),
    ("школ", Kind.SCHOOL),
    ("гимназ", Kind.SCHOOL),
    ("лицей", Kind.SCHOOL),
)


def kind(value: str) -> str:
    """The kind of organisation from a Russian word or abbreviation («СОШ», «МБДОУ»)."""
    key = fold(value)
    if key in _KINDS:
        return _KINDS[key]
    for stem, found in _KIND_STEMS:
        if stem in key:
            return found
    raise ValueError(
        _(
            "unknown kind of organisation «%(value)s»: use школа, детский сад, колледж, "
            "методический центр or институт развития образования"
        )
        % {"value": value}
    )


# --- time zones ------------------------------------------------------------------------------

_ZONE_BY_MSK_OFFSET = {
    -1: "Europe/Kaliningrad",
    0: "Europe/Moscow",
    1: "Europe/Samara",
    2: "Asia/Yekaterinburg",
    3: "Asia/Omsk",
    4: "Asia/Krasnoyarsk",
    5: "Asia/Irkutsk",
    6: "Asia/Yakutsk",
    7: "Asia/Vladivostok",
    8: "Asia/Magadan",
    9: "Asia/Kamchatka",
}
_ZONE_BY_CITY = {
    "калининград": "Europe/Kaliningrad",
    "москва": "Europe/Moscow",
    "самара": "Europe/Samara",
    "екатеринбург": "Asia/Yekaterinburg",
    "омск": "Asia/Omsk",
    "красноярск": "Asia/Krasnoyarsk",
    "новосибирск": "Asia/Novosibirsk",
    "иркутск": "Asia/Irkutsk",
    "якутск": "Asia/Yakutsk",
    "владивосток": "Asia/Vladivostok",
    "магадан": "Asia/Magadan",
    "камчатка": "Asia/Kamchatka",
    "петропавловсккамчатский": "Asia/Kamchatka",
}
_ZONES = {code.lower(): code for code, _label in RUSSIAN_TIME_ZONES}


def time_zone(value: str) -> str:
    """One of the Russian zones from «Asia/Omsk», «Омск», «МСК+3», «UTC+6» or «+6»."""
    raw = value.strip()
    if raw.lower() in _ZONES:
        return _ZONES[raw.lower()]
    city = fold(raw)
    if city in _ZONE_BY_CITY:
        return _ZONE_BY_CITY[city]
    compact = raw.upper().replace(" ", "").replace("−", "-").replace("–", "-")
    match = re.fullmatch(r"(МСК|MSK)([+-][0-9]{1,2})?", compact)
    if match:
        offset = int(match.group(2) or 0)
        if offset in _ZONE_BY_MSK_OFFSET:
            return _ZONE_BY_MSK_OFFSET[offset]
    match = re.fullmatch(r"(?:UTC|GMT)?([+-]?[0-9]{1,2})(?::?00)?", compact)
    if match:
        offset = int(match.group(1)) - 3
        if offset in _ZONE_BY_MSK_OFFSET:
            return _ZONE_BY_MSK_OFFSET[offset]
    raise ValueError(
        _("unknown time zone «%(value)s»: use e.g. МСК+2, UTC+5 or Екатеринбург") % {"value": value}
    )


def region_time_zone(name: str) -> str:
    """The usual zone of a Russian region from its name; Moscow time when not known."""
    return zone_for_region(name) or DEFAULT_TIME_ZONE


def region_name(name: str) -> str:
    """A new region's name with the usual abbreviations spelled out: «Омская обл.» → «Омская
    область», «Респ. Алтай» → «Республика Алтай»."""
    text = re.sub(r"(?<![а-яА-ЯёЁ])обл(?:\.|(?![а-яё]))", "область", name.strip())
    text = re.sub(r"(?<![а-яА-ЯёЁ])[Рр]есп(?:\.|(?![а-яё]))", "Республика", text)
    return _SPACES.sub(" ", text).strip()


def region_key(name: str) -> str:
    """A key that matches «Омская обл.» to «Омская область», «Респ. Алтай» to «Республика
    Алтай»."""
    text = name.lower().replace("ё", "е")
    text = re.sub(r"\bобл\b\.?", "область", text)
    text = re.sub(r"\bресп\b\.?", "республика", text)
    text = re.sub(r"\bао\b", "автономный округ", text)
    return fold(text)
