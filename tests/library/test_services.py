"""The library's writes: versions, the way through moderation, readers' acts, collections."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from metodset.accounts.models import AuditEntry
from metodset.library import services
from metodset.library.models import Collection, LearnRequest, Material, ModerationEntry

from .world import library_world, material, pdf

Status = Material.Status


@pytest.fixture
def world(db):
    return library_world()


def test_a_new_material_is_a_draft_with_its_first_version(world):
    made = material(world, status="draft")
    assert made.status == Status.DRAFT
    version = made.versions.get()
    assert version.number == 1 and version.original_name == "разработка.pdf" and version.size > 0
    assert version.file.name == made.file.name
    assert AuditEntry.objects.filter(
        action="library.material_create", target_id=str(made.pk)
    ).exists()


def test_the_way_through_moderation_returned_revised_and_published(world):
    made = material(world, status="submitted")
    made = services.material_take(material=made, by=world.coordinator)
    with pytest.raises(ValidationError):
        services.material_return(material=made, by=world.coordinator, comment="  ")
    made = services.material_return(
        material=made, by=world.coordinator, comment="Добавьте критерии оценивания."
    )
    assert made.status == Status.RETURNED
    services.version_add(
        material=made, by=world.author, file=pdf("v2.pdf"), changes="Добавлены критерии."
    )
    made = services.material_submit(material=made, by=world.author)
    made = services.material_publish(material=made, by=world.coordinator)
    assert made.status == Status.PUBLISHED and made.published_at is not None
    steps = list(made.moderation.values_list("action", "version"))
    assert steps == [
        ("submitted", 1), ("taken", 1), ("returned", 1), ("submitted", 2), ("published", 2)
    ]  # fmt: skip
    assert made.moderation.get(action="returned").comment == "Добавьте критерии оценивания."


def test_a_step_the_status_does_not_allow_is_refused_in_russian(world):
    made = material(world, status="draft")
    with pytest.raises(services.ModerationError) as error:
        services.material_publish(material=made, by=world.coordinator)
    assert "черновик" in error.value.messages[0].lower()
    assert Material.objects.get(pk=made.pk).status == Status.DRAFT
    assert not ModerationEntry.objects.filter(material=made).exists()


def test_a_new_version_of_a_published_material_goes_back_to_the_moderators(world):
    made = material(world)
    services.version_add(
        material=made, by=world.author, url="https://rutube.ru/video/1/", changes="Видео"
    )
    made.refresh_from_db()
    assert made.status == Status.SUBMITTED and made.url == "https://rutube.ru/video/1/"
    assert made.file.name == ""


def test_a_moderators_own_correction_keeps_it_published(world):
    made = material(world)
    services.version_add(
        material=made, by=world.coordinator, file=pdf(), changes="Опечатка", keep_published=True
    )
    made.refresh_from_db()
    assert made.status == Status.PUBLISHED and made.versions.count() == 2


def test_a_version_needs_a_file_or_link_and_what_changed(world):
    made = material(world, status="draft")
    with pytest.raises(ValidationError):
        services.version_add(material=made, by=world.author, changes="что-то")
    with pytest.raises(ValidationError):
        services.version_add(material=made, by=world.author, file=pdf(), changes=" ")
    assert made.versions.count() == 1


def test_withdrawal_needs_a_reason_and_the_author_can_submit_again(world):
    made = material(world)
    with pytest.raises(ValidationError):
        services.material_withdraw(material=made, by=world.coordinator, reason="")
    made = services.material_withdraw(material=made, by=world.coordinator, reason="Нарушены права")
    assert made.status == Status.WITHDRAWN
    assert services.material_submit(material=made, by=world.author).status == Status.SUBMITTED


def test_editing_records_what_changed(world):
    made = material(world, status="draft")
    services.material_update(material=made, by=world.author, title="Новое название", year=2025)
    entry = AuditEntry.objects.get(action="library.material_edit")
    assert entry.changes["title"] == ["Технологическая карта урока математики", "Новое название"]
    with pytest.raises(TypeError):
        services.material_update(material=made, by=world.author, status="published")


def test_learn_requests_only_for_a_published_quantum_once_and_not_ones_own(world):
    quantum = material(
        world,
        kind=Material.Kind.QUANTUM,
        title="Приём «Толстые и тонкие вопросы»",
        result="Вопросы",
        minutes=15,
    )
    plan = material(world, title="Конспект")
    with pytest.raises(ValidationError):
        services.learn_request(material=plan, by=world.colleague)
    with pytest.raises(ValidationError):
        services.learn_request(material=quantum, by=world.author)
    request = services.learn_request(material=quantum, by=world.colleague, message="Покажете?")
    with pytest.raises(ValidationError):
        services.learn_request(material=quantum, by=world.colleague)
    with pytest.raises(ValidationError):
        services.learn_answer(request=request, by=world.author, agree=True, answer="")
    services.learn_answer(request=request, by=world.author, agree=True, answer="В четверг в 15:00")
    request.refresh_from_db()
    assert request.status == LearnRequest.Status.AGREED and request.answered_at is not None
    # answered, she may ask again later
    assert services.learn_request(material=quantum, by=world.colleague).status == "open"


def test_a_use_in_the_future_is_refused(world):
    made = material(world)
    with pytest.raises(ValidationError):
        services.use_mark(
            material=made, by=world.colleague, used_on=timezone.localdate() + timedelta(days=1)
        )
    use = services.use_mark(material=made, by=world.colleague, note="Провела урок")
    assert use.used_on == timezone.localdate()


def test_readers_acts_need_a_published_material(world):
    draft = material(world, status="draft")
    with pytest.raises(ValidationError):
        services.use_mark(material=draft, by=world.colleague)
    with pytest.raises(ValidationError):
        services.complaint_send(material=draft, by=world.colleague, text="Ошибка")


def test_only_a_model_act_is_adopted_and_not_in_the_future(world):
    plan = material(world)
    act = material(world, kind=Material.Kind.ACT_REGULATION, title="Положение о ПОС")
    with pytest.raises(ValidationError):
        services.act_adopt(
            model=plan, organization=world.school_b, by=world.colleague, title="", order_number="1",
            order_date=timezone.localdate(),
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.act_adopt(
            model=act, organization=world.school_b, by=world.colleague, title="", order_number="1",
            order_date=timezone.localdate() + timedelta(days=3),
        )  # fmt: skip
    adopted = services.act_adopt(
        model=act, organization=world.school_b, by=world.colleague, title="", order_number="12-од",
        order_date=timezone.localdate() - timedelta(days=3),
    )  # fmt: skip
    assert adopted.title == "Положение о ПОС" and act.adoptions.count() == 1


def test_the_shelf_is_made_once_and_keeps_a_material_once(world):
    made = material(world)
    services.shelf_add(person=world.colleague, material=made)
    services.shelf_add(person=world.colleague, material=made)
    shelf = Collection.objects.get(owner=world.colleague, kind=Collection.Kind.SHELF)
    assert shelf.items.count() == 1
    services.shelf_remove(person=world.colleague, material=made)
    assert shelf.items.count() == 0


def test_moving_a_material_in_a_collection(world):
    case = services.collection_create(
        title="Образование без границ",
        by=world.coordinator,
        network=world.network,
        kind=Collection.Kind.CASE,
    )
    first, second, third = (material(world, title=f"Материал {n}") for n in range(3))
    for made in (first, second, third):
        services.collection_add(collection=case, material=made)
    services.collection_move(collection=case, material=third, up=True)
    order = list(case.items.order_by("order").values_list("material__title", flat=True))
    assert order == ["Материал 0", "Материал 2", "Материал 1"]
    services.collection_move(collection=case, material=first, up=True)  # already first: nothing
    assert list(case.items.order_by("order").values_list("material__title", flat=True)) == order
