"""A programme's life is in the audit log: made, changed, recruiting, running, finished."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from metodset.accounts.models import AuditEntry
from metodset.programs import services
from metodset.programs.forms import ProgramForm
from metodset.programs.models import Program

from ..conftest import client_for


def _entries(program: Program) -> list[tuple[str, object, dict]]:
    entries = AuditEntry.objects.filter(target_type="program", target_id=str(program.pk))
    return [(e.action, e.actor, e.changes) for e in entries.order_by("pk")]


def test_a_programme_is_audited_from_its_making_to_its_start(world):
    program = services.program_create_from_scheme(
        by=world.coordinator,
        kind=Program.Kind.DIGITAL_INTERNSHIP,
        organizer=world.school,
        network=world.network,
        starts_on=timezone.localdate() + timedelta(days=30),
    )
    largest = program.team_max
    services.program_update(program=program, by=world.coordinator, team_max=largest + 2)
    services.program_update(program=program, by=world.coordinator, team_max=largest + 2)  # same
    services.program_publish(program=program, by=world.coordinator)
    services.program_start(program=program, by=world.coordinator)

    assert _entries(program) == [
        ("created", world.coordinator, {"kind": [None, "цифровая педагогическая интернатура"]}),
        ("updated", world.coordinator, {"team_max": [largest, largest + 2]}),
        ("status_changed", world.coordinator, {"status": ["черновик", "набор"]}),
        ("status_changed", world.coordinator, {"status": ["набор", "идёт"]}),
    ]


def test_the_audit_page_names_a_programme_and_its_change_in_russian(world):
    program = services.program_create_from_scheme(
        by=world.coordinator,
        kind=Program.Kind.DIGITAL_INTERNSHIP,
        organizer=world.school,
        network=world.network,
    )
    services.program_publish(program=program, by=world.coordinator)
    page = client_for(world.coordinator).get(reverse("accounts:audit_log"), {"type": "program"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "программа" in text and "статус" in text


def _entries_of(target) -> list[tuple[str, object, dict]]:
    entries = AuditEntry.objects.filter(
        target_type=target._meta.model_name, target_id=str(target.pk)
    )
    return [(e.action, e.actor, e.changes) for e in entries.order_by("pk")]


def test_decisions_on_applications_are_audited_without_the_applicants_name(world):
    program = services.program_create_from_scheme(
        by=world.coordinator,
        kind=Program.Kind.DIGITAL_INTERNSHIP,
        organizer=world.school,
        network=world.network,
        starts_on=timezone.localdate() + timedelta(days=10),
    )
    program.applications_open_on = timezone.localdate() - timedelta(days=1)
    program.save()
    services.program_publish(program=program, by=world.coordinator)
    first, second = (
        services.application_submit(
            program=program, email=f"a{n}@example.ru", last_name="Заявителева",
            first_name="Анна", city="Омск", organization_name="Школа", consent_given=True,
        )
        for n in range(2)
    )  # fmt: skip
    services.applications_decide(
        program=program, applications=[second], decision="waitlisted", by=world.coordinator
    )
    services.applications_decide(
        program=program, applications=[first, second], decision="accepted", by=world.coordinator
    )
    services.applications_decide(  # already accepted: nothing changes, nothing is written
        program=program, applications=[first], decision="accepted", by=world.coordinator
    )

    assert _entries_of(first) == [
        ("status_changed", world.coordinator, {"status": ["новая", "принята"]}),
    ]
    assert _entries_of(second) == [
        ("status_changed", world.coordinator, {"status": ["новая", "лист ожидания"]}),
        ("status_changed", world.coordinator, {"status": ["лист ожидания", "принята"]}),
    ]
    entry = AuditEntry.objects.filter(target_type="application").first()
    assert entry.target_repr == f"№ {second.pk}, {program.title}"


def test_forming_teams_assigning_tutors_and_moving_an_intern_are_audited(world, internship):
    program = internship.program
    formation = services.teams_form(program=program, by=world.coordinator)
    teams = len(formation.teams)
    assert _entries(program)[-2:] == [
        ("teams_formed", world.coordinator, {"teams": [2, teams], "interns": [None, 8]}),
        ("tutors_assigned", world.coordinator, {"teams": [None, teams]}),
    ]
    services.tutors_assign(program=program, by=world.coordinator)  # the same tutors again
    assert [action for action, _by, _changes in _entries(program)].count("tutors_assigned") == 1

    first, second = program.teams.order_by("number")[:2]
    member = first.members.order_by("pk").first()
    services.member_move(member=member, team=second, by=world.coordinator)
    services.member_move(member=member, team=second, by=world.coordinator)  # already there
    services.member_move(member=member, team=None, by=world.coordinator)
    assert _entries_of(member) == [
        ("moved", world.coordinator, {"team": [first.number, second.number]}),
        ("moved", world.coordinator, {"team": [second.number, None]}),
    ]
    entry = AuditEntry.objects.filter(target_type="programmember").first()
    assert entry.target_repr == f"интерн № {member.pk}, {program.title}"
    assert member.user.last_name not in entry.target_repr
    text = client_for(world.coordinator).get(reverse("accounts:audit_log")).content.decode()
    assert "Сформированы команды" in text and "Командам назначены тьюторы" in text
    assert "Перемещено" in text and "участник программы" in text


def test_tutors_and_coordinators_added_to_a_programme_are_audited(world, internship):
    program = internship.program
    tutor = services.tutor_add(program=program, user=world.methodist, by=world.coordinator)
    services.tutor_add(program=program, user=world.methodist, by=world.coordinator)  # again
    coordinator = services.coordinator_add(
        program=program, user=world.manager, by=world.coordinator
    )
    assert _entries_of(tutor) == [("created", world.coordinator, {"role": [None, "тьютор"]})]
    assert _entries_of(coordinator) == [
        ("created", world.coordinator, {"role": [None, "координатор"]})
    ]


def test_the_builders_stages_are_audited_in_the_name_of_the_coordinator(world, internship):
    program = internship.program
    client = client_for(world.coordinator)
    client.post(
        f"/programs/{program.pk}/stages/new/",
        {"new-stage-kind": "self_study", "new-stage-title": "Публикация"},
    )
    stage = program.stages.get(title="Публикация")
    last = stage.order
    client.post(f"/programs/{program.pk}/stages/{stage.pk}/up/")
    client.post(
        f"/programs/{program.pk}/stages/{stage.pk}/",
        {f"stage-{stage.pk}-title": "Публикация продукта", f"stage-{stage.pk}-hours_in_person": "0",
         f"stage-{stage.pk}-hours_self_study": "4"},
    )  # fmt: skip
    client.post(f"/programs/{program.pk}/stages/{stage.pk}/delete/")

    assert _entries_of(stage) == [
        (
            "created",
            world.coordinator,
            {"kind": [None, "блок самостоятельной деятельности"], "order": [None, last]},
        ),
        ("moved", world.coordinator, {"order": [last, last - 1]}),
        ("updated", world.coordinator, {"title": ["Публикация", "Публикация продукта"],
                                        "hours_self_study": ["0.0", "4"]}),
        ("removed", world.coordinator, {"order": [last - 1, None]}),
    ]  # fmt: skip
    assert AuditEntry.objects.filter(target_type="stage").first().target_repr == (
        f"Публикация продукта — {program.title}"
    )


def test_the_builders_settings_are_audited_with_what_changed(world, internship):
    program = internship.program
    sent = {
        f"program-{name}": "" if value is None else value
        for name, value in ProgramForm(instance=program).initial.items()
    }
    old = program.title
    sent["program-title"] = "Интернатура «Проектная неделя»"
    client_for(world.coordinator).post(f"/programs/{program.pk}/edit/", sent)
    assert _entries(program)[-1] == (
        "updated",
        world.coordinator,
        {"title": [old, "Интернатура «Проектная неделя»"]},
    )
