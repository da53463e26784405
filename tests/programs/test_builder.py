"""The builder: the coordinator edits the scheme — stages, assignments, events."""

from metodset.events.models import Registration
from metodset.programs.models import Assignment, Stage, Submission

from ..conftest import client_for


def test_coordinator_adds_moves_and_removes_a_stage(world, internship):
    program = internship.program
    client = client_for(world.coordinator)
    client.post(
        f"/programs/{program.pk}/stages/new/",
        {"new-stage-kind": "self_study", "new-stage-title": "Самостоятельная работа: публикация"},
    )
    added = program.stages.get(title="Самостоятельная работа: публикация")
    assert added.order == program.stages.count()
    client.post(f"/programs/{program.pk}/stages/{added.pk}/up/")
    added.refresh_from_db()
    assert added.order == program.stages.count() - 1
    client.post(f"/programs/{program.pk}/stages/{added.pk}/delete/")
    assert not Stage.objects.filter(pk=added.pk).exists()


def test_a_stage_with_interns_work_is_not_removed(world, internship):
    stage = internship.stage("first")
    Submission.objects.create(assignment=stage.assignments.get(), team=internship.teams[0])
    response = client_for(world.coordinator).post(
        f"/programs/{internship.program.pk}/stages/{stage.pk}/delete/",
        follow=True,
    )
    assert "В этапе есть работы интернов; удалить его нельзя." in response.content.decode()
    assert Stage.objects.filter(pk=stage.pk).exists()


def test_coordinator_adds_and_edits_an_assignment(world, internship):
    program = internship.program
    stage = internship.stage("inter_event")
    client = client_for(world.coordinator)
    client.post(
        f"/programs/{program.pk}/stages/{stage.pk}/assignments/new/",
        {
            "assignment-title": "План-конспект события",
            "assignment-kind": "free",
            "assignment-scope": "person",
            "assignment-instructions": "Одна страница.",
            "assignment-due_at": "2026-12-20T18:00",
        },
    )
    assignment = Assignment.objects.get(title="План-конспект события")
    assert assignment.stage == stage
    # 18:00 in the coordinator's zone (Moscow, UTC+3) is 15:00 UTC
    assert assignment.due_at.isoformat().startswith("2026-12-20T15:00")
    client.post(
        f"/programs/{program.pk}/assignments/{assignment.pk}/edit/",
        {"assignment-title": "План события", "assignment-kind": "free", "assignment-scope": "team"},
    )
    assignment.refresh_from_db()
    assert (assignment.title, assignment.scope) == ("План события", "team")


def test_an_added_event_registers_every_intern_and_tutor(world, internship):
    program = internship.program
    stage = internship.stage("inter_event")
    client_for(world.coordinator).post(
        f"/programs/{program.pk}/stages/{stage.pk}/events/new/",
        {
            "event-title": "Консультация тьюторов",
            "event-date": "2026-12-01",
            "event-start_time": "16:00",
            "event-duration_minutes": "60",
            "event-provider": "jitsi",
            "event-meeting_url": "",
        },
    )
    event = stage.events.get()
    assert event.meeting_room.startswith("metodset-")
    registered = set(Registration.objects.filter(event=event).values_list("user", flat=True))
    assert registered == {p.pk for p in internship.interns + internship.tutors}
    # The tutor (of another organisation than the organiser's) opens the event.
    assert client_for(internship.tutors[0]).get(f"/events/{event.pk}/").status_code == 200


def test_bad_builder_input_is_named_and_changes_nothing(world, internship):
    stage = internship.stage("inter_event")
    response = client_for(world.coordinator).post(
        f"/programs/{internship.program.pk}/stages/{stage.pk}/events/new/",
        {"event-title": "", "event-provider": "link", "event-meeting_url": ""},
        follow=True,
    )
    html = response.content.decode()
    assert "Событие не добавлено" in html
    assert "Вставьте ссылку на встречу." in html
    assert not stage.events.exists()


def test_the_builder_is_refused_to_interns_and_tutors(world, internship):
    program = internship.program
    stage = internship.stage("first")
    assignment = stage.assignments.get()
    for person in (internship.interns[0], internship.tutors[0]):
        client = client_for(person)
        assert client.post(f"/programs/{program.pk}/stages/new/", {}).status_code == 403
        assert client.post(f"/programs/{program.pk}/stages/{stage.pk}/delete/").status_code == 403
        assert (
            client.get(f"/programs/{program.pk}/assignments/{assignment.pk}/edit/").status_code
            == 403
        )
    assert (
        client_for(world.outsider)
        .get(f"/programs/{program.pk}/assignments/{assignment.pk}/edit/")
        .status_code
        == 404
    )
    assert Stage.objects.filter(pk=stage.pk).exists()


def test_a_second_coordinator_is_added_and_runs_the_programme(world, internship):
    program = internship.program
    url = f"/programs/{program.pk}/applications/"
    assert client_for(world.kg_teacher).get(url).status_code == 404
    client_for(world.coordinator).post(
        f"/programs/{program.pk}/coordinators/new/", {"email": "KG@example.ru"}
    )
    assert client_for(world.kg_teacher).get(url).status_code == 200
    response = client_for(world.coordinator).post(
        f"/programs/{program.pk}/coordinators/new/",
        {"email": "nobody@example.ru"},
        follow=True,
    )
    assert "На платформе нет человека с такой почтой" in response.content.decode()
