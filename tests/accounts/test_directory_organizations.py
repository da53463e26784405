"""The organisation page: its card, its members by role, and who sees their e-mails."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.accounts.models import Membership

from .. import factories
from ..conftest import client_for

Role = Membership.Role


def _url(org) -> str:
    return f"/organizations/{org.pk}/"


def _members_table(html: str) -> str:
    start = html.index('data-testid="members"')
    return html[start : html.index("</table>", start)]


def test_organization_card_shows_kind_region_time_zone_website_and_contact(world):
    org = world.school
    org.website = "https://school161.ru"
    org.email = "school161@edu.ru"
    org.contact_person = "Секретарь Орлова Т. В."
    org.save()
    response = client_for(world.teacher).get(_url(org))
    assert response.status_code == 200
    html = response.content.decode()
    assert "МБОУ «Средняя общеобразовательная школа № 161»" in html
    assert "Школа" in html
    assert "Калининградская область" in html
    assert "Калининград (UTC+2)" in html
    assert 'href="https://school161.ru"' in html
    assert "school161@edu.ru" in html and "Секретарь Орлова Т. В." in html


def test_members_are_grouped_by_role_with_position_and_specialisation(world):
    world.teacher.position = "учитель начальных классов"
    world.teacher.specialisation = "начальное общее образование"
    world.teacher.save()
    table = _members_table(client_for(world.teacher).get(_url(world.school)).content.decode())
    # managers first, then methodists, then teachers, each group under its heading
    order = [table.index(s) for s in ("Руководитель", "Методист", "Педагог")]
    assert order == sorted(order)
    assert table.index("Кузнецова Анна Сергеевна") < table.index("Педагог")
    assert table.index("Петрова Елена Викторовна") > table.index("Педагог")
    assert "учитель начальных классов" in table
    assert "начальное общее образование" in table
    assert "4 человека" in client_for(world.teacher).get(_url(world.school)).content.decode()


def test_teacher_does_not_see_colleagues_emails(world):
    html = client_for(world.teacher).get(_url(world.school)).content.decode()
    assert "colleague@example.ru" not in html
    assert "method@example.ru" not in html


def test_methodist_coordinator_and_council_see_members_emails(world):
    for viewer in (world.methodist, world.coordinator, world.council):
        html = client_for(viewer).get(_url(world.school)).content.decode()
        assert "colleague@example.ru" in _members_table(html), viewer.email


def test_managers_see_invite_and_import_buttons(world):
    for viewer in (world.methodist, world.manager, world.coordinator):
        html = client_for(viewer).get(_url(world.school)).content.decode()
        assert f'href="/organizations/{world.school.pk}/invite/"' in html, viewer.email
        assert "Пригласить педагога" in html
        assert 'href="/import/"' in html


def test_teacher_and_council_member_get_no_invite_button(world):
    for viewer in (world.teacher, world.council):
        html = client_for(viewer).get(_url(world.school)).content.decode()
        assert "Пригласить педагога" not in html, viewer.email
        assert 'data-testid="org-actions"' not in html


def test_partner_of_the_same_network_may_view_the_organization(world):
    response = client_for(world.kg_teacher).get(_url(world.school))
    assert response.status_code == 200
    assert "Петрова Елена Викторовна" in response.content.decode()


def test_organisation_name_is_labelled_as_a_full_name_of_an_organisation(world):
    html = client_for(world.teacher).get(_url(world.school)).content.decode()
    assert "<dt>Полное наименование</dt><dd>МБОУ «Средняя общеобразовательная школа № 161»" in html


def test_organization_page_links_its_networks(world):
    html = client_for(world.teacher).get(_url(world.school)).content.decode()
    assert f'href="/networks/{world.network.pk}/"' in html
    assert "Учитель в цифровой образовательной среде" in html


def test_network_the_viewer_does_not_belong_to_is_named_without_a_link(world):
    other = factories.network(name="Сеть инновационных площадок", partners=[world.school])
    html = client_for(world.kg_teacher).get(_url(world.school)).content.decode()
    assert "Сеть инновационных площадок" in html
    assert f'href="/networks/{other.pk}/"' not in html


def test_outsider_may_not_see_the_organization(world):
    assert client_for(world.outsider).get(_url(world.school)).status_code == 403


def test_unknown_organization_is_404(world):
    assert client_for(world.superuser).get("/organizations/999999/").status_code == 404


def test_organization_page_requires_login(client, world):
    response = client.get(_url(world.school))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_members_are_paginated(world, settings):
    settings.PAGE_SIZE = 3
    client = client_for(world.methodist)
    first = client.get(_url(world.school)).content.decode()
    assert "Страница 1 из 2" in first
    second = _members_table(client.get(_url(world.school), {"page": 2}).content.decode())
    assert "Соколов Игорь Андреевич" in second  # the last teacher by surname
    assert "Кузнецова Анна Сергеевна" not in second


def test_member_list_query_count_does_not_grow(world):
    client = client_for(world.methodist)
    with CaptureQueriesContext(connection) as small:
        client.get(_url(world.school))
    for n in range(8):
        factories.person(organization_=world.school, role=Role.TEACHER, last_name=f"Учитель{n}")
    factories.person(organization_=world.school, role=Role.EXPERT)
    with CaptureQueriesContext(connection) as large:
        response = client.get(_url(world.school))
    assert "Учитель7" in response.content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
