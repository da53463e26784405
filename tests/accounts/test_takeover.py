"""Issue 12, finding 1: a methodist of another network cannot take over a network's teacher.

On main, inviting the teacher's e-mail silently attached her to the attacker's school, after
which the API showed her and an import rewrote her name and position; importing the same
e-mail twice did it without the invitation. Now an existing person is asked first, and an
import proposes, never rewrites, people the importer does not manage.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from metodset.accounts.models import ImportBatch, Membership, MembershipInvitation
from metodset.core.models import OutgoingEmail

from .. import factories
from ..conftest import client_for
from .import_helpers import PEOPLE_HEADER, csv_bytes

Role = Membership.Role
ROW_NOTE = "Строка 2: Человек уже есть на платформе — ему отправлено приглашение в организацию"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def attacker(world):
    """A methodist of a school in a second network, with nothing to do with the first one."""
    school_b = factories.organization(
        region_=world.region_east, short_name="МАОУ «Лицей № 7»", city="Елизово"
    )
    factories.network(name="Вторая сеть", partners=[school_b])
    methodist = factories.person(
        email="b-methodist@example.ru",
        organization_=school_b,
        role=Role.METHODIST,
        last_name="Захарова",
        first_name="Нина",
    )
    methodist.school = school_b
    return methodist


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def _import(client, run_tasks, world, organization) -> str:
    """Upload a CSV renaming the network's teacher and confirm it; the batch page's HTML."""
    content = csv_bytes(
        [
            PEOPLE_HEADER,
            [
                "Подменная",
                "Фамилия",
                "",
                world.teacher.email,
                organization.short_name,
                "педагог",
                "уборщица",
                "",
                "",
                "",
            ],
        ]
    )
    upload = {"kind": "people", "file": SimpleUploadedFile("люди.csv", content)}
    run_tasks(lambda: client.post("/import/", upload))
    batch = ImportBatch.objects.filter(created_by__email=client.email).latest("pk")
    run_tasks(lambda: client.post(f"/import/{batch.pk}/confirm/"))
    return client.get(f"/import/{batch.pk}/").content.decode()


def _as(user):
    client = client_for(user)
    client.email = user.email
    return client


def _teacher_untouched(world) -> None:
    world.teacher.refresh_from_db()
    assert world.teacher.get_full_name() == "Петрова Елена Викторовна"
    assert world.teacher.position == ""
    assert list(world.teacher.memberships.values_list("organization", flat=True)) == [
        world.school.pk
    ]


def _api_hides_teacher(client, world, attacker) -> None:
    assert client.get(f"/api/people/{world.teacher.pk}").status_code == 404
    people = client.get(f"/api/organizations/{attacker.school.pk}/people").json()["items"]
    assert world.teacher.pk not in [p["id"] for p in people]


def test_invite_then_import_from_another_network_changes_nothing_until_she_accepts(
    world, attacker, run_tasks, smtp
):
    client = _as(attacker)
    with_letter = run_tasks(
        lambda: client.post(
            f"/organizations/{attacker.school.pk}/invite/",
            {
                "email": world.teacher.email,
                "last_name": "Подменная",
                "first_name": "Фамилия",
                "role": "teacher",
            },
            follow=True,
        )
    )
    assert "он войдёт в организацию, когда примет приглашение" in with_letter.content.decode()
    _teacher_untouched(world)
    _api_hides_teacher(client, world, attacker)

    html = _import(client, run_tasks, world, attacker.school)
    assert ROW_NOTE in html
    _teacher_untouched(world)
    _api_hides_teacher(client, world, attacker)

    # one letter tells her; importing after the invitation does not send it again
    [msg] = smtp.wait_for(1)
    assert msg["To"] == "teacher@example.ru"
    assert msg["Subject"].strip() == "Приглашение в организацию в Методсети"
    text = smtp.text_of(msg)
    assert "Захарова Нина Петровна приглашает вас в организацию в Методсети" in text
    assert "Организация: " + attacker.school.name in text
    assert "Пока вы не ответите, ничего не меняется" in text
    assert re.search(r"http://\S+/profile/#invitations", text)

    # she accepts on her profile: only then does she join
    teacher = client_for(world.teacher)
    profile = teacher.get("/profile/").content.decode()
    assert "Приглашения в организации" in profile
    assert attacker.school.name in profile
    invitation = MembershipInvitation.objects.get(user=world.teacher)
    response = teacher.post(f"/profile/invitations/{invitation.pk}/accept/", follow=True)
    assert f"Вы вошли в организацию {attacker.school}." in response.content.decode()
    assert Membership.objects.filter(
        user=world.teacher, organization=attacker.school, role=Role.TEACHER
    ).exists()
    world.teacher.refresh_from_db()
    assert world.teacher.last_name == "Петрова"  # accepting changes no field of hers
    assert client.get(f"/api/people/{world.teacher.pk}").status_code == 200


def test_importing_twice_from_another_network_never_attaches_or_rewrites(
    world, attacker, run_tasks
):
    client = _as(attacker)
    for _ in range(2):
        html = _import(client, run_tasks, world, attacker.school)
        assert ROW_NOTE in html
        _teacher_untouched(world)
        _api_hides_teacher(client, world, attacker)
    assert MembershipInvitation.objects.filter(user=world.teacher, status="pending").count() == 1
    assert OutgoingEmail.objects.filter(to=world.teacher.email).count() == 1


def test_the_preview_says_the_person_will_be_invited(world, attacker, run_tasks):
    client = _as(attacker)
    content = csv_bytes(
        [PEOPLE_HEADER, ["Х", "Х", "", world.teacher.email, attacker.school.short_name]]
    )
    run_tasks(
        lambda: client.post(
            "/import/", {"kind": "people", "file": SimpleUploadedFile("a.csv", content)}
        )
    )
    batch = ImportBatch.objects.get()
    html = client.get(f"/import/{batch.pk}/").content.decode()
    assert "ему будет отправлено приглашение в организацию" in html
    assert ">Импортировать</button>" in html
    assert not MembershipInvitation.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_her_own_methodist_still_updates_her_by_import(world, run_tasks):
    client = _as(world.methodist)
    html = _import(client, run_tasks, world, world.school)
    assert "приглашение" not in html
    world.teacher.refresh_from_db()
    assert (world.teacher.last_name, world.teacher.position) == ("Подменная", "уборщица")


# --- answering an invitation: only she, only once ----------------------------------------------


@pytest.fixture
def invitation(world, attacker):
    return MembershipInvitation.objects.create(
        user=world.teacher, organization=attacker.school, role=Role.TEACHER, invited_by=attacker
    )


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_nobody_else_may_answer_her_invitation(world, attacker, invitation, answer):
    url = f"/profile/invitations/{invitation.pk}/{answer}/"
    for someone in (attacker, world.methodist, world.coordinator, world.colleague):
        assert client_for(someone).post(url).status_code == 404
    assert client_for(world.teacher).get(url).status_code == 405
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert not Membership.objects.filter(organization=attacker.school, user=world.teacher).exists()


def test_she_declines_and_nothing_changes(world, attacker, invitation):
    teacher = client_for(world.teacher)
    response = teacher.post(f"/profile/invitations/{invitation.pk}/decline/", follow=True)
    assert f"Вы отклонили приглашение в организацию {attacker.school}." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    assert invitation.answered_at is not None
    _teacher_untouched(world)
    # answered once: a second answer finds nothing
    assert teacher.post(f"/profile/invitations/{invitation.pk}/accept/").status_code == 404
    assert "Приглашения в организации" not in teacher.get("/profile/").content.decode()


def test_her_week_shows_the_invitation_until_she_answers(world, invitation):
    teacher = client_for(world.teacher)
    html = teacher.get("/").content.decode()
    assert 'data-testid="week-invitations"' in html
    assert "Принять или отклонить — на странице профиля" in html
    teacher.post(f"/profile/invitations/{invitation.pk}/accept/")
    assert 'data-testid="week-invitations"' not in teacher.get("/").content.decode()


def test_her_data_export_lists_the_invitation_and_deletion_erases_it(world, invitation):
    from metodset.accounts import services

    data = services.person_data_export(person=world.teacher)
    assert [(i["organization"], i["status"]) for i in data["membership_invitations"]] == [
        (invitation.organization.name, "pending")
    ]
    services.person_delete(person=world.teacher, by=world.coordinator)
    assert not MembershipInvitation.objects.exists()


def test_her_name_does_not_reach_the_inviter_through_the_audit_log(world, attacker):
    client = _as(attacker)
    client.post(
        f"/organizations/{attacker.school.pk}/invite/",
        {"email": world.teacher.email, "last_name": "Х", "first_name": "Х", "role": "teacher"},
    )
    html = client.get("/audit/").content.decode()
    assert "приглашение в организацию" in html
    assert "teacher@example.ru" in html
    assert "Петрова" not in html
