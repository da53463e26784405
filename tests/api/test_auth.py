"""API authentication: session or bearer token; anonymous and revoked tokens get 401."""

from metodset.accounts.models import ApiToken
from metodset.accounts.tokens import token_create, token_revoke

from ..conftest import client_for


def test_anonymous_request_gets_401_with_a_russian_message(client, world):
    response = client.get("/api/me")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json() == {
        "detail": "Нужна авторизация: войдите на сайт или передайте заголовок "
        "Authorization: Bearer <токен>."
    }


def test_session_authenticates(world):
    response = client_for(world.teacher).get("/api/me")
    assert response.status_code == 200
    assert response.json()["email"] == "teacher@example.ru"


def test_bearer_token_authenticates_and_records_its_use(client, world):
    token, secret = token_create(user=world.methodist, name="Интеграция")
    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json()["email"] == "method@example.ru"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_is_refused(client, world):
    token, secret = token_create(user=world.methodist, name="Интеграция")
    token_revoke(token=token)
    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
    assert not ApiToken.objects.exists()


def test_wrong_token_is_refused(client, world):
    token_create(user=world.methodist, name="Интеграция")
    response = client.get("/api/me", HTTP_AUTHORIZATION="Bearer ms_not-a-real-token")
    assert response.status_code == 401


def test_token_of_a_disabled_person_is_refused(client, world):
    _token, secret = token_create(user=world.methodist, name="Интеграция")
    world.methodist.is_active = False
    world.methodist.save()
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_token_acts_with_its_owners_rights(client, world):
    _token, secret = token_create(user=world.outsider, name="Чужая система")
    response = client.get(
        f"/api/organizations/{world.school.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "У вас нет доступа к этим данным."}
