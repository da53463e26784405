"""A programme is finished, and its completion issued, only after its last event has ended;
the coordinator reads from when, in her own zone, next to the disabled button."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from metodset.programs import services
from metodset.programs.models import Program
from metodset.programs.services.completion import completion_opens_at

from ..conftest import client_for
from .conftest import finish_in_the_past


def test_the_programme_is_not_finished_before_its_last_event_has_ended(world, internship):
    program = internship.program
    world.coordinator.time_zone = "Asia/Vladivostok"
    world.coordinator.save()
    last_end = completion_opens_at(program=program)
    assert last_end > timezone.now()
    client = client_for(world.coordinator)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert 'data-testid="finish-not-yet"' in page
    assert 'disabled aria-describedby="finish-not-yet"' in page
    assert "(Владивосток, UTC+10)" in page
    with pytest.raises(services.ProgramError, match="после окончания её последнего"):
        services.program_finish(program=program, by=world.coordinator)
    response = client.post(f"/programs/{program.pk}/finish/", follow=True)
    assert "Завершить программу и выдать сертификаты можно после" in response.content.decode()
    program.refresh_from_db()
    assert program.status == Program.Status.RUNNING


def test_the_programme_is_finished_once_its_last_event_has_ended(world, internship):
    program = finish_in_the_past(internship.program)
    assert completion_opens_at(program=program) < timezone.now() - timedelta(days=1)
    client = client_for(world.coordinator)
    assert 'data-testid="finish-not-yet"' not in client.get(f"/programs/{program.pk}/").text
    client.post(f"/programs/{program.pk}/finish/")
    program.refresh_from_db()
    assert program.status == Program.Status.FINISHED


def test_the_completion_page_says_when_certificates_can_be_issued(world, internship):
    program = internship.program
    client = client_for(world.coordinator)
    page = client.get(f"/programs/{program.pk}/completion/").content.decode()
    assert 'data-testid="completion-not-yet"' in page
    assert 'disabled aria-describedby="completion-not-yet"' in page
    assert f"/programs/{program.pk}/certificates/" not in page
    finish_in_the_past(program)
    page = client.get(f"/programs/{program.pk}/completion/").content.decode()
    assert 'data-testid="completion-not-yet"' not in page
