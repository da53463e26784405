"""A programme's certificates wait for its last event to end: refused before, with the
moment in the coordinator's zone, by the service and on the issue page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from metodset.certificates import services
from metodset.certificates.models import CertificateBatch, Kind
from metodset.programs import services as program_services
from metodset.programs.models import Program, ProgramMember

from ..conftest import client_for
from .conftest import template_of

# The programme starts on 22 November; its last event, on day 35 at 15:00 Moscow time, lasts
# 90 minutes: it ends on 27 December at 16:30 Moscow time, 13:30 UTC.
STARTS_ON = date(2026, 11, 22)
LAST_EVENT_ENDS = datetime(2026, 12, 27, 13, 30, tzinfo=UTC)
NOT_YET = (
    "Завершить программу и выдать сертификаты можно после окончания её последнего "
    "мероприятия: 27 декабря, 16:30 (Москва, UTC+3)."
)


@pytest.fixture
def running(world, issuer):
    """A digital internship in its third week, one intern, no completion rules."""
    world.coordinator.time_zone = "Europe/Moscow"
    world.coordinator.save()
    with time_machine.travel(datetime(2026, 12, 6, 9, 0, tzinfo=UTC), tick=False):
        program = program_services.program_create_from_scheme(
            by=world.coordinator,
            kind=Program.Kind.DIGITAL_INTERNSHIP,
            organizer=world.school,
            network=world.network,
            title="Цифровая интернатура «Смысловое чтение»",
            starts_on=STARTS_ON,
        )
    program.rules.all().delete()
    ProgramMember.objects.create(program=program, user=world.teacher, role="intern")
    return program


def _batch(program, issuer, by):
    return services.batch_create(
        template=template_of(issuer, Kind.DEVELOPMENT),
        recipients=[ProgramMember.objects.get(program=program, role="intern").user_id],
        by=by,
        program=program,
        hours=Decimal(18),
        issued_on=date(2026, 12, 28),
    )


def test_a_batch_is_refused_until_the_last_event_has_ended(world, running, issuer):
    with time_machine.travel(LAST_EVENT_ENDS - timedelta(minutes=1), tick=False):
        with pytest.raises(services.IssueRefused) as refused:
            _batch(running, issuer, world.coordinator)
        assert str(refused.value) == NOT_YET
    assert not CertificateBatch.objects.exists()
    with time_machine.travel(LAST_EVENT_ENDS, tick=False):
        batch = _batch(running, issuer, world.coordinator)
    assert batch.program == running


def test_the_issue_page_disables_the_button_and_says_from_when(world, running, issuer):
    url = reverse("certificates:program", args=[running.pk])
    with time_machine.travel(datetime(2026, 12, 6, 9, 0, tzinfo=UTC), tick=False):
        client = client_for(world.coordinator)
        page = client.get(url).content.decode()
        assert NOT_YET in page
        assert 'disabled aria-describedby="issue-not-yet"' in page
        response = client.post(
            url,
            {
                "template": template_of(issuer, Kind.DEVELOPMENT).pk,
                "hours": "18",
                "issued_on": "2026-12-06",
                "recipients": [world.teacher.pk],
            },
        )
        assert response.status_code == 200
        assert NOT_YET in response.content.decode()
    assert not CertificateBatch.objects.exists()
    with time_machine.travel(LAST_EVENT_ENDS + timedelta(hours=1), tick=False):
        page = client_for(world.coordinator).get(url).content.decode()
        assert 'data-testid="issue-not-yet"' not in page
