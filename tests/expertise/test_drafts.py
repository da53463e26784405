"""An author's draft of a work for an open call: kept as often as she likes, seen by her alone
(no coordinator's page, count, assignment, result, API or expert's list shows it), handed in
under the rules of the one-step entry, or deleted."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from metodset.accounts.audit import AuditEntry
from metodset.expertise import permissions
from metodset.expertise.models import Campaign, Item, ItemVersion
from metodset.expertise.selectors import campaigns as campaign_selectors
from metodset.expertise.selectors import reviews as review_selectors
from metodset.expertise.services import assigning
from metodset.expertise.services import authoring as services
from metodset.expertise.services.authoring import AuthoringError

from ..conftest import client_for
from . import factories

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def call(world):
    return factories.campaign(
        network=world.network,
        kind=Campaign.Kind.ARTICLES,
        status=Campaign.Status.OPEN,
        title="Статьи в сборник сети",
        reviews_per_item=1,
        submissions_until=timezone.now() + timedelta(days=5),
        created_by=world.coordinator,
    )


@pytest.fixture
def draft(world, call):
    return services.item_draft_create(
        campaign=call, author=world.teacher, title="Смысловое чтение", annotation="Начало"
    )


def _complete(item, author):
    return services.item_draft_save(
        item=item,
        by=author,
        title="Смысловое чтение на уроках математики",
        annotation="Статья о приёмах работы с текстом задачи.",
        text="Текст статьи.",
        consent=True,
    )


# --- services ------------------------------------------------------------------------------


def test_a_draft_keeps_each_save_and_is_handed_in_once(world, call, draft):
    assert draft.status == Item.Status.DRAFT
    assert draft.authors.get().user == world.teacher

    _complete(draft, world.teacher)
    draft.refresh_from_db()
    assert draft.title == "Смысловое чтение на уроках математики"
    assert draft.versions.get().text == "Текст статьи."

    handed = services.item_draft_submit(item=draft, by=world.teacher)

    assert handed.status == Item.Status.SUBMITTED
    assert handed.consent_at is not None
    assert list(handed.versions.values_list("number", flat=True)) == [1]
    assert list(
        AuditEntry.objects.filter(target_id=str(draft.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "expertise.item_draft_create",
        "expertise.item_draft_save",
        "expertise.item_draft_submit",
    ]
    with pytest.raises(AuthoringError, match="уже передана"):
        services.item_draft_save(item=draft, by=world.teacher, title="Другое")
    with pytest.raises(AuthoringError):
        services.item_draft_delete(item=draft, by=world.teacher)


def test_handing_in_needs_consent_and_a_work(world, draft):
    with pytest.raises(AuthoringError, match="согласие с положением"):
        services.item_draft_submit(item=draft, by=world.teacher)
    services.item_draft_save(item=draft, by=world.teacher, title="Статья", consent=True)
    with pytest.raises(AuthoringError, match="Приложите файл"):
        services.item_draft_submit(item=draft, by=world.teacher)
    assert Item.objects.get(pk=draft.pk).status == Item.Status.DRAFT


def test_handing_in_after_the_deadline_is_refused_and_the_draft_stays(world, call, draft):
    _complete(draft, world.teacher)
    Campaign.objects.filter(pk=call.pk).update(
        submissions_until=timezone.now() - timedelta(minutes=1)
    )

    with pytest.raises(AuthoringError, match="Срок приёма работ истёк"):
        services.item_draft_submit(item=Item.objects.get(pk=draft.pk), by=world.teacher)

    assert Item.objects.get(pk=draft.pk).status == Item.Status.DRAFT


def test_only_an_author_changes_hands_in_or_deletes_a_draft(world, draft):
    for act in (
        lambda: services.item_draft_save(item=draft, by=world.colleague, title="Чужое"),
        lambda: services.item_draft_submit(item=draft, by=world.colleague),
        lambda: services.item_draft_delete(item=draft, by=world.colleague),
    ):
        with pytest.raises(AuthoringError, match="Только автор"):
            act()
    assert Item.objects.get(pk=draft.pk).title == "Смысловое чтение"


def test_deleting_a_draft_deletes_its_file_once_kept(
    world, draft, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    services.item_draft_save(
        item=draft,
        by=world.teacher,
        title="Статья",
        file=SimpleUploadedFile("statya.pdf", PDF, content_type="application/pdf"),
    )
    stored = tmp_path / ItemVersion.objects.get(item=draft).file.name
    assert stored.exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.item_draft_delete(item=draft, by=world.teacher)

    assert not Item.objects.filter(pk=draft.pk).exists()
    assert not stored.exists()


def test_a_draft_is_neither_assigned_nor_counted_nor_shown_to_coordinators(world, call, draft):
    expert = factories.expert(network=world.network, organization=world.kindergarten)
    handed = factories.item(campaign_=call, authors=[world.colleague], title="Квест")

    result = assigning.campaign_assign(campaign=call, by=world.coordinator)

    assert result.ok, result.problems
    assert [(r.item, r.expert) for r in result.reviews] == [(handed, expert)]
    assert Item.objects.get(pk=draft.pk).status == Item.Status.DRAFT
    progress = campaign_selectors.campaigns_with_progress(Campaign.objects.filter(pk=call.pk))
    assert progress.get().item_count == 1
    assert list(campaign_selectors.campaign_items(call)) == [handed]
    assert [row.item for row in campaign_selectors.campaign_results(call).rows] == [handed]
    assert list(permissions.coordinated_items(world.coordinator)) == [handed]
    assert draft not in permissions.visible_items(world.coordinator)
    assert review_selectors.biddable_items(expert) == []


def test_a_draft_is_not_in_the_coordinators_pages_nor_the_api(world, call, draft):
    coordinator = client_for(world.coordinator)

    detail = coordinator.get(reverse("expertise:campaign_detail", args=[call.pk]))
    items = coordinator.get(f"/api/expertise/campaigns/{call.pk}/items").json()
    campaign = coordinator.get(f"/api/expertise/campaigns/{call.pk}").json()

    assert "Смысловое чтение" not in detail.content.decode()
    assert items["items"] == []
    assert campaign["item_count"] == 0
    assert coordinator.get(reverse("expertise:item_detail", args=[draft.pk])).status_code == 404
    assert coordinator.get(f"/api/expertise/items/{draft.pk}").status_code == 404


def test_experts_never_bid_on_a_draft(world, draft):
    expert = factories.expert(network=world.network, organization=world.kindergarten)

    response = client_for(expert).post(reverse("expertise:bid_set", args=[draft.pk]), {"level": 2})

    assert response.status_code == 404


# --- views ---------------------------------------------------------------------------------


def test_an_author_saves_a_draft_comes_back_and_hands_it_in(world, call, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.teacher)
    entry = client.get(reverse("expertise:item_enter", args=[call.pk])).content.decode()
    assert "Сохранить черновик" in entry
    assert "Передать на экспертизу" in entry

    response = client.post(
        reverse("expertise:item_draft_create", args=[call.pk]),
        {
            "title": "Смысловое чтение",
            "file": SimpleUploadedFile("statya.pdf", PDF, content_type="application/pdf"),
        },
    )
    item = Item.objects.get(campaign=call)
    assert response.url == reverse("expertise:item_draft", args=[item.pk])
    assert item.status == Item.Status.DRAFT

    mine = client.get(reverse("expertise:my_items")).content.decode()
    assert "Продолжить" in mine
    page = client.get(reverse("expertise:item_draft", args=[item.pk])).content.decode()
    assert 'value="Смысловое чтение"' in page
    assert "statya" in page
    assert 'aria-current="step"' in page

    response = client.post(
        reverse("expertise:item_draft_submit", args=[item.pk]),
        {
            "title": "Смысловое чтение на уроках математики",
            "annotation": "Статья о приёмах работы с текстом задачи.",
            "consent": "on",
        },
    )

    assert response.url == reverse("expertise:item_mine", args=[item.pk])
    item.refresh_from_db()
    assert item.status == Item.Status.SUBMITTED
    assert item.title == "Смысловое чтение на уроках математики"
    assert item.versions.get().file  # the file saved with the draft is the work
    assert client.get(reverse("expertise:item_draft", args=[item.pk])).url == reverse(
        "expertise:item_mine", args=[item.pk]
    )


def test_bad_input_in_a_draft_is_named_in_russian_and_nothing_is_lost(world, draft):
    client = client_for(world.teacher)

    response = client.post(
        reverse("expertise:item_draft", args=[draft.pk]),
        {"title": "Новое название", "annotation": "Новая аннотация", "url": "не ссылка"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Введите правильный URL." in page
    assert "Новое название" in page
    assert "Новая аннотация" in page
    assert Item.objects.get(pk=draft.pk).title == "Смысловое чтение"


def test_handing_in_without_what_the_rules_ask_says_so_by_the_fields(world, draft):
    response = client_for(world.teacher).post(
        reverse("expertise:item_draft_submit", args=[draft.pk]),
        {"title": "Смысловое чтение", "annotation": "", "text": "Набросок"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Обязательное поле." in page
    assert "Без согласия с правилами работу подать нельзя." in page
    assert "Набросок" in page
    assert Item.objects.get(pk=draft.pk).status == Item.Status.DRAFT


def test_handing_in_after_the_deadline_says_so_and_keeps_what_was_typed(world, call, draft):
    Campaign.objects.filter(pk=call.pk).update(
        submissions_until=timezone.now() - timedelta(minutes=1)
    )

    response = client_for(world.teacher).post(
        reverse("expertise:item_draft_submit", args=[draft.pk]),
        {
            "title": "Смысловое чтение",
            "annotation": "Аннотация",
            "text": "Последняя правка",
            "consent": "on",
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Срок приёма работ истёк." in page
    assert "Последняя правка" in page
    kept = Item.objects.get(pk=draft.pk)
    assert kept.status == Item.Status.DRAFT
    assert kept.versions.get().text == "Последняя правка"


def test_a_draft_is_deleted_by_its_author(world, draft):
    response = client_for(world.teacher).post(
        reverse("expertise:item_draft_delete", args=[draft.pk])
    )

    assert response.url == reverse("expertise:my_items")
    assert not Item.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("who", ["colleague", "coordinator", "outsider"])
def test_anyone_but_the_author_gets_404_and_changes_nothing(world, draft, who):
    client = client_for(getattr(world, who))

    assert client.get(reverse("expertise:item_draft", args=[draft.pk])).status_code == 404
    assert client.get(reverse("expertise:item_mine", args=[draft.pk])).status_code == 404
    for name in ("item_draft", "item_draft_submit", "item_draft_delete"):
        response = client.post(reverse(f"expertise:{name}", args=[draft.pk]), {"title": "Чужое"})
        assert response.status_code == 404
    kept = Item.objects.get(pk=draft.pk)
    assert (kept.title, kept.status) == ("Смысловое чтение", Item.Status.DRAFT)


def test_a_draft_for_a_closed_call_is_not_started(world, call):
    Campaign.objects.filter(pk=call.pk).update(status=Campaign.Status.REVIEWING)

    response = client_for(world.teacher).post(
        reverse("expertise:item_draft_create", args=[call.pk]), {"title": "Поздно"}
    )

    assert response.status_code == 404
    assert not Item.objects.exists()


def test_my_works_cost_the_same_queries_for_one_draft_and_for_three(
    world, call, django_assert_max_num_queries
):
    client = client_for(world.teacher)

    def drafts(count):
        for number in range(count):
            services.item_draft_create(
                campaign=call, author=world.teacher, title=f"Статья {number}"
            )

    drafts(1)
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("expertise:my_items"))
    drafts(2)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("expertise:my_items")).content.decode()
    assert page.count('data-testid="draft"') == 3
