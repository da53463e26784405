"""Loading the demo: into an empty database, twice, and on any day of the year.

What the loaded demo holds is checked in ``test_demo.py``, on one load shared by its tests.
"""

import pytest

from metodset.accounts.models import Membership, Network, NetworkPartner, Organization, Region, User
from metodset.demo.loader import demo_load

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """The demo's certificates (PDFs, a logo, a facsimile) go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _counts() -> dict[str, int]:
    models = (Region, Organization, Network, NetworkPartner, User, Membership)
    return {model.__name__: model.objects.count() for model in models}


def test_loading_twice_adds_nothing_the_second_time():
    first = demo_load()
    counts = _counts()
    second = demo_load()

    assert _counts() == counts
    assert counts == {
        "Region": 3,
        "Organization": 12,
        "Network": 1,
        "NetworkPartner": 12,
        "User": 155,  # 153 of the network and 2 newcomers accepted to the internship
        "Membership": 166,
    }
    assert "Добавлено сейчас: 12 организаций, 153 человека, 166 ролей." in first
    assert second.startswith(
        "Демо-сеть «Учитель в цифровой образовательной среде»: 12 организаций в 3 регионах"
    )
    assert second.endswith("Всё уже было загружено, ничего не изменилось.")


@pytest.mark.parametrize("day", ["2029-07-15", "2031-02-10"])
def test_whatever_day_it_is_loaded_the_demo_is_in_the_middle_of_its_season(day):
    """Nothing in the demo is dated absolutely: loaded in a summer or a winter years ahead, it
    has an internship in progress, a finished one with certificates, events to come and the
    diagnostics of the school year just past."""
    import re
    from datetime import UTC, datetime, timedelta

    import time_machine
    from django.utils import timezone

    from metodset.certificates.models import Certificate
    from metodset.demo.programs import FINISHED_TITLE, INTERNSHIP_TITLE
    from metodset.diagnostics.models import Campaign
    from metodset.events.models import Event
    from metodset.programs.models import Program

    instant = datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC)
    with time_machine.travel(instant, tick=False):
        demo_load()
        today, now = timezone.localdate(), timezone.now()

        running = Program.objects.get(title=INTERNSHIP_TITLE)
        assert running.starts_on < today < running.ends_on
        finished = Program.objects.get(title=FINISHED_TITLE)
        assert finished.ends_on < today
        assert Certificate.objects.filter(program=finished, status="valid").count() >= 12
        assert Event.objects.filter(starts_at__gt=now).count() >= 10
        for title, starts_at in Event.objects.values_list("title", "starts_at"):
            assert {int(y) for y in re.findall(r"\b20\d\d\b", title)} <= {starts_at.year}, title
        autumn, spring = Campaign.objects.filter(status="closed").order_by("starts_on")
        assert autumn.starts_on > today - timedelta(days=2 * 366)
        assert spring.ends_on < today < spring.ends_on + timedelta(days=366)
        assert Campaign.objects.get(status="open").ends_on > today
        assert not User.objects.filter(date_joined__gt=now).exists()
