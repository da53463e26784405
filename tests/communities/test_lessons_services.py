"""The cycle's services: the map drafted in place then versioned, predictions following their
stages, the rules on case children and guests, and the audit of what matters."""

import pytest

from metodset.accounts.models import AuditEntry
from metodset.communities.models import CycleGuest, Lesson, Prediction, Protocol
from metodset.communities.services import lessons as services
from metodset.communities.services.lessons import LessonStudyError, StageInput

from .. import factories as base
from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair():
    return factories.teacher_of(factories.kindergarten())


@pytest.fixture
def cycle(chair):
    community = factories.community(organization=chair.memberships.get().organization, chair=chair)
    return factories.cycle(community_=community)


def _inputs(version):
    return [
        StageInput(s.title, s.minutes, s.activities, s.expected, source=s.pk)
        for s in version.stages.order_by("order")
    ]


def test_a_new_cycle_has_version_one_and_a_round_to_plan_and_is_audited(chair):
    community = factories.community(organization=chair.memberships.get().organization, chair=chair)
    cycle = services.cycle_create(community=community, title="Т", group="Г", by=chair)
    lesson = cycle.lessons.get()
    assert (lesson.number, lesson.stage, lesson.version.number) == (1, "planning", 1)
    assert AuditEntry.objects.filter(target_type="cycle", target_id=str(cycle.pk)).exists()


def test_editing_an_untaught_version_in_place_keeps_predictions_of_kept_stages(cycle, chair):
    version = cycle.versions.get()
    child = cycle.case_children.first()
    second, third = version.stages.get(order=2), version.stages.get(order=3)
    Prediction.objects.create(stage=second, case_child=child, text="Догадается")
    Prediction.objects.create(stage=third, case_child=child, text="Промолчит")
    stages = _inputs(version)
    del stages[2]  # the third stage is dropped
    stages.insert(0, StageInput("Приветствие", 1))
    saved = services.map_save(cycle=cycle, base_number=1, stages=stages, by=chair)
    assert saved == version
    assert list(version.stages.order_by("order").values_list("title", flat=True)) == [
        "Приветствие",
        "Мотивация: сюрпризный момент",
        "Чтение сказки с остановками",
        "Рефлексия",
    ]
    assert list(Prediction.objects.values_list("text", flat=True)) == ["Догадается"]
    assert Prediction.objects.get().stage.order == 3


def test_a_new_version_carries_the_predictions_and_moves_the_planned_round(cycle, chair):
    version = cycle.versions.get()
    child = cycle.case_children.first()
    stage = version.stages.get(order=2)
    Prediction.objects.create(stage=stage, case_child=child, text="Догадается")
    Lesson.objects.create(cycle=cycle, number=1, version=version, stage=Lesson.Stage.DONE)
    planned = Lesson.objects.create(cycle=cycle, number=2, version=version)
    with pytest.raises(LessonStudyError):
        services.map_save(cycle=cycle, base_number=1, stages=_inputs(version), by=chair)
    new = services.map_save(
        cycle=cycle, base_number=1, stages=_inputs(version), note="Уточнили вопросы", by=chair
    )
    assert new.number == 2 and new.change_note == "Уточнили вопросы"
    planned.refresh_from_db()
    assert planned.version == new
    moved = Prediction.objects.get(stage__version=new)
    assert moved.text == "Догадается" and moved.stage.order == 2
    assert Prediction.objects.filter(stage__version=version).count() == 1  # the old one stays


def test_an_observed_child_is_not_removed(cycle, chair):
    child = cycle.case_children.first()
    lesson = Lesson.objects.create(cycle=cycle, number=1, version=cycle.versions.get())
    Protocol.objects.create(lesson=lesson, observer=chair, case_child=child)
    with pytest.raises(LessonStudyError, match="наблюдали"):
        services.case_child_remove(child=child, by=chair)


def test_a_lesson_starts_only_with_a_teacher_stages_and_two_children(cycle, chair):
    lesson = Lesson.objects.create(cycle=cycle, number=1, version=cycle.versions.get())
    with pytest.raises(LessonStudyError, match="кто проводит"):
        services.lesson_start(lesson=lesson, by=chair)
    services.lesson_schedule(cycle=cycle, teacher=chair, starts_at=None, by=chair)
    cycle.case_children.last().delete()
    lesson.refresh_from_db()
    with pytest.raises(LessonStudyError, match="от двух до четырёх"):
        services.lesson_start(lesson=lesson, by=chair)
    services.case_child_add(cycle=cycle, code="Лиса", by=chair)
    assert services.lesson_start(lesson=lesson, by=chair).stage == Lesson.Stage.OBSERVING


def test_a_member_is_not_invited_as_a_guest_and_invitations_are_audited(cycle, chair):
    with pytest.raises(LessonStudyError, match="участник"):
        services.guest_invite(cycle=cycle, email=chair.email, by=chair)
    outsider = base.person(email="iro@example.ru")
    guest = services.guest_invite(cycle=cycle, email="IRO@example.ru ", by=chair)
    with pytest.raises(LessonStudyError, match="уже гость"):
        services.guest_invite(cycle=cycle, email="iro@example.ru", by=chair)
    assert guest.user == outsider
    services.guest_remove(guest=guest, by=chair)
    assert not CycleGuest.objects.exists()
    actions = set(AuditEntry.objects.filter(target_type="cycle").values_list("action", flat=True))
    assert {"invited", "removed"} <= actions


def test_a_closed_cycle_is_not_changed(cycle, chair):
    version = cycle.versions.get()
    Lesson.objects.create(cycle=cycle, number=1, version=version, stage=Lesson.Stage.DONE)
    services.cycle_close(cycle=cycle, by=chair)
    with pytest.raises(LessonStudyError, match="закрыт"):
        services.case_child_add(cycle=cycle, code="Ёж", by=chair)
    with pytest.raises(LessonStudyError, match="закрыт"):
        services.map_save(cycle=cycle, base_number=1, stages=_inputs(version), by=chair)
