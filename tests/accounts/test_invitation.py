"""Inviting a person to an organisation: the letter arrives over SMTP and its link lets them in."""

import re

import pytest
from django.test import Client

from metodset.accounts.models import Membership, User
from metodset.core.models import OutgoingEmail

from ..conftest import client_for

INVITE = {
    "email": "Lebedeva@Example.ru",
    "last_name": "Лебедева",
    "first_name": "Елена",
    "middle_name": "Викторовна",
    "position": "учитель музыки",
    "role": "teacher",
}


def invite_url(organization) -> str:
    return f"/organizations/{organization.pk}/invite/"


def test_invitation_letter_arrives_and_its_link_sets_a_password_and_logs_in(
    world, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.methodist).post(invite_url(world.school), INVITE, follow=True)
    assert "Приглашение отправлено на адрес lebedeva@example.ru." in response.content.decode()

    [msg] = smtp.wait_for(1)
    assert msg["To"] == "lebedeva@example.ru"
    assert msg["Subject"].strip() == "Приглашение в Методсеть"
    text = smtp.text_of(msg)
    assert text.startswith("Уважаемая Елена Викторовна,")
    assert "Кузнецова Анна Сергеевна приглашает вас в Методсеть" in text
    assert "Организация: МБОУ «Средняя общеобразовательная школа № 161»" in text
    assert "Роль: педагог" in text
    assert "Ссылка действует семь дней." in text
    link = re.search(r"http://\S+/password/set/\S+/", text).group(0)
    path = link.split("127.0.0.1:8000", 1)[1]

    invitee = Client()
    response = invitee.get(path, follow=True)
    assert "Задайте пароль" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = invitee.post(
        form_url,
        {"new_password1": "Музыка-на-уроке-2025", "new_password2": "Музыка-на-уроке-2025"},
    )
    assert response.status_code == 302
    assert invitee.get("/").status_code == 200  # logged in right after setting the password

    fresh = Client()
    assert fresh.login(username="lebedeva@example.ru", password="Музыка-на-уроке-2025")
    person = User.objects.get(email="lebedeva@example.ru")
    assert person.get_full_name() == "Лебедева Елена Викторовна"
    assert person.memberships.get().organization == world.school


def test_the_link_works_once(world):
    client_for(world.methodist).post(invite_url(world.school), INVITE)
    body = OutgoingEmail.objects.get().body
    path = re.search(r"/password/set/\S+/", body).group(0)
    invitee = Client()
    form_url = invitee.get(path, follow=True).redirect_chain[-1][0]
    invitee.post(
        form_url, {"new_password1": "Пароль-ученика-7", "new_password2": "Пароль-ученика-7"}
    )
    html = Client().get(path, follow=True).content.decode()
    assert "Ссылка больше не действует" in html


def test_reinviting_a_member_resends_the_letter_without_duplicates(world):
    client = client_for(world.methodist)
    for _ in range(2):
        client.post(invite_url(world.school), INVITE)
    client.post(invite_url(world.school), {**INVITE, "email": world.colleague.email})
    assert User.objects.filter(email="lebedeva@example.ru").count() == 1
    assert Membership.objects.filter(user__email="lebedeva@example.ru").count() == 1
    assert OutgoingEmail.objects.filter(to="lebedeva@example.ru").count() == 2
    assert world.colleague.memberships.count() == 1
    world.colleague.refresh_from_db()
    assert world.colleague.get_full_name() == "Соколов Игорь Андреевич"  # their own name kept
    assert OutgoingEmail.objects.filter(to=world.colleague.email).count() == 1


def test_invitation_form_offers_only_organisation_roles(world):
    html = client_for(world.manager).get(invite_url(world.school)).content.decode()
    assert "Пригласить человека" in html
    assert '<option value="teacher" selected>педагог</option>' in html
    assert 'value="methodist"' in html
    assert 'value="coordinator"' not in html
    assert 'value="council"' not in html
    response = client_for(world.manager).post(
        invite_url(world.school), {**INVITE, "role": "coordinator"}
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not User.objects.filter(email="lebedeva@example.ru").exists()


def test_bad_input_is_named_and_kept(world):
    response = client_for(world.methodist).post(
        invite_url(world.school), {**INVITE, "email": "не-адрес", "first_name": ""}
    )
    html = response.content.decode()
    assert "Введите правильный адрес электронной почты." in html
    assert "Обязательное поле." in html
    assert 'value="не-адрес"' in html
    assert 'value="Лебедева"' in html
    assert OutgoingEmail.objects.count() == 0


def test_a_disabled_account_cannot_be_invited(world):
    world.colleague.is_active = False
    world.colleague.save()
    response = client_for(world.methodist).post(
        invite_url(world.school), {**INVITE, "email": world.colleague.email}
    )
    assert "Учётная запись с этим адресом отключена" in response.content.decode()


@pytest.mark.parametrize("who", ["methodist", "manager", "coordinator", "superuser"])
def test_who_may_invite_to_the_school(world, who):
    assert client_for(getattr(world, who)).get(invite_url(world.school)).status_code == 200


@pytest.mark.parametrize("who", ["teacher", "council", "outsider", "kg_teacher"])
def test_who_may_not_invite_to_the_school(world, who):
    client = client_for(getattr(world, who))
    assert client.get(invite_url(world.school)).status_code == 403
    assert client.post(invite_url(world.school), INVITE).status_code == 403
    assert not User.objects.filter(email="lebedeva@example.ru").exists()


def test_coordinator_may_not_invite_outside_the_network(world):
    assert client_for(world.coordinator).get(invite_url(world.outside_org)).status_code == 403


def test_anonymous_is_sent_to_login_and_unknown_organisation_is_404(world, client):
    response = client.get(invite_url(world.school))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert client_for(world.superuser).get("/organizations/999999/invite/").status_code == 404
