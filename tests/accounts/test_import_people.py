"""Import of people through ``import_file``: every good row in, every bad row named."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied

from metodset.accounts.importing import ImportFileError, import_file
from metodset.accounts.models import AuditEntry, Membership, MembershipInvitation, User

from .. import factories
from .import_helpers import PEOPLE_HEADER, csv_bytes, people_rows, xlsx_bytes, xlsx_file

Role = Membership.Role


def _snapshot():
    return (
        list(User.objects.order_by("pk").values()),
        list(Membership.objects.order_by("pk").values()),
        AuditEntry.objects.count(),
    )


def _person(last, first, email, org, *, role="", position="", experience="", zone=""):
    return [last, first, "", email, org, role, position, "", experience, zone]


def _thousand_rows_with_bad_ones(world) -> tuple[list[list], dict[int, str], list[list]]:
    """960 good rows, 40 varied bad ones and two empty rows, in a realistic order.

    Returns all rows (header first), {spreadsheet row: expected reason} and the good rows.
    """
    school, kg = world.school, world.kindergarten
    good = people_rows(960, [school.short_name, kg.name, school.name, 'МБОУ "СОШ №161"'])
    taken = good[100][3]
    bad = [
        (
            _person("", "Анна", "anna-bad@example.org", school.short_name),
            "Не заполнен столбец «Фамилия»",
        ),
        (
            _person("Орлова", "", "orlova@example.org", school.short_name),
            "Не заполнен столбец «Имя»",
        ),
        (
            _person("", "", "nobody@example.org", kg.name),
            "Не заполнен столбец «Фамилия»; не заполнен столбец «Имя»",
        ),
        (_person("Зайцев", "Пётр", "", school.short_name), "Не заполнен столбец «E-mail»"),
        (
            _person("Волкова", "Ирина", "volkova@", school.short_name),
            "Некорректный адрес электронной почты «volkova@»",
        ),
        (
            _person("Лебедев", "Олег", "lebedev at mail.ru", kg.name),
            "Некорректный адрес электронной почты «lebedev at mail.ru»",
        ),
        (
            _person("Соколова", "Нина", "sokolova@mail", school.short_name),
            "Некорректный адрес электронной почты «sokolova@mail»",
        ),
        (
            _person("Козлов", "Иван", "kozlov@@mail.ru", school.short_name),
            "Некорректный адрес электронной почты «kozlov@@mail.ru»",
        ),
        (
            _person("Новикова", "Вера", "novikova@example.org", "МБОУ «СОШ № 999»"),
            "Организации «МБОУ «СОШ № 999»» нет на платформе",
        ),
        (
            _person("Морозов", "Глеб", "morozov@example.org", "Лицей № 1"),
            "Организации «Лицей № 1» нет на платформе",
        ),
        (
            _person("Павлова", "Юлия", "pavlova@example.org", "7707083893"),
            "Организации «7707083893» нет на платформе",
        ),
        (_person("Семенов", "Лев", "semenov@example.org", ""), "Не заполнен столбец «Организация»"),
        (
            _person("Егорова", "Алла", "egorova@example.org", world.outside_org.short_name),
            "У вас нет права импортировать людей в «МОУ «Гимназия № 53»»",
        ),
        (
            _person("Титов", "Роман", "titov@example.org", world.outside_org.name),
            "У вас нет права импортировать людей в «МОУ «Гимназия № 53»»",
        ),
        (
            _person("Дубова", "Ольга", taken.upper(), school.short_name),
            f"Адрес {taken} повторяется: он уже есть в строке {{first}}",
        ),
        (
            _person("Кравец", "Ян", good[5][3], kg.name),
            f"Адрес {good[5][3]} повторяется: он уже есть в строке {{first}}",
        ),
        (_person("Фомина", "Ева", "dup.twice@example.org", school.short_name), None),  # first: good
        (
            _person("Фомина", "Ева", "dup.twice@example.org", school.short_name),
            "Адрес dup.twice@example.org повторяется: он уже есть в строке {first}",
        ),
        (
            _person("Фомина", "Ева", "Dup.Twice@Example.org", kg.name),
            "Адрес dup.twice@example.org повторяется: он уже есть в строке {first}",
        ),
        (
            _person("Белов", "Антон", "belov@example.org", school.short_name, experience="десять"),
            "Стаж «десять» — не целое число лет",
        ),
        (
            _person("Белова", "Анна", "belova@example.org", school.short_name, experience="85"),
            "Стаж 85 вне допустимого диапазона 0–70 лет",
        ),
        (
            _person("Белых", "Иван", "belykh@example.org", school.short_name, experience=71),
            "Стаж 71 вне допустимого диапазона 0–70 лет",
        ),
        (
            _person("Беляев", "Марк", "belyaev@example.org", kg.name, experience="-3"),
            "Стаж -3 вне допустимого диапазона 0–70 лет",
        ),
        (
            _person("Бобров", "Кирилл", "bobrov@example.org", kg.name, experience=5.5),
            "Стаж «5.5» — не целое число лет",
        ),
        (
            _person("Быкова", "Дарья", "bykova@example.org", kg.name, experience="5 с половиной"),
            "Стаж «5 с половиной» — не целое число лет",
        ),
        (
            _person("Гусев", "Ефим", "gusev@example.org", school.short_name, role="завхоз"),
            "Неизвестная роль «завхоз»: допустимы педагог, руководитель, методист, эксперт",
        ),
        (
            _person(
                "Гусева", "Римма", "guseva@example.org", school.short_name, role="директор школы"
            ),
            "Неизвестная роль «директор школы»",
        ),
        (
            _person("Гущин", "Борис", "gushchin@example.org", school.short_name, role="ученик"),
            "Неизвестная роль «ученик»",
        ),
        (
            _person("Данилова", "Зоя", "danilova@example.org", kg.name, zone="Марс"),
            "Неизвестный часовой пояс «Марс»",
        ),
        (
            _person("Данилов", "Олег", "danilov@example.org", kg.name, zone="UTC+15"),
            "Неизвестный часовой пояс «UTC+15»",
        ),
        (
            _person(
                "Жукова", "Лидия", "zhukova@example.org", school.short_name, position="у" * 201
            ),
            "Значение в столбце «Должность» длиннее 200 символов",
        ),
        (
            _person("Ж" * 101, "Инна", "zh@example.org", school.short_name),
            "Значение в столбце «Фамилия» длиннее 100 символов",
        ),
        (
            _person("Зуев", "", "zuev@", "Нет такой", role="сторож", experience="много"),
            "Не заполнен столбец «Имя»; некорректный адрес электронной почты «zuev@»; "
            "организации «Нет такой» нет на платформе; неизвестная роль «сторож»",
        ),
        (
            _person("Ильина", "Мира", "ilina@example.org", school.short_name, role="физрук"),
            "Неизвестная роль «физрук»",
        ),
        (
            _person("Исаев", "Тимур", "isaev.example.org", kg.name),
            "Некорректный адрес электронной почты «isaev.example.org»",
        ),
        (
            _person("Карпова", "Ада", "karpova@example.org", "МДОУ «Д/с № 99»"),
            "Организации «МДОУ «Д/с № 99»» нет на платформе",
        ),
        (
            _person("Котов", "Савва", "kotov@example.org", school.short_name, experience="100 лет"),
            "Стаж 100 вне допустимого диапазона",
        ),
        (
            _person("Кудрявцева", "Ия", "kudr@example.org", school.short_name, zone="Гонолулу"),
            "Неизвестный часовой пояс «Гонолулу»",
        ),
        (
            _person("Лаптев", "Ким", "laptev@example.org", world.outside_org.name, role="методист"),
            "У вас нет права импортировать людей",
        ),
        (
            _person("Мамонтова", "Софья", "mamontova@", world.outside_org.name),
            "Некорректный адрес электронной почты «mamontova@»; у вас нет права",
        ),
        (
            _person("Никитин", "Ян", "nikitin@example.org", school.short_name, experience="7,5"),
            "Стаж «7,5» — не целое число лет",
        ),
    ]
    rows = [PEOPLE_HEADER]
    expected: dict[int, str] = {}
    good_rows: list[list] = []
    good_iter = iter(good)
    positions = {24 * i + 3 for i in range(len(bad))}
    bad_iter = iter(bad)
    while True:
        index = len(rows) - 1
        if index in positions:
            row, reason = next(bad_iter)
            rows.append(row)
            if reason is None:
                good_rows.append(row)
            else:
                expected[len(rows)] = reason
            continue
        if index in (400, 700):
            rows.append([None] * len(PEOPLE_HEADER))  # empty rows are skipped silently
            continue
        row = next(good_iter, None)
        if row is None:
            break
        rows.append(row)
        good_rows.append(row)
    assert len(expected) == 40 and len(good_rows) == 961
    first_row = {}
    for number, row in enumerate(rows, start=1):
        if row[3]:
            first_row.setdefault(str(row[3]).lower(), number)
    for number, reason in expected.items():
        if "{first}" in reason:
            first = first_row[str(rows[number - 1][3]).lower()]
            expected[number] = reason.replace("{first}", str(first))
    return rows, expected, good_rows


def test_thousand_rows_import_every_good_row_and_name_every_bad_one(world):
    rows, expected, good_rows = _thousand_rows_with_bad_ones(world)
    content = xlsx_bytes(rows)
    users_before = User.objects.count()

    report = import_file(
        kind="people", file=io.BytesIO(content), filename="педагоги.xlsx", by=world.coordinator
    )

    assert (report.created, report.updated, report.unchanged) == (961, 0, 0)
    assert [r.row for r in report.rejected] == sorted(expected)
    for rejected in report.rejected:
        assert rejected.reason.startswith(expected[rejected.row]) or (
            expected[rejected.row] in rejected.reason
        ), (rejected.row, rejected.reason)
    assert User.objects.count() == users_before + 961
    by_email = {u.email: u for u in User.objects.filter(email__endswith="@example.org")}
    for row in good_rows:
        person = by_email[row[3].lower()]
        assert (person.last_name, person.first_name, person.middle_name) == tuple(row[:3])
        assert person.experience_years == (row[8] if row[8] != "" else None)
        assert not person.has_usable_password()
    # time zone: the file's when given, else the organisation's region
    zones = dict(
        User.objects.filter(email__endswith="@example.org").values_list("email", "time_zone")
    )
    assert zones[good_rows[0][3]] == "Asia/Yekaterinburg"  # «МСК+2»
    assert zones[good_rows[1][3]] == "Asia/Kamchatka"  # kindergarten's region
    assert zones[good_rows[2][3]] == "Europe/Kaliningrad"  # school's region
    memberships = set(
        Membership.objects.filter(user__email__endswith="@example.org").values_list(
            "user__email", "organization_id", "role"
        )
    )
    assert len(memberships) == 961
    assert (good_rows[4][3], world.school.pk, Role.EXPERT) in memberships
    assert (good_rows[1][3], world.kindergarten.pk, Role.TEACHER) in memberships
    # one summary entry in the audit log, not one per person
    entry = AuditEntry.objects.get(action="imported")
    assert entry.actor == world.coordinator
    assert entry.changes["created"] == [None, 961]
    assert entry.changes["rejected"] == [None, 40]


def test_importing_the_same_file_again_changes_nothing(world):
    rows, expected, _good = _thousand_rows_with_bad_ones(world)
    content = xlsx_bytes(rows)
    import_file(kind="people", file=io.BytesIO(content), filename="a.xlsx", by=world.coordinator)
    before = _snapshot()

    again = import_file(
        kind="people", file=io.BytesIO(content), filename="a.xlsx", by=world.coordinator
    )

    assert (again.created, again.updated, again.unchanged) == (0, 0, 961)
    assert [r.row for r in again.rejected] == sorted(expected)
    assert _snapshot() == before


def test_changed_rows_update_people_and_empty_cells_keep_stored_values(world):
    rows = [PEOPLE_HEADER] + people_rows(5, [world.school.short_name])
    import_file(kind="people", file=xlsx_file(rows), filename="a.xlsx", by=world.coordinator)
    rows[1][6] = "учитель информатики"  # position changes
    rows[2][2] = ""  # an emptied patronymic does not erase the stored one
    rows[3][5] = "методист"  # a new role adds a membership, the old one stays
    stored_middle = User.objects.get(email=rows[2][3]).middle_name

    report = import_file(
        kind="people", file=xlsx_file(rows), filename="a.xlsx", by=world.coordinator
    )

    assert (report.created, report.updated, report.unchanged, report.rejected) == (0, 2, 3, [])
    assert User.objects.get(email=rows[1][3]).position == "учитель информатики"
    assert User.objects.get(email=rows[2][3]).middle_name == stored_middle
    roles = set(Membership.objects.filter(user__email=rows[3][3]).values_list("role", flat=True))
    assert Role.METHODIST in roles and len(roles) == 2
    assert AuditEntry.objects.filter(action="imported").count() == 2


def test_dry_run_reports_without_writing(world):
    rows = [PEOPLE_HEADER] + people_rows(3, [world.school.short_name])
    before = _snapshot()
    report = import_file(
        kind="people", file=xlsx_file(rows), filename="a.xlsx", by=world.coordinator, dry_run=True
    )
    assert (report.created, report.dry_run) == (3, True)
    assert _snapshot() == before


def test_csv_in_windows_1251_with_semicolons(world):
    rows = [PEOPLE_HEADER] + [
        [
            "Ёлкина",
            "Алёна",
            "Фёдоровна",
            "yolkina@example.ru",
            "МБОУ «СОШ № 161»",
            "Методист",
            "заместитель директора по УВР",
            "химия",
            "15",
            "",
        ],
        ["Щукин", "Яков", "", "shchukin@example.ru", "МБОУ «СОШ № 161»", "педагог", "", "", "", ""],
        ["Эрдман", "Юрий", "", "плохой адрес", "МБОУ «СОШ № 161»", "", "", "", "", ""],
    ]
    content = csv_bytes(rows, delimiter=";", encoding="cp1251")

    report = import_file(
        kind="people", file=io.BytesIO(content), filename="list.csv", by=world.methodist
    )

    assert (report.created, report.unchanged) == (2, 0)
    assert [(r.row, r.reason) for r in report.rejected] == [
        (4, "Некорректный адрес электронной почты «плохой адрес»")
    ]
    person = User.objects.get(email="yolkina@example.ru")
    assert (person.last_name, person.first_name, person.middle_name) == (
        "Ёлкина",
        "Алёна",
        "Фёдоровна",
    )
    assert person.memberships.get().role == Role.METHODIST


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(",", "utf-8"), ("\t", "utf-8"), (";", "utf-8-sig"), (",", "cp1251")],
)
def test_csv_delimiters_and_encodings_are_detected(world, delimiter, encoding):
    rows = [PEOPLE_HEADER] + people_rows(4, [world.school.short_name])
    content = csv_bytes(rows, delimiter=delimiter, encoding=encoding)
    report = import_file(kind="people", file=io.BytesIO(content), filename="p.CSV", by=None)
    assert (report.created, report.rejected) == (4, [])


def test_headers_are_matched_loosely_and_a_title_row_may_stand_above(world):
    rows = [
        ["Список педагогов на 2025/2026 учебный год"],
        [],
        [
            "  фамилия ",
            "ИМЯ*",
            "Электронная почта",
            "Образовательная организация",
            "Педагогический стаж",
            "Примечание",
        ],
        ["Орлов", "Семён", "orlov@example.ru", "МБОУ «СОШ № 161»", "12 лет", "что-то"],
    ]
    report = import_file(kind="people", file=xlsx_file(rows), filename="a.xlsx", by=None)
    assert (report.created, report.rejected) == (1, [])
    assert report.ignored_columns == ["Примечание"]
    assert User.objects.get(email="orlov@example.ru").experience_years == 12


def test_full_name_in_one_column_is_split(world):
    rows = [
        ["ФИО", "E-mail", "Организация"],
        ["Мамедов Али Гусейн оглы", "mamedov@example.ru", world.school.short_name],
        ["Одинцова", "odintsova@example.ru", world.school.short_name],
    ]
    report = import_file(kind="people", file=xlsx_file(rows), filename="a.xlsx", by=None)
    person = User.objects.get(email="mamedov@example.ru")
    assert (person.last_name, person.first_name, person.middle_name) == (
        "Мамедов",
        "Али",
        "Гусейн оглы",
    )
    assert [(r.row, r.reason) for r in report.rejected] == [(3, "Не заполнен столбец «Имя»")]


def test_default_organisation_fills_rows_without_one(world):
    rows = [["Фамилия", "Имя", "E-mail"], ["Орлова", "Ия", "orlova.i@example.ru"]]
    report = import_file(
        kind="people",
        file=xlsx_file(rows),
        filename="a.xlsx",
        by=world.methodist,
        organization=world.school,
    )
    assert report.created == 1
    assert Membership.objects.get(user__email="orlova.i@example.ru").organization == world.school


def test_methodist_imports_only_into_their_own_organisation(world):
    rows = [
        PEOPLE_HEADER,
        _person("Орлова", "Ия", "own@example.ru", world.school.short_name),
        _person("Шилова", "Ада", "other@example.ru", world.kindergarten.short_name),
        _person("Ершов", "Яков", "outside@example.ru", world.outside_org.short_name),
    ]
    report = import_file(kind="people", file=xlsx_file(rows), filename="a.xlsx", by=world.methodist)
    assert report.created == 1
    assert [(r.row, r.reason) for r in report.rejected] == [
        (3, "У вас нет права импортировать людей в «МБДОУ «Д/с № 12»»"),
        (4, "У вас нет права импортировать людей в «МОУ «Гимназия № 53»»"),
    ]
    assert not User.objects.filter(email__in=["other@example.ru", "outside@example.ru"]).exists()


def test_a_person_of_another_organisation_is_invited_and_keeps_their_record(world):
    # Until issue 12 she silently gained the membership; now she is asked first.
    rows = [
        PEOPLE_HEADER,
        _person("Другая", "Фамилия", world.kg_teacher.email, world.school.short_name, position="x"),
    ]
    before = User.objects.filter(pk=world.kg_teacher.pk).values().get()
    report = import_file(kind="people", file=xlsx_file(rows), filename="a.xlsx", by=world.methodist)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    assert [(r.row, r.reason) for r in report.invited] == [
        (2, "Человек уже есть на платформе — ему отправлено приглашение в организацию")
    ]
    assert User.objects.filter(pk=world.kg_teacher.pk).values().get() == before
    assert not Membership.objects.filter(user=world.kg_teacher, organization=world.school).exists()
    invitation = MembershipInvitation.objects.get(user=world.kg_teacher)
    assert (invitation.organization, invitation.status) == (world.school, "pending")


def test_a_disabled_account_is_rejected(world):
    world.colleague.is_active = False
    world.colleague.save()
    rows = [
        PEOPLE_HEADER,
        _person("Соколов", "Игорь", world.colleague.email, world.school.short_name),
    ]
    report = import_file(
        kind="people", file=xlsx_file(rows), filename="a.xlsx", by=world.coordinator
    )
    assert [(r.row, r.reason) for r in report.rejected] == [
        (2, "Учётная запись colleague@example.ru отключена")
    ]


def test_ambiguous_short_name_asks_for_the_full_name_or_inn(world):
    twin = factories.organization(region_=world.region_east, short_name=world.school.short_name)
    factories.organization(
        region_=world.region_east, short_name="МАОУ «Лицей № 1»", inn="7707083893"
    )
    rows = [
        PEOPLE_HEADER,
        _person("Орлова", "Ия", "a@example.ru", world.school.short_name),
        _person("Орлова", "Ия", "b@example.ru", twin.name),
        _person("Орлова", "Ия", "c@example.ru", "7707083893"),
    ]
    report = import_file(kind="people", file=xlsx_file(rows), filename="a.xlsx", by=None)
    assert report.created == 2
    assert [(r.row, r.reason) for r in report.rejected] == [
        (
            2,
            "Организаций с названием «МБОУ «СОШ № 161»» несколько (2); "
            "укажите полное наименование или ИНН",
        )
    ]
    assert Membership.objects.get(user__email="b@example.ru").organization == twin


def test_coordinators_scope_settles_an_ambiguous_name(world):
    factories.organization(region_=world.region_east, short_name=world.school.short_name)
    rows = [PEOPLE_HEADER, _person("Орлова", "Ия", "a@example.ru", world.school.short_name)]
    report = import_file(
        kind="people", file=xlsx_file(rows), filename="a.xlsx", by=world.coordinator
    )
    assert report.created == 1
    assert Membership.objects.get(user__email="a@example.ru").organization == world.school


def test_a_teacher_may_not_import(world):
    rows = [PEOPLE_HEADER, _person("Орлова", "Ия", "a@example.ru", world.school.short_name)]
    with pytest.raises(PermissionDenied):
        import_file(kind="people", file=xlsx_file(rows), filename="a.xlsx", by=world.teacher)
    assert not User.objects.filter(email="a@example.ru").exists()


def test_missing_required_columns_stop_the_file(world):
    rows = [["Фамилия", "Имя", "Должность"], ["Орлова", "Ия", "учитель"]]
    with pytest.raises(ImportFileError) as error:
        import_file(kind="people", file=xlsx_file(rows), filename="a.xlsx", by=None)
    assert str(error.value) == "В файле нет обязательных столбцов: «E-mail», «Организация»."
