"""The audit log records who issued, revoked and re-issued certificates, and who changed an
issuer's signatories, each entry written by the service in its own transaction."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from metodset.accounts.models import AuditEntry
from metodset.certificates import services
from metodset.certificates.models import Kind, Signatory

from ..conftest import client_for
from .conftest import template_of

ISSUED_ON = timezone.localdate() - timedelta(days=7)  # any past day: issuing checks none


def _entries(target) -> list[tuple[str, int | None, dict]]:
    return list(
        AuditEntry.objects.filter(
            target_type=target._meta.model_name, target_id=str(target.pk)
        ).order_by("id").values_list("action", "actor_id", "changes")
    )  # fmt: skip


def test_a_batch_is_audited_when_queued_and_when_issued(
    internship, issuer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.batch_create(
            template=template_of(issuer, Kind.DEVELOPMENT),
            recipients=[p.pk for p in internship.interns],
            by=internship.coordinator,
            program=internship.program,
            hours=Decimal(72),
            issued_on=ISSUED_ON,
        )
    assert _entries(batch) == [
        ("batch_queued", internship.coordinator.pk, {"recipients": [None, 8]}),
        ("issued", internship.coordinator.pk, {"issued": [None, 8], "skipped": [None, 0]}),
    ]


def test_revocation_and_reissue_are_audited(internship, issuer, world):
    [certificate, other] = services.issue_now(
        template=template_of(issuer, Kind.DEVELOPMENT),
        users=internship.interns[:2],
        program=internship.program,
        hours=Decimal(72),
        issued_on=ISSUED_ON,
    )
    services.certificate_revoke(certificate=certificate, reason="Ошибка", by=world.methodist)
    assert _entries(certificate) == [
        (
            "revoked",
            world.methodist.pk,
            {"status": ["действителен", "отозван"], "revoke_reason": ["", "Ошибка"]},
        )
    ]
    new = services.certificate_reissue(
        certificate=other,
        last_name="Петрова",
        first_name=other.first_name,
        middle_name=other.middle_name,
        by=world.methodist,
        send_email=False,
    )
    [(action, actor, changes)] = _entries(other)
    assert (action, actor) == ("reissued", world.methodist.pk)
    assert changes["number"] == [other.number, new.number]
    assert changes["name"][1] == f"Петрова {other.first_name} {other.middle_name}"


def test_removing_a_signatory_is_audited(issuer, world):
    signatory = issuer.signatories.get()
    pk = signatory.pk
    services.signatory_delete(signatory=signatory, by=world.methodist)
    assert not Signatory.objects.filter(pk=pk).exists()
    assert list(
        AuditEntry.objects.filter(target_type="signatory", target_id=str(pk)).values_list(
            "action", "actor_id", "target_repr"
        )
    ) == [("removed", world.methodist.pk, "Директор И. П. Смирнова")]


def test_the_audit_page_names_a_revocation_in_russian(internship, issuer, world):
    [certificate] = services.issue_now(
        template=template_of(issuer, Kind.DEVELOPMENT),
        users=internship.interns[:1],
        program=internship.program,
        hours=Decimal(72),
        issued_on=ISSUED_ON,
    )
    services.certificate_revoke(certificate=certificate, reason="Ошибка", by=world.methodist)
    page = client_for(world.methodist).get(reverse("accounts:audit_log"))
    assert page.status_code == 200
    assert "Отозван" in page.text
    assert "сертификат" in page.text


def test_each_contest_diploma_is_audited_in_the_name_of_who_issued_it(world):
    awards = [
        services.DiplomaAward(
            user=world.teacher, degree="winner", place=1, nomination="Урок", work="Квест"
        ),
        services.DiplomaAward(
            user=world.colleague, degree="participant", nomination="Урок", work="Игра"
        ),
    ]
    diplomas = services.diplomas_issue(
        organization=world.school,
        title="Конкурс «Педагогический дебют»",
        awards=awards,
        by=world.methodist,
        send_email=False,
    )
    assert [_entries(diploma) for diploma in diplomas] == [
        [("issued", world.methodist.pk, {"kind": [None, "диплом конкурса"]})],
        [("issued", world.methodist.pk, {"kind": [None, "диплом конкурса"]})],
    ]
