"""Seed 003's invariant and variative modules in routes; seed 004's horizontal learning."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from metodset.events import services as event_services
from metodset.events.models import Event, Registration
from metodset.programs.models import ModuleChoice, Program, ProgramMember, Stage
from metodset.routes import selectors, services
from metodset.routes.models import Activity, HoursCredit, Step

from ..conftest import client_for
from .conftest import SCHOOL_YEAR, TODAY


def network_internship(world):
    program = Program.objects.create(
        kind=Program.Kind.NETWORK_INTERNSHIP,
        title="Неформальная сетевая интернатура «Учебная самостоятельность»",
        organizer=world.school,
        status=Program.Status.RUNNING,
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2027, 5, 31),
    )
    invariant = Stage.objects.create(
        program=program,
        kind=Stage.Kind.MODULE,
        order=1,
        title="Инвариантный модуль: горизонтальные связи трёх технологий",
        hours_in_person=Decimal(8),
        hours_self_study=Decimal(4),
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 11, 30),
    )
    mixed = Stage.objects.create(
        program=program,
        kind=Stage.Kind.MODULE,
        order=2,
        title="Вариативный модуль: смешанное обучение",
        hours_in_person=Decimal(6),
        variative=True,
    )
    events = Stage.objects.create(
        program=program,
        kind=Stage.Kind.MODULE,
        order=3,
        title="Вариативный модуль: образовательные события",
        hours_in_person=Decimal(6),
        variative=True,
    )
    return program, invariant, mixed, events


def test_the_invariant_module_is_in_every_interns_route_and_a_chosen_variative_one_too(
    teacher_with_deficits, world
):
    program, invariant, mixed, events = network_internship(world)
    member = ProgramMember.objects.create(
        program=program, user=world.teacher, role=ProgramMember.Role.INTERN
    )
    ModuleChoice.objects.create(member=member, stage=mixed)
    route = services.route_draft_for(user=world.teacher, year=SCHOOL_YEAR, today=TODAY)
    steps = list(selectors.steps_of(route))
    required = [s for s in steps if s.mandatory]
    assert [s.activity.module for s in required] == [invariant, mixed]
    assert required[0].hours == 12
    assert (required[0].starts_on, required[0].ends_on) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 11, 30),
    )
    assert not any(s.activity.module == events for s in steps)  # not chosen, develops nothing
    # The deficits are still drafted for, within what the modules leave of the budget.
    assert any(s.competency and s.competency.code == "МТ.4" for s in steps)
    assert sum(s.hours for s in steps) <= route.hours_budget
    # Required steps can be neither swapped nor removed.
    page = client_for(world.teacher).get(f"/routes/{route.pk}/")
    assert page.text.count('data-testid="step-swap"') == len(steps) - 2
    with pytest.raises(services.RouteError):
        services.step_remove(step=required[0], by=None)
    assert route.steps.filter(pk=required[0].pk).exists()


def test_a_variative_module_tagged_with_a_competency_is_offered_for_that_deficit(
    teacher_with_deficits, world
):
    program, invariant, mixed, events = network_internship(world)
    ProgramMember.objects.create(
        program=program, user=world.teacher, role=ProgramMember.Role.INTERN
    )
    events.hours_in_person = Decimal(18)  # as long as the external course for the deficit
    events.save()
    module = services.module_activity(stage=events)
    module.competencies.set(Activity.objects.get(slug="course-parents").competencies.all())
    route = services.route_draft_for(user=world.teacher, year=SCHOOL_YEAR, today=TODAY)
    parents = route.steps.filter(competency__code="КМ.2")
    # The school's own module is taken for the deficit rather than the external course.
    step = parents.get(activity=module)
    assert not parents.filter(activity__slug="course-parents").exists()
    assert not step.mandatory
    assert selectors.alternatives(step) and module not in selectors.catalogue_for(world.school)


def test_horizontal_learning_credits_the_trainer_and_the_colleagues_present(
    teacher_with_deficits, world
):
    route = services.route_draft_for(user=world.teacher, year=SCHOOL_YEAR, today=TODAY)
    services.route_submit(route=route, by=world.teacher)
    services.route_approve(route=route, by=world.methodist)
    course = route.steps.filter(activity__kind=Activity.Kind.COURSE).first()
    client = client_for(world.teacher)
    assert client.get(f"/routes/steps/{course.pk}/teach/").status_code == 404  # not done yet
    services.step_mark_done(step=course, evidence_url="https://example.ru/udostoverenie.pdf")
    page = client.get(f"/routes/{route.pk}/")
    assert 'data-testid="step-teach"' in page.text
    response = client.post(
        f"/routes/steps/{course.pk}/teach/",
        {
            "title": "Учим друг друга: формирующее оценивание",
            "starts_at": "2026-12-10T15:00",
            "duration_minutes": "90",
            "format": "offline",
            "place": "Кабинет 21",
        },
    )
    assert response.status_code == 302
    course.refresh_from_db()
    event = course.teaching_event
    assert event.organizer == world.school and event.visibility == Event.Visibility.ORGANIZATION
    assert event.hours == 2  # 90 minutes: two academic hours
    assert timezone.localtime(event.starts_at, timezone.get_fixed_timezone(180)).hour == 15
    # The colleague comes, the methodist marks attendance, the hours are credited.
    registration = event_services.registration_create(event=event, user=world.colleague)
    with time_machine.travel(event.starts_at + dt.timedelta(minutes=5)):  # she came
        event_services.attendance_mark(registration=registration, attended=True, by=world.methodist)
    Registration.objects.create(event=event, user=world.manager, status="registered")  # absent
    methodist = client_for(world.methodist)
    attendance = methodist.get(f"/events/{event.pk}/attendance/")
    assert f"/routes/events/{event.pk}/credit/" in attendance.text
    confirm = methodist.get(f"/routes/events/{event.pk}/credit/")
    assert confirm.status_code == 200 and "Соколов Игорь Андреевич" in confirm.text
    assert client.post(f"/routes/events/{event.pk}/credit/").status_code == 302
    credits = {(c.user, c.role, c.hours) for c in HoursCredit.objects.all()}
    assert credits == {
        (world.teacher, HoursCredit.Role.TRAINER, Decimal(2)),
        (world.colleague, HoursCredit.Role.ATTENDEE, Decimal(2)),
    }
    assert selectors.hours_of(route)["credited"] == 2
    services.horizontal_credit(event=event)  # again: nothing doubles
    assert HoursCredit.objects.count() == 2
    assert client.get(f"/routes/steps/{course.pk}/teach/").status_code == 404  # only once
    assert client_for(world.colleague).post(f"/routes/events/{event.pk}/credit/").status_code == 404
    assert client_for(world.outsider).get(f"/routes/events/{event.pk}/credit/").status_code == 404
    other = client_for(world.methodist).get(f"/events/{event.pk}/attendance/")
    assert other.status_code == 200
    assert course.status == Step.Status.DONE
