"""«Моя неделя» and the menu: each role sees its own."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

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
    assert "Сеть: Учитель в цифровой образовательной среде" in card
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


def test_network_overview_parts_registered_by_other_apps_appear_for_its_staff_only(
    world, tmp_path, settings
):
    (tmp_path / "overview_test_part.html").write_text(
        '<p data-testid="test-part">Встреч совета: {{ part.meetings }}</p>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    other = factories.network(name="Сеть Б", partners=[world.outside_org])
    other_council = factories.person(network_=other, role=Role.COUNCIL_MEMBER)
    asked: list[list[int]] = []

    def meetings(request, network_ids):
        asked.append(sorted(network_ids))
        return {pk: {"meetings": 3 if pk == world.network.pk else 1} for pk in network_ids}

    registered = list(week._network_sections)
    week.register_network("overview_test_part.html", meetings)
    try:
        council_html = client_for(world.council).get("/").content.decode()
        coordinator_html = client_for(world.coordinator).get("/").content.decode()
        other_html = client_for(other_council).get("/").content.decode()
        teacher_html = client_for(world.teacher).get("/").content.decode()
    finally:
        week._network_sections[:] = registered
    assert "Встреч совета: 3" in council_html and "Встреч совета: 3" in coordinator_html
    assert "Встреч совета: 1" in other_html and "Встреч совета: 3" not in other_html
    assert "Учитель в цифровой образовательной среде" not in other_html
    assert 'data-testid="test-part"' not in teacher_html
    # one call for all of a person's networks, none for a person without any
    assert asked == [[world.network.pk], [world.network.pk], [other.pk]]


def test_council_member_sees_the_network_overview_instead_of_an_empty_week(world):
    html = client_for(world.council).get("/").content.decode()
    assert "На этой неделе пока нет мероприятий и заданий." not in html
    assert "Сейчас ничего не ждёт вашего решения." in html
    card = html[html.index('data-testid="my-network"') :]
    assert 'data-testid="network-overview"' in card
    assert 'data-testid="overview-certificates"' in card  # a count even when it is 0


def test_council_home_query_count_does_not_grow_with_networks_and_their_data(world):
    from datetime import timedelta

    from metodset.events.models import Event
    from metodset.programs.models import Program

    def add_networks(count: int) -> None:
        for _n in range(count):
            org = factories.organization()
            net = factories.network(partners=[org])
            Membership.objects.create(user=world.council, network=net, role=Role.COUNCIL_MEMBER)
            Program.objects.create(
                kind=Program.Kind.DIGITAL_INTERNSHIP,
                title="Интернатура",
                organizer=org,
                network=net,
                status=Program.Status.RUNNING,
            )
            factories.event(organizer=org, network=net, starts_in=timedelta(days=4))

    client = client_for(world.council)
    add_networks(1)
    client.get("/")
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    add_networks(3)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/")
    html = response.content.decode()
    assert html.count('data-testid="overview-programs"') == 4
    assert html.count('data-testid="overview-events"') == 4
    assert Event.objects.count() == 4
    assert len(large.captured_queries) == len(small.captured_queries)


# --- the menu ---------------------------------------------------------------------------


def _more_menu(html: str) -> str:
    if 'data-testid="nav-more"' not in html:
        return ""
    start = html.index('data-testid="nav-more"')
    return html[start : html.index("</ul>", start)]


def test_more_menu_offers_each_role_what_it_may_open(world):
    from metodset.diagnostics.models import Campaign, Framework

    campaign = Campaign.objects.create(
        title="Диагностика сети",
        framework=Framework.objects.order_by("pk").first(),
        network=world.network,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        status=Campaign.Status.OPEN,
    )
    heatmap = f'href="/diagnostics/campaigns/{campaign.pk}/heatmap/"'
    board = f'href="/routes/org/{world.school.pk}/board/"'
    expected = {
        # person: (certificate registry, heat map, route board, import, questionnaires,
        # communities, methodical plans)
        "coordinator": (True, True, False, True, True, True, True),
        "council": (False, True, False, False, False, True, True),
        "manager": (True, False, True, True, True, True, True),
        "methodist": (True, False, True, True, True, True, True),
        "teacher": (False, False, False, False, False, True, False),
    }
    for name, (registry, heat, route_board, imports, surveys, pos, plans) in expected.items():
        menu = _more_menu(client_for(getattr(world, name)).get("/").content.decode())
        assert ('href="/surveys/"' in menu) is surveys, name
        assert ('href="/certificates/"' in menu) is registry, name
        assert (heatmap in menu) is heat, name
        assert (board in menu) is route_board, name
        assert ('href="/import/"' in menu) is imports, name
        assert ('href="/communities/"' in menu) is pos, name
        assert ('href="/communities/plans/"' in menu) is plans, name


def test_more_menu_costs_a_constant_number_of_queries(world):
    from metodset.diagnostics.models import Campaign, Framework

    def add_campaigns(count: int) -> None:
        for _n in range(count):
            Campaign.objects.create(
                title="Диагностика",
                framework=Framework.objects.order_by("pk").first(),
                organization=world.school,
                starts_on=timezone.localdate(),
                ends_on=timezone.localdate(),
                status=Campaign.Status.CLOSED,
            )

    client = client_for(world.methodist)
    add_campaigns(1)
    client.get("/events/")
    with CaptureQueriesContext(connection) as first:
        client.get("/events/")
    add_campaigns(3)
    with CaptureQueriesContext(connection) as second:
        html = client.get("/events/").content.decode()
    assert "/heatmap/" in _more_menu(html)
    assert len(second.captured_queries) == len(first.captured_queries)


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
    assert 'href="/import/"' in _more_menu(nav)
    assert 'data-testid="nav-network"' not in nav
    assert 'href="/outbox/"' not in nav


def test_coordinator_menu_has_the_network_import_and_deletion_requests(world):
    nav = _nav(client_for(world.coordinator).get("/").content.decode())
    assert f'href="/networks/{world.network.pk}/"' in nav
    assert "Сеть: Учитель в цифровой образовательной среде" in nav
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
