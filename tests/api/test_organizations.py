"""Organisations in the API: the card and its people (e-mails only for those allowed)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.accounts.models import Membership

from .. import factories
from ..conftest import client_for

Role = Membership.Role


def test_organization_card(world):
    world.school.website = "https://school161.ru"
    world.school.save()
    response = client_for(world.kg_teacher).get(f"/api/organizations/{world.school.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["name"] == "МБОУ «Средняя общеобразовательная школа № 161»"
    assert data["website"] == "https://school161.ru"
    assert data["city"] == "Калининград"
    assert data["members_count"] == 4
    assert data["networks"] == [
        {"id": world.network.pk, "name": "Учитель в цифровой образовательной среде"}
    ]


def test_organization_card_refuses_an_outsider_and_anonymous(client, world):
    url = f"/api/organizations/{world.school.pk}"
    response = client_for(world.outsider).get(url)
    assert response.status_code == 403
    assert response.json() == {"detail": "У вас нет доступа к этим данным."}
    assert client.get(url).status_code == 401


def test_unknown_organization_is_404(world):
    assert client_for(world.superuser).get("/api/organizations/999999").status_code == 404


def test_people_of_an_organization_without_emails_for_a_teacher(world):
    data = client_for(world.teacher).get(f"/api/organizations/{world.school.pk}/people").json()
    assert data["count"] == 4
    names = [p["full_name"] for p in data["items"]]
    assert "Петрова Елена Викторовна" in names
    assert all("email" not in p for p in data["items"])
    methodist = next(p for p in data["items"] if p["id"] == world.methodist.pk)
    assert methodist["roles"] == ["methodist"]


def test_people_of_an_organization_with_emails_for_the_methodist_and_coordinator(world):
    for viewer in (world.methodist, world.coordinator, world.council):
        data = client_for(viewer).get(f"/api/organizations/{world.school.pk}/people").json()
        emails = {p["email"] for p in data["items"]}
        assert "colleague@example.ru" in emails, viewer.email


def test_person_with_two_roles_is_listed_once(world):
    Membership.objects.create(user=world.methodist, organization=world.school, role=Role.TEACHER)
    data = client_for(world.teacher).get(f"/api/organizations/{world.school.pk}/people").json()
    assert data["count"] == 4
    methodist = next(p for p in data["items"] if p["id"] == world.methodist.pk)
    assert methodist["roles"] == ["methodist", "teacher"]


def test_people_refuse_an_outsider_and_anonymous(client, world):
    url = f"/api/organizations/{world.school.pk}/people"
    assert client_for(world.outsider).get(url).status_code == 403
    assert client.get(url).status_code == 401


def test_people_query_count_does_not_grow(world):
    client = client_for(world.methodist)
    url = f"/api/organizations/{world.school.pk}/people"
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(6):
        factories.person(organization_=world.school, last_name=f"Учитель{n}")
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.json()["count"] == 10
    assert len(large.captured_queries) == len(small.captured_queries)
