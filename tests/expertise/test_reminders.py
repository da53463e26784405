"""Reminders before a review's deadline, once per review, and the coordinator's daily list of
overdue reviews; letters through a real SMTP server."""

from datetime import timedelta

from django.utils import timezone

from metodset.core.models import OutgoingEmail
from metodset.expertise import tasks
from metodset.expertise.models import Review
from metodset.expertise.services import reminders

from . import factories


def _review(world, *, due_in, expert_email, **fields):
    campaign = factories.campaign(
        network=world.network, created_by=world.coordinator, remind_days=2
    )
    expert = factories.expert(
        network=world.network, organization=world.kindergarten, email=expert_email
    )
    item = factories.item(campaign_=campaign, authors=[world.teacher])
    return factories.review(item_=item, expert_=expert, due_at=timezone.now() + due_in, **fields)


def test_an_expert_is_reminded_once_within_the_campaigns_lead(
    world, smtp, django_capture_on_commit_callbacks
):
    soon = _review(world, due_in=timedelta(hours=30), expert_email="soon@example.ru")
    _review(world, due_in=timedelta(days=5), expert_email="later@example.ru")
    _review(
        world,
        due_in=timedelta(hours=10),
        expert_email="done@example.ru",
        status=Review.Status.DECLINED,
    )
    OutgoingEmail.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_review_reminders.call() == 1
        assert tasks.send_review_reminders.call() == 0
    letters = smtp.wait_for(1)
    assert letters[0]["To"] == "soon@example.ru"
    assert "Скоро срок экспертного заключения" in letters[0]["Subject"]
    text = smtp.text_of(letters[0])
    assert "Урок-исследование «Дроби вокруг нас»" in text
    assert "(Москва, UTC+3)" in text or "UTC+" in text
    soon.refresh_from_db()
    assert soon.reminded_at is not None


def test_a_reminder_claimed_twice_goes_out_once(world):
    review = _review(world, due_in=timedelta(hours=5), expert_email="twice@example.ru")
    now = timezone.now()
    assert reminders.review_reminder_send(review=review, now=now) is True
    assert reminders.review_reminder_send(review=review, now=now) is False
    assert OutgoingEmail.objects.filter(to="twice@example.ru").count() == 1


def test_the_coordinator_hears_of_overdue_reviews_with_what_to_do(
    world, smtp, django_capture_on_commit_callbacks
):
    late = _review(world, due_in=-timedelta(days=2), expert_email="late@example.ru")
    _review(world, due_in=timedelta(days=2), expert_email="ontime@example.ru")
    OutgoingEmail.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_stall_digests.call() == 1
    letter = smtp.wait_for(1)[0]
    assert letter["To"] == world.coordinator.email
    text = smtp.text_of(letter)
    assert late.expert.get_full_name() in text
    assert "передать работу другому эксперту" in text
