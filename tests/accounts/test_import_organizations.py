"""Import of organisations: ИНН checked, identity by ИНН or name and region, regions created."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied

from metodset.accounts.importing import import_file
from metodset.accounts.models import (
    AuditEntry,
    Membership,
    NetworkPartner,
    Organization,
    Region,
)

from .. import factories
from .import_helpers import ORGANIZATION_HEADER, csv_bytes, xlsx_file

# Valid ИНН (control digits checked) and the same numbers with a wrong last digit.
INN_A, INN_B, INN_C, INN_12 = "3906021446", "3906021453", "5504037383", "500100732259"


def _org(name, short, kind, region, city, inn="", site="", email="", phone="", contact=""):
    return [name, short, kind, region, city, inn, site, email, phone, contact]


def _snapshot():
    return (
        list(Organization.objects.order_by("pk").values()),
        list(Region.objects.order_by("pk").values()),
        list(NetworkPartner.objects.order_by("pk").values()),
        AuditEntry.objects.count(),
    )


def _rows():
    return [
        ORGANIZATION_HEADER,
        _org(
            "МБОУ «Средняя общеобразовательная школа № 8»",
            "МБОУ «СОШ № 8»",
            "СОШ",
            "Калининградская область",
            "Калининград",
            INN_A,
            "school8.ru",
            "s8@mail.ru",
        ),
        _org("МАДОУ «Детский сад № 21»", "МАДОУ «Д/с № 21»", "МАДОУ", "Омская обл.", "Омск", INN_B),
        _org(
            "ГБПОУ «Омский педагогический колледж»",
            "ГБПОУ «ОПК»",
            "колледж",
            "Омская область",
            "Омск",
            INN_12,
        ),
        _org(
            "МКУ «Информационно-методический центр»",
            "МКУ «ИМЦ»",
            "ИМЦ",
            "Камчатский край",
            "Петропавловск-Камчатский",
        ),
        _org("Школа с плохим ИНН", "Школа 1", "школа", "Омская область", "Омск", "3906021447"),
        _org("Школа с коротким ИНН", "Школа 2", "школа", "Омская область", "Омск", "12345"),
        _org("Школа с буквами в ИНН", "Школа 3", "школа", "Омская область", "Омск", "39060214АБ"),
        _org("Школа с плохим ИНН-12", "Школа 4", "школа", "Омская область", "Омск", "500100732258"),
        _org("Повтор ИНН", "Повтор", "школа", "Омская область", "Омск", INN_A),
        _org("Непонятная", "Непонятная", "кружок", "Омская область", "Омск"),
        _org("", "Без имени", "школа", "", "Омск"),
        _org("Школа с плохим сайтом", "Школа 5", "школа", "Омская область", "Омск", "", "не сайт"),
    ]


EXPECTED_REJECTED = [
    (6, "Неверная контрольная сумма ИНН 3906021447"),
    (7, "ИНН «12345» должен состоять из 10 или 12 цифр"),
    (8, "ИНН «39060214АБ» должен состоять из 10 или 12 цифр"),
    (9, "Неверная контрольная сумма ИНН 500100732258"),
    (10, "ИНН 3906021446 повторяется: он уже есть в строке 2"),
    (
        11,
        "Неизвестный тип организации «кружок»: допустимы школа, детский сад, колледж, "
        "методический центр, институт развития образования",
    ),
    (12, "Не заполнен столбец «Полное наименование»; не заполнен столбец «Регион»"),
    (13, "Некорректный адрес сайта «не сайт»"),
]


def test_organisations_are_created_and_bad_inn_rows_named(world):
    report = import_file(
        kind="organizations", file=xlsx_file(_rows()), filename="orgs.xlsx", by=world.coordinator
    )

    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)
    assert [(r.row, r.reason) for r in report.rejected] == EXPECTED_REJECTED
    school = Organization.objects.get(inn=INN_A)
    assert (school.kind, school.short_name, school.website, school.email) == (
        "school",
        "МБОУ «СОШ № 8»",
        "https://school8.ru",
        "s8@mail.ru",
    )
    kindergarten = Organization.objects.get(inn=INN_B)
    assert kindergarten.kind == "kindergarten"
    # «Омская обл.» and «Омская область» are one new region, in Omsk time
    omsk = Region.objects.get(name="Омская область")
    assert omsk.time_zone == "Asia/Omsk"
    assert Organization.objects.get(inn=INN_12).region == omsk
    assert kindergarten.region == omsk
    centre = Organization.objects.get(short_name="МКУ «ИМЦ»")
    assert (centre.kind, centre.region.time_zone) == ("methodical_centre", "Asia/Kamchatka")
    # the coordinator's network gains the organisations as partners
    partners = set(world.network.partners.values_list("pk", flat=True))
    assert {school.pk, kindergarten.pk, centre.pk} <= partners
    assert AuditEntry.objects.filter(action="imported", actor=world.coordinator).count() == 1


def test_reimporting_organisations_changes_nothing(world):
    content = csv_bytes(_rows(), delimiter=";", encoding="cp1251")
    import_file(
        kind="organizations", file=io.BytesIO(content), filename="o.csv", by=world.coordinator
    )
    before = _snapshot()

    again = import_file(
        kind="organizations", file=io.BytesIO(content), filename="o.csv", by=world.coordinator
    )

    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert [(r.row, r.reason) for r in again.rejected] == EXPECTED_REJECTED
    assert _snapshot() == before


def test_an_organisation_is_recognised_by_inn_and_updated(world):
    world.school.inn = INN_A
    world.school.save()
    rows = [
        ORGANIZATION_HEADER,
        _org(
            "МБОУ «СОШ № 161» (новое наименование)",
            "МБОУ «СОШ № 161»",
            "школа",
            "Калининградская обл.",
            "Калининград",
            INN_A,
            "",
            "",
            "+7 4012 11-22-33",
        ),
    ]
    report = import_file(kind="organizations", file=xlsx_file(rows), filename="o.xlsx", by=None)
    assert (report.created, report.updated) == (0, 1)
    world.school.refresh_from_db()
    assert world.school.name == "МБОУ «СОШ № 161» (новое наименование)"
    assert world.school.phone == "+7 4012 11-22-33"
    assert world.school.region == world.region_west  # «обл.» matched the stored region


def test_without_inn_an_organisation_is_recognised_by_full_name_in_its_region(world):
    rows = [
        ORGANIZATION_HEADER,
        # the same name written with other quotes and spaces
        _org(
            'МБОУ "Средняя общеобразовательная школа №161"',
            "МБОУ «СОШ № 161»",
            "школа",
            world.region_west.name,
            "Калининград",
            INN_C,
        ),
        # the same name in another region is another organisation
        _org(world.school.name, "МБОУ «СОШ № 161»", "школа", world.region_east.name, "Елизово"),
    ]
    report = import_file(kind="organizations", file=xlsx_file(rows), filename="o.xlsx", by=None)
    assert (report.created, report.updated, report.rejected) == (1, 1, [])
    world.school.refresh_from_db()
    assert world.school.inn == INN_C  # the stored organisation gained its ИНН
    assert Organization.objects.filter(short_name="МБОУ «СОШ № 161»").count() == 2


def test_a_name_taken_by_an_organisation_with_another_inn_is_rejected(world):
    world.school.inn = INN_A
    world.school.save()
    rows = [
        ORGANIZATION_HEADER,
        _org(world.school.name, "Другая", "школа", world.region_west.name, "Калининград", INN_C),
    ]
    report = import_file(kind="organizations", file=xlsx_file(rows), filename="o.xlsx", by=None)
    assert [(r.row, r.reason) for r in report.rejected] == [
        (
            2,
            "В регионе «Калининградская область» уже есть организация с таким полным "
            "наименованием и другим ИНН (3906021446)",
        )
    ]
    assert report.created == 0


def test_an_existing_organisation_joins_the_coordinators_network(world):
    rows = [
        ORGANIZATION_HEADER,
        _org(
            world.outside_org.name,
            world.outside_org.short_name,
            "школа",
            world.region_west.name,
            world.outside_org.city,
        ),
    ]
    report = import_file(
        kind="organizations", file=xlsx_file(rows), filename="o.xlsx", by=world.coordinator
    )
    assert (report.created, report.updated) == (0, 1)
    assert world.network.partners.filter(pk=world.outside_org.pk).exists()
    again = import_file(
        kind="organizations", file=xlsx_file(rows), filename="o.xlsx", by=world.coordinator
    )
    assert (again.updated, again.unchanged) == (0, 1)


def test_the_time_zone_column_sets_a_new_regions_zone(world):
    rows = [
        ["Полное наименование", "Краткое наименование", "Тип", "Регион", "Город", "Часовой пояс"],
        ["Школа № 1", "Школа № 1", "школа", "Новая территория", "Город", "UTC+7"],
    ]
    import_file(kind="organizations", file=xlsx_file(rows), filename="o.xlsx", by=None)
    assert Region.objects.get(name="Новая территория").time_zone == "Asia/Krasnoyarsk"


@pytest.mark.parametrize("who", ["methodist", "manager", "teacher", "council"])
def test_only_coordinators_import_organisations(world, who):
    with pytest.raises(PermissionDenied):
        import_file(
            kind="organizations", file=xlsx_file(_rows()), filename="o.xlsx", by=getattr(world, who)
        )
    assert not Organization.objects.filter(inn=INN_A).exists()


def test_a_coordinator_of_two_networks_may_choose_one(world):
    other = factories.network(name="Вторая сеть")
    Membership.objects.create(user=world.coordinator, network=other, role="coordinator")
    rows = _rows()[:2]
    import_file(
        kind="organizations",
        file=xlsx_file(rows),
        filename="o.xlsx",
        by=world.coordinator,
        network=other,
    )
    school = Organization.objects.get(inn=INN_A)
    assert list(school.networks.all()) == [other]
