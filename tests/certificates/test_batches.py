"""Issuing in batches: one certificate a person, numbers without gaps, revocation, re-issue,
and the letter each recipient receives."""

from __future__ import annotations

import os
import time
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from metodset.certificates import services
from metodset.certificates.models import (
    Certificate,
    CertificateBatch,
    Issuer,
    Kind,
)
from metodset.certificates.services import IssueRefused
from metodset.core import worker
from metodset.core.models import OutgoingEmail

from .. import factories
from .conftest import template_of
from .test_rendering import pdf_text

ISSUED_ON = date(2026, 6, 30)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Create a batch and let it run as it would after the request's commit."""

    def _run(*, template, recipients, by=None, hours=Decimal(72), issued_on=ISSUED_ON, **source):
        with django_capture_on_commit_callbacks(execute=True):
            batch = services.batch_create(
                template=template,
                recipients=[getattr(r, "pk", r) for r in recipients],
                by=by,
                hours=hours,
                issued_on=issued_on,
                **source,
            )
        batch.refresh_from_db()
        return batch

    return _run


def numbers(**filters) -> list[str]:
    return list(
        Certificate.objects.filter(**filters).order_by("issuer", "year", "sequence")
        .values_list("number", flat=True)
    )  # fmt: skip


def test_batch_issues_one_certificate_to_each_person_with_consecutive_numbers(
    internship, issuer, run
):
    batch = run(
        template=template_of(issuer, Kind.DEVELOPMENT),
        recipients=internship.interns,
        by=internship.coordinator,
        program=internship.program,
    )
    assert batch.status == CertificateBatch.Status.DONE
    assert (batch.issued, batch.skipped, batch.percent) == (8, 0, 100)
    assert batch.finished_at is not None
    issued = {c.user_id: c for c in Certificate.objects.filter(batch=batch)}
    assert [issued[p.pk].number for p in internship.interns] == [
        f"МС-2026-{n:06}" for n in range(1, 9)
    ]
    first = issued[internship.interns[0].pk]
    assert first.full_name == "Интернова0 Мария Ивановна"
    assert first.title == "Цифровая интернатура «Игровые технологии»"
    assert first.hours == Decimal(72)
    assert first.issued_on == ISSUED_ON
    assert first.workplace == "МБОУ «СОШ № 161»"
    assert first.status == Certificate.Status.VALID
    assert "Интернова0 Мария Ивановна" in pdf_text(first)


def test_running_a_finished_batch_again_issues_nothing(internship, issuer, run):
    batch = run(
        template=template_of(issuer, Kind.DEVELOPMENT),
        recipients=internship.interns,
        program=internship.program,
    )
    again = services.batch_run(batch_id=batch.pk)
    assert (again.status, again.issued) == (CertificateBatch.Status.DONE, 8)
    assert Certificate.objects.count() == 8
    assert OutgoingEmail.objects.count() == 8


def test_a_batch_cut_short_resumes_and_everybody_gets_one_certificate_and_one_letter(
    internship, issuer, smtp, django_capture_on_commit_callbacks
):
    """The worker died after committing half the batch and before queuing its letters."""
    batch = services.batch_create(
        template=template_of(issuer, Kind.DEVELOPMENT),
        recipients=[p.pk for p in internship.interns[:4]],
        by=internship.coordinator,
        program=internship.program,
        hours=Decimal(72),
        issued_on=ISSUED_ON,
    )
    services.batch_run(batch_id=batch.pk)  # its commit's callbacks (the letters) never run
    CertificateBatch.objects.filter(pk=batch.pk).update(
        status=CertificateBatch.Status.RUNNING,
        recipient_ids=[p.pk for p in internship.interns],
        claimed_by="dead",
    )
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.QUEUED).count() == 4
    assert smtp.messages == []

    with django_capture_on_commit_callbacks(execute=True):
        # A worker finds the dead one (core.worker): the letters it stored get their tasks.
        worker.workers_lost.send(sender=None, worker_ids={"dead"})
        resumed = services.batch_run(batch_id=batch.pk)
    assert (resumed.status, resumed.issued, resumed.skipped) == (
        CertificateBatch.Status.DONE,
        8,
        0,
    )
    assert numbers(batch=batch) == [f"МС-2026-{n:06}" for n in range(1, 9)]
    letters = smtp.wait_for(8)
    assert sorted(m["To"] for m in letters) == sorted(p.email for p in internship.interns)
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 8


def test_second_batch_skips_people_who_already_hold_the_document(internship, issuer, run):
    template = template_of(issuer, Kind.DEVELOPMENT)
    run(template=template, recipients=internship.interns[:3], program=internship.program)
    second = run(template=template, recipients=internship.interns, program=internship.program)
    assert (second.issued, second.skipped) == (5, 3)
    assert Certificate.objects.filter(program=internship.program).count() == 8
    assert numbers(batch=second) == [f"МС-2026-{n:06}" for n in range(4, 9)]


def test_another_kind_of_document_is_not_blocked_by_a_certificate(internship, issuer, run):
    run(
        template=template_of(issuer, Kind.DEVELOPMENT),
        recipients=internship.interns[:2],
        program=internship.program,
    )
    thanks = run(
        template=template_of(issuer, Kind.THANKS),
        recipients=internship.interns[:2],
        program=internship.program,
    )
    assert (thanks.issued, thanks.skipped) == (2, 0)


def test_a_revoked_certificate_still_blocks_issuing_again(internship, issuer, run):
    template = template_of(issuer, Kind.DEVELOPMENT)
    run(template=template, recipients=internship.interns[:1], program=internship.program)
    certificate = Certificate.objects.get()
    services.certificate_revoke(
        certificate=certificate, reason="Не выполнены условия", by=internship.coordinator
    )
    again = run(template=template, recipients=internship.interns[:1], program=internship.program)
    assert (again.issued, again.skipped) == (0, 1)
    assert Certificate.objects.count() == 1


def test_a_replaced_certificate_does_not_block_its_reissue(internship, issuer, run):
    template = template_of(issuer, Kind.DEVELOPMENT)
    intern = internship.interns[0]
    run(template=template, recipients=[intern], program=internship.program)
    old = Certificate.objects.get()
    new = services.certificate_reissue(
        certificate=old,
        last_name="Петрова",
        first_name="Мария",
        middle_name="Ивановна",
        by=internship.coordinator,
    )
    assert new.program == internship.program
    # The live one is the re-issue: a further batch gives that person nothing more.
    again = run(template=template, recipients=[intern], program=internship.program)
    assert (again.issued, again.skipped) == (0, 1)
    statuses = Certificate.objects.filter(user=intern).values_list("status", flat=True)
    assert sorted(statuses) == [Certificate.Status.REPLACED, Certificate.Status.VALID]


def test_numbers_run_per_issuer_and_restart_each_year(world, internship, issuer, run):
    other = services.issuer_for(organization=world.kindergarten)
    event = factories.event(organizer=world.kindergarten, title="Вебинар о чтении")
    run(
        template=template_of(issuer, Kind.DEVELOPMENT),
        recipients=internship.interns[:2],
        program=internship.program,
    )
    run(
        template=template_of(other, Kind.PARTICIPATION),
        recipients=internship.interns[:3],
        event=event,
        hours=Decimal(2),
    )
    run(
        template=template_of(issuer, Kind.THANKS),
        recipients=internship.interns[:2],
        program=internship.program,
        issued_on=date(2027, 1, 11),
    )
    assert numbers(issuer=issuer) == [
        "МС-2026-000001",
        "МС-2026-000002",
        "МС-2027-000001",
        "МС-2027-000002",
    ]
    assert numbers(issuer=other) == ["МС-2026-000001", "МС-2026-000002", "МС-2026-000003"]


def test_an_issuers_own_number_pattern_is_used(internship, issuer, run):
    issuer.number_pattern = "{year}/ПК-{seq:04}"
    issuer.save()
    run(
        template=template_of(issuer, Kind.DEVELOPMENT),
        recipients=internship.interns[:2],
        program=internship.program,
    )
    assert numbers() == ["2026/ПК-0001", "2026/ПК-0002"]
    certificate = Certificate.objects.get(sequence=2)
    assert "Регистрационный номер: 2026/ПК-0002" in pdf_text(certificate)
    assert services.pdf_filename(certificate).endswith("2026-ПК-0002.pdf")


@pytest.mark.parametrize(
    "pattern", ["МС-{year}", "МС-{year}-{seq:06}-{month}", "{seq:06}" + "Ж" * 60]
)
def test_an_unusable_number_pattern_is_refused(pattern):
    with pytest.raises(ValueError):
        services.check_number_pattern(pattern)


def test_qualification_certificate_is_refused_without_a_licence(internship, issuer, run):
    with pytest.raises(IssueRefused) as refused:
        run(
            template=template_of(issuer, Kind.QUALIFICATION),
            recipients=internship.interns,
            program=internship.program,
        )
    assert "лиценз" in str(refused.value)
    assert not CertificateBatch.objects.exists()
    assert not Certificate.objects.exists()


def _license(issuer: Issuer) -> None:
    issuer.license_number = "Л035-01234-39/00567890"
    issuer.license_issued_on = date(2021, 3, 15)
    issuer.save()


def test_qualification_certificate_is_refused_for_fewer_than_16_hours(internship, issuer, run):
    _license(issuer)
    with pytest.raises(IssueRefused) as refused:
        run(
            template=template_of(issuer, Kind.QUALIFICATION),
            recipients=internship.interns,
            program=internship.program,
            hours=Decimal("15.5"),
        )
    assert "16" in str(refused.value)
    assert not Certificate.objects.exists()


def test_licensed_issuer_issues_qualification_certificates_of_16_hours(internship, issuer, run):
    _license(issuer)
    batch = run(
        template=template_of(issuer, Kind.QUALIFICATION),
        recipients=internship.interns[:2],
        program=internship.program,
        hours=Decimal(16),
    )
    assert batch.issued == 2
    assert "16 часов" in pdf_text(Certificate.objects.first())


def test_a_batch_needs_somebody_and_one_programme_or_event(internship, issuer, run):
    template = template_of(issuer, Kind.DEVELOPMENT)
    with pytest.raises(IssueRefused):
        run(template=template, recipients=[], program=internship.program)
    with pytest.raises(ValueError):
        run(template=template, recipients=internship.interns)


def test_a_deleted_account_is_skipped(internship, issuer, run):
    gone = factories.person(email="gone@example.ru")
    recipients = [*internship.interns[:2], gone.pk]
    gone.delete()
    batch = run(
        template=template_of(issuer, Kind.DEVELOPMENT),
        recipients=recipients,
        program=internship.program,
    )
    assert (batch.status, batch.issued, batch.skipped) == (CertificateBatch.Status.DONE, 2, 1)


def test_a_batch_with_a_broken_design_fails_with_the_reason_and_issues_nothing(
    internship, issuer, run
):
    template = template_of(issuer, Kind.DEVELOPMENT)
    template.source = "#text(d.name"
    template.save()
    batch = run(template=template, recipients=internship.interns, program=internship.program)
    assert batch.status == CertificateBatch.Status.FAILED
    assert "В макете ошибка" in batch.error
    assert not Certificate.objects.exists()


def test_event_certificate_carries_the_events_day(world, issuer, run):
    event = factories.event(
        organizer=world.school,
        title="Вебинар о чтении",
        starts_at=datetime(2026, 11, 24, 15, 0, tzinfo=ZoneInfo("Europe/Moscow")),
    )
    batch = run(
        template=template_of(issuer, Kind.PARTICIPATION),
        recipients=[world.teacher],
        event=event,
        hours=Decimal(2),
        issued_on=date(2026, 11, 25),
    )
    certificate = batch.certificates.get()
    assert (certificate.starts_on, certificate.ends_on) == (date(2026, 11, 24), date(2026, 11, 24))
    assert (
        "Петрова Елена Викторовна приняла участие в мероприятии «Вебинар о чтении», "
        "24 ноября 2026 г." in pdf_text(certificate)
    )


# --- revocation and re-issue ---------------------------------------------------------------


def test_revoking_records_who_when_and_why(internship, issuer, run):
    run(
        template=template_of(issuer, Kind.DEVELOPMENT),
        recipients=internship.interns[:1],
        program=internship.program,
    )
    certificate = Certificate.objects.get()
    services.certificate_revoke(
        certificate=certificate, reason="  Выдан по ошибке ", by=internship.coordinator
    )
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert not certificate.is_valid
    assert certificate.revoke_reason == "Выдан по ошибке"
    assert certificate.revoked_by == internship.coordinator
    assert certificate.revoked_at is not None
    with pytest.raises(IssueRefused):
        services.certificate_revoke(certificate=certificate, reason="ещё раз", by=None)
    with pytest.raises(IssueRefused):
        services.certificate_reissue(
            certificate=certificate, last_name="А", first_name="Б", middle_name="", by=None
        )


def test_reissue_replaces_the_old_certificate_with_a_corrected_one(internship, issuer, run):
    intern, today = internship.interns[0], timezone.localdate()
    run(
        template=template_of(issuer, Kind.DEVELOPMENT),
        recipients=[intern],
        program=internship.program,
        issued_on=today,
    )
    old = Certificate.objects.get()
    new = services.certificate_reissue(
        certificate=old,
        last_name=" Петрова ",
        first_name="Мария",
        middle_name="Ивановна",
        by=internship.coordinator,
        send_email=False,
    )
    old.refresh_from_db()
    assert old.status == Certificate.Status.REPLACED
    assert old.replaced_by == new
    assert new.status == Certificate.Status.VALID
    assert new.full_name == "Петрова Мария Ивановна"
    assert (old.number, new.number) == (f"МС-{today.year}-000001", f"МС-{today.year}-000002")
    assert new.issued_on == today
    assert (new.title, new.hours, new.user) == (old.title, old.hours, intern)
    assert new.code != old.code
    text = pdf_text(new)
    assert "Петрова Мария Ивановна" in text
    assert "Интернова0" not in text
    assert new.number in text
    # The old document keeps what it said.
    assert "Интернова0 Мария Ивановна" in pdf_text(old)
    with pytest.raises(IssueRefused):
        services.certificate_reissue(
            certificate=old, last_name="А", first_name="Б", middle_name="", by=None
        )


# --- e-mail --------------------------------------------------------------------------------


def test_each_recipient_gets_one_letter_with_the_pdf_and_the_verification_address(
    settings, internship, issuer, run, smtp
):
    settings.SITE_URL = "https://metodset.example.ru"
    run(
        template=template_of(issuer, Kind.DEVELOPMENT),
        recipients=internship.interns,
        program=internship.program,
    )
    letters = smtp.wait_for(8)
    assert sorted(m["To"] for m in letters) == sorted(p.email for p in internship.interns)
    for letter in letters:
        certificate = Certificate.objects.get(email=letter["To"])
        assert certificate.number in letter["Subject"]
        text = smtp.text_of(letter)
        assert text.startswith("Уважаемая Мария Ивановна,")
        assert f"https://metodset.example.ru/verify/{certificate.code}/" in text
        [attachment] = list(letter.iter_attachments())
        assert attachment.get_content_type() == "application/pdf"
        assert certificate.number in attachment.get_filename()
        assert attachment.get_filename().endswith(".pdf")
        with certificate.pdf.open("rb") as f:
            assert attachment.get_content() == f.read()


def test_no_letters_when_the_batch_is_not_to_be_sent(internship, issuer, run, smtp):
    batch = run(
        template=template_of(issuer, Kind.DEVELOPMENT),
        recipients=internship.interns,
        program=internship.program,
        send_email=False,
    )
    assert batch.issued == 8
    assert not OutgoingEmail.objects.exists()
    assert smtp.wait_for(1, timeout=0.5) == []


# --- files without a certificate -----------------------------------------------------------


def stored_pdfs(settings) -> set[str]:
    root = settings.MEDIA_ROOT
    return {str(p.relative_to(root)) for p in root.rglob("*.pdf")}


def test_pdfs_a_killed_worker_left_without_rows_are_removed_once_an_hour_old(
    settings, internship, issuer
):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    [kept] = services.issue_now(
        template=template_of(issuer, Kind.DEVELOPMENT),
        users=internship.interns[:1],
        program=internship.program,
        hours=Decimal(72),
        issued_on=ISSUED_ON,
    )
    stray = default_storage.save(f"certificates/{issuer.pk}/2026/stray.pdf", ContentFile(b"%PDF"))
    logo = default_storage.save("certificates/logos/logo.pdf", ContentFile(b"%PDF"))
    # Written "now" by the application's clock, which a test run may have moved (faketime
    # moves the process's clock, not the file system's).
    now = time.time()
    os.utime(default_storage.path(stray), (now, now))
    assert services.orphan_pdfs_remove() == 0  # it may belong to a chunk still running
    assert services.orphan_pdfs_remove(older_than=timedelta(0)) == 1
    assert stored_pdfs(settings) == {kept.pdf.name, logo}
    assert stray not in stored_pdfs(settings)


def test_a_chunk_that_fails_leaves_no_files_behind(settings, internship, issuer):
    from django.db import IntegrityError

    issue = {
        "template": template_of(issuer, Kind.DEVELOPMENT),
        "users": internship.interns[:2],
        "program": internship.program,
        "hours": Decimal(72),
        "issued_on": ISSUED_ON,
    }
    first = services.issue_now(**issue)
    files = stored_pdfs(settings)
    assert files == {c.pdf.name for c in first}
    with pytest.raises(IntegrityError):  # the same people, the same programme: refused
        services.issue_now(**issue)
    assert stored_pdfs(settings) == files


def test_the_sweep_of_orphan_pdfs_runs_daily():
    from datetime import timedelta

    from metodset.core import schedule

    [job] = [j for j in schedule.registered() if j.name.endswith("remove_orphan_pdfs")]
    assert job.every == timedelta(days=1)


# --- a run that vanished --------------------------------------------------------------------


@pytest.fixture
def queued(internship, issuer):
    return services.batch_create(
        template=template_of(issuer, Kind.DEVELOPMENT),
        recipients=[p.pk for p in internship.interns],
        by=internship.coordinator,
        program=internship.program,
        hours=Decimal(72),
        issued_on=ISSUED_ON,
        send_email=False,
    )


def test_a_batch_another_run_is_issuing_is_not_taken_over(queued):
    CertificateBatch.objects.filter(pk=queued.pk).update(
        status=CertificateBatch.Status.RUNNING, claimed_by="alive", progressed_at=timezone.now()
    )
    second = services.batch_run(batch_id=queued.pk)
    assert (second.status, second.issued) == (CertificateBatch.Status.RUNNING, 0)
    assert not Certificate.objects.exists()


def test_only_the_batches_of_a_dead_worker_are_released(queued, internship, issuer):
    other = services.batch_create(
        template=template_of(issuer, Kind.THANKS),
        recipients=[internship.interns[0].pk],
        by=internship.coordinator,
        program=internship.program,
        hours=Decimal(72),
        issued_on=ISSUED_ON,
        send_email=False,
    )
    now = timezone.now()
    CertificateBatch.objects.filter(pk=queued.pk).update(
        status=CertificateBatch.Status.RUNNING, claimed_by="dead", progressed_at=now
    )
    CertificateBatch.objects.filter(pk=other.pk).update(
        status=CertificateBatch.Status.RUNNING, claimed_by="alive", progressed_at=now
    )
    worker.workers_lost.send(sender=None, worker_ids={"dead"})
    assert services.batch_run(batch_id=queued.pk).status == CertificateBatch.Status.DONE
    assert services.batch_run(batch_id=other.pk).issued == 0  # still someone else's


@pytest.mark.parametrize("status", ["queued", "running"])
def test_a_batch_stalled_for_ten_minutes_is_queued_again_and_finished(
    queued, internship, status, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    long_ago = timezone.now() - timedelta(minutes=11)
    CertificateBatch.objects.filter(pk=queued.pk).update(
        status=status, created_at=long_ago, progressed_at=long_ago if status == "running" else None
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.stalled_batches_resume() == [queued.pk]
    queued.refresh_from_db()
    assert (queued.status, queued.issued) == (
        CertificateBatch.Status.DONE,
        len(internship.interns),
    )


def test_batches_that_move_or_are_done_are_left_alone(queued, django_capture_on_commit_callbacks):
    from datetime import timedelta

    assert services.stalled_batches_resume() == []  # queued a moment ago
    CertificateBatch.objects.filter(pk=queued.pk).update(
        status=CertificateBatch.Status.RUNNING,
        created_at=timezone.now() - timedelta(hours=1),
        progressed_at=timezone.now() - timedelta(minutes=2),
    )
    assert services.stalled_batches_resume() == []  # a chunk two minutes ago
    CertificateBatch.objects.filter(pk=queued.pk).update(status=CertificateBatch.Status.DONE)
    assert services.stalled_batches_resume() == []


def test_the_stalled_batches_sweep_runs_every_five_minutes():
    from datetime import timedelta

    from metodset.core import schedule

    [job] = [j for j in schedule.registered() if j.name.endswith("resume_stalled_batches")]
    assert job.every == timedelta(minutes=5)
