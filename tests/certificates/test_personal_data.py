"""A person's certificates are in their data export; on deletion the documents stay (legal
records, still verifiable) and only the e-mail they were sent to is cleared."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from metodset.accounts.services import person_data_export, person_delete
from metodset.certificates import services
from metodset.certificates.models import Certificate, Kind

from .conftest import template_of

ISSUED_ON = dt.date(2026, 6, 30)


@pytest.fixture
def issued(internship, issuer):
    """Certificates of the first two interns; the first one's is re-issued with a new name."""
    first, second = internship.interns[:2]
    first.birth_date = dt.date(1990, 5, 17)
    first.save(update_fields=["birth_date"])
    services.issue_now(
        template=template_of(issuer, Kind.DEVELOPMENT),
        users=[first, second],
        program=internship.program,
        hours=Decimal(72),
        issued_on=ISSUED_ON,
    )
    old = Certificate.objects.get(user=first)
    new = services.certificate_reissue(
        certificate=old,
        last_name="Петрова",
        first_name="Мария",
        middle_name="Ивановна",
        by=internship.coordinator,
        send_email=False,
    )
    old.refresh_from_db()
    return old, new


def test_the_export_holds_the_persons_certificates_replaced_ones_included(internship, issued):
    old, new = issued
    first, second = internship.interns[:2]

    data = person_data_export(person=first)["certificates"]

    assert [c["number"] for c in data] == [old.number, new.number]
    before, after = data
    assert before["kind"] == Kind.DEVELOPMENT
    assert before["title"] == "Цифровая интернатура «Игровые технологии»"
    assert before["hours"] == "72"
    assert before["issued_on"] == "2026-06-30"
    assert before["starts_on"] == internship.program.starts_on.isoformat()
    assert (before["status"], before["replaced_by"]) == (Certificate.Status.REPLACED, new.number)
    assert before["issuer"] == old.issuer_name != ""
    assert before["recipient"]["last_name"] == "Интернова0"
    assert before["recipient"]["birth_date"] == "1990-05-17"
    assert before["recipient"]["email"] == "intern0@example.ru"
    assert before["verification_url"] == services.verify_url(old.code)
    assert before["pdf"] == f"{old.code}.pdf"
    assert (after["status"], after["recipient"]["last_name"]) == (
        Certificate.Status.VALID,
        "Петрова",
    )
    theirs = Certificate.objects.get(user=second)
    assert theirs.number not in json.dumps(data, ensure_ascii=False)


def test_a_revoked_certificate_is_exported_with_its_reason(internship, issued):
    _old, new = issued
    services.certificate_revoke(certificate=new, reason="Выдан по ошибке", by=None)

    [_before, after] = person_data_export(person=internship.interns[0])["certificates"]

    assert after["status"] == Certificate.Status.REVOKED
    assert after["revoke_reason"] == "Выдан по ошибке"
    assert after["revoked_at"] is not None


def test_deletion_keeps_the_certificates_verifiable_and_clears_only_the_email(
    client, internship, issued, world
):
    old, new = issued
    first, second = internship.interns[:2]

    person_delete(person=first, by=world.coordinator)

    for certificate in (old, new):
        kept = Certificate.objects.get(pk=certificate.pk)
        assert kept.email == ""
        assert (kept.number, kept.last_name, kept.birth_date, kept.status) == (
            certificate.number,
            certificate.last_name,
            dt.date(1990, 5, 17),
            certificate.status,
        )
    assert Certificate.objects.get(user=second).email == "intern1@example.ru"
    page = client.get(reverse("certificates:verify", args=[new.code]))
    assert page.status_code == 200 and "Петрова" in page.content.decode()
