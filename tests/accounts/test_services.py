"""Writes about people and organisations leave audit entries; deletion erases, export tells all."""

import json
from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from metodset.accounts import consent, services
from metodset.accounts.models import AuditEntry, Membership, MembershipInvitation, User
from metodset.accounts.tokens import token_create
from metodset.core.models import OutgoingEmail

Role = Membership.Role


def entries_about(obj):
    return list(
        AuditEntry.objects.filter(target_type=obj._meta.model_name, target_id=str(obj.pk)).order_by(
            "id"
        )
    )


def test_person_update_records_old_and_new_value_of_each_changed_field(world):
    services.person_update(
        person=world.teacher,
        by=world.methodist,
        position="учитель математики",
        experience_years=12,
        last_name="Петрова",  # unchanged: not recorded
    )
    world.teacher.refresh_from_db()
    assert world.teacher.position == "учитель математики"
    [entry] = entries_about(world.teacher)
    assert entry.actor == world.methodist
    assert entry.action == services.Action.UPDATED
    assert entry.changes == {"position": ["", "учитель математики"], "experience_years": [None, 12]}


def test_person_update_without_changes_writes_nothing(world):
    services.person_update(person=world.teacher, by=world.teacher, first_name="Елена")
    assert entries_about(world.teacher) == []


def test_person_update_refuses_fields_outside_the_profile(world):
    with pytest.raises(TypeError):
        services.person_update(person=world.teacher, by=world.teacher, is_superuser=True)
    world.teacher.refresh_from_db()
    assert world.teacher.is_superuser is False


def test_consent_stores_the_current_version_and_date_once(world):
    services.person_give_consent(person=world.teacher)
    services.person_give_consent(person=world.teacher)
    world.teacher.refresh_from_db()
    assert world.teacher.consent_version == consent.CURRENT_VERSION
    assert world.teacher.consent_given_at is not None
    [entry] = entries_about(world.teacher)
    assert entry.action == services.Action.CONSENT_GIVEN
    assert entry.actor == world.teacher


def test_invite_creates_a_person_without_password_in_the_organisation_zone(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = services.person_invite(
            organization=world.kindergarten,
            email=" Novaya@Example.RU ",
            last_name="Орлова",
            first_name="Дарья",
            middle_name="Павловна",
            position="воспитатель",
            by=world.coordinator,
        )
    assert person.email == "novaya@example.ru"
    assert not person.has_usable_password()
    assert person.time_zone == "Asia/Kamchatka"
    assert list(person.memberships.values_list("organization", "role")) == [
        (world.kindergarten.pk, Role.TEACHER)
    ]
    [entry] = entries_about(person)
    assert entry.action == "invited"
    assert entry.actor == world.coordinator
    assert entry.changes["last_name"] == [None, "Орлова"]
    assert entry.changes["membership"] == [None, "МБДОУ «Д/с № 12» — педагог"]
    email = OutgoingEmail.objects.get(to="novaya@example.ru")
    assert email.subject == "Приглашение в Методсеть"
    assert email.body.startswith("Уважаемая Дарья Павловна,")
    assert "Смирнова Ольга Ивановна приглашает вас в Методсеть" in email.body
    assert "МБДОУ «Детский сад № 12 „Солнышко“»" in email.body
    assert f"{settings.SITE_URL}/password/set/" in email.body


def test_invite_of_a_known_person_keeps_their_name_and_asks_her_before_the_membership(world):
    # Until issue 12 the membership was added at once; now she accepts it first.
    for _ in range(2):
        services.person_invite(
            organization=world.kindergarten,
            email="TEACHER@example.ru",
            last_name="Другая",
            first_name="Фамилия",
            role=Role.EXPERT,
            by=world.coordinator,
        )
    world.teacher.refresh_from_db()
    assert world.teacher.last_name == "Петрова"
    assert not world.teacher.memberships.filter(organization=world.kindergarten).exists()
    [invitation] = MembershipInvitation.objects.filter(user=world.teacher)
    assert (invitation.organization, invitation.role, invitation.status) == (
        world.kindergarten,
        Role.EXPERT,
        "pending",
    )
    assert User.objects.filter(email__iexact="teacher@example.ru").count() == 1
    assert OutgoingEmail.objects.filter(to="teacher@example.ru").count() == 2
    letter = OutgoingEmail.objects.first()
    assert letter.subject == "Приглашение в организацию в Методсети"
    assert "Пока вы не ответите, ничего не меняется" in letter.body
    assert [e.action for e in entries_about(world.teacher)] == ["membership_proposed"] * 2
    assert entries_about(world.teacher)[0].target_repr == "teacher@example.ru"
    assert entries_about(world.teacher)[0].changes == {
        "membership_invitation": [None, "МБДОУ «Д/с № 12» — эксперт"]
    }

    services.membership_invitation_accept(invitation=invitation)
    assert world.teacher.memberships.filter(
        organization=world.kindergarten, role=Role.EXPERT
    ).exists()
    assert entries_about(world.teacher)[-1].changes == {
        "membership": [None, "МБДОУ «Д/с № 12» — эксперт"]
    }
    with pytest.raises(ValidationError):
        services.membership_invitation_decline(invitation=invitation)


def test_invite_of_a_member_in_that_role_sends_the_letter_again(world):
    services.person_invite(
        organization=world.school,
        email=world.teacher.email,
        last_name="Петрова",
        first_name="Елена",
        by=world.methodist,
    )
    assert world.teacher.memberships.count() == 1
    assert not MembershipInvitation.objects.exists()
    assert "У вас уже есть учётная запись" in OutgoingEmail.objects.get().body
    assert [e.action for e in entries_about(world.teacher)] == ["invitation_resent"]


def test_invite_refuses_a_disabled_account_and_network_roles(world):
    world.colleague.is_active = False
    world.colleague.save()
    with pytest.raises(ValidationError):
        services.person_invite(
            organization=world.school,
            email=world.colleague.email,
            last_name="Соколов",
            first_name="Игорь",
            by=world.methodist,
        )
    with pytest.raises(ValueError):
        services.person_invite(
            organization=world.school,
            email="x@example.ru",
            last_name="Х",
            first_name="У",
            role=Role.NETWORK_COORDINATOR,
            by=world.methodist,
        )


def test_deletion_anonymises_the_person_and_erases_what_we_hold(world):
    teacher = world.teacher
    services.person_update(person=teacher, by=teacher, position="учитель начальных классов")
    teacher.birth_date = date(1985, 3, 14)
    teacher.save(update_fields=["birth_date"])
    services.person_request_deletion(person=teacher)
    token_create(user=teacher, name="дневник")
    OutgoingEmail.objects.create(to="Teacher@example.ru", subject="Тема", body="Елена Викторовна")
    OutgoingEmail.objects.create(to=world.colleague.email, subject="Тема", body="Игорь")

    services.person_delete(person=teacher, by=world.coordinator)

    teacher.refresh_from_db()
    assert teacher.get_full_name() == "Удалённый пользователь"
    assert teacher.email == f"deleted-{teacher.pk}@deleted.invalid"
    assert (teacher.first_name, teacher.middle_name, teacher.position) == ("", "", "")
    assert teacher.birth_date is None
    assert teacher.is_active is False
    assert not teacher.has_usable_password()
    assert teacher.memberships.count() == 0
    assert teacher.api_tokens.count() == 0
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == [world.colleague.email]

    entries = entries_about(teacher)
    assert [e.action for e in entries] == ["updated", "deletion_requested", "deleted"]
    assert entries[-1].actor == world.coordinator
    stored = json.dumps([[e.target_repr, e.changes] for e in entries], ensure_ascii=False)
    assert "Петрова" not in stored
    assert "начальных" not in stored
    assert entries[0].changes == {"position": None}  # that it changed, not to what


def test_export_holds_profile_consent_memberships_audit_and_emails_as_json(world):
    services.person_give_consent(person=world.teacher)
    OutgoingEmail.objects.create(to=world.teacher.email, subject="Письмо", body="Текст")
    world.teacher.birth_date = date(1985, 3, 14)
    world.teacher.save(update_fields=["birth_date"])
    data = services.person_data_export(person=world.teacher)
    json.dumps(data)  # JSON-safe
    assert data["profile"]["last_name"] == "Петрова"
    assert data["profile"]["birth_date"] == "1985-03-14"
    assert data["consent"]["version"] == consent.CURRENT_VERSION
    assert data["consent"]["text"] == consent.current_text()
    assert data["memberships"] == [
        {
            "role": "teacher",
            "role_label": "педагог",
            "organization": {
                "name": "МБОУ «Средняя общеобразовательная школа № 161»",
                "short_name": "МБОУ «СОШ № 161»",
                "city": "Калининград",
                "region": "Калининградская область",
            },
            "network": None,
            "since": data["memberships"][0]["since"],
        }
    ]
    assert [e["action"] for e in data["audit_log"]] == ["consent_given"]
    assert data["audit_log"][0]["by"] == "self"
    assert [e["subject"] for e in data["emails"]] == ["Письмо"]


def test_organization_update_records_changes(world):
    services.organization_update(
        organization=world.school,
        by=world.manager,
        website="https://school161.ru",
        region=world.region_east,
    )
    world.school.refresh_from_db()
    assert world.school.region == world.region_east
    [entry] = entries_about(world.school)
    assert entry.changes == {
        "website": ["", "https://school161.ru"],
        "region": ["Калининградская область", "Камчатский край"],
    }
    with pytest.raises(TypeError):
        services.organization_update(organization=world.school, by=world.manager, pk=5)


def test_invitation_letter_is_russian_even_from_an_english_session(world):
    with translation.override("en"):
        services.person_invite(
            organization=world.school,
            email="new@example.ru",
            last_name="Орлов",
            first_name="Пётр",
            middle_name="Ильич",
            role=Role.METHODIST,
            by=None,
        )
    body = OutgoingEmail.objects.get().body
    assert body.startswith("Уважаемый Пётр Ильич,")
    assert "Вас приглашают в Методсеть" in body
    assert "Роль: методист / заместитель директора / старший воспитатель" in body
    entry = AuditEntry.objects.get()
    assert entry.actor is None
    assert entry.changes["membership"] == [
        None,
        "МБОУ «СОШ № 161» — методист / заместитель директора / старший воспитатель",
    ]
