"""Sending to people through the audiences registry: the count first, e-mails, reminders."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from metodset.core import schedule
from metodset.surveys import distribution, tasks
from metodset.surveys.models import Invitation, Question

from ..conftest import client_for
from . import factories

Kind = Question.Kind
HTMX = {"HTTP_HX_REQUEST": "true"}


def _text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def survey(world):
    q = factories.questionnaire(
        by=world.coordinator,
        network=world.network,
        title="Рефлексия участника интернатуры",
        closes_at=timezone.now() + timedelta(days=7),
    )
    factories.question(q, Kind.YES_NO, "Было ли полезным участие?")
    return q


def test_the_page_offers_the_users_audiences_and_counts_before_sending(world, survey):
    client = client_for(world.coordinator)
    page = client.get(f"/surveys/{survey.pk}/distribute/")
    html = _text(page)
    assert '<optgroup label="Сотрудники организации">' in html
    assert f'<option value="organization:{world.school.pk}">МБОУ «СОШ № 161»</option>' in html
    network = "Учитель в цифровой образовательной среде"
    assert f'<option value="network:{world.network.pk}">{network}</option>' in html

    factories.invite(survey, world.teacher)
    count = client.get(
        f"/surveys/{survey.pk}/distribute/?audience=organization:{world.school.pk}", **HTMX
    )
    text = _text(count)
    assert "Приглашение получат <strong>3</strong> человека." in text
    assert "Остальные из 4 человек в группе уже приглашены." in text
    assert not Invitation.objects.exclude(user=world.teacher).exists()  # nothing sent yet


def test_sending_invites_the_staff_once_each_and_emails_their_personal_links(
    world, survey, smtp, django_capture_on_commit_callbacks
):
    client = client_for(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/surveys/{survey.pk}/distribute/",
            {"audience": f"organization:{world.school.pk}"},
            follow=True,
        )
    assert "Приглашение отправлено 4 людям." in _text(response)
    invitations = Invitation.objects.filter(questionnaire=survey)
    assert {i.user.email for i in invitations} == {
        "head@example.ru",
        "method@example.ru",
        "teacher@example.ru",
        "colleague@example.ru",
    }
    messages = smtp.wait_for(4)
    assert len(messages) == 4
    letter = next(m for m in messages if m["To"] == "teacher@example.ru")
    assert letter["Subject"].strip() == "Анкета «Рефлексия участника интернатуры»"
    body = smtp.text_of(letter)
    assert "Уважаемая Елена Викторовна," in body
    assert "Смирнова Ольга Ивановна просит вас заполнить анкету" in body
    token = invitations.get(user=world.teacher).token
    assert f"/surveys/a/{token}/" in body
    assert "Ответы принимаются до" in body and "(Калининград" not in body  # Moscow zone
    assert "UTC+3" in body

    # Sending to the whole network reaches only the kindergarten's teacher, who is new.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            f"/surveys/{survey.pk}/distribute/",
            {"audience": f"network:{world.network.pk}"},
            follow=True,
        )
    assert "Приглашение отправлено 1 человеку." in _text(again)
    assert Invitation.objects.filter(questionnaire=survey).count() == 5
    assert len(smtp.wait_for(5)) == 5


def test_a_draft_is_not_sent(world, survey):
    survey.status = "draft"
    survey.save()
    response = client_for(world.coordinator).post(
        f"/surveys/{survey.pk}/distribute/",
        {"audience": f"organization:{world.school.pk}"},
        follow=True,
    )
    assert "Прежде чем рассылать анкету, откройте приём ответов." in _text(response)
    assert not Invitation.objects.exists()


def test_a_methodist_cannot_send_to_another_organisation(world):
    q = factories.questionnaire(by=world.methodist, organization=world.school)
    factories.question(q, Kind.YES_NO)
    response = client_for(world.methodist).post(
        f"/surveys/{q.pk}/distribute/", {"audience": f"organization:{world.kindergarten.pk}"}
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант." in _text(response)
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("who", ["teacher", "outsider"])
def test_others_may_not_send_or_remind(world, survey, who):
    client = client_for(getattr(world, who))
    assert client.get(f"/surveys/{survey.pk}/distribute/").status_code == 403
    assert client.post(f"/surveys/{survey.pk}/remind/").status_code == 403


def test_reminder_goes_to_those_who_have_not_answered_at_most_once_a_day(
    world, survey, django_capture_on_commit_callbacks
):
    answered, waiting, other = factories.invite(
        survey, world.teacher, world.colleague, world.kg_teacher
    )
    answered.answered_at = timezone.now()
    answered.save()
    other.reminded_at = timezone.now() - timedelta(hours=3)
    other.save()
    client = client_for(world.coordinator)
    assert "Напомнить 1 человеку" in _text(client.get(f"/surveys/{survey.pk}/distribute/"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/surveys/{survey.pk}/remind/", follow=True)
    assert "Напоминание отправлено 1 человеку." in _text(response)
    assert [m.to for m in mail.outbox] == [["colleague@example.ru"]]
    assert mail.outbox[0].subject == "Напоминание: анкета «Рефлексия участника интернатуры»"
    assert "Уважаемый Игорь Андреевич," in mail.outbox[0].body
    assert f"/surveys/a/{waiting.token}/" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/surveys/{survey.pk}/remind/", follow=True)
    assert "Напоминать некому" in _text(response)
    assert len(mail.outbox) == 1

    later = timezone.now() + timedelta(hours=25)
    assert distribution.invitations_remind(questionnaire=survey, by=None, now=later) == 2


def test_automatic_reminder_is_sent_once_by_the_periodic_task(
    world, survey, django_capture_on_commit_callbacks
):
    assert any(job.task is tasks.send_due_reminders for job in schedule.registered())
    factories.invite(survey, world.teacher, world.colleague)
    survey.remind_at = timezone.now() - timedelta(minutes=1)
    survey.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_due_reminders.call() == 2
        assert tasks.send_due_reminders.call() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["colleague@example.ru", "teacher@example.ru"]
    survey.refresh_from_db()
    assert survey.remind_sent_at is not None


def test_automatic_reminder_waits_for_its_time(world, survey):
    factories.invite(survey, world.teacher)
    survey.remind_at = timezone.now() + timedelta(hours=1)
    survey.save()
    assert distribution.reminders_send_due() == 0


def test_invitation_list_query_count_does_not_grow(world, survey):
    from .. import factories as base

    client = client_for(world.coordinator)
    factories.invite(survey, world.teacher)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/surveys/{survey.pk}/distribute/").status_code == 200
        return len(ctx.captured_queries)

    small = count()
    factories.invite(survey, *[base.person(organization_=world.school) for _n in range(5)])
    assert count() == small
