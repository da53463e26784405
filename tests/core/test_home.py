"""«Моя неделя» and the menu: each role sees its own."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.accounts.models import Membership
from metodset.core import week

from .. import factories
from ..conftest import client_for

Role = Membership.Role


def _nav(html: str) -> str:
    start = html.index('id="nav-main"')
    return html[start : html.index("</nav>", start)]


def test_home_requires_login(client, world):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_teacher_sees_their_organization_and_role(world):
    response = client_for(world.teacher).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Моя неделя" in html
    assert "Здравствуйте, Елена Викторовна!" in html
    assert f'href="/organizations/{world.school.pk}/"' in html
    assert "педагог" in html
    assert 'data-testid="my-network"' not in html
    assert 'data-testid="my-organization"' not in html


def test_coordinator_sees_a_summary_of_their_network(world):
    html = client_for(world.coordinator).get("/").content.decode()
    start = html.index('data-testid="my-network"')
    card = " ".join(html[start : html.index("</section>", start)].split())
    assert "Сеть: Образование без границ" in card
    assert "2 организации · 7 человек" in card
    assert f'href="/networks/{world.network.pk}/"' in card


def test_methodist_sees_a_summary_of_their_organization(world):
    html = client_for(world.methodist).get("/").content.decode()
    start = html.index('data-testid="my-organization"')
    card = " ".join(html[start : html.index("</section>", start)].split())
    assert "МБОУ «СОШ № 161»" in card
    assert "4 человека" in card


def test_sections_registered_by_other_apps_appear_on_the_week(world, tmp_path, settings):
    (tmp_path / "week_test_section.html").write_text("<p>Вебинар: {{ section.title }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    registered = list(week._sections)
    week.register(
        "week_test_section.html",
        lambda request: {"title": "Урок в ДОУ"} if request.user.pk == world.teacher.pk else None,
    )
    try:
        teacher_html = client_for(world.teacher).get("/").content.decode()
        colleague_html = client_for(world.colleague).get("/").content.decode()
    finally:
        week._sections[:] = registered
    assert "Вебинар: Урок в ДОУ" in teacher_html
    assert "На этой неделе пока нет мероприятий и заданий." not in teacher_html
    assert "Вебинар" not in colleague_html
    assert "На этой неделе пока нет мероприятий и заданий." in colleague_html


def test_home_query_count_does_not_grow_with_memberships_and_partners(world):
    def add_memberships(count: int) -> None:
        for _n in range(count):
            org = factories.organization()
            world.network.partnerships.create(organization=org)
            factories.person(organization_=org)
            Membership.objects.create(user=world.coordinator, organization=org, role=Role.METHODIST)
            net = factories.network(partners=[org])
            Membership.objects.create(user=world.coordinator, network=net, role=Role.COUNCIL_MEMBER)

    client = client_for(world.coordinator)
    add_memberships(1)
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    add_memberships(4)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/")
    assert response.content.decode().count('data-testid="my-network"') == 6
    assert response.content.decode().count('data-testid="my-organization"') == 5
    assert len(large.captured_queries) == len(small.captured_queries)


# --- the menu ---------------------------------------------------------------------------


def test_teacher_menu_has_the_week_and_their_organization_only(world):
    nav = _nav(client_for(world.teacher).get("/").content.decode())
    assert "Моя неделя" in nav
    assert f'href="/organizations/{world.school.pk}/"' in nav
    assert 'href="/import/"' not in nav
    assert 'data-testid="nav-network"' not in nav
    assert 'href="/deletion-requests/"' not in nav
    assert 'href="/outbox/"' not in nav
    assert 'href="/admin/"' not in nav


def test_methodist_menu_has_their_organization_and_import(world):
    nav = _nav(client_for(world.methodist).get("/").content.decode())
    assert f'href="/organizations/{world.school.pk}/"' in nav
    assert 'href="/import/"' in nav
    assert 'data-testid="nav-network"' not in nav
    assert 'href="/outbox/"' not in nav


def test_coordinator_menu_has_the_network_import_and_deletion_requests(world):
    nav = _nav(client_for(world.coordinator).get("/").content.decode())
    assert f'href="/networks/{world.network.pk}/"' in nav
    assert "Сеть: Образование без границ" in nav
    assert 'href="/import/"' in nav
    assert 'href="/deletion-requests/"' in nav
    assert 'href="/outbox/"' not in nav


def test_superuser_menu_has_sent_emails_and_administration(world):
    nav = _nav(client_for(world.superuser).get("/").content.decode())
    assert 'href="/outbox/"' in nav and "Отправленные письма" in nav
    assert 'href="/admin/"' in nav
    assert 'href="/networks/"' in nav


def test_missing_and_forbidden_pages_speak_russian(world, settings):
    settings.DEBUG = False
    client = client_for(world.teacher)
    missing = client.get("/events/999999/")
    assert missing.status_code == 404
    assert "Страница не найдена" in missing.content.decode()
    forbidden = client.get("/events/new/")
    assert forbidden.status_code == 403
    assert "Нет доступа" in forbidden.content.decode()
