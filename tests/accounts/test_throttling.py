"""Throttled sign-in (an e-mail and address pair locked) and password reset (letters capped)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from metodset.accounts.tokens import token_create
from metodset.core.models import OutgoingEmail
from tests import factories

LOGIN = "/login/"
RESET = "/password/reset/"
LOCKED = "Слишком много неудачных попыток войти в эту учётную запись с вашего адреса"


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.PASSWORD_RESET_RATE_PER_EMAIL = 3
    settings.PASSWORD_RESET_RATE_PER_ADDRESS = 20


def sign_in(client: Client, email: str, password: str):
    return client.post(LOGIN, {"username": email, "password": password})


def fail(client: Client, email: str, times: int) -> list[int]:
    return [sign_in(client, email, "wrong-password").status_code for _ in range(times)]


def signed_in(response) -> bool:
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def test_wrong_passwords_lock_the_pair_and_the_right_one_is_refused(world):
    client = Client(REMOTE_ADDR="10.1.1.1")
    assert fail(client, world.teacher.email, 2) == [200, 200]
    page = sign_in(client, world.teacher.email, "wrong-password")
    assert page.status_code == 429
    refused = sign_in(client, world.teacher.email, factories.PASSWORD)
    assert refused.status_code == 429
    text = refused.content.decode()
    assert LOCKED in text
    assert "Попробуйте снова через 15 минут." in text
    assert f'<a href="{reverse("accounts:password_reset")}">Восстановить пароль</a>' in text
    assert 'name="username"' in text and world.teacher.email in text  # the form, filled in
    assert "_auth_user_id" not in client.session


def test_lockout_of_one_pair_leaves_other_addresses_and_accounts_alone(world):
    attacker = Client(REMOTE_ADDR="10.6.6.6")
    fail(attacker, world.teacher.email, 3)
    assert sign_in(attacker, world.teacher.email, factories.PASSWORD).status_code == 429

    assert signed_in(
        sign_in(Client(REMOTE_ADDR="10.2.2.2"), world.teacher.email, factories.PASSWORD)
    )
    assert signed_in(sign_in(attacker, world.colleague.email, factories.PASSWORD))


def test_case_of_the_email_does_not_make_a_new_count(world):
    client = Client(REMOTE_ADDR="10.1.1.2")
    fail(client, world.teacher.email.upper(), 2)
    assert sign_in(client, world.teacher.email, "wrong-password").status_code == 429


def test_lock_ends_after_the_cool_off(world):
    client = Client(REMOTE_ADDR="10.1.1.3")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, world.teacher.email, 3)
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        page = sign_in(client, world.teacher.email, factories.PASSWORD)
        assert page.status_code == 429
        # each try during the lock starts the 15 minutes again
        assert "Попробуйте снова через 15 минут." in page.content.decode()
    with time_machine.travel(start + timedelta(minutes=24), tick=False):
        assert sign_in(client, world.teacher.email, factories.PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=40), tick=False):
        assert signed_in(sign_in(client, world.teacher.email, factories.PASSWORD))


def test_a_successful_sign_in_clears_the_count(world):
    client = Client(REMOTE_ADDR="10.1.1.4")
    fail(client, world.teacher.email, 2)
    assert signed_in(sign_in(client, world.teacher.email, factories.PASSWORD))
    client.logout()
    assert fail(client, world.teacher.email, 2) == [200, 200]
    assert not AccessAttempt.objects.filter(failures_since_start__gte=3).exists()


def test_a_new_password_from_the_letter_signs_her_in_despite_the_lock(
    world, django_capture_on_commit_callbacks
):
    client = Client(REMOTE_ADDR="10.1.1.5")
    fail(client, world.teacher.email, 3)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(RESET, {"email": world.teacher.email}).status_code == 302
    link = re.search(r"/password/set/\S+/", OutgoingEmail.objects.get().body).group(0)
    form_url = client.get(link)["Location"]
    new_password = "Новый-пароль-для-уроков-2026"
    done = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert client.session["_auth_user_id"] == str(world.teacher.pk)
    client.logout()
    assert signed_in(sign_in(client, world.teacher.email, new_password))


def test_the_admin_lists_the_lock_for_a_superuser_to_lift(world):
    fail(Client(REMOTE_ADDR="10.1.1.6"), world.teacher.email, 3)
    admin = Client()
    admin.force_login(world.superuser)
    page = admin.get("/admin/axes/accessattempt/")
    assert page.status_code == 200
    assert world.teacher.email in page.content.decode()
    attempt = AccessAttempt.objects.get()
    admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert signed_in(
        sign_in(Client(REMOTE_ADDR="10.1.1.6"), world.teacher.email, factories.PASSWORD)
    )


def test_the_admin_list_of_attempts_is_refused_to_a_teacher(world):
    client = Client()
    client.force_login(world.teacher)
    assert client.get("/admin/axes/accessattempt/").status_code == 302


def test_api_tokens_work_for_a_locked_account(world):
    fail(Client(REMOTE_ADDR="127.0.0.1"), world.teacher.email, 3)
    _, key = token_create(user=world.teacher, name="Дневник")
    response = Client().get("/api/me", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert response.json()["email"] == world.teacher.email


# --- password reset ----------------------------------------------------------------------
# Its limits count in clock hours, so each test runs under a frozen clock: never across two.


@pytest.fixture
def frozen():
    with time_machine.travel(timezone.now(), tick=False):
        yield


def reset(client: Client, email: str):
    return client.post(RESET, {"email": email})


def test_reset_letters_to_one_email_stop_at_the_limit(
    frozen, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pages = [reset(Client(REMOTE_ADDR=f"10.3.0.{i}"), world.teacher.email) for i in range(6)]
    assert [p.status_code for p in pages] == [302] * 6
    assert {p["Location"] for p in pages} == {reverse("accounts:password_reset_done")}
    assert OutgoingEmail.objects.filter(to=world.teacher.email).count() == 3
    # another person's letter still goes
    reset(Client(REMOTE_ADDR="10.3.0.1"), world.colleague.email)
    assert OutgoingEmail.objects.filter(to=world.colleague.email).count() == 1


def test_reset_requests_from_one_address_stop_at_the_limit(frozen, world, settings):
    settings.PASSWORD_RESET_RATE_PER_ADDRESS = 2
    client = Client(REMOTE_ADDR="10.4.0.1")
    for email in (world.teacher.email, world.colleague.email, world.methodist.email):
        assert reset(client, email).status_code == 302
    assert OutgoingEmail.objects.count() == 2
    assert reset(Client(REMOTE_ADDR="10.4.0.2"), world.methodist.email).status_code == 302
    assert OutgoingEmail.objects.filter(to=world.methodist.email).count() == 1


def test_reset_limit_is_for_an_hour(world):
    client = Client(REMOTE_ADDR="10.5.0.1")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(4):
            reset(client, world.teacher.email)
    assert OutgoingEmail.objects.count() == 3
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        reset(client, world.teacher.email)
    assert OutgoingEmail.objects.count() == 4


def test_the_done_page_is_the_same_for_unknown_and_throttled_addresses(frozen, world):
    client = Client(REMOTE_ADDR="10.5.0.2")
    for _ in range(4):
        reset(client, world.teacher.email)
    throttled = main_of(client.get(reset(client, world.teacher.email)["Location"]))
    unknown = main_of(client.get(reset(client, "nobody@example.ru")["Location"]))
    assert throttled == unknown
    assert "Если учётная запись с такой почтой существует" in unknown


def main_of(page) -> str:
    text = page.content.decode()
    return text[text.index("<main") : text.index("</main>")]
