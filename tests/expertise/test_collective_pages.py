"""The collective product's pages: the campaign's coordinator gathers, orders, compiles and
publishes; anyone who doesn't run the campaign gets 404."""

from io import BytesIO

import pypdf
import pytest
from django.urls import reverse

from metodset.expertise.models import CollectiveProduct, Item

from . import factories


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(data)).pages)


@pytest.fixture
def campaign(world):
    return factories.campaign(network=world.network, status="closed")


def _accepted(campaign, title, author):
    return factories.item(
        campaign_=campaign, title=title, authors=[author], status=Item.Status.ACCEPTED
    )


def test_the_coordinator_makes_compiles_and_publishes_a_collective_product(world, campaign, client):
    _accepted(campaign, "Квест по финансовой грамотности", world.teacher)
    _accepted(campaign, "Лэпбук «Времена года»", world.kg_teacher)
    client.force_login(world.coordinator)

    response = client.post(
        reverse("expertise:collective_create", args=[campaign.pk]),
        {
            "title": "Региональная модель",
            "kind": "",
            "editors": "Смирнова О. И.",
            "introduction": "Модель собрана из разработок стажёров.",
        },
    )
    product = CollectiveProduct.objects.get()
    assert response.url == reverse("expertise:collective_detail", args=[product.pk])
    page = client.get(response.url).content.decode()
    assert page.index("Квест по финансовой") < page.index("Лэпбук")

    second = product.parts.order_by("order")[1]
    client.post(
        reverse("expertise:collective_move", args=[product.pk, second.pk]), {"direction": "up"}
    )
    client.post(reverse("expertise:collective_compile", args=[product.pk]))
    version = product.versions.get()
    pdf = b"".join(
        client.get(
            reverse("expertise:collective_version_file", args=[version.pk])
        ).streaming_content
    )
    text = _text(pdf)
    assert text.index("Лэпбук") < text.index("Квест по финансовой")
    assert world.kg_teacher.initials_name in text

    client.post(reverse("expertise:collective_publish", args=[product.pk]))
    product.refresh_from_db()
    assert product.material is not None
    assert "Опубликовано в библиотеке" in client.get(response.url).content.decode()


def test_compiling_with_nothing_recommended_says_so_in_russian(world, campaign, client):
    client.force_login(world.coordinator)
    client.post(
        reverse("expertise:collective_create", args=[campaign.pk]),
        {"title": "Сборник", "kind": "", "editors": "", "introduction": ""},
    )
    product = CollectiveProduct.objects.get()

    response = client.post(reverse("expertise:collective_compile", args=[product.pk]), follow=True)

    assert "Пока нет ни одной рекомендованной работы" in response.content.decode()
    assert not product.versions.exists()


def test_a_title_is_required_and_what_was_typed_stays(world, campaign, client):
    client.force_login(world.coordinator)

    response = client.post(
        reverse("expertise:collective_create", args=[campaign.pk]),
        {"title": "", "kind": "", "editors": "Смирнова О. И.", "introduction": "Введение"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Обязательное поле." in page and "Смирнова О. И." in page
    assert not CollectiveProduct.objects.exists()


@pytest.mark.parametrize("who", ["teacher", "methodist", "kg_teacher"])
def test_people_who_dont_run_the_campaign_get_404(world, campaign, client, who):
    _accepted(campaign, "Квест", world.teacher)
    client.force_login(world.coordinator)
    client.post(
        reverse("expertise:collective_create", args=[campaign.pk]),
        {"title": "Сборник", "kind": "", "editors": "", "introduction": ""},
    )
    product = CollectiveProduct.objects.get()
    client.force_login(getattr(world, who))

    assert client.get(reverse("expertise:collective_detail", args=[product.pk])).status_code == 404
    assert (
        client.post(reverse("expertise:collective_compile", args=[product.pk])).status_code == 404
    )
    assert client.get(reverse("expertise:collective_create", args=[campaign.pk])).status_code == 404
    assert not product.versions.exists()
