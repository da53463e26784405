"""A person's routes are in their data export and deleted with their evidence files when their
data are deleted; colleagues keep the hours they were credited for a lesson the person gave."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from metodset.accounts.services import person_data_export, person_delete
from metodset.events import services as event_services
from metodset.routes import personal_data, services
from metodset.routes.models import HoursCredit, Route, Step

from .conftest import SCHOOL_YEAR, TODAY, assess
from .test_services import PDF_BYTES


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def taught(teacher_with_deficits, world):
    """The teacher's approved route with a course done (a file and a reflection) and passed on
    to colleagues: the colleague attended and both hold credits. The colleague has a route too."""
    route = services.route_draft_for(user=world.teacher, year=SCHOOL_YEAR, today=TODAY)
    services.route_submit(route=route, by=world.teacher)
    services.route_approve(route=route, by=world.methodist, comment="Согласовано")
    step = route.steps.order_by("order", "pk").first()
    services.step_mark_done(
        step=step,
        evidence_file=SimpleUploadedFile("udostoverenie.pdf", PDF_BYTES),
        reflection="Научилась составлять критерии",
    )
    event = services.step_teach_colleagues(
        step=step,
        by=world.teacher,
        starts_at=timezone.make_aware(dt.datetime(2026, 12, 10, 15, 0)),
        title="Учим друг друга: формирующее оценивание",
    )
    registration = event_services.registration_create(event=event, user=world.colleague)
    with time_machine.travel(event.starts_at + dt.timedelta(minutes=5)):  # she came
        event_services.attendance_mark(registration=registration, attended=True, by=world.methodist)
    services.horizontal_credit(event=event)
    assess(world.colleague, world.school, {"МТ.4": 1})
    services.route_draft_for(user=world.colleague, year=SCHOOL_YEAR, today=TODAY)
    step.refresh_from_db()
    return step


def test_the_export_holds_the_persons_routes_steps_evidence_and_credits(world, taught):
    data = person_data_export(person=world.teacher)["routes"]

    (route,) = data["routes"]
    assert route["school_year"] == "2026/27"
    assert route["organization"] == world.school.name
    assert route["status"] == Route.Status.APPROVED
    assert route["reviewed_by"] == "Кузнецова Анна Сергеевна"
    assert route["review_comment"] == "Согласовано"
    assert sorted(route["deficits"])[0].startswith("КМ.2 ")
    assert len(route["steps"]) == Step.objects.filter(route__user=world.teacher).count()
    done = route["steps"][0]
    assert done["title"] == taught.title
    assert done["activity"] == taught.activity.title
    assert done["competency"].startswith("МТ.4 ")
    assert done["status"] == Step.Status.DONE
    assert done["hours"] == f"{taught.hours.normalize():f}"
    assert done["evidence_file"] == "udostoverenie.pdf"  # the name, not the content
    assert done["reflection"] == "Научилась составлять критерии"
    assert done["teaching_event"] == "Учим друг друга: формирующее оценивание"
    assert data["hours_credits"] == [
        {
            "role": HoursCredit.Role.TRAINER,
            "event": "Учим друг друга: формирующее оценивание",
            "school_year": SCHOOL_YEAR,
            "hours": "2",
            "credited_at": HoursCredit.objects.get(user=world.teacher).created_at.isoformat(),
        }
    ]
    theirs = person_data_export(person=world.colleague)["routes"]
    assert len(theirs["routes"]) == 1
    assert "Научилась составлять критерии" not in json.dumps(theirs, ensure_ascii=False)
    assert [c["role"] for c in theirs["hours_credits"]] == [HoursCredit.Role.ATTENDEE]


def test_the_export_makes_as_many_queries_for_two_routes_as_for_one(world, taught):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            personal_data.export(None, person=world.teacher)
        return len(captured)

    one = queries()
    services.route_draft_for(user=world.teacher, year=SCHOOL_YEAR + 1, today=TODAY)
    assert len(personal_data.export(None, person=world.teacher)[1]["routes"]) == 2
    assert queries() == one


def test_deletion_removes_the_routes_and_files_and_keeps_the_colleagues_credits(
    world, taught, django_capture_on_commit_callbacks
):
    evidence = taught.evidence_file.name
    assert default_storage.exists(evidence)

    lesson = taught.teaching_event
    name = world.teacher.get_full_name()
    assert lesson is not None and name in lesson.description

    with django_capture_on_commit_callbacks(execute=True):
        person_delete(person=world.teacher, by=world.coordinator)

    lesson.refresh_from_db()  # the lesson stays, for the colleagues' attendance and hours
    assert name not in lesson.description
    assert lesson.description.startswith("Удалённый пользователь")
    assert not Route.objects.filter(user=world.teacher).exists()
    assert not Step.objects.filter(pk=taught.pk).exists()
    assert not default_storage.exists(evidence)
    assert not HoursCredit.objects.filter(user=world.teacher).exists()
    credit = HoursCredit.objects.get(user=world.colleague)
    assert (credit.role, credit.hours, credit.step) == (
        HoursCredit.Role.ATTENDEE,
        Decimal(2),
        None,
    )
    assert Route.objects.filter(user=world.colleague).count() == 1
    assert person_data_export(person=world.teacher)["routes"]["routes"] == []
