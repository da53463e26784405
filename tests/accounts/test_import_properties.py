"""Generated import files (Hypothesis): nothing crashes, no good row is lost, every bad row
is named with its spreadsheet row, and importing the same file again changes nothing.

Each file mixes good rows with bad ones of known kinds and goes through ``import_file``
as XLSX or CSV, the code path of the web, the worker and the CLI. Every example runs in
a savepoint that is rolled back, so examples don't see each other's people. The examples
are derandomised, so CI sees the same files on every run.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from metodset.accounts.importing import import_file
from metodset.accounts.importing.values import inn_checksum_ok
from metodset.accounts.models import (
    AuditEntry,
    Membership,
    MembershipInvitation,
    NetworkPartner,
    Organization,
    User,
)

from .import_helpers import ORGANIZATION_HEADER, PEOPLE_HEADER, csv_bytes, xlsx_bytes

Role = Membership.Role

BOUNDED = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class _Rollback(Exception):
    """Raised at the end of an example to roll its savepoint back."""


def _normal(value: object) -> str:
    """What the import makes of a cell's text: whitespace collapsed, as ``cell_text`` does."""
    return " ".join(str(value).split())


# Text a person may type in a name: letters of any script, marks, digits, punctuation,
# symbols (emoji), spaces of every kind. Never control characters: a CSV full of them is
# refused as "not text", and XLSX cannot hold them at all.
odd_text = st.text(
    st.characters(
        codec="utf-8", categories=["L", "M", "N", "P", "S", "Zs", "Cf"], exclude_characters="="
    ),
    min_size=1,
    max_size=30,
).filter(lambda s: _normal(s) and not _normal(s).startswith("="))  # XLSX: a formula
russian_surname = st.sampled_from(
    ["Иванова", "Петров", "Сидорова", "Ёлкин", "Кузнецова-Орлова", "О'Нил", "Щукина", "Ли"]
)
russian_first = st.sampled_from(["Мария", "Пётр", "Анна-Мария", "Ян", "Зульфия", "Илья"])
russian_middle = st.sampled_from(["", "Петровна", "Ильич", "Кызы", "Оглы"])


def _fill(cells: list, width: int) -> list:
    return cells + [""] * (width - len(cells))


# XLSX, and CSV as Russian Excel («;», Windows-1251), LibreOffice («,», UTF-8) or with a BOM
FORMATS = st.sampled_from(["xlsx", "csv;utf-8", "csv;cp1251", "csv,utf-8", "csv\tutf-8-sig"])


def _file(rows: list[list], fmt: str) -> tuple[bytes, str]:
    if fmt == "xlsx":
        return xlsx_bytes(rows), "generated.xlsx"
    delimiter, encoding = fmt[3], fmt[4:]
    try:
        return csv_bytes(rows, delimiter=delimiter, encoding=encoding), "generated.csv"
    except UnicodeEncodeError:  # odd text has no Windows-1251 form
        return csv_bytes(rows, delimiter=delimiter), "generated.csv"


def _in_savepoint(check) -> None:
    try:
        with transaction.atomic():
            check()
            raise _Rollback
    except _Rollback:
        pass


# --- people ---------------------------------------------------------------------------------


@dataclass
class PersonCase:
    """One generated row: the cells, and either what must be stored or why it is refused."""

    cells: list
    expect: dict | None  # e-mail, names, organisation key, role: a good row
    reason: str = ""  # a fragment of the rejection reason: a bad row
    dup_of: int | None = None  # a bad row repeating the e-mail of this case (index)
    existing: str = ""  # a person of the world: "managed" (updated) or "invited"


# people already on the platform (tests/conftest.py): the coordinator manages the
# school's and the kindergarten's teachers; the other organisation's manager is only invited
EXISTING = {
    "teacher@example.ru": "managed",
    "colleague@example.ru": "managed",
    "kg@example.ru": "managed",
    "outsider@example.ru": "invited",
}

ROLE_WORDS = {
    "": Role.TEACHER,
    "педагог": Role.TEACHER,
    "Учитель": Role.TEACHER,
    "методист": Role.METHODIST,
    "заместитель директора по УВР": Role.METHODIST,
    "эксперт": Role.EXPERT,
    "руководитель": Role.MANAGER,
}


@st.composite
def good_person(draw, index: int) -> PersonCase:
    last = draw(st.one_of(russian_surname, odd_text))
    first = draw(st.one_of(russian_first, odd_text))
    middle = draw(russian_middle)
    organisation = draw(st.sampled_from(["school_short", "school_name", "school_inn", "kg"]))
    role = draw(st.sampled_from(sorted(ROLE_WORDS)))
    experience = draw(st.one_of(st.just(""), st.integers(0, 70), st.just("12 лет")))
    zone = draw(st.sampled_from(["", "МСК+2", "Омск", "UTC+3"]))
    # a formula in an optional column: written as text in CSV, empty in XLSX (no cached
    # value); either way the row itself is good
    position = draw(st.sampled_from(["", "учитель физики", '=HYPERLINK("http://x","y")']))
    email = draw(st.sampled_from([f"p{index}@example.org", f"P{index}.Ivanova@Example.ORG"]))
    cells = [last, first, middle, email, organisation, role, position, "", experience, zone]
    expect = {
        "email": email.lower(),
        "names": (_normal(last), _normal(first), middle),
        "organisation": organisation,
        "role": ROLE_WORDS[role],
    }
    return PersonCase(cells, expect)


@st.composite
def bad_person(draw, index: int) -> PersonCase:
    kind = draw(
        st.sampled_from(
            [
                "no_last",
                "no_first",
                "no_email",
                "broken_email",
                "number_email",
                "unknown_org",
                "other_network_org",
                "huge_last",
                "bad_role",
                "bad_experience",
                "bad_zone",
                "duplicate",
            ]
        )
    )
    cells = ["Орлова", "Нина", "", f"bad{index}@example.org", "school_short", "", "", "", "", ""]
    reason = {
        "no_last": "Фамилия",
        "no_first": "Имя",
        "no_email": "E-mail",
        "broken_email": "Некорректный адрес электронной почты",
        "number_email": "Некорректный адрес электронной почты",
        "unknown_org": "нет на платформе",
        "other_network_org": "нет права импортировать людей",
        "huge_last": "длиннее 100 символов",
        "bad_role": "Неизвестная роль",
        "bad_experience": "Стаж",
        "bad_zone": "Неизвестный часовой пояс",
        "duplicate": "повторяется",
    }[kind]
    if kind == "no_last":
        cells[0] = draw(st.sampled_from(["", " ", None, "\u00a0"]))
    elif kind == "no_first":
        cells[1] = draw(st.sampled_from(["", "  ", None]))
    elif kind == "no_email":
        cells[3] = None
    elif kind == "broken_email":
        cells[3] = draw(
            st.one_of(
                st.sampled_from(["volkova@", "a at b.ru", "x@@y.ru", "кто-то@", "@mail.ru"]),
                odd_text.filter(lambda s: "@" not in s),
            )
        )
    elif kind == "number_email":
        cells[3] = draw(st.integers(-(10**12), 10**12))
    elif kind == "unknown_org":
        cells[4] = draw(
            st.one_of(
                st.sampled_from(["МБОУ «СОШ № 999»", "7707083893", "3906021447"]),
                odd_text.map(lambda s: f"Нет такой {s}"),
                st.integers(1, 10**6),
            )
        )
    elif kind == "other_network_org":
        cells[4] = "outside"
    elif kind == "huge_last":
        cells[0] = draw(st.sampled_from(["Ж", "ы", "😀"])) * draw(st.integers(101, 5000))
    elif kind == "bad_role":
        cells[5] = draw(st.sampled_from(["завхоз", "ученик", "директор школы", "42"]))
    elif kind == "bad_experience":
        cells[8] = draw(
            st.one_of(
                st.integers(71, 10**9), st.integers(-100, -1), st.sampled_from(["много", "²", "1²"])
            )
        )
    elif kind == "bad_zone":
        cells[9] = draw(st.sampled_from(["Марс", "UTC+15", "МСК+20"]))
    return PersonCase(cells, None, reason, dup_of=-1 if kind == "duplicate" else None)


@st.composite
def people_files(draw):
    """Rows (header first, maybe blank lines) and what each data row must become."""
    size = draw(st.integers(1, 14))
    cases: list[PersonCase] = []
    for index in range(size):
        case = draw(st.one_of(good_person(index), bad_person(index)))
        unused = [e for e in EXISTING if e not in {c.expect["email"] for c in cases if c.expect}]
        if case.expect and unused and draw(st.integers(0, 3)) == 0:
            email = draw(st.sampled_from(unused))
            case.cells[2] = case.expect["names"][2] or "Петровна"  # an empty cell erases nothing
            case.cells[3] = draw(st.sampled_from([email, email.upper()]))
            case.expect.update(email=email, names=(*case.expect["names"][:2], case.cells[2]))
            case.existing = EXISTING[email]
        if case.dup_of is not None:
            earlier = [i for i, c in enumerate(cases) if c.expect]
            if earlier:
                case.dup_of = draw(st.sampled_from(earlier))
            else:  # nothing to repeat yet: the row has a broken e-mail instead
                case.cells[3], case.dup_of = "nobody@", None
                case.reason = "Некорректный адрес электронной почты"
        cases.append(case)
    blanks = draw(st.lists(st.integers(0, size), max_size=2))
    return cases, blanks, draw(FORMATS)


def _people_rows(world, cases: list[PersonCase], blanks: list[int]):
    organisations = {
        "school_short": world.school.short_name,
        "school_name": world.school.name,
        "school_inn": int(world.school.inn),  # a number, as Excel keeps a ИНН
        "kg": world.kindergarten.short_name,
        "outside": world.outside_org.short_name,
    }
    rows: list[list] = [PEOPLE_HEADER]
    numbers: list[int] = []  # the spreadsheet row of each case
    for index, case in enumerate(cases):
        if index in blanks:
            rows.append([None] * len(PEOPLE_HEADER))
        cells = list(case.cells)
        cells[4] = organisations.get(cells[4], cells[4])
        if case.dup_of is not None:
            cells[3] = cases[case.dup_of].cells[3].upper()
        rows.append(_fill(cells, len(PEOPLE_HEADER)))
        numbers.append(len(rows))
    return rows, numbers


def _people_snapshot():
    return (
        list(User.objects.order_by("pk").values()),
        list(Membership.objects.order_by("pk").values()),
        list(MembershipInvitation.objects.order_by("pk").values()),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def world_with_inn(world):
    world.school.inn = "3906021446"
    world.school.save()
    return world


@BOUNDED
@given(generated=people_files())
def test_generated_people_files_keep_every_good_row_and_name_every_bad_one(
    world_with_inn, generated
):
    world = world_with_inn
    cases, blanks, fmt = generated
    rows, numbers = _people_rows(world, cases, blanks)
    data, filename = _file(rows, fmt)
    event(f"{sum(bool(c.existing) for c in cases)} already on the platform")
    event(f"{fmt}, {sum(bool(c.expect) for c in cases)} good of {len(cases)}")
    org_ids = {
        "school_short": world.school.pk,
        "school_name": world.school.pk,
        "school_inn": world.school.pk,
        "kg": world.kindergarten.pk,
    }

    def check():
        report = import_file(
            kind="people", file=io.BytesIO(data), filename=filename, by=world.coordinator
        )

        good = [(n, c) for n, c in zip(numbers, cases, strict=True) if c.expect]
        bad = {n: c for n, c in zip(numbers, cases, strict=True) if not c.expect}
        new = [c for _n, c in good if not c.existing]
        managed = [c for _n, c in good if c.existing == "managed"]
        invited = [n for n, c in good if c.existing == "invited"]
        assert (report.created, report.updated, report.unchanged) == (len(new), len(managed), 0)
        assert [r.row for r in report.invited] == invited
        assert [r.row for r in report.rejected] == sorted(bad)
        for rejected in report.rejected:
            case = bad[rejected.row]
            assert case.reason.lower() in rejected.reason.lower(), (rejected, case.cells)
            assert re.search("[а-яА-Я]", rejected.reason), rejected  # no Python message
            if case.dup_of is not None:
                assert f"строке {numbers[case.dup_of]}" in rejected.reason
        assert User.objects.filter(email__endswith="@example.org").count() == len(new)
        people = {u.email: u for u in User.objects.all()}
        for _number, case in good:
            person = people[case.expect["email"]]
            if case.existing == "invited":  # proposed, never rewritten or attached
                assert person.last_name == world.outsider.last_name
                assert not person.memberships.filter(
                    organization_id=org_ids[case.expect["organisation"]]
                ).exists()
                assert MembershipInvitation.objects.filter(
                    user=person, organization_id=org_ids[case.expect["organisation"]]
                ).exists()
                continue
            assert (person.last_name, person.first_name, person.middle_name) == case.expect["names"]
            assert Membership.objects.filter(
                user=person,
                organization_id=org_ids[case.expect["organisation"]],
                role=case.expect["role"],
            ).exists()
        before = _people_snapshot()

        again = import_file(
            kind="people", file=io.BytesIO(data), filename=filename, by=world.coordinator
        )

        assert (again.created, again.updated, again.unchanged) == (0, 0, len(good) - len(invited))
        assert [r.row for r in again.invited] == invited
        assert [r.row for r in again.rejected] == sorted(bad)
        assert _people_snapshot() == before

    _in_savepoint(check)


# --- organisations --------------------------------------------------------------------------

REGIONS = [
    ("Калининградская область", "Калининградская область"),
    ("Омская обл.", "Омская область"),
    ("Омская область", "Омская область"),
    ("Респ. Алтай", "Республика Алтай"),
    ("Камчатский край", "Камчатский край"),
]
KIND_WORDS = {
    "СОШ": "school",
    "школа": "school",
    "МБДОУ": "kindergarten",
    "детский сад": "kindergarten",
    "колледж": "college",
    "ИМЦ": "methodical_centre",
    "ИРО": "institute",
}


def _valid_inn(region: int, index: int, tail: int) -> str:
    """A 10-digit ИНН with its control digit: region code, a serial unique to the row."""
    base = f"{region:02d}{index:04d}{tail:03d}"
    return next(base + str(d) for d in range(10) if inn_checksum_ok(base + str(d)))


@dataclass
class OrgCase:
    cells: list
    expect: dict | None
    reason: str = ""
    existing: bool = False  # the world's kindergarten, recognised by name in its region


# «МБДОУ «Детский сад № 12 „Солнышко“»» of tests/conftest.py, written with other quotes
KINDERGARTEN_AS_TYPED = 'МБДОУ "Детский сад №12  "Солнышко""'


@st.composite
def good_organisation(draw, index: int) -> OrgCase:
    suffix = draw(st.one_of(st.just(""), odd_text))
    name = f"МБОУ «СОШ № {1000 + index}» {suffix}"
    short = draw(st.one_of(st.just(f"СОШ {1000 + index}"), odd_text))
    kind = draw(st.sampled_from(sorted(KIND_WORDS)))
    region, region_name = draw(st.sampled_from(REGIONS))
    inn = _valid_inn(draw(st.integers(1, 99)), index, draw(st.integers(0, 999)))
    inn_cell = draw(st.sampled_from([inn, int(inn), f"{inn[:4]} {inn[4:]}"]))
    site = draw(st.sampled_from(["", "school.ru", "https://s.example.org/путь"]))
    email = draw(st.sampled_from(["", f"s{index}@mail.ru"]))
    cells = [name, short, kind, region, "Город", inn_cell, site, email, "+7 900 000-00-00", ""]
    expect = {
        "inn": inn,
        "name": _normal(name),
        "short_name": _normal(short),
        "kind": KIND_WORDS[kind],
        "region": region_name,
    }
    return OrgCase(cells, expect)


@st.composite
def bad_organisation(draw, index: int) -> OrgCase:
    kind = draw(
        st.sampled_from(
            [
                "no_name",
                "no_region",
                "bad_checksum",
                "bad_length",
                "letters_in_inn",
                "unknown_kind",
                "huge_name",
                "bad_site",
                "bad_email",
                "duplicate_inn",
            ]
        )
    )
    inn = _valid_inn(50, 9000 + index, 0)
    cells = [f"Школа-ошибка {index}", "Ошибка", "школа", "Омская область", "Омск", inn]
    reason = {
        "no_name": "Полное наименование",
        "no_region": "Регион",
        "bad_checksum": "контрольная сумма ИНН",
        "bad_length": "10 или 12 цифр",
        "letters_in_inn": "10 или 12 цифр",
        "unknown_kind": "Неизвестный тип организации",
        "huge_name": "длиннее 500 символов",
        "bad_site": "Некорректный адрес сайта",
        "bad_email": "Некорректный адрес электронной почты",
        "duplicate_inn": "повторяется",
    }[kind]
    if kind == "no_name":
        cells[0] = draw(st.sampled_from(["", None, " "]))
    elif kind == "no_region":
        cells[3] = None
    elif kind == "bad_checksum":
        cells[5] = inn[:-1] + str((int(inn[-1]) + 1) % 10)
    elif kind == "bad_length":
        cells[5] = draw(st.sampled_from(["12345", 12345678, "1234567890123"]))
    elif kind == "letters_in_inn":
        # fullwidth digits pass str.isdigit() and int(), superscripts only isdigit()
        cells[5] = draw(
            st.sampled_from(
                ["39060214АБ", "ИНН", "3906021446!", "３９０６０２１４４６", "390602144²"]
            )
        )
    elif kind == "unknown_kind":
        cells[2] = draw(st.sampled_from(["кружок", "клуб", "42"]))
    elif kind == "huge_name":
        cells[0] = "Ш" * draw(st.integers(501, 3000))
    elif kind == "bad_site":
        cells += ["не сайт"]
    elif kind == "bad_email":
        cells += ["", "почта@"]
    elif kind == "duplicate_inn":
        cells[5] = "DUP"  # the ИНН of an earlier good row, when there is one
    return OrgCase(cells, None, reason)


@st.composite
def organisation_files(draw):
    size = draw(st.integers(1, 12))
    cases: list[OrgCase] = []
    for index in range(size):
        case = draw(st.one_of(good_organisation(index), bad_organisation(index)))
        if case.expect and not any(c.existing for c in cases) and draw(st.integers(0, 3)) == 0:
            case.cells[0], case.cells[2], case.cells[3] = (
                KINDERGARTEN_AS_TYPED,
                "МБДОУ",
                "Камчатский край",
            )
            case.expect.update(
                name=_normal(KINDERGARTEN_AS_TYPED), kind="kindergarten", region="Камчатский край"
            )
            case.existing = True
        if len(case.cells) > 5 and case.cells[5] == "DUP":
            earlier = [c for c in cases if c.expect]
            if earlier:
                case.cells[5] = draw(st.sampled_from(earlier)).expect["inn"]
            else:
                case.cells[5], case.reason = "12345", "10 или 12 цифр"
        cases.append(case)
    return cases, draw(FORMATS)


def _organisations_snapshot():
    return (
        list(Organization.objects.order_by("pk").values()),
        list(NetworkPartner.objects.order_by("pk").values()),
        AuditEntry.objects.count(),
    )


@BOUNDED
@given(generated=organisation_files())
def test_generated_organisation_files_keep_every_good_row_and_name_every_bad_one(world, generated):
    cases, fmt = generated
    rows = [ORGANIZATION_HEADER] + [_fill(c.cells, len(ORGANIZATION_HEADER)) for c in cases]
    data, filename = _file(rows, fmt)
    event(f"{sum(bool(c.existing) for c in cases)} already on the platform")
    event(f"{fmt}, {sum(bool(c.expect) for c in cases)} good of {len(cases)}")

    def check():
        report = import_file(
            kind="organizations", file=io.BytesIO(data), filename=filename, by=world.coordinator
        )

        good = [c for c in cases if c.expect]
        bad = {number: c for number, c in enumerate(cases, start=2) if not c.expect}
        updated = sum(c.existing for c in good)
        assert (report.created, report.updated, report.unchanged) == (
            len(good) - updated,
            updated,
            0,
        )
        assert [r.row for r in report.rejected] == sorted(bad)
        for rejected in report.rejected:
            case = bad[rejected.row]
            assert case.reason.lower() in rejected.reason.lower(), (rejected, case.cells)
            assert re.search("[а-яА-Я]", rejected.reason), rejected  # no Python message
        for case in good:
            org = Organization.objects.select_related("region").get(inn=case.expect["inn"])
            stored = {
                "inn": org.inn,
                "name": org.name,
                "short_name": org.short_name,
                "kind": org.kind,
                "region": org.region.name,
            }
            assert stored == case.expect
            assert case.existing == (org.pk == world.kindergarten.pk)
            assert world.network.partners.filter(pk=org.pk).exists()
        before = _organisations_snapshot()

        again = import_file(
            kind="organizations", file=io.BytesIO(data), filename=filename, by=world.coordinator
        )

        assert (again.created, again.updated, again.unchanged) == (0, 0, len(good))
        assert [r.row for r in again.rejected] == sorted(bad)
        assert _organisations_snapshot() == before

    _in_savepoint(check)


# --- what the generated files found, pinned ---------------------------------------------------


def test_an_overlong_organisation_name_is_a_rejected_row_not_a_crash(world):
    rows = [
        ORGANIZATION_HEADER,
        ["Ш" * 501, "Ошибка", "школа", "Омская область", "Омск"],
        ["Школа", "К" * 201, "школа", "Омская область", "Омск"],
    ]
    report = import_file(
        kind="organizations", file=io.BytesIO(xlsx_bytes(rows)), filename="o.xlsx", by=None
    )
    assert [(r.row, r.reason) for r in report.rejected] == [
        (2, "Значение в столбце «Полное наименование» длиннее 500 символов"),
        (3, "Значение в столбце «Краткое наименование» длиннее 200 символов"),
    ]


def test_only_ascii_digits_make_an_inn_or_years_of_experience(world):
    rows = [
        ORGANIZATION_HEADER,
        ["Школа 1", "Ш1", "школа", "Омская область", "Омск", "３９０６０２１４４６"],
        ["Школа 2", "Ш2", "школа", "Омская область", "Омск", "390602144²"],
    ]
    report = import_file(
        kind="organizations", file=io.BytesIO(csv_bytes(rows)), filename="o.csv", by=None
    )
    assert [(r.row, r.reason) for r in report.rejected] == [
        (2, "ИНН «３９０６０２１４４６» должен состоять из 10 или 12 цифр"),
        (3, "ИНН «390602144²» должен состоять из 10 или 12 цифр"),
    ]
    people = [
        PEOPLE_HEADER,
        ["Орлова", "Нина", "", "o@example.org", world.school.name, "", "", "", "²"],
    ]
    report = import_file(
        kind="people", file=io.BytesIO(csv_bytes(people)), filename="p.csv", by=None
    )
    assert [(r.row, r.reason) for r in report.rejected] == [(2, "Стаж «²» — не целое число лет")]


def test_importing_the_same_invitations_again_writes_no_audit_entry(world):
    rows = [PEOPLE_HEADER, ["Петрова", "Анна", "", world.outsider.email, world.school.name]]
    data = csv_bytes(rows)
    first = import_file(
        kind="people", file=io.BytesIO(data), filename="p.csv", by=world.coordinator
    )
    entries = AuditEntry.objects.count()

    again = import_file(
        kind="people", file=io.BytesIO(data), filename="p.csv", by=world.coordinator
    )

    assert [r.row for r in first.invited] == [r.row for r in again.invited] == [2]
    assert AuditEntry.objects.count() == entries
    assert MembershipInvitation.objects.filter(user=world.outsider).count() == 1
