"""Networks in the API: the caller's networks, one network, its partner organisations."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.accounts.models import Membership

from .. import factories
from ..conftest import client_for

Role = Membership.Role


def test_network_list_has_the_callers_networks_with_counts(world):
    factories.network(name="Сеть инновационных площадок", partners=[world.outside_org])
    data = client_for(world.teacher).get("/api/networks").json()
    assert data["count"] == 1
    [network] = data["items"]
    assert network["name"] == "Учитель в цифровой образовательной среде"
    assert network["partner_count"] == 2
    assert network["people_count"] == 7


def test_superuser_lists_every_network(world):
    factories.network(name="Сеть инновационных площадок")
    data = client_for(world.superuser).get("/api/networks").json()
    assert [n["name"] for n in data["items"]] == [
        "Сеть инновационных площадок",
        "Учитель в цифровой образовательной среде",
    ]


def test_network_list_of_an_outsider_is_empty(world):
    assert client_for(world.outsider).get("/api/networks").json() == {"items": [], "count": 0}


def test_network_list_refuses_anonymous(client, world):
    assert client.get("/api/networks").status_code == 401


def test_network_detail_names_coordinators_and_council(world):
    world.network.lead_organization = world.school
    world.network.save()
    response = client_for(world.kg_teacher).get(f"/api/networks/{world.network.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["lead_organization"] == {"id": world.school.pk, "short_name": "МБОУ «СОШ № 161»"}
    assert [p["full_name"] for p in data["coordinators"]] == ["Смирнова Ольга Ивановна"]
    assert [p["id"] for p in data["council"]] == [world.council.pk]


def test_network_detail_refuses_an_outsider_and_anonymous(client, world):
    url = f"/api/networks/{world.network.pk}"
    response = client_for(world.outsider).get(url)
    assert response.status_code == 403
    assert response.json() == {"detail": "У вас нет доступа к этим данным."}
    assert client.get(url).status_code == 401


def test_unknown_network_is_404_in_russian(world):
    response = client_for(world.superuser).get("/api/networks/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "Не найдено."}


def test_partner_organizations_of_a_network(world):
    data = (
        client_for(world.coordinator).get(f"/api/networks/{world.network.pk}/organizations").json()
    )
    assert data["count"] == 2
    school = next(o for o in data["items"] if o["id"] == world.school.pk)
    assert school["kind"] == "school"
    assert school["kind_label"] == "школа"
    assert school["region"] == {
        "id": world.region_west.pk,
        "name": "Калининградская область",
        "time_zone": "Europe/Kaliningrad",
    }
    assert school["time_zone"] == "Europe/Kaliningrad"
    assert school["members_count"] == 4


def test_partner_organizations_filter_by_region_kind_and_text(world):
    client = client_for(world.coordinator)
    url = f"/api/networks/{world.network.pk}/organizations"
    by_region = client.get(url, {"region": world.region_east.pk}).json()
    assert [o["short_name"] for o in by_region["items"]] == ["МБДОУ «Д/с № 12»"]
    by_kind = client.get(url, {"kind": "school"}).json()
    assert [o["short_name"] for o in by_kind["items"]] == ["МБОУ «СОШ № 161»"]
    by_text = client.get(url, {"q": "солнышко"}).json()
    assert [o["short_name"] for o in by_text["items"]] == ["МБДОУ «Д/с № 12»"]
    unknown_region = client.get(url, {"region": 999999}).json()
    assert unknown_region == {"items": [], "count": 0}


def test_unknown_kind_is_a_validation_error(world):
    response = client_for(world.coordinator).get(
        f"/api/networks/{world.network.pk}/organizations", {"kind": "university"}
    )
    assert response.status_code == 422


def test_partner_organizations_are_paginated(world):
    for _n in range(3):
        world.network.partnerships.create(organization=factories.organization())
    client = client_for(world.coordinator)
    url = f"/api/networks/{world.network.pk}/organizations"
    first = client.get(url, {"page_size": 2}).json()
    second = client.get(url, {"page_size": 2, "page": 3}).json()
    assert first["count"] == second["count"] == 5
    assert len(first["items"]) == 2
    assert len(second["items"]) == 1


def test_partner_organizations_refuse_an_outsider_and_anonymous(client, world):
    url = f"/api/networks/{world.network.pk}/organizations"
    assert client_for(world.outsider).get(url).status_code == 403
    assert client.get(url).status_code == 401


def test_partner_organizations_query_count_does_not_grow(world):
    client = client_for(world.coordinator)
    url = f"/api/networks/{world.network.pk}/organizations"
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _n in range(6):
        org = factories.organization()
        world.network.partnerships.create(organization=org)
        factories.person(organization_=org)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.json()["count"] == 8
    assert len(large.captured_queries) == len(small.captured_queries)
