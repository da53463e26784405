"""Competency frameworks: the shipped ones, YAML and XLSX both ways, versions, who imports."""

from __future__ import annotations

import io
import zipfile

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from metodset.diagnostics.frameworks import data as framework_data
from metodset.diagnostics.frameworks import selectors as framework_selectors
from metodset.diagnostics.frameworks import services as framework_services
from metodset.diagnostics.frameworks.data import FrameworkError
from metodset.diagnostics.models import Framework, Indicator

from ...conftest import client_for

SMALL = """
slug: reading
title: Смысловое чтение
version: 1
description: Небольшая рамка для проверки.
threshold: 2
levels:
  - {value: 0, label: не проявляется, descriptor: Не делает.}
  - {value: 1, label: начальный, descriptor: Делает с помощью.}
  - {value: 2, label: базовый, descriptor: Делает сам.}
  - {value: 3, label: продвинутый, descriptor: Учит коллег.}
areas:
  - code: МТ
    title: Методические
    competencies:
      - code: МТ.1
        title: Организует работу с текстом
        labour_function: A/01.6
        indicators:
          - {code: МТ.1.1, text: Ставит задачу чтения до знакомства с текстом}
          - {code: МТ.1.2, text: Использует приёмы продуктивного чтения}
  - code: ПП
    title: Психолого-педагогические
    competencies:
      - code: ПП.1
        title: Учитывает особенности детей
        indicators:
          - {code: ПП.1.1, text: Подбирает тексты по возрасту}
"""


def test_the_two_shipped_frameworks_are_there_after_migrations(db):
    titles = {f.slug: f for f in Framework.objects.filter(network=None)}
    assert {"pedagog-544n", "digital-culture"} <= set(titles)
    pedagog = titles["pedagog-544n"]
    assert 50 <= pedagog.indicators.count() <= 70
    assert list(pedagog.areas.values_list("code", flat=True)) == [
        "НП", "ПР", "МТ", "ПП", "КМ", "ЦФ"
    ]  # fmt: skip
    functions = set(pedagog.competencies.values_list("labour_function", flat=True))
    assert {"A/01.6", "A/02.6", "A/03.6", "B/01.5"} <= functions
    assert [level["value"] for level in pedagog.levels] == [0, 1, 2, 3]


def test_yaml_round_trip_keeps_everything(db):
    data = framework_data.from_yaml(SMALL)
    framework = framework_services.framework_import(data=data)
    again = framework_data.from_yaml(
        framework_data.to_yaml(framework_selectors.framework_data(framework))
    )
    assert framework_data.as_dict(again) == framework_data.as_dict(data)


def test_xlsx_round_trip_keeps_everything(db):
    data = framework_data.from_yaml(SMALL)
    buffer = io.BytesIO()
    framework_data.to_xlsx(data).save(buffer)
    assert framework_data.as_dict(
        framework_data.from_xlsx(buffer.getvalue())
    ) == framework_data.as_dict(data)


def test_an_xlsx_framework_is_read_by_the_platform_reader_and_refused_as_imports_are(settings):
    """The same checks as every import: an old XLS, a non-workbook and a ZIP bomb are refused
    before anything is unpacked, with the reader's messages."""
    with pytest.raises(FrameworkError, match="Excel 97–2003"):
        framework_data.from_xlsx(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(FrameworkError, match="Файл не является книгой XLSX"):
        framework_data.from_xlsx(b"not a workbook")
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", b"<" * (5 * 1024 * 1024))
    with pytest.raises(FrameworkError, match="после распаковки занимает больше 1,0"):
        framework_data.from_xlsx(bomb.getvalue())


def test_errors_are_listed_in_russian_with_their_place():
    raw = yaml.safe_load(SMALL)
    raw["slug"] = "Чтение!"
    raw["threshold"] = 7
    raw["areas"][0]["competencies"][0]["indicators"][1]["code"] = "МТ.1.1"
    raw["areas"][1]["competencies"][0]["indicators"] = []
    with pytest.raises(FrameworkError) as error:
        framework_data.parse(raw)
    text = " | ".join(error.value.errors)
    assert "латинские" in text.lower() or "латиниц" in text.lower()
    assert "Порог дефицита" in text
    assert "МТ.1.1" in text and "дважды" in text
    assert "ПП.1" in text and "нет индикаторов" in text


def test_a_second_import_is_the_next_version_and_the_first_stays(db):
    first = framework_services.framework_import(data=framework_data.from_yaml(SMALL))
    raw = yaml.safe_load(SMALL)
    raw["areas"][0]["competencies"][0]["indicators"].append({"code": "МТ.1.3", "text": "Новое"})
    second = framework_services.framework_import(data=framework_data.parse(raw))
    assert (first.version, second.version) == (1, 2)
    assert first.indicators.count() == 3
    assert second.indicators.count() == 4
    assert Indicator.objects.filter(framework=first, code="МТ.1.3").count() == 0


def test_everybody_signed_in_sees_frameworks_and_downloads_them(world):
    framework = Framework.objects.get(slug="pedagog-544n")
    client = client_for(world.teacher)
    assert framework.title in client.get(reverse("diagnostics:frameworks")).content.decode()
    page = client.get(reverse("diagnostics:framework", args=[framework.pk])).content.decode()
    assert "Нормативно-правовые" in page
    book = load_workbook(
        io.BytesIO(
            client.get(reverse("diagnostics:framework", args=[framework.pk]), {"format": "xlsx"})
            .content
        )
    )  # fmt: skip
    assert book["Индикаторы"].max_row - 1 == framework.indicators.count()
    text = client.get(
        reverse("diagnostics:framework", args=[framework.pk]), {"format": "yaml"}
    ).content.decode()
    assert framework_data.from_yaml(text).indicator_count == framework.indicators.count()
    assert Client().get(reverse("diagnostics:frameworks")).status_code == 302


def test_network_frameworks_are_seen_only_in_the_network(world):
    framework = framework_services.framework_import(
        data=framework_data.from_yaml(SMALL), network=world.network
    )
    url = reverse("diagnostics:framework", args=[framework.pk])
    assert client_for(world.teacher).get(url).status_code == 200  # a partner's teacher
    assert client_for(world.outsider).get(url).status_code == 404


def test_coordinator_imports_a_framework_for_the_network(world):
    client = client_for(world.coordinator)
    url = reverse("diagnostics:framework_import")
    response = client.post(
        url,
        {
            "file": SimpleUploadedFile("reading.yaml", SMALL.encode(), "application/yaml"),
            "network": world.network.pk,
        },
    )
    framework = Framework.objects.get(slug="reading")
    assert response["Location"] == reverse("diagnostics:framework", args=[framework.pk])
    assert framework.network == world.network
    assert framework.created_by == world.coordinator


def test_a_broken_file_is_refused_with_the_reasons_and_nothing_is_stored(world):
    client = client_for(world.coordinator)
    broken = SMALL.replace("title: Смысловое чтение", "title: ''")
    page = client.post(
        reverse("diagnostics:framework_import"),
        {
            "file": SimpleUploadedFile("reading.yaml", broken.encode(), "application/yaml"),
            "network": world.network.pk,
        },
    )
    assert page.status_code == 400
    assert "У рамки нет названия" in page.content.decode()
    assert not Framework.objects.filter(slug="reading").exists()


def test_teachers_and_methodists_cannot_import(world):
    url = reverse("diagnostics:framework_import")
    assert client_for(world.teacher).get(url).status_code == 404
    assert client_for(world.methodist).get(url).status_code == 404
    assert client_for(world.coordinator).get(url).status_code == 200
