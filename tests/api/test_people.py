"""GET /api/people/{id}: oneself and the people one manages; anyone else is 404."""

from ..conftest import client_for


def test_methodist_sees_a_teacher_of_their_organization(world):
    response = client_for(world.methodist).get(f"/api/people/{world.teacher.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["email"] == "teacher@example.ru"
    assert data["memberships"][0]["organization"]["id"] == world.school.pk


def test_coordinator_sees_a_teacher_of_a_partner(world):
    response = client_for(world.coordinator).get(f"/api/people/{world.kg_teacher.pk}")
    assert response.status_code == 200
    assert response.json()["time_zone"] == "Asia/Kamchatka"


def test_a_person_sees_themselves(world):
    assert client_for(world.teacher).get(f"/api/people/{world.teacher.pk}").status_code == 200


def test_a_teacher_may_not_see_a_colleague_and_existence_does_not_leak(world):
    refused = client_for(world.teacher).get(f"/api/people/{world.colleague.pk}")
    missing = client_for(world.teacher).get("/api/people/999999")
    assert refused.status_code == missing.status_code == 404
    assert refused.json() == missing.json() == {"detail": "Не найдено."}


def test_outsider_manager_may_not_see_a_network_teacher(world):
    assert client_for(world.outsider).get(f"/api/people/{world.teacher.pk}").status_code == 404


def test_person_requires_authentication(client, world):
    assert client.get(f"/api/people/{world.teacher.pk}").status_code == 401
