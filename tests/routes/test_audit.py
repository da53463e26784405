"""The audit log records a route's life: drafted, submitted, returned, approved, and each
step's status, written by the routes' services; the log names the route by number and year,
not by its teacher."""

from __future__ import annotations

from decimal import Decimal

from metodset.accounts.models import AuditEntry
from metodset.routes import selectors, services
from metodset.routes.models import Step

from .conftest import SCHOOL_YEAR, TODAY


def _entries(target) -> list[tuple[str, int | None, dict]]:
    return list(
        AuditEntry.objects.filter(
            target_type=target._meta.model_name, target_id=str(target.pk)
        ).order_by("id").values_list("action", "actor_id", "changes")
    )  # fmt: skip


def test_a_routes_life_is_audited(teacher_with_deficits, world):
    route = services.route_draft_for(
        user=teacher_with_deficits, year=SCHOOL_YEAR, today=TODAY, by=world.teacher
    )
    services.route_submit(route=route, by=world.teacher)
    services.route_return(route=route, by=world.methodist, comment="Добавьте шаг")
    services.route_submit(route=route, by=world.teacher)
    services.route_approve(route=route, by=world.methodist)
    teacher, methodist = world.teacher.pk, world.methodist.pk
    assert _entries(route) == [
        ("created", teacher, {}),
        ("submitted", teacher, {"status": ["черновик", "отправлен на утверждение"]}),
        ("returned", methodist, {"status": ["отправлен на утверждение", "возвращён на доработку"]}),
        ("submitted", teacher, {"status": ["возвращён на доработку", "отправлен на утверждение"]}),
        ("approved", methodist, {"status": ["отправлен на утверждение", "утверждён"]}),
    ]
    entry = AuditEntry.objects.filter(target_type="route").first()
    assert entry.target_repr == f"№ {route.pk}, {route.year_label}"
    assert world.teacher.last_name not in entry.target_repr

    step = selectors.steps_of(route).first()
    services.step_set_status(step=step, status=Step.Status.IN_PROGRESS, by=world.teacher)
    services.step_mark_done(step=step, evidence_text="Конспект урока", by=world.teacher)
    assert _entries(step) == [
        ("status_changed", teacher, {"status": ["запланировано", "в работе"]}),
        ("status_changed", teacher, {"status": ["в работе", "выполнено"]}),
    ]


def test_editing_a_route_and_its_steps_is_audited(teacher_with_deficits, world):
    route = services.route_draft_for(
        user=teacher_with_deficits, year=SCHOOL_YEAR, today=TODAY, by=world.teacher
    )
    drafted_goal = route.goal
    services.route_update(route=route, goal="Освоить проектную методику", by=world.teacher)
    services.route_update(route=route, goal="Освоить проектную методику", by=world.teacher)
    budget = str(route.hours_budget)
    services.route_update(route=route, goal=route.goal, hours_budget=Decimal(36), by=world.teacher)
    teacher = world.teacher.pk
    assert _entries(route)[1:] == [
        ("updated", teacher, {"goal": [drafted_goal, "Освоить проектную методику"]}),
        ("updated", teacher, {"hours_budget": [budget, "36"]}),
    ]

    step = services.step_add(
        route=route, title="Выступление на педсовете", hours=Decimal(2), by=world.teacher
    )
    services.step_update(step=step, task="Рассказать о проектах", by=world.methodist)
    services.step_update(step=step, task="Рассказать о проектах", by=world.methodist)  # same
    first = selectors.steps_of(route).first()
    drafted = first.title
    services.step_swap(step=first, activity=selectors.alternatives(first)[0], by=world.teacher)
    removed = Step(pk=step.pk)  # the step itself loses its id when deleted
    services.step_remove(step=step, by=world.teacher)
    assert _entries(removed) == [
        ("created", teacher, {"hours": [None, "2"]}),
        ("updated", world.methodist.pk, {"task": ["", "Рассказать о проектах"]}),
        ("removed", teacher, {"hours": ["2", None]}),
    ]
    first.refresh_from_db()
    assert _entries(first) == [("updated", teacher, {"title": [drafted, first.title]})]
