"""The author's pages: my items, an item's versions with conclusions (anonymised when blind)
and decisions, and the revision that keeps the history."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metodset.expertise.models import Campaign, Decision, Item, ItemVersion

from ..conftest import client_for
from . import factories
from .reviewing import reviewing_fixture  # noqa: F401


def _reviewed(reviewing, world, *, status=Item.Status.REVISION):
    review = reviewing.review
    second = factories.expert(
        network=world.network, email="second@example.ru", last_name="Орлова", first_name="Ирина"
    )
    factories.review(
        item_=reviewing.item, expert_=second, number=2, scores=[2, 2, 2], verdict="revise"
    )
    Item.objects.filter(pk=reviewing.item.pk).update(status=status)
    Decision.objects.create(
        item=reviewing.item,
        version=1,
        verdict=Item.Verdict.REVISE,
        reason="Доработать практическую часть",
        decided_by=world.coordinator,
    )
    return review, second


def test_my_items_lists_the_authors_works_with_their_status(reviewing, world):
    response = client_for(world.teacher).get(reverse("expertise:my_items"))

    page = response.content.decode()
    assert "Урок-исследование «Дроби вокруг нас»" in page
    assert str(Item.Status.REVIEWING.label) in page
    assert (
        "Урок-исследование"
        not in client_for(world.colleague).get(reverse("expertise:my_items")).content.decode()
    )


def test_the_author_of_a_blind_item_never_sees_the_experts_name(reviewing, world):
    _review, second = _reviewed(reviewing, world)

    response = client_for(world.teacher).get(
        reverse("expertise:item_mine", args=[reviewing.item.pk])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Эксперт 2" in page
    assert "Доработать практическую часть" in page
    for name in ("Орлова", "Соколова", second.email, reviewing.expert.email):
        assert name not in page


def test_the_author_of_an_open_item_sees_the_experts_name(reviewing, world):
    Campaign.objects.filter(pk=reviewing.campaign.pk).update(blindness=Campaign.Blindness.OPEN)
    _reviewed(reviewing, world)

    page = (
        client_for(world.teacher)
        .get(reverse("expertise:item_mine", args=[reviewing.item.pk]))
        .content.decode()
    )

    assert "Орлова Ирина" in page


def test_someone_else_gets_404_for_the_item(reviewing, world):
    for other in (world.colleague, reviewing.expert):
        url = reverse("expertise:item_mine", args=[reviewing.item.pk])
        assert client_for(other).get(url).status_code == 404


def test_a_revision_is_a_new_version_and_the_history_stays(reviewing, world, settings):
    _reviewed(reviewing, world)
    upload = SimpleUploadedFile("v2.pdf", b"%PDF-1.4 revised", content_type="application/pdf")

    response = client_for(world.teacher).post(
        reverse("expertise:item_revise", args=[reviewing.item.pk]),
        {"note": "Добавлены задания трёх уровней", "text": "Новый конспект", "file": upload},
    )

    assert response.status_code == 302
    item = Item.objects.get(pk=reviewing.item.pk)
    assert item.version == 2 and item.status == Item.Status.SUBMITTED
    assert list(item.versions.values_list("number", flat=True)) == [1, 2]
    page = (
        client_for(world.teacher)
        .get(reverse("expertise:item_mine", args=[item.pk]))
        .content.decode()
    )
    assert "Версия 2" in page and "Версия 1" in page
    assert "Добавлены задания трёх уровней" in page
    assert "Эксперт 2" in page  # the first version's conclusions stay
    version = ItemVersion.objects.get(item=item, number=2)
    file = client_for(world.teacher).get(reverse("expertise:item_version_file", args=[version.pk]))
    assert b"".join(file.streaming_content).startswith(b"%PDF")
    other = client_for(world.colleague)
    assert other.get(reverse("expertise:item_version_file", args=[version.pk])).status_code == 404
    # whoever runs the campaign reads the works handed in, from the item's page
    coordinator = client_for(world.coordinator)
    page = coordinator.get(reverse("expertise:item_detail", args=[item.pk])).content.decode()
    assert reverse("expertise:item_version_file", args=[version.pk]) in page
    file = coordinator.get(reverse("expertise:item_version_file", args=[version.pk]))
    assert b"".join(file.streaming_content).startswith(b"%PDF")


def test_a_revision_without_a_note_or_content_says_so_and_keeps_the_text(reviewing, world):
    _reviewed(reviewing, world)

    response = client_for(world.teacher).post(
        reverse("expertise:item_revise", args=[reviewing.item.pk]), {"text": "Черновик правки"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Опишите, что вы изменили по итогам заключений." in page
    assert "Черновик правки" in page
    assert Item.objects.get(pk=reviewing.item.pk).version == 1


def test_an_item_not_returned_for_revision_cannot_be_revised(reviewing, world):
    response = client_for(world.teacher).post(
        reverse("expertise:item_revise", args=[reviewing.item.pk]),
        {"note": "Правка", "text": "Новый текст"},
        follow=True,
    )

    assert response.status_code == 200
    assert "только когда работа возвращена на доработку" in response.content.decode()
    assert Item.objects.get(pk=reviewing.item.pk).version == 1


def test_my_items_costs_the_same_queries_for_one_work_and_for_four(reviewing, world):
    client = client_for(world.teacher)
    client.get(reverse("expertise:my_items"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("expertise:my_items"))
    for n in range(3):
        factories.item(campaign_=reviewing.campaign, authors=[world.teacher], title=f"Работа {n}")
    with CaptureQueriesContext(connection) as four:
        response = client.get(reverse("expertise:my_items"))
    assert response.content.decode().count("/expertise/my-items/") >= 4
    assert len(four.captured_queries) == len(one.captured_queries)


def test_the_home_page_leads_the_author_to_the_works_returned_for_revision(reviewing, world):
    Item.objects.filter(pk=reviewing.item.pk).update(status=Item.Status.REVISION)

    page = client_for(world.teacher).get(reverse("dashboards:home")).content.decode()

    assert reverse("expertise:my_items") in page
    assert "1 возвращена на доработку" in page
    assert "ждёт вас" not in page
