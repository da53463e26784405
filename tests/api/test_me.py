"""GET /api/me: the authenticated person with their memberships."""

from ..conftest import client_for


def test_me_returns_the_person_and_their_roles(world):
    world.teacher.position = "учитель начальных классов"
    world.teacher.save()
    data = client_for(world.teacher).get("/api/me").json()
    assert data["id"] == world.teacher.pk
    assert data["full_name"] == "Петрова Елена Викторовна"
    assert data["position"] == "учитель начальных классов"
    assert data["time_zone"] == "Europe/Moscow"
    assert data["memberships"] == [
        {
            "role": "teacher",
            "role_label": "педагог",
            "organization": {"id": world.school.pk, "short_name": "МБОУ «СОШ № 161»"},
            "network": None,
        }
    ]


def test_coordinator_membership_names_the_network(world):
    data = client_for(world.coordinator).get("/api/me").json()
    assert data["memberships"][0]["role"] == "coordinator"
    assert data["memberships"][0]["network"] == {
        "id": world.network.pk,
        "name": "Учитель в цифровой образовательной среде",
    }


def test_me_refuses_anonymous(client, world):
    assert client.get("/api/me").status_code == 401
