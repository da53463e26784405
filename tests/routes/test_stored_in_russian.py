"""What routes store is Russian, even when the page that wrote it was in English."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from metodset.routes import services
from metodset.routes.models import Activity
from tests.core.test_first_run import latin_words

from .conftest import SCHOOL_YEAR, TODAY


def test_a_route_drafted_swapped_and_passed_on_from_english_pages_is_stored_in_russian(
    teacher_with_deficits, world
):
    with translation.override("en"):
        route = services.route_draft_for(user=world.teacher, year=SCHOOL_YEAR, today=TODAY)
        step = route.steps.order_by("order", "pk").first()
        other = Activity.objects.exclude(pk=step.activity_id).filter(kind="course").first()
        services.step_swap(step=step, activity=other, by=None)
        services.route_submit(route=route, by=world.teacher)
        services.route_approve(route=route, by=world.methodist, comment="Согласовано")
        step.refresh_from_db()
        services.step_mark_done(
            step=step, evidence_text="Критерии оценивания", reflection="Понятно"
        )
        event = services.step_teach_colleagues(
            step=step,
            by=world.teacher,
            starts_at=timezone.now() + dt.timedelta(days=3),
        )

    route.refresh_from_db()
    assert route.goal.startswith("Преодолеть")
    texts = [route.goal, event.title, event.description]
    for step in route.steps.all():
        assert step.form and step.reason
        texts += [step.form, step.task, step.reason]
    assert [t for t in texts if latin_words(t)] == []
