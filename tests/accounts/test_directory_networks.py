"""Network pages: the list of a person's networks and a network's partner list."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.accounts.models import Membership, Organization

from .. import factories
from ..conftest import client_for

Role = Membership.Role


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _rows(response) -> str:
    """The partner table's HTML, to assert on rows without the filter form's options."""
    html = response.content.decode()
    start = html.index('data-testid="partners"')
    return html[start : html.index("</table>", start)]


# --- /networks/ -------------------------------------------------------------------------


def test_network_list_shows_the_network_with_partner_and_people_counts(world):
    response = client_for(world.coordinator).get("/networks/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Учитель в цифровой образовательной среде" in html
    assert "2 организации" in html
    # four people of the school, one of the kindergarten, the coordinator and the council member
    assert "7 человек" in html


def test_teacher_sees_the_network_of_their_organisation(world):
    response = client_for(world.kg_teacher).get("/networks/")
    assert "Учитель в цифровой образовательной среде" in response.content.decode()


def test_outsider_sees_no_networks(world):
    response = client_for(world.outsider).get("/networks/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Учитель в цифровой образовательной среде" not in html
    assert "Вы пока не состоите ни в одной сети." in html


def test_superuser_sees_every_network(world):
    factories.network(name="Сеть инновационных площадок", partners=[world.outside_org])
    html = client_for(world.superuser).get("/networks/").content.decode()
    assert "Учитель в цифровой образовательной среде" in html
    assert "Сеть инновационных площадок" in html
    assert "1 организация" in html


def test_network_list_requires_login(client, world):
    response = client.get("/networks/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/networks/"


def test_network_list_query_count_does_not_grow(world):
    client = client_for(world.superuser)
    small = _count_queries(client, "/networks/")
    for n in range(4):
        org = factories.organization()
        factories.network(name=f"Сеть № {n}", partners=[org], lead_organization=org)
        factories.person(organization_=org)
    assert _count_queries(client, "/networks/") == small


# --- /networks/<id>/ ----------------------------------------------------------------------


def test_partner_list_shows_each_partner_with_its_columns(world):
    world.school.website = "https://school161.ru"
    world.school.save()
    response = client_for(world.teacher).get(f"/networks/{world.network.pk}/")
    assert response.status_code == 200
    rows = _rows(response)
    assert "МБОУ «СОШ № 161»" in rows
    assert "МБДОУ «Д/с № 12»" in rows
    assert "МОУ «Гимназия № 53»" not in rows  # not a partner
    assert "Школа" in rows and "Детский сад" in rows
    assert "Петропавловск-Камчатский" in rows and "Камчатский край" in rows
    assert 'href="https://school161.ru"' in rows
    members = [m.group(1) for m in _member_counts(rows)]
    assert members == ["1", "4"]  # kindergarten (one teacher), school (four people)


def _member_counts(rows: str):
    return re.finditer(r'<td class="text-end">(\d+)</td>', rows)


def test_network_page_shows_description_lead_and_council(world):
    world.network.description = "Сетевое взаимодействие образовательных организаций."
    world.network.lead_organization = world.school
    world.network.save()
    html = client_for(world.kg_teacher).get(f"/networks/{world.network.pk}/").content.decode()
    assert "Сетевое взаимодействие образовательных организаций." in html
    assert "Базовая организация" in html
    assert "Координатор сети" in html
    assert "Смирнова Ольга Ивановна" in html
    assert "Член координационного совета" in html
    assert "2 организации" in html


def test_outsider_may_not_see_the_network(world):
    response = client_for(world.outsider).get(f"/networks/{world.network.pk}/")
    assert response.status_code == 403


def test_unknown_network_is_404(world):
    assert client_for(world.superuser).get("/networks/999999/").status_code == 404


def test_network_page_requires_login(client, world):
    response = client.get(f"/networks/{world.network.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_partner_list_filters_by_region(world):
    url = f"/networks/{world.network.pk}/?region={world.region_east.pk}"
    response = client_for(world.coordinator).get(url)
    rows = _rows(response)
    assert "МБДОУ «Д/с № 12»" in rows
    assert "МБОУ «СОШ № 161»" not in rows
    html = response.content.decode()
    assert "Найдено: 1 организация" in " ".join(html.split())
    assert f'<option value="{world.region_east.pk}" selected>' in html


def test_partner_list_filters_by_kind(world):
    response = client_for(world.coordinator).get(f"/networks/{world.network.pk}/?kind=school")
    rows = _rows(response)
    assert "МБОУ «СОШ № 161»" in rows
    assert "МБДОУ «Д/с № 12»" not in rows


@pytest.mark.parametrize("text", ["солнышко", "СОЛНЫШКО", "петропавловск", "д/с"])
def test_partner_search_finds_cyrillic_in_any_case_in_name_or_city(world, text):
    response = client_for(world.coordinator).get(f"/networks/{world.network.pk}/", {"q": text})
    rows = _rows(response)
    assert "МБДОУ «Д/с № 12»" in rows
    assert "МБОУ «СОШ № 161»" not in rows
    assert f'value="{text}"' in response.content.decode()  # what was typed is kept


def test_nothing_found_says_so(world):
    response = client_for(world.coordinator).get(
        f"/networks/{world.network.pk}/", {"q": "лицей", "kind": "college"}
    )
    html = " ".join(response.content.decode().split())
    assert "Найдено: 0 организаций" in html
    assert "Нет организаций, подходящих под фильтры." in html


def test_region_outside_the_network_is_refused_next_to_the_field(world):
    other = factories.region("Свердловская область", "Asia/Yekaterinburg")
    response = client_for(world.coordinator).get(
        f"/networks/{world.network.pk}/", {"region": other.pk, "q": "сош"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Выберите корректный вариант" in html
    assert 'value="сош"' in html
    assert "МБОУ «СОШ № 161»" in _rows(response)  # the valid filter still applies


def test_htmx_request_gets_only_the_partner_table(world):
    response = client_for(world.coordinator).get(
        f"/networks/{world.network.pk}/", {"kind": "kindergarten"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'data-testid="partner-filter"' not in html
    assert "МБДОУ «Д/с № 12»" in html
    assert "МБОУ «СОШ № 161»" not in html


def test_partner_list_is_paginated_and_keeps_filters(world, settings):
    settings.PAGE_SIZE = 2
    for n in range(3):
        org = factories.organization(region_=world.region_west, short_name=f"МБОУ «Лицей № {n}»")
        world.network.partnerships.create(organization=org)
    client = client_for(world.coordinator)
    first = client.get(f"/networks/{world.network.pk}/", {"region": world.region_west.pk})
    assert "Страница 1 из 2" in first.content.decode()
    assert f'href="?region={world.region_west.pk}&amp;page=2"' in first.content.decode()
    second = client.get(
        f"/networks/{world.network.pk}/", {"region": world.region_west.pk, "page": 2}
    )
    rows = _rows(second)
    assert "МБОУ «СОШ № 161»" in rows  # sorted by short name: two lyceums first
    assert "МБОУ «Лицей № 0»" not in rows


def test_coordinator_sees_import_on_the_network_page_and_a_teacher_does_not(world):
    url = f"/networks/{world.network.pk}/"
    coordinator_html = client_for(world.coordinator).get(url).content.decode()
    teacher_html = client_for(world.teacher).get(url).content.decode()
    assert 'href="/import/"' in coordinator_html
    assert 'href="/import/"' not in teacher_html


def test_partner_list_query_count_does_not_grow_with_partners(world):
    client = client_for(world.coordinator)
    url = f"/networks/{world.network.pk}/"
    region = factories.region()
    filtered_url = f"{url}?region={region.pk}&kind=kindergarten&q=д/с"
    small = _count_queries(client, url)
    small_filtered = _count_queries(client, filtered_url)
    for n in range(10):
        org = factories.organization(
            region_=region, kind=Organization.Kind.KINDERGARTEN, short_name=f"МБДОУ «Д/с № {n}»"
        )
        world.network.partnerships.create(organization=org)
        factories.person(organization_=org)
        factories.person(organization_=org, role=Role.METHODIST)
    factories.person(network_=world.network, role=Role.COUNCIL_MEMBER)
    assert _count_queries(client, url) == small
    assert _count_queries(client, filtered_url) == small_filtered
