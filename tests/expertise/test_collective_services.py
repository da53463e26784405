"""The collective product: recommended works gathered in order, compiled, published."""

from io import BytesIO

import pypdf
import pytest

from metodset.expertise.models import (
    Campaign,
    CollectiveProduct,
    Item,
    ItemAuthor,
    ItemVersion,
)
from metodset.expertise.services import collective as services
from metodset.library.models import Material

from . import factories as ef


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(data)).pages)


@pytest.fixture
def campaign(world):
    return Campaign.objects.create(
        title="Взаимоэкспертиза разработок стажёров",
        kind=Campaign.Kind.PRODUCTS,
        network=world.network,
        organization=world.school,
        rubric=ef.shipped_rubric(),
    )


def _work(campaign, *, title, author, status=Item.Status.ACCEPTED, text="", organization=None):
    item = Item.objects.create(campaign=campaign, title=title, status=status, description="Кратко")
    ItemAuthor.objects.create(item=item, user=author, organization=organization)
    ItemVersion.objects.create(item=item, number=1, text=text)
    return item


def test_a_product_gathers_only_the_recommended_works_in_their_order(world, campaign):
    first = _work(campaign, title="Квест по финансовой грамотности", author=world.teacher)
    _work(campaign, title="На доработке", author=world.colleague, status=Item.Status.REVISION)
    second = _work(campaign, title="Лэпбук «Времена года»", author=world.kg_teacher)

    product = services.collective_product_create(
        campaign=campaign, title="Региональная модель наставничества", by=world.coordinator
    )

    assert [p.item for p in product.parts.order_by("order")] == [first, second]


def test_refreshing_adds_works_recommended_since_at_the_end_and_drops_withdrawn(world, campaign):
    first = _work(campaign, title="Первая", author=world.teacher)
    late = _work(campaign, title="Поздняя", author=world.colleague, status=Item.Status.REVIEWING)
    product = services.collective_product_create(
        campaign=campaign, title="Сборник", by=world.coordinator
    )
    late.status = Item.Status.ACCEPTED
    late.save()
    first.status = Item.Status.WITHDRAWN
    first.save()

    assert services.collective_parts_refresh(product=product) == (1, 1)
    assert [p.item for p in product.parts.all()] == [late]


def test_moving_a_part_swaps_it_with_its_neighbour_and_the_ends_stay(world, campaign):
    a = _work(campaign, title="А", author=world.teacher)
    b = _work(campaign, title="Б", author=world.colleague)
    product = services.collective_product_create(
        campaign=campaign, title="Сборник", by=world.coordinator
    )
    part_b = product.parts.get(item=b)

    services.collective_part_move(part=part_b, up=True)
    services.collective_part_move(part=part_b, up=True)  # already first: nothing moves

    assert [p.item for p in product.parts.all()] == [b, a]


def test_compiling_makes_a_new_version_each_time_with_contents_parts_and_authors(world, campaign):
    _work(
        campaign,
        title="Квест по финансовой грамотности",
        author=world.teacher,
        organization=world.school,
        text="Квест состоит из пяти станций.\n\nКаждая станция — задача.",
    )
    product = services.collective_product_create(
        campaign=campaign,
        title="Региональная модель наставничества",
        introduction="Модель собрана из разработок стажёров.",
        by=world.coordinator,
    )

    first = services.collective_product_compile(product=product, by=world.coordinator)
    second = services.collective_product_compile(product=product, by=world.coordinator)

    assert (first.number, second.number) == (1, 2)
    assert CollectiveProduct.objects.get(pk=product.pk).version == 2
    text = _text(second.file.read())
    assert "Региональная модель наставничества" in text
    assert "Содержание" in text and "Введение" in text
    assert "Коллективный инновационный продукт".upper() in text
    assert "Квест по финансовой грамотности" in text
    assert f"{world.teacher.initials_name} ({world.school.short_name})" in text
    assert "Каждая станция — задача." in text
    assert "Версия 2" in text


def test_nothing_to_compile_is_said_in_russian(world, campaign):
    product = services.collective_product_create(
        campaign=campaign, title="Пусто", by=world.coordinator
    )

    with pytest.raises(services.CollectiveError, match="Пока нет ни одной рекомендованной работы"):
        services.collective_product_compile(product=product, by=world.coordinator)


def test_publishing_puts_the_latest_version_into_the_library(world, campaign):
    _work(campaign, title="Квест", author=world.teacher)
    product = services.collective_product_create(
        campaign=campaign, title="Модель", by=world.coordinator
    )
    with pytest.raises(services.CollectiveError, match="Сначала соберите продукт"):
        services.collective_product_publish(product=product, by=world.coordinator)
    services.collective_product_compile(product=product, by=world.coordinator)

    material = services.collective_product_publish(product=product, by=world.coordinator)

    assert material.kind == Material.Kind.COLLECTION
    assert material.authors == world.teacher.initials_name
    assert "Модель" in _text(material.file.read())
    product.refresh_from_db()
    assert product.material == material and product.published_at is not None
