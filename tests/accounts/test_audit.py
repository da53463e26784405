"""«Журнал изменений»: who changed which person or organisation, shown to those who manage them."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.accounts import services
from metodset.accounts.models import AuditEntry

from .. import factories
from ..conftest import client_for


@pytest.fixture
def changes(world):
    """One change to a school teacher, one to the school, one outside the network."""
    services.person_update(person=world.teacher, by=world.methodist, position="учитель музыки")
    services.organization_update(
        organization=world.school, by=world.manager, website="https://school161.ru"
    )
    services.person_update(person=world.outsider, by=world.outsider, position="директор")
    return world


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("who", ["teacher", "council", "kg_teacher", "colleague"])
def test_people_who_manage_nothing_are_refused(world, who):
    assert client_for(getattr(world, who)).get("/audit/").status_code == 403


def test_the_menu_links_the_log_for_those_who_manage(world):
    assert "Журнал изменений" in client_for(world.methodist).get("/profile/").content.decode()
    assert "Журнал изменений" not in client_for(world.teacher).get("/profile/").content.decode()


def test_coordinator_sees_changes_in_their_network_with_old_and_new_values(changes):
    html = client_for(changes.coordinator).get("/audit/").content.decode()
    assert html.count('data-testid="audit-entry"') == 2
    assert "Кузнецова Анна Сергеевна" in html  # who
    assert "Изменение" in html  # action label
    assert "Петрова Елена Викторовна" in html  # object
    assert 'должность: <span class="text-body-secondary">—</span> → учитель музыки' in html
    assert "https://school161.ru" in html
    assert "директор" not in html


def test_methodist_sees_their_organisation_only(changes):
    services.person_update(
        person=changes.kg_teacher, by=changes.coordinator, position="воспитатель"
    )
    html = client_for(changes.methodist).get("/audit/").content.decode()
    assert "учитель музыки" in html
    assert "school161.ru" in html
    assert "воспитатель" not in html
    assert "директор" not in html


def test_superuser_sees_everything(changes):
    html = client_for(changes.superuser).get("/audit/").content.decode()
    assert html.count('data-testid="audit-entry"') == 3


def test_filter_by_object_type(changes):
    client = client_for(changes.coordinator)
    html = client.get("/audit/?type=organization").content.decode()
    assert html.count('data-testid="audit-entry"') == 1
    assert "school161.ru" in html
    html = client.get("/audit/?type=user").content.decode()
    assert html.count('data-testid="audit-entry"') == 1
    assert "учитель музыки" in html
    assert client.get("/audit/?type=nonsense").status_code == 200


def test_times_are_in_the_viewer_time_zone_and_newest_first(world):
    services.person_update(person=world.teacher, by=world.methodist, position="первое")
    services.person_update(person=world.teacher, by=world.methodist, position="второе")
    first, second = AuditEntry.objects.order_by("id")
    first.at = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    second.at = datetime(2025, 3, 2, 9, 0, tzinfo=UTC)
    AuditEntry.objects.bulk_update([first, second], ["at"])
    world.coordinator.time_zone = "Asia/Kamchatka"
    world.coordinator.save()
    html = client_for(world.coordinator).get("/audit/").content.decode()
    assert "02.03.2025 21:00" in html
    assert "01.03.2025 21:00" in html
    assert html.index("02.03.2025") < html.index("01.03.2025")


def test_choices_are_shown_by_their_russian_label(world):
    services.person_update(person=world.teacher, by=world.teacher, time_zone="Asia/Omsk")
    html = client_for(world.methodist).get("/audit/").content.decode()
    assert "Калининград (UTC+2)" not in html  # the teacher's zone was Moscow by default
    assert "Москва (UTC+3)</span> → Омск (UTC+6)" in html


def test_own_actions_stay_visible_after_the_person_is_gone(world):
    services.person_request_deletion(person=world.teacher)
    services.person_delete(person=world.teacher, by=world.coordinator)
    html = client_for(world.coordinator).get("/audit/").content.decode()
    assert "Удаление персональных данных" in html
    assert "Удалённый пользователь" in html
    assert "Петрова" not in html


def test_audit_log_query_count_does_not_grow(world):
    client = client_for(world.coordinator)

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/audit/")
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode().count(
            'data-testid="audit-entry"'
        )

    services.person_update(person=world.teacher, by=world.methodist, position="учитель")
    few, shown = count_queries()
    assert shown == 1
    for n in range(6):
        actor = factories.person(organization_=world.school)
        services.person_update(person=world.colleague, by=actor, position=f"должность {n}")
        services.organization_update(
            organization=world.kindergarten, by=actor, phone=f"+7 900 000-00-0{n}"
        )
    many, shown = count_queries()
    assert shown == 13
    assert many == few


def test_an_import_summary_is_shown_to_who_ran_it_in_russian(world):
    AuditEntry.objects.create(
        actor=world.coordinator,
        action="imported",
        target_type="importbatch",
        target_id="1",
        target_repr="Люди: people.xlsx",
        changes={"file": [None, "people.xlsx"], "created": [None, 12], "rejected": [None, 3]},
    )
    html = client_for(world.coordinator).get("/audit/?type=importbatch").content.decode()
    assert html.count('data-testid="audit-entry"') == 1
    assert "Импорт из файла" in html
    assert "файл импорта:" in html
    assert 'создано: <span class="text-body-secondary">—</span> → 12' in html
    assert 'отклонено: <span class="text-body-secondary">—</span> → 3' in html
    assert "Импорт из файла" not in client_for(world.methodist).get("/audit/").content.decode()
