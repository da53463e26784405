"""The certificates pages: who may open each, what they show, and bad input kept."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from metodset.certificates import services
from metodset.certificates.models import Certificate, CertificateBatch, Kind

from ..conftest import client_for
from .conftest import template_of


@pytest.fixture
def issued(internship, issuer):
    """Certificates of professional development for the internship's first four interns."""
    program = internship.program
    program.hours_in_person = Decimal(48)
    program.hours_self_study = Decimal(24)
    program.save()
    return services.issue_now(
        template=template_of(issuer, Kind.DEVELOPMENT),
        users=internship.interns[:4],
        program=program,
        hours=program.hours,
        issued_on=timezone.localdate(),
    )


# --- verification page --------------------------------------------------------------------


def test_verification_page_shows_what_is_printed_and_nothing_more(issued):
    certificate = issued[0]
    page = Client().get(reverse("certificates:verify", args=[certificate.code]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Сертификат действителен" in text
    assert certificate.full_name in text
    assert certificate.number in text
    assert "72 часа" in text
    assert certificate.email not in text
    assert "noindex" in text


def test_verification_page_says_revoked_with_the_reason(issued, world):
    certificate = issued[0]
    services.certificate_revoke(
        certificate=certificate, reason="Выдан ошибочно", by=world.methodist
    )
    text = Client().get(reverse("certificates:verify", args=[certificate.code])).content.decode()
    assert "Сертификат отозван" in text
    assert "Выдан ошибочно" in text
    assert "Сертификат действителен" not in text


def test_replaced_certificate_points_to_the_new_one(issued, world):
    old = issued[0]
    new = services.certificate_reissue(
        certificate=old,
        last_name="Новикова",
        first_name=old.first_name,
        middle_name=old.middle_name,
        by=world.methodist,
    )
    text = Client().get(reverse("certificates:verify", args=[old.code])).content.decode()
    assert "Сертификат заменён" in text
    assert reverse("certificates:verify", args=[new.code]) in text


def test_unknown_code_is_not_found(db):
    page = Client().get(reverse("certificates:verify", args=["no-such-code-at-all"]))
    assert page.status_code == 404
    assert "Сертификата с таким кодом нет" in page.content.decode()


def test_verification_is_rate_limited_per_address(settings, issued):
    settings.CERTIFICATE_VERIFY_RATE = 3
    client = Client(REMOTE_ADDR="10.1.2.3")
    url = reverse("certificates:verify", args=[issued[0].code])
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert "Слишком много проверок" in client.get(url).content.decode()
    assert Client(REMOTE_ADDR="10.9.9.9").get(url).status_code == 200


# --- a person's own -----------------------------------------------------------------------


def test_intern_sees_and_downloads_her_certificate(issued, internship):
    intern = internship.interns[0]
    client = client_for(intern)
    page = client.get(reverse("certificates:mine"))
    assert issued[0].number in page.content.decode()
    assert issued[1].number not in page.content.decode()
    pdf = client.get(reverse("certificates:download", args=[issued[0].pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_nobody_else_downloads_a_persons_certificate(issued, internship, world):
    url = reverse("certificates:download", args=[issued[0].pk])
    assert client_for(internship.interns[1]).get(url).status_code == 404
    assert client_for(world.outsider).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page
    assert client_for(world.methodist).get(url).status_code == 200  # the issuer's methodist


def test_my_certificates_needs_login(db):
    assert Client().get(reverse("certificates:mine")).status_code == 302


# --- issuing --------------------------------------------------------------------------------


@pytest.fixture
def everyone_completed(internship):
    """The scheme's completion rules removed: every intern is eligible."""
    internship.program.rules.all().delete()
    return internship


def test_coordinator_issues_from_the_completion_list(
    everyone_completed, internship, issuer, django_capture_on_commit_callbacks
):
    client = client_for(internship.coordinator)
    url = reverse("certificates:program", args=[internship.program.pk])
    page = client.get(url)
    assert page.status_code == 200
    ids = [intern.pk for intern in internship.interns[:3]]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "template": template_of(issuer, Kind.PARTICIPATION).pk,
                "hours": "16",
                "issued_on": timezone.localdate().isoformat(),
                "send_email": "on",
                "recipients": ids,
            },
        )
    batch = CertificateBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:batch", args=[batch.pk])
    # Tasks run immediately in tests: the batch is done by now.
    assert batch.status == CertificateBatch.Status.DONE
    assert batch.issued == 3
    page = client.get(response["Location"]).content.decode()
    for certificate in Certificate.objects.all():
        assert certificate.number in page


def test_the_issue_page_offers_only_eligible_interns(internship, issuer):
    """The scheme's rules, nobody met them yet: nobody is offered, the reason is shown."""
    assert internship.program.rules.exists()
    page = client_for(internship.coordinator).get(
        reverse("certificates:program", args=[internship.program.pk])
    )
    text = page.content.decode()
    assert 'name="recipients"' not in text
    assert "Не выполнено" in text


def test_bad_issue_input_keeps_the_choice_and_explains_in_russian(
    everyone_completed, internship, issuer
):
    client = client_for(internship.coordinator)
    url = reverse("certificates:program", args=[internship.program.pk])
    chosen = internship.interns[2].pk
    page = client.post(
        url,
        {
            "template": template_of(issuer, Kind.DEVELOPMENT).pk,
            "hours": "много",
            "issued_on": "",
            "recipients": [chosen],
        },
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Введите число часов" in text
    assert f'value="{chosen}" id="r{chosen}" checked' in text
    assert not CertificateBatch.objects.exists()


def test_legal_certificate_refused_without_a_licence(internship, issuer):
    template = template_of(issuer, Kind.QUALIFICATION)
    page = client_for(internship.coordinator).post(
        reverse("certificates:program", args=[internship.program.pk]),
        {
            "template": template.pk,
            "hours": "72",
            "issued_on": timezone.localdate().isoformat(),
            "recipients": [internship.interns[0].pk],
        },
    )
    # Not even offered: the choice is invalid.
    assert page.status_code == 200
    assert not CertificateBatch.objects.exists()


def test_only_coordinators_issue_for_a_programme(internship, world):
    url = reverse("certificates:program", args=[internship.program.pk])
    assert client_for(internship.interns[0]).get(url).status_code == 403
    assert client_for(internship.tutors[0]).get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(world.methodist).get(url).status_code == 200


def test_event_organiser_issues_to_those_present(world, issuer):
    from tests import factories

    event = factories.event(organizer=world.school, starts_in=-timezone.timedelta(days=1))
    present = factories.registration(event=event, user=world.teacher)
    present.attended_at = timezone.now()
    present.save()
    factories.registration(event=event, user=world.colleague)  # registered, did not come
    client = client_for(world.methodist)
    url = reverse("certificates:event", args=[event.pk])
    text = client.get(url).content.decode()
    assert world.teacher.get_full_name() in text
    assert world.colleague.get_full_name() not in text
    assert client_for(world.teacher).get(url).status_code in (403, 404)


def test_batch_page_is_for_those_who_issued(internship, issuer, world):
    batch = services.batch_create(
        template=template_of(issuer, Kind.PARTICIPATION),
        recipients=[internship.interns[0].pk],
        by=internship.coordinator,
        program=internship.program,
        hours=Decimal(8),
        issued_on=timezone.localdate(),
    )
    url = reverse("certificates:batch", args=[batch.pk])
    assert client_for(internship.coordinator).get(url).status_code == 200
    assert client_for(internship.interns[0]).get(url).status_code == 404
    progress = reverse("certificates:progress", args=[batch.pk])
    assert (
        client_for(internship.coordinator).get(progress, HTTP_HX_REQUEST="true").status_code == 200
    )


# --- registry, revocation, re-issue ------------------------------------------------------------


def test_registry_lists_the_issuers_certificates_with_filters(issued, world):
    client = client_for(world.methodist)
    text = client.get(reverse("certificates:registry")).content.decode()
    assert all(c.number in text for c in issued)
    text = client.get(reverse("certificates:registry"), {"q": issued[1].last_name}).content.decode()
    assert issued[1].number in text
    assert issued[2].number not in text
    assert (
        client_for(world.outsider)
        .get(reverse("certificates:registry"))
        .content.decode()
        .count("МС-")
        == 0
    )


def test_registry_query_count_does_not_grow(internship, issuer, world):
    template = template_of(issuer, Kind.PARTICIPATION)
    program = internship.program
    services.issue_now(
        template=template, users=internship.interns[:1], program=program, hours=Decimal(8),
        issued_on=timezone.localdate(),
    )  # fmt: skip
    client = client_for(world.methodist)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("certificates:registry"))
    services.issue_now(
        template=template, users=internship.interns[1:6], program=program, hours=Decimal(8),
        issued_on=timezone.localdate(),
    )  # fmt: skip
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("certificates:registry"))
    assert len(six) == len(one)


def test_registry_xlsx_has_the_regional_columns(issued, world):
    world.teacher  # noqa: B018 - the world is built
    response = client_for(world.methodist).get(reverse("certificates:registry"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    for column in ("Регистрационный номер", "Фамилия", "Имя", "Отчество", "Дата рождения",
                   "Место работы", "Программа или мероприятие", "Часы", "Дата выдачи"):  # fmt: skip
        assert column in header
    numbers = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert numbers == {c.number for c in issued}
    hours = header.index("Часы")
    assert {row[hours] for row in sheet.iter_rows(min_row=2, values_only=True)} == {72}


def test_frdo_export_lists_only_legal_certificates(issued, issuer, internship, world):
    issuer.license_number = "Л035-01234-59/00123456"
    issuer.save()
    legal = services.issue_now(
        template=template_of(issuer, Kind.QUALIFICATION),
        users=internship.interns[5:6],
        program=internship.program,
        hours=Decimal(72),
        issued_on=timezone.localdate(),
    )[0]
    response = client_for(world.methodist).get(reverse("certificates:registry"), {"format": "frdo"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    header = [cell.value for cell in sheet[1]]
    assert rows[0][header.index("Номер документа")] == legal.number
    assert rows[0][header.index("Фамилия получателя")] == legal.last_name
    assert rows[0][header.index("Срок обучения, часов")] == 72


def test_methodist_revokes_with_a_reason(issued, world):
    certificate = issued[0]
    client = client_for(world.methodist)
    page = client.post(reverse("certificates:revoke", args=[certificate.pk]), {"reason": ""})
    assert page.status_code == 400
    assert "Укажите, почему сертификат отзывается" in page.content.decode()
    client.post(reverse("certificates:revoke", args=[certificate.pk]), {"reason": "Ошибка"})
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_by == world.methodist


def test_recipient_cannot_revoke_or_reissue(issued, internship):
    client = client_for(internship.interns[0])
    certificate = issued[0]
    assert (
        client.post(
            reverse("certificates:revoke", args=[certificate.pk]), {"reason": "x"}
        ).status_code
        == 404
    )
    assert client.get(reverse("certificates:detail", args=[certificate.pk])).status_code == 404
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


def test_reissue_with_the_same_name_is_refused_and_keeps_the_input(issued, world):
    certificate = issued[0]
    client = client_for(world.methodist)
    url = reverse("certificates:reissue", args=[certificate.pk])
    page = client.post(
        url,
        {
            "last_name": certificate.last_name,
            "first_name": certificate.first_name,
            "middle_name": certificate.middle_name,
        },
    )
    assert page.status_code == 400
    assert "ФИО совпадает" in page.content.decode()
    response = client.post(
        url,
        {"last_name": "Интернова-Белова", "first_name": "Мария", "middle_name": "Ивановна"},
    )
    new = Certificate.objects.get(last_name="Интернова-Белова")
    assert response["Location"] == reverse("certificates:detail", args=[new.pk])
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REPLACED
    assert certificate.replaced_by == new


# --- issuer details and templates ------------------------------------------------------------


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def test_methodist_edits_the_issuer_details(world, issuer):
    client = client_for(world.methodist)
    url = reverse("certificates:issuer", args=[world.school.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "МБОУ «СОШ № 161» г. Калининграда",
            "city": "Калининград",
            "number_pattern": "СОШ161-{year}/{seq:04}",
            "license_number": "",
            "logo": SimpleUploadedFile("logo.png", _png(), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    issuer.refresh_from_db()
    assert issuer.number_pattern == "СОШ161-{year}/{seq:04}"
    assert issuer.logo


def test_bad_number_pattern_and_fake_logo_are_refused_in_russian(world, issuer):
    page = client_for(world.methodist).post(
        reverse("certificates:issuer", args=[world.school.pk]),
        {
            "name": "Новое имя",
            "city": "Калининград",
            "number_pattern": "{year}-{номер}",
            "logo": SimpleUploadedFile("logo.png", b"not an image", content_type="image/png"),
        },
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "Шаблон должен содержать {seq}" in text
    assert "не изображение PNG или JPEG" in text
    assert 'value="Новое имя"' in text
    issuer.refresh_from_db()
    assert issuer.name != "Новое имя"


def test_only_the_organisations_staff_edit_issuer_details(world, issuer):
    url = reverse("certificates:issuer", args=[world.school.pk])
    assert client_for(world.teacher).get(url).status_code == 404
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(world.coordinator).get(url).status_code == 200  # the network's coordinator


def test_signatory_added_with_a_facsimile_and_removed(world, issuer):
    client = client_for(world.methodist)
    url = reverse("certificates:signatories", args=[world.school.pk])
    client.post(
        url,
        {
            "full_name": "А. С. Кузнецова",
            "position": "Заместитель директора",
            "order": "1",
            "facsimile": SimpleUploadedFile("f.png", _png(), content_type="image/png"),
        },
    )
    signatory = issuer.signatories.get(full_name="А. С. Кузнецова")
    assert signatory.facsimile
    delete = reverse("certificates:signatory_delete", args=[world.school.pk, signatory.pk])
    assert client_for(world.teacher).post(delete).status_code == 404
    assert client_for(world.teacher).post(url, {}).status_code == 404
    assert issuer.signatories.filter(pk=signatory.pk).exists()
    client.post(delete)
    assert not issuer.signatories.filter(pk=signatory.pk).exists()


def test_template_preview_shows_the_edit_or_the_error(world, issuer):
    template = template_of(issuer, Kind.DEVELOPMENT)
    client = client_for(world.methodist)
    url = reverse("certificates:template_preview", args=[template.pk])
    ok = client.post(
        url, {"heading": "Сертификат", "body": "{passed} «{title}»", "source": template.source}
    )
    assert 'data-testid="preview-image"' in ok.content.decode()
    bad = client.post(url, {"heading": "x", "body": "{нет_такого}", "source": template.source})
    assert "Неизвестная подстановка" in bad.content.decode()
    broken = client.post(url, {"heading": "x", "body": "", "source": "#let x = ("})
    assert "В макете ошибка" in broken.content.decode()
    pdf = client.get(url)
    assert pdf.content.startswith(b"%PDF")
    assert client_for(world.teacher).post(url, {"heading": "x"}).status_code == 404


def test_saving_a_broken_template_keeps_the_old_one_and_the_typed_text(world, issuer):
    template = template_of(issuer, Kind.DEVELOPMENT)
    old_source = template.source
    page = client_for(world.methodist).post(
        reverse("certificates:template", args=[template.pk]),
        {
            "name": template.name,
            "heading": "Новый заголовок",
            "body": "текст {неизвестно}",
            "source": old_source,
            "is_active": "on",
        },
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "Неизвестная подстановка" in text
    assert "Новый заголовок" in text
    template.refresh_from_db()
    assert template.heading != "Новый заголовок"


def test_completion_page_links_to_issuing_for_coordinators_only(internship):
    url = reverse("programs:completion", args=[internship.program.pk])
    link = reverse("certificates:program", args=[internship.program.pk])
    assert link in client_for(internship.coordinator).get(url).content.decode()


def test_large_ids_reach_the_form_without_a_thousands_separator(everyone_completed, issuer):
    """Russian number formatting prints 12345 as «12 345»: an id in a form must stay bare."""
    from metodset.accounts.models import User
    from metodset.programs.models import ProgramMember

    person = User.objects.create(
        pk=12345, email="big@example.ru", last_name="Большакова", first_name="Ирина"
    )
    program = everyone_completed.program
    ProgramMember.objects.create(program=program, user=person, role=ProgramMember.Role.INTERN)
    client = client_for(everyone_completed.coordinator)
    url = reverse("certificates:program", args=[program.pk])
    assert 'value="12345" id="r12345"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "template": template_of(issuer, Kind.PARTICIPATION).pk,
            "hours": "8",
            "issued_on": timezone.localdate().isoformat(),
            "recipients": ["12345"],
        },
    )
    assert response.status_code == 302
