"""«Профиль»: a person edits their own record and gives consent; bad input is kept and named."""

from metodset.accounts import consent
from metodset.accounts.models import AuditEntry

from ..conftest import client_for

VALID = {
    "last_name": "Петрова-Сидорова",
    "first_name": "Елена",
    "middle_name": "Викторовна",
    "position": "учитель начальных классов",
    "specialisation": "начальные классы",
    "experience_years": "14",
    "time_zone": "Asia/Yekaterinburg",
}


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/profile/")
    assert client.post("/profile/consent/").status_code == 302


def test_profile_shows_own_values_and_the_email_read_only(world):
    response = client_for(world.teacher).get("/profile/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Профиль" in html
    assert 'value="Петрова"' in html
    assert 'value="Викторовна"' in html
    assert 'value="teacher@example.ru" readonly' in html
    assert 'name="email"' not in html
    assert '<option value="Asia/Kamchatka">Камчатка (UTC+12)</option>' in html


def test_saving_the_profile_changes_it_and_writes_the_audit_log(world):
    client = client_for(world.teacher)
    response = client.post("/profile/", VALID, follow=True)
    assert "Профиль сохранён" in response.content.decode()
    world.teacher.refresh_from_db()
    assert world.teacher.last_name == "Петрова-Сидорова"
    assert world.teacher.experience_years == 14
    assert world.teacher.time_zone == "Asia/Yekaterinburg"
    entry = AuditEntry.objects.get()
    assert entry.actor == world.teacher
    assert entry.changes["last_name"] == ["Петрова", "Петрова-Сидорова"]


def test_email_cannot_be_changed_through_the_form(world):
    client_for(world.teacher).post("/profile/", {**VALID, "email": "other@example.ru"})
    world.teacher.refresh_from_db()
    assert world.teacher.email == "teacher@example.ru"


def test_bad_input_is_named_in_russian_next_to_the_field_and_kept(world):
    client = client_for(world.teacher)
    data = {**VALID, "last_name": "", "position": "учитель-логопед", "experience_years": "-3"}
    response = client.post("/profile/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Обязательное поле." in html
    assert "Стаж не может быть отрицательным." in html
    assert 'value="учитель-логопед"' in html
    assert 'value="-3"' in html
    assert html.count("is-invalid") == 2
    world.teacher.refresh_from_db()
    assert world.teacher.last_name == "Петрова"
    assert AuditEntry.objects.count() == 0

    response = client.post("/profile/", {**VALID, "experience_years": "90"})
    html = response.content.decode()
    assert "Стаж не может быть больше 70 лет." in html
    assert 'value="90"' in html

    response = client.post("/profile/", {**VALID, "experience_years": "много"})
    assert "Введите целое число лет." in response.content.decode()


def test_unknown_time_zone_is_refused(world):
    response = client_for(world.teacher).post("/profile/", {**VALID, "time_zone": "Europe/Paris"})
    assert "Выберите корректный вариант" in response.content.decode()


def test_consent_block_shows_the_text_and_a_button_until_given(world):
    client = client_for(world.teacher)
    html = client.get("/profile/").content.decode()
    assert "Согласие на обработку персональных данных" in html
    assert consent.current_text()[:60] in html
    assert "Пока не дано" in html
    assert "Даю согласие" in html

    response = client.post("/profile/consent/", follow=True)
    html = response.content.decode()
    assert "Спасибо: согласие записано." in html
    world.teacher.refresh_from_db()
    assert world.teacher.consent_version == consent.CURRENT_VERSION
    assert "редакция от 01.09.2025" in html
    assert "Даю согласие" not in html


def test_consent_is_given_only_by_post(world):
    assert client_for(world.teacher).get("/profile/consent/").status_code == 405
