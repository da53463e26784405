"""Reminders of assignments' due dates (services/reminders.py): once to each team or intern that
has not handed in, however often the task runs."""

from datetime import timedelta

from django.utils import timezone

from metodset.core.models import OutgoingEmail
from metodset.programs import tasks
from metodset.programs.models import Assignment, AssignmentReminder, ProgramMember
from metodset.programs.services import teamwork

from .. import factories


def test_reminders_go_once_to_those_who_have_not_handed_in(
    internship, smtp, django_capture_on_commit_callbacks
):
    intern = internship.interns[4]
    assignment = factories.card_assignment(internship, due_in=timedelta(hours=30))
    handed_in = teamwork.submission_for(assignment=assignment, team=internship.teams[0])
    teamwork.submission_save(
        submission=handed_in, by=internship.interns[0], card=factories.EVENT_CARD
    )
    teamwork.submission_submit(submission=handed_in, by=internship.interns[0])
    later = internship.stage("self_study").assignments.get()  # due in weeks: not yet
    later.due_at = timezone.now() + timedelta(days=3)
    later.save()
    OutgoingEmail.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_due_assignment_reminders.call() == 1  # team 2 only
        assert tasks.send_due_assignment_reminders.call() == 0
        assert teamwork.assignment_reminders_send_due() == (0, False)
    letters = smtp.wait_for(4)
    assert sorted(m["To"] for m in letters) == [f"intern{n}@example.ru" for n in range(4, 8)]
    assert letters[0]["Subject"].strip() == "Скоро срок сдачи: Проект дистанционного события"
    text = smtp.text_of(next(m for m in letters if m["To"] == intern.email))
    assert "Уважаемая Мария Ивановна" in text
    assert "«Проект дистанционного события» скоро нужно сдать, а Команда 2 «Солнце»" in text
    assert "(Москва, UTC+3)" in text
    assert AssignmentReminder.objects.get().team == internship.teams[1]
    assert OutgoingEmail.objects.count() == 4


def test_a_reminder_sent_twice_at_once_goes_out_once(internship):
    assignment = factories.card_assignment(internship, due_in=timedelta(hours=2))
    reminder = teamwork.DueReminder(assignment.pk, team_id=internship.teams[1].pk)
    assert teamwork.assignment_reminder_send(reminder=reminder) is True
    assert teamwork.assignment_reminder_send(reminder=reminder) is False
    assert OutgoingEmail.objects.count() == 4


def test_personal_assignments_remind_each_intern(internship):
    Assignment.objects.create(
        stage=internship.stage("self_study"),
        title="Рефлексивное эссе",
        kind=Assignment.Kind.FREE,
        scope=Assignment.Scope.PERSON,
        due_at=timezone.now() + timedelta(hours=47),
    )
    ProgramMember.objects.filter(user=internship.interns[7]).update(team=None)
    sent, more = teamwork.assignment_reminders_send_due()
    assert (sent, more) == (8, False)
    assert teamwork.assignment_reminders_send_due() == (0, False)
    assert AssignmentReminder.objects.filter(user__isnull=False).count() == 8
    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == [
        f"intern{n}@example.ru" for n in range(8)
    ]
