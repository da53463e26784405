"""The API tokens page: list own tokens, create one (secret shown once), revoke one."""

import re

from metodset.accounts.models import ApiToken
from metodset.accounts.tokens import token_create

from ..conftest import client_for


def _secret_in(html: str) -> str:
    match = re.search(r'value="(ms_[^"]+)"', html)
    assert match, "the new token's secret is not on the page"
    return match.group(1)


def test_token_page_lists_own_tokens_only(world):
    token_create(user=world.teacher, name="Электронный журнал")
    token_create(user=world.colleague, name="Чужой токен")
    response = client_for(world.teacher).get("/profile/tokens/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Электронный журнал" in html
    assert "Чужой токен" not in html
    assert "ни разу" in html  # never used yet


def test_creating_a_token_shows_its_secret_once_and_it_works(world):
    client = client_for(world.teacher)
    response = client.post("/profile/tokens/", {"name": "Региональная система"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Токен «Региональная система» создан" in html
    secret = _secret_in(html)
    token = ApiToken.objects.get(user=world.teacher)
    assert token.name == "Региональная система"
    assert secret.startswith(token.prefix)
    assert secret not in token.key_hash  # only the hash is stored

    listing = client.get("/profile/tokens/").content.decode()
    assert secret not in listing
    assert f"{token.prefix}…" in listing

    api = client_for(world.colleague)  # another person's session must not matter
    api.logout()
    me = api.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert me.status_code == 200
    assert me.json()["email"] == "teacher@example.ru"


def test_token_without_a_name_is_refused_next_to_the_field(world):
    response = client_for(world.teacher).post("/profile/tokens/", {"name": "  "})
    html = response.content.decode()
    assert "Обязательное поле." in html
    assert 'class="invalid-feedback d-block">Обязательное поле.' in html
    assert not ApiToken.objects.exists()


def test_revoking_a_token_removes_it_and_the_api_refuses_it(world, client):
    token, secret = token_create(user=world.teacher, name="Старый токен")
    response = client_for(world.teacher).post(f"/profile/tokens/{token.pk}/revoke/", follow=True)
    assert response.status_code == 200
    assert "Токен «Старый токен» отозван." in response.content.decode()
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_another_persons_token_cannot_be_revoked(world):
    token, _secret = token_create(user=world.colleague, name="Токен коллеги")
    response = client_for(world.teacher).post(f"/profile/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_revoking_needs_post(world):
    token, _secret = token_create(user=world.teacher, name="Токен")
    assert client_for(world.teacher).get(f"/profile/tokens/{token.pk}/revoke/").status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_token_pages_require_login(client, world):
    token, _secret = token_create(user=world.teacher, name="Токен")
    response = client.get("/profile/tokens/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/profile/tokens/"
    response = client.post(f"/profile/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert ApiToken.objects.filter(pk=token.pk).exists()
