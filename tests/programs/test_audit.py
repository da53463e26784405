"""A programme's life is in the audit log: made, changed, recruiting, running, finished."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from metodset.accounts.models import AuditEntry
from metodset.programs import services
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
