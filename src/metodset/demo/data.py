"""What the demo network is made of, as plain data: regions, organisations, staff, fixed logins.

The network follows seed 001: a gymnasium's network information-methodical platform with
partners in several regions and a coordination council. Three regions span the country's
time zones (Kaliningrad UTC+2, Chelyabinsk UTC+5, Kamchatka UTC+12) so that the demo shows
times in each viewer's zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DEMO_DOMAIN = "demo.metodset.ru"  # every demo address is ours: nothing reaches a real person
DEMO_PASSWORD = "demo12345"
FAKER_SEED = 20250901

NETWORK_NAME = "Учитель в цифровой образовательной среде"
NETWORK_DESCRIPTION = (
    "Сетевая информационно-методическая площадка сопровождения непрерывного "
    "профессионального развития педагогических и управленческих кадров в условиях "
    "цифровизации образования на базе МОУ «Гимназия № 53». Выявление профессиональных "
    "запросов и дефицитов, индивидуальные образовательные маршруты, обмен практиками, "
    "экспертиза программ и методических разработок, стажировочная площадка, вебинары, "
    "семинары, мастер-классы, конкурсы и конференции. Работой сети руководит "
    "координационный совет; в рабочих группах педагогов сопровождают тьюторы."
)
LEAD_ORGANIZATION = "gim53"


@dataclass(frozen=True)
class RegionData:
    key: str
    name: str
    code: str
    time_zone: str


REGIONS = [
    RegionData("kld", "Калининградская область", "39", "Europe/Kaliningrad"),
    RegionData("chel", "Челябинская область", "74", "Asia/Yekaterinburg"),
    RegionData("kam", "Камчатский край", "41", "Asia/Kamchatka"),
]


@dataclass(frozen=True)
class OrganizationData:
    key: str  # also the local part of the organisation's demo e-mail
    kind: str  # Organization.Kind value
    name: str
    short_name: str
    region: str  # RegionData.key
    city: str
    website: str
    phone: str
    inn_prefix: str  # tax office code and serial number: nine digits, the check digit is added
    joined_on: date


ORGANIZATIONS = [
    OrganizationData(
        "gim53",
        "school",
        "Муниципальное общеобразовательное учреждение «Гимназия № 53» города Магнитогорска",
        "МОУ «Гимназия № 53»",
        "chel",
        "Магнитогорск",
        "https://gimnazia53-mgn.ru",
        "+7 (3519) 34-53-53",
        "744501853",
        date(2020, 9, 1),
    ),
    OrganizationData(
        "sch161",
        "school",
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя "
        "общеобразовательная школа № 161 г. Челябинска»",
        "МБОУ «СОШ № 161»",
        "chel",
        "Челябинск",
        "https://school161-chel.ru",
        "+7 (351) 725-16-10",
        "745216161",
        date(2021, 2, 15),
    ),
    OrganizationData(
        "ds12",
        "kindergarten",
        "Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № 12 "
        "„Солнышко“» города Магнитогорска",
        "МБДОУ «Детский сад № 12 „Солнышко“»",
        "chel",
        "Магнитогорск",
        "https://ds12-mgn.ru",
        "+7 (3519) 22-12-12",
        "744600412",
        date(2021, 9, 1),
    ),
    OrganizationData(
        "imc",
        "methodical_centre",
        "Муниципальное учреждение дополнительного профессионального образования "
        "«Информационно-методический центр» города Магнитогорска",
        "МУ ДПО «ИМЦ» г. Магнитогорска",
        "chel",
        "Магнитогорск",
        "https://imc-mgn.ru",
        "+7 (3519) 26-04-15",
        "744400731",
        date(2020, 10, 1),
    ),
    OrganizationData(
        "lyc18",
        "school",
        "Муниципальное автономное общеобразовательное учреждение города Калининграда «Лицей № 18»",
        "МАОУ «Лицей № 18»",
        "kld",
        "Калининград",
        "https://licey18-kld.ru",
        "+7 (4012) 93-18-18",
        "390601818",
        date(2021, 3, 10),
    ),
    OrganizationData(
        "sch4",
        "school",
        "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная "
        "школа № 4» города Советска",
        "МБОУ «СОШ № 4» г. Советска",
        "kld",
        "Советск",
        "https://sovetsk-school4.ru",
        "+7 (40161) 3-04-44",
        "391100404",
        date(2022, 1, 20),
    ),
    OrganizationData(
        "ds45",
        "kindergarten",
        "Муниципальное автономное дошкольное образовательное учреждение города Калининграда "
        "«Детский сад № 45 „Теремок“»",
        "МАДОУ «Детский сад № 45 „Теремок“»",
        "kld",
        "Калининград",
        "https://teremok45-kld.ru",
        "+7 (4012) 64-45-45",
        "390604545",
        date(2022, 9, 1),
    ),
    OrganizationData(
        "kpk",
        "college",
        "Государственное автономное учреждение Калининградской области профессиональная "
        "образовательная организация «Калининградский педагогический колледж»",
        "ГАУ КО «Педагогический колледж»",
        "kld",
        "Калининград",
        "https://kpk-kld.ru",
        "+7 (4012) 57-21-30",
        "390400219",
        date(2021, 11, 1),
    ),
    OrganizationData(
        "sch33",
        "school",
        "Муниципальное автономное общеобразовательное учреждение «Средняя школа № 33 с "
        "углублённым изучением английского языка» Петропавловск-Камчатского городского округа",
        "МАОУ «СШ № 33»",
        "kam",
        "Петропавловск-Камчатский",
        "https://school33-pk.ru",
        "+7 (4152) 25-33-33",
        "410103333",
        date(2021, 4, 5),
    ),
    OrganizationData(
        "el2",
        "school",
        "Муниципальное бюджетное общеобразовательное учреждение «Елизовская средняя школа № 2»",
        "МБОУ «Елизовская СШ № 2»",
        "kam",
        "Елизово",
        "https://elizovo-school2.ru",
        "+7 (41531) 6-22-02",
        "410500202",
        date(2022, 2, 1),
    ),
    OrganizationData(
        "ds7",
        "kindergarten",
        "Муниципальное автономное дошкольное образовательное учреждение «Детский сад № 7 "
        "„Берёзка“» Петропавловск-Камчатского городского округа",
        "МАДОУ «Детский сад № 7 „Берёзка“»",
        "kam",
        "Петропавловск-Камчатский",
        "https://berezka7-pk.ru",
        "+7 (4152) 21-07-07",
        "410100707",
        date(2023, 9, 1),
    ),
    OrganizationData(
        "kiro",
        "institute",
        "Краевое государственное автономное учреждение дополнительного профессионального "
        "образования «Камчатский институт развития образования»",
        "КГАУ ДПО «Камчатский ИРО»",
        "kam",
        "Петропавловск-Камчатский",
        "https://kamchatka-iro.ru",
        "+7 (4152) 42-59-31",
        "410100031",
        date(2021, 6, 1),
    ),
]


@dataclass(frozen=True)
class Post:
    """A post on an organisation's staff list: position, specialisation, role, who holds it."""

    position: str
    specialisation: str
    role: str  # Membership.Role value
    count: int = 1
    female_share: float = 0.8
    min_experience: int = 1


_SCHOOL = [
    Post("директор", "управление образованием", "manager", female_share=0.6, min_experience=15),
    Post(
        "заместитель директора по учебно-воспитательной работе",
        "управление образованием",
        "methodist",
        female_share=0.85,
        min_experience=10,
    ),
    Post("учитель начальных классов", "начальное общее образование", "teacher", 3, 0.97),
    Post("учитель математики", "математика", "teacher", 2, 0.8),
    Post("учитель русского языка и литературы", "русский язык и литература", "teacher", 2, 0.95),
    Post("учитель английского языка", "английский язык", "teacher", 1, 0.9),
    Post("учитель истории и обществознания", "история и обществознание", "teacher", 1, 0.6),
    Post("учитель физики", "физика", "teacher", 1, 0.5),
    Post("учитель информатики", "информатика", "teacher", 1, 0.4),
    Post("учитель биологии", "биология", "teacher", 1, 0.85),
    Post("педагог-психолог", "педагогическая психология", "teacher", 1, 0.95),
    Post("учитель-логопед", "логопедия", "teacher", 1, 1.0),
]
_KINDERGARTEN = [
    Post("заведующий", "управление образованием", "manager", female_share=1.0, min_experience=15),
    Post("старший воспитатель", "дошкольное образование", "methodist", 1, 1.0, 10),
    Post("воспитатель", "дошкольное образование", "teacher", 6, 0.98),
    Post("музыкальный руководитель", "музыкальное воспитание", "teacher", 1, 0.95),
    Post("инструктор по физической культуре", "физическое развитие", "teacher", 1, 0.7),
    Post("педагог-психолог", "педагогическая психология", "teacher", 1, 1.0),
    Post("учитель-логопед", "логопедия", "teacher", 1, 1.0),
]
_METHODICAL_CENTRE = [
    Post("директор", "управление образованием", "manager", female_share=0.7, min_experience=15),
    Post(
        "заместитель директора по методической работе",
        "методическое сопровождение",
        "methodist",
        min_experience=10,
    ),
    Post("методист", "дошкольное образование", "methodist", 1, 1.0, 8),
    Post("методист", "начальное общее образование", "methodist", 1, 0.9, 8),
    Post("методист", "цифровая образовательная среда", "methodist", 1, 0.6, 5),
    Post("методист", "воспитательная работа", "methodist", 1, 0.9, 8),
]
_COLLEGE = [
    Post("директор", "управление образованием", "manager", female_share=0.5, min_experience=15),
    Post(
        "заместитель директора по учебно-методической работе",
        "методическое сопровождение",
        "methodist",
        min_experience=10,
    ),
    Post("преподаватель педагогики и психологии", "педагогика и психология", "teacher"),
    Post("преподаватель методики начального образования", "начальное общее образование", "teacher"),
    Post(
        "преподаватель теории и методики дошкольного образования",
        "дошкольное образование",
        "teacher",
        female_share=1.0,
    ),
    Post("преподаватель русского языка и литературы", "русский язык и литература", "teacher"),
    Post("преподаватель информатики", "информатика", "teacher", female_share=0.4),
    Post("преподаватель музыки", "музыкальное образование", "teacher"),
]
_INSTITUTE = [
    Post("ректор", "управление образованием", "manager", female_share=0.5, min_experience=20),
    Post(
        "проректор по научно-методической работе",
        "методическое сопровождение",
        "methodist",
        min_experience=15,
    ),
    Post(
        "заведующий кафедрой педагогики и психологии",
        "педагогика и психология",
        "teacher",
        min_experience=15,
    ),
    Post(
        "доцент кафедры управления образованием",
        "управление образованием",
        "teacher",
        female_share=0.6,
        min_experience=10,
    ),
    Post(
        "старший преподаватель кафедры дошкольного и начального образования",
        "дошкольное и начальное образование",
        "teacher",
        female_share=1.0,
        min_experience=8,
    ),
    Post(
        "методист центра непрерывного повышения профессионального мастерства",
        "диагностика профессиональных дефицитов",
        "methodist",
        min_experience=5,
    ),
]
STAFF = {
    "school": _SCHOOL,
    "kindergarten": _KINDERGARTEN,
    "methodical_centre": _METHODICAL_CENTRE,
    "college": _COLLEGE,
    "institute": _INSTITUTE,
}


@dataclass(frozen=True)
class FixedPerson:
    """A demo login with a name people can remember; takes a post on the staff list."""

    email: str
    role_label: str  # printed by ``metodset demo``
    last_name: str
    first_name: str
    middle_name: str
    organization: str | None = None  # OrganizationData.key
    position: str = ""  # the post it takes in that organisation
    specialisation: str = ""
    experience_years: int | None = None
    network_roles: tuple[str, ...] = ()
    is_superuser: bool = False


FIXED_PEOPLE = [
    FixedPerson(
        f"coordinator@{DEMO_DOMAIN}",
        "Координатор сети",
        "Смирнова",
        "Ольга",
        "Ивановна",
        "gim53",
        "заместитель директора по учебно-воспитательной работе",
        "управление образованием",
        24,
        network_roles=("coordinator",),
    ),
    FixedPerson(
        f"methodist@{DEMO_DOMAIN}",
        "Методист школы",
        "Кузнецова",
        "Анна",
        "Сергеевна",
        "sch161",
        "заместитель директора по учебно-воспитательной работе",
        "математика",
        18,
    ),
    FixedPerson(
        f"teacher@{DEMO_DOMAIN}",
        "Учитель",
        "Петрова",
        "Елена",
        "Викторовна",
        "sch161",
        "учитель начальных классов",
        "начальное общее образование",
        9,
    ),
    FixedPerson(
        f"expert@{DEMO_DOMAIN}",
        "Эксперт сети",
        "Орлов",
        "Дмитрий",
        "Александрович",
        "lyc18",
        "учитель математики",
        "математика",
        21,
        network_roles=("expert",),
    ),
    FixedPerson(
        f"council@{DEMO_DOMAIN}",
        "Член координационного совета",
        "Волкова",
        "Татьяна",
        "Николаевна",
        "sch33",
        "директор",
        "управление образованием",
        27,
        network_roles=("council",),
    ),
    FixedPerson(
        f"manager@{DEMO_DOMAIN}",
        "Заведующий детским садом",
        "Медведева",
        "Ирина",
        "Павловна",
        "ds12",
        "заведующий",
        "управление образованием",
        22,
    ),
    FixedPerson(
        f"admin@{DEMO_DOMAIN}",
        "Администратор платформы",
        "Белов",
        "Сергей",
        "Петрович",
        position="администратор платформы",
        is_superuser=True,
    ),
]

# The coordination council: the heads of these organisations (besides council@), chaired by
# the lead gymnasium's director. Network experts: the most experienced teacher of these.
COUNCIL_FROM = ("gim53", "imc", "kpk", "kiro", "sch161")
EXPERTS_FROM = ("gim53", "sch161", "ds45", "kpk", "kiro", "el2")

# Names teachers born 1960–2000 actually have; faker's lists include rare and archaic ones.
FEMALE_FIRST_NAMES = (
    "Елена", "Ольга", "Татьяна", "Наталья", "Ирина", "Светлана", "Марина", "Анна", "Юлия",
    "Екатерина", "Людмила", "Галина", "Надежда", "Оксана", "Мария", "Валентина", "Лариса",
    "Любовь", "Виктория", "Дарья", "Анастасия", "Ксения", "Алёна", "Евгения", "Жанна",
    "Вера", "Нина", "Александра", "Кристина", "Полина",
)  # fmt: skip
MALE_FIRST_NAMES = (
    "Александр", "Сергей", "Андрей", "Дмитрий", "Алексей", "Владимир", "Михаил", "Игорь",
    "Евгений", "Николай", "Павел", "Максим", "Денис", "Роман", "Виктор", "Константин",
    "Олег", "Илья", "Антон", "Артём",
)  # fmt: skip
PATRONYMICS = (  # (female, male)
    ("Александровна", "Александрович"), ("Сергеевна", "Сергеевич"),
    ("Владимировна", "Владимирович"), ("Николаевна", "Николаевич"), ("Ивановна", "Иванович"),
    ("Викторовна", "Викторович"), ("Юрьевна", "Юрьевич"), ("Петровна", "Петрович"),
    ("Михайловна", "Михайлович"), ("Анатольевна", "Анатольевич"), ("Васильевна", "Васильевич"),
    ("Андреевна", "Андреевич"), ("Алексеевна", "Алексеевич"), ("Геннадьевна", "Геннадьевич"),
    ("Валерьевна", "Валерьевич"), ("Евгеньевна", "Евгеньевич"), ("Игоревна", "Игоревич"),
    ("Дмитриевна", "Дмитриевич"), ("Олеговна", "Олегович"), ("Борисовна", "Борисович"),
    ("Павловна", "Павлович"), ("Григорьевна", "Григорьевич"), ("Константиновна", "Константинович"),
    ("Ильинична", "Ильич"), ("Никитична", "Никитич"),
)  # fmt: skip

_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "-": "",
}  # fmt: skip


def translit(text: str) -> str:
    """Latin letters for an e-mail's local part, as in Russian passports (Иванова → ivanova)."""
    return "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())


def inn_with_checksum(prefix: str) -> str:
    """A legal entity's ten-digit ИНН: nine digits and their check digit."""
    if len(prefix) != 9 or not prefix.isdigit():
        raise ValueError("an organisation's INN starts with nine digits")
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(int(d) * w for d, w in zip(prefix, weights, strict=True)) % 11 % 10
    return f"{prefix}{check}"
