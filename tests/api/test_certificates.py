"""Certificates in the API: the registry of what the caller administers, their own, one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.accounts.tokens import token_create
from metodset.certificates import services
from metodset.certificates.models import Certificate, Kind

from .. import factories
from ..conftest import client_for
from ..programs.conftest import finish_in_the_past


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Issued PDFs go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _issue(organization, kind, users, **source) -> list[Certificate]:
    issuer = services.issuer_for(organization=organization)
    return services.issue_now(
        template=issuer.templates.get(kind=kind),
        users=users,
        hours=Decimal(source.pop("hours", 72)),
        issued_on=source.pop("issued_on", date(2026, 3, 2)),
        **source,
    )


@pytest.fixture
def issued(world, internship):
    """The school's certificates for four interns; the outside gymnasium's for one of them."""
    program = finish_in_the_past(internship.program)
    internship.interns[0].birth_date = date(1988, 4, 12)
    internship.interns[0].save()
    school = _issue(world.school, Kind.DEVELOPMENT, internship.interns[:4], program=program)
    event = factories.event(organizer=world.outside_org, title="Открытый урок гимназии")
    outside = _issue(
        world.outside_org,
        Kind.PARTICIPATION,
        [internship.interns[0]],
        event=event,
        hours=2,
        issued_on=date(2025, 12, 10),
    )
    return school, outside


def _items(user, url="/api/certificates", **params) -> list[dict]:
    response = client_for(user).get(url, params)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_an_administrator_sees_the_registry_of_her_issuer_not_anothers(world, issued):
    school, outside = issued
    methodist = _items(world.methodist)
    assert sorted(c["id"] for c in methodist) == sorted(c.pk for c in school)
    assert [c["id"] for c in _items(world.outsider)] == [outside[0].pk]
    coordinator = _items(world.coordinator)  # a coordinator of the school's network
    assert {c["id"] for c in coordinator} == {c.pk for c in school}
    assert _items(world.teacher) == []


def test_registry_item_fields(world, internship, issued):
    school, _outside = issued
    first = next(c for c in school if c.user == internship.interns[0])
    item = next(c for c in _items(world.methodist) if c["id"] == first.pk)
    assert item["number"] == first.number
    assert item["kind"] == "development"
    assert item["kind_label"] == "сертификат о профессиональном развитии"
    assert item["status"] == "valid"
    assert item["status_label"] == "действителен"
    assert item["full_name"] == "Интернова0 Мария Ивановна"
    assert (item["last_name"], item["first_name"], item["middle_name"]) == (
        "Интернова0",
        "Мария",
        "Ивановна",
    )
    assert item["birth_date"] == "1988-04-12"
    assert item["title"] == internship.program.title
    assert Decimal(item["hours"]) == 72
    assert item["starts_on"] == internship.program.starts_on.isoformat()
    assert item["issued_on"] == "2026-03-02"
    assert item["issuer_name"] == world.school.name
    assert item["program_id"] == internship.program.pk
    assert item["event_id"] is None
    assert item["revoked_at"] is None and item["replaced_by_id"] is None
    assert item["verify_url"] == services.verify_url(first.code)
    assert item["verify_url"].startswith(settings.SITE_URL + "/")
    assert item["download_url"] == f"{settings.SITE_URL}/certificates/{first.pk}/pdf/"
    assert "email" not in item
    assert first.email not in str(item)


def test_registry_filters(world, internship, issued):
    school, _outside = issued
    revoked = services.certificate_revoke(
        certificate=school[1], reason="Выдан ошибочно", by=world.methodist
    )
    user = world.coordinator
    by_status = _items(user, status="revoked")
    assert [c["id"] for c in by_status] == [revoked.pk]
    assert by_status[0]["status_label"] == "отозван"
    assert by_status[0]["revoke_reason"] == "Выдан ошибочно"
    assert len(_items(user, status="valid")) == 3
    assert len(_items(user, kind="development")) == 4
    assert _items(user, kind="participation") == []
    assert len(_items(user, year=2026)) == 4
    assert _items(user, year=2025) == []
    assert len(_items(user, program=internship.program.pk)) == 4
    assert _items(user, program=999999) == []
    assert _items(user, event=999999) == []
    assert [c["id"] for c in _items(user, q="интернова2")] == [school[2].pk]
    assert [c["id"] for c in _items(user, q=school[3].number)] == [school[3].pk]
    outsider = _items(world.outsider, event=issued[1][0].event_id)
    assert [c["id"] for c in outsider] == [issued[1][0].pk]
    client = client_for(user)
    assert client.get("/api/certificates", {"status": "lost"}).status_code == 422
    assert client.get("/api/certificates", {"kind": "nonsense"}).status_code == 422


def test_a_person_sees_only_her_own_through_mine(world, internship, issued):
    school, outside = issued
    mine = _items(internship.interns[0], "/api/certificates/mine")
    assert {c["id"] for c in mine} == {school[0].pk, outside[0].pk}
    assert {c["kind"] for c in mine} == {"development", "participation"}
    assert mine[0]["birth_date"] == "1988-04-12"  # her own
    assert "email" not in mine[0]
    assert [c["id"] for c in _items(internship.interns[1], "/api/certificates/mine")] == [
        school[1].pk
    ]
    assert _items(internship.interns[5], "/api/certificates/mine") == []
    assert _items(world.methodist, "/api/certificates/mine") == []  # administers, holds none
    # An intern administers nothing: her registry is empty.
    assert _items(internship.interns[0]) == []


def test_one_certificate_for_its_holder_and_administrators_404_for_others(
    world, internship, issued
):
    school, outside = issued
    url = f"/api/certificates/{school[0].pk}"
    for user in (internship.interns[0], world.methodist, world.coordinator, world.superuser):
        response = client_for(user).get(url)
        assert response.status_code == 200, user.email
        assert response.json()["number"] == school[0].number
    for user in (internship.interns[1], world.outsider, world.teacher):
        response = client_for(user).get(url)
        assert response.status_code == 404, user.email
        assert response.json() == {"detail": "Не найдено."}
    assert client_for(world.methodist).get(f"/api/certificates/{outside[0].pk}").status_code == 404
    assert client_for(world.superuser).get("/api/certificates/999999").status_code == 404


def test_a_token_authenticates_and_anonymous_is_refused(client, world, internship, issued):
    school, _outside = issued
    urls = ("/api/certificates", "/api/certificates/mine", f"/api/certificates/{school[0].pk}")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"] == "Bearer"
    _token, secret = token_create(user=world.methodist, name="Региональный реестр")
    registry = client.get(urls[0], HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert registry["count"] == 4
    _token, secret = token_create(user=internship.interns[0], name="Портфолио")
    mine = client.get(urls[1], HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert mine["count"] == 2


def test_certificates_are_in_the_schema(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {
        "/api/certificates",
        "/api/certificates/mine",
        "/api/certificates/{certificate_id}",
    } <= set(paths)
    parameters = {p["name"] for p in paths["/api/certificates"]["get"]["parameters"]}
    assert {"status", "kind", "year", "program", "event", "q", "page", "page_size"} <= parameters


def test_query_count_does_not_grow_with_the_certificates(world, internship):
    program = finish_in_the_past(internship.program)
    intern = internship.interns[0]

    methodist, holder = client_for(world.methodist), client_for(intern)

    def count(client, url) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _issue(world.school, Kind.DEVELOPMENT, [intern], program=program)
    small = (count(methodist, "/api/certificates"), count(holder, "/api/certificates/mine"))
    _issue(world.school, Kind.DEVELOPMENT, internship.interns[1:7], program=program)
    for n in range(3):
        event = factories.event(organizer=world.school, title=f"Семинар {n}")
        _issue(world.school, Kind.PARTICIPATION, [intern], event=event, hours=2)
    large = (count(methodist, "/api/certificates"), count(holder, "/api/certificates/mine"))
    assert Certificate.objects.count() == 10
    assert large == small
