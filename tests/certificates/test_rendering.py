"""What a certificate says: the PDF's text, its QR code, and the Russian wording of hours,
dates and names."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pypdf
import pypdfium2
import pytest
import zxingcpp

from metodset.certificates import rendering, services
from metodset.certificates.models import Certificate, Kind, NumberSequence
from metodset.certificates.rendering import TemplateError
from metodset.programs.models import Program

from .. import factories
from .conftest import template_of

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def pdf_text(certificate: Certificate) -> str:
    """The text of the stored PDF with its line breaks and runs of spaces made single spaces."""
    with certificate.pdf.open("rb") as f:
        reader = pypdf.PdfReader(f)
        return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def qr_codes(certificate: Certificate) -> list[str]:
    """What a phone reads from the QR codes on page 1 of the stored PDF."""
    with certificate.pdf.open("rb") as f:
        document = pypdfium2.PdfDocument(f.read())
    image = document[0].render(scale=3).to_pil()
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


@pytest.fixture
def course(world) -> Program:
    return Program.objects.create(
        kind=Program.Kind.DIGITAL_INTERNSHIP,
        title="Цифровая среда начальной школы",
        organizer=world.school,
        starts_on=date(2026, 9, 28),
        ends_on=date(2026, 11, 5),
    )


@pytest.fixture
def maria(world):
    return factories.person(
        email="ivanova@example.ru",
        organization_=world.school,
        last_name="Иванова",
        first_name="Мария",
        middle_name="Петровна",
    )


def test_certificate_pdf_shows_the_name_hours_dates_and_number(issuer, course, maria):
    [certificate] = services.issue_now(
        template=template_of(issuer, Kind.DEVELOPMENT),
        users=[maria],
        program=course,
        hours=Decimal(72),
        issued_on=date(2026, 11, 20),
    )
    text = pdf_text(certificate)
    assert certificate.number == "МС-2026-000001"
    assert "Иванова Мария Петровна" in text
    assert (
        "прошла программу «Цифровая среда начальной школы» в объёме 72 часа, "
        "с 28 сентября по 5 ноября 2026 г." in text
    )
    assert "Регистрационный номер: МС-2026-000001" in text
    assert "Калининград, 20 ноября 2026 г." in text
    assert "И. П. Смирнова" in text
    assert "Директор" in text


def test_certificate_qr_code_opens_its_verification_page(settings, issuer, course, maria):
    settings.SITE_URL = "https://metodset.example.ru"
    [certificate] = services.issue_now(
        template=template_of(issuer, Kind.DEVELOPMENT),
        users=[maria],
        program=course,
        hours=Decimal(72),
        issued_on=date(2026, 11, 20),
    )
    url = services.verify_url(certificate.code)
    assert url == f"https://metodset.example.ru/verify/{certificate.code}/"
    assert qr_codes(certificate) == [url]


def test_letter_of_thanks_names_the_person_in_the_dative(issuer, course, maria):
    [letter] = services.issue_now(
        template=template_of(issuer, Kind.THANKS),
        users=[maria],
        program=course,
        hours=Decimal(72),
        issued_on=date(2026, 11, 20),
    )
    text = pdf_text(letter)
    assert "БЛАГОДАРСТВЕННОЕ ПИСЬМО" in text
    assert "выражает благодарность Ивановой Марии Петровне" in text
    assert "Иванова Мария Петровна" not in text
    # The registry keeps the name as it is, in the nominative.
    assert letter.full_name == "Иванова Мария Петровна"


def test_a_man_passed_and_a_man_is_thanked_in_the_masculine(issuer, course, world):
    ivan = factories.person(last_name="Соколов", first_name="Игорь", middle_name="Андреевич")
    [certificate] = services.issue_now(
        template=template_of(issuer, Kind.DEVELOPMENT),
        users=[ivan],
        program=course,
        hours=Decimal(36),
        issued_on=date(2026, 11, 20),
    )
    [letter] = services.issue_now(
        template=template_of(issuer, Kind.THANKS),
        users=[ivan],
        program=course,
        hours=Decimal(36),
        issued_on=date(2026, 11, 20),
    )
    assert "Соколов Игорь Андреевич прошёл программу" in pdf_text(certificate)
    assert "выражает благодарность Соколову Игорю Андреевичу" in pdf_text(letter)


def test_licensed_issuers_qualification_certificate_prints_the_licence(issuer, course, maria):
    issuer.license_number = "Л035-01234-39/00567890"
    issuer.license_issued_on = date(2021, 3, 15)
    issuer.save()
    [certificate] = services.issue_now(
        template=template_of(issuer, Kind.QUALIFICATION),
        users=[maria],
        program=course,
        hours=Decimal(72),
        issued_on=date(2026, 11, 20),
    )
    text = pdf_text(certificate)
    assert "УДОСТОВЕРЕНИЕ" in text.upper()
    assert "Иванова Мария Петровна" in text
    assert "Л035-01234-39/00567890" in text
    assert "15.03.2021" in text
    assert "МС-2026-000001" in text
    assert qr_codes(certificate) == [services.verify_url(certificate.code)]


@pytest.mark.parametrize(
    ("hours", "text"),
    [
        (1, "1 час"),
        (2, "2 часа"),
        (4, "4 часа"),
        (5, "5 часов"),
        (11, "11 часов"),
        (16, "16 часов"),
        (21, "21 час"),
        (72, "72 часа"),
        (Decimal("72.0"), "72 часа"),
        (Decimal("1.5"), "1,5 часа"),
        (Decimal("0.5"), "0,5 часа"),
    ],
)
def test_hours_are_written_in_russian(hours, text):
    assert rendering.hours_text(hours) == text


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "text"),
    [
        (date(2026, 10, 1), date(2026, 10, 30), "с 1 по 30 октября 2026 г."),
        (date(2026, 9, 28), date(2026, 11, 5), "с 28 сентября по 5 ноября 2026 г."),
        (date(2026, 12, 28), date(2027, 1, 15), "с 28 декабря 2026 г. по 15 января 2027 г."),
        (date(2026, 11, 24), date(2026, 11, 24), "24 ноября 2026 г."),
        (date(2026, 3, 2), None, "2 марта 2026 г."),
        (None, None, ""),
    ],
)
def test_dates_are_written_in_russian(starts_on, ends_on, text):
    assert rendering.dates_text(starts_on, ends_on) == text


def test_a_sentence_ending_in_a_date_gets_one_full_stop(issuer, course, maria):
    values = rendering.placeholder_values(
        last_name="Иванова",
        first_name="Мария",
        middle_name="Петровна",
        title="Вебинар",
        hours=2,
        starts_on=date(2026, 11, 24),
        ends_on=date(2026, 11, 24),
        issuer="МБОУ «СОШ № 161»",
    )
    # In print the date and the hours do not break across lines (no-break spaces).
    assert rendering.fill_placeholders("Состоялся {dates}.", values) == (
        "Состоялся 24\u00a0ноября 2026\u00a0г."
    )
    assert rendering.fill_placeholders("{title}. {hours}.", values) == "Вебинар. 2\u00a0часа."


def test_an_unknown_placeholder_is_refused_in_russian():
    with pytest.raises(TemplateError) as refused:
        rendering.fill_placeholders("Выдан {фамилия}", {"name": "Иванова Мария Петровна"})
    message = str(refused.value)
    assert "{фамилия}" in message
    assert "{name}" in message  # what may be used instead
    assert CYRILLIC.search(message.replace("{фамилия}", "")), message


def test_a_template_with_an_unknown_placeholder_issues_nothing_and_uses_no_number(
    issuer, course, maria
):
    template = template_of(issuer, Kind.DEVELOPMENT)
    template.body = "{passed} программу «{title}» ({часы})."
    template.save()
    with pytest.raises(TemplateError):
        services.issue_now(
            template=template,
            users=[maria],
            program=course,
            hours=Decimal(72),
            issued_on=date(2026, 11, 20),
        )
    assert not Certificate.objects.exists()
    assert not NumberSequence.objects.filter(last__gt=0).exists()


def test_a_typst_syntax_error_is_reported_with_its_line(issuer, course, maria):
    template = template_of(issuer, Kind.DEVELOPMENT)
    template.source = "#let d = json(bytes(sys.inputs.data))\n\n#text(size: 12pt, d.name\n"
    template.save()
    with pytest.raises(TemplateError) as refused:
        services.issue_now(
            template=template,
            users=[maria],
            program=course,
            hours=Decimal(72),
            issued_on=date(2026, 11, 20),
        )
    message = str(refused.value)
    assert CYRILLIC.search(message), message
    assert "строка 3" in message, message
    assert not Certificate.objects.exists()


def test_a_template_that_runs_to_two_pages_is_refused_in_the_preview(issuer):
    template = template_of(issuer, Kind.DEVELOPMENT)
    with pytest.raises(TemplateError) as refused:
        services.template_preview(
            template=template, source=template.source + "\n#pagebreak()\nЕщё страница\n"
        )
    assert CYRILLIC.search(str(refused.value)), str(refused.value)


def test_preview_shows_the_sample_as_a_png(issuer):
    png = services.template_preview(template=template_of(issuer, Kind.DEVELOPMENT))
    assert png.startswith(b"\x89PNG")


def test_a_design_that_imports_a_typst_package_is_refused(issuer):
    from metodset.certificates.models import Kind

    template = issuer.templates.get(kind=Kind.DEVELOPMENT)
    source = '#import "@preview/tiaoma:0.2.1": qrcode\n' + template.source
    with pytest.raises(rendering.TemplateError) as error:
        services.template_preview(template=template, source=source)
    assert "Пакеты Typst" in str(error.value)


# --- many certificates in one Typst document ----------------------------------------------


@pytest.fixture
def three(world):
    return [
        factories.person(
            organization_=world.school, last_name=last, first_name=first, middle_name=middle
        )
        for last, first, middle in (
            ("Иванова", "Мария", "Петровна"),
            ("Петров", "Сергей", "Иванович"),
            ("Сидорова", "Анна", "Олеговна"),
        )
    ]


def issue_three(issuer, course, people, template=None):
    return services.issue_now(
        template=template or template_of(issuer, Kind.DEVELOPMENT),
        users=people,
        program=course,
        hours=Decimal(72),
        issued_on=date(2026, 11, 20),
    )


def test_people_issued_together_each_get_a_one_page_pdf_of_their_own(
    settings, issuer, course, three
):
    settings.SITE_URL = "https://metodset.example.ru"
    certificates = issue_three(issuer, course, three)
    names = [c.full_name for c in certificates]
    assert names == [
        "Иванова Мария Петровна",
        "Петров Сергей Иванович",
        "Сидорова Анна Олеговна",
    ]
    for certificate in certificates:
        text = pdf_text(certificate)
        assert certificate.full_name in text
        assert [n for n in names if n in text] == [certificate.full_name]
        assert f"Регистрационный номер: {certificate.number}" in text
        assert qr_codes(certificate) == [services.verify_url(certificate.code)]
        with certificate.pdf.open("rb") as f:
            reader = pypdf.PdfReader(f, strict=True)
            assert len(reader.pages) == 1
            assert reader.metadata is not None
            assert reader.metadata.title.endswith(certificate.number)
            assert reader.metadata.author == issuer.name
            assert reader.trailer["/Root"]["/Lang"] == "ru"
    # «прошёл» for him, «прошла» for her: the wording is each person's own.
    assert "прошёл программу" in pdf_text(certificates[1])


def test_a_design_that_runs_onto_a_second_page_still_gives_each_person_their_own_pdf(
    issuer, course, three
):
    template = template_of(issuer, Kind.DEVELOPMENT)
    template.source += "\n#pagebreak()\nПриложение: #d.name\n"
    template.save()
    for certificate in issue_three(issuer, course, three, template):
        with certificate.pdf.open("rb") as f:
            pages = [page.extract_text() for page in pypdf.PdfReader(f).pages]
        assert len(pages) == 2
        assert f"Приложение: {certificate.full_name}" in " ".join(pages[1].split())


def test_each_certificate_of_a_batch_starts_on_page_one(issuer, course, three):
    template = template_of(issuer, Kind.DEVELOPMENT)
    template.source += "\n#place(bottom + center, context [Лист #counter(page).display()])\n"
    template.save()
    for certificate in issue_three(issuer, course, three, template):
        assert "Лист 1" in pdf_text(certificate)


def test_a_batch_with_a_typst_error_reports_its_line_and_issues_nothing(issuer, course, three):
    template = template_of(issuer, Kind.DEVELOPMENT)
    template.source = "#let d = json(bytes(sys.inputs.data))\n\n#text(size: 12pt, d.name\n"
    template.save()
    with pytest.raises(TemplateError) as refused:
        issue_three(issuer, course, three, template)
    assert "строка 3" in str(refused.value), str(refused.value)
    assert not Certificate.objects.exists()


def test_logo_and_facsimile_are_printed_on_every_certificate_of_a_batch(issuer, course, three):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    def png(colour: str) -> ContentFile:
        buffer = io.BytesIO()
        Image.new("RGB", (40, 20), colour).save(buffer, "PNG")
        return ContentFile(buffer.getvalue(), name=f"{colour}.png")

    issuer.logo.save("logo.png", png("navy"))
    signatory = issuer.signatories.get()
    signatory.facsimile.save("facsimile.png", png("blue"))
    for certificate in issue_three(issuer, course, three):
        with certificate.pdf.open("rb") as f:
            [page] = pypdf.PdfReader(f).pages
            assert len(page.images) == 2  # the logo and the facsimile
        assert certificate.full_name in pdf_text(certificate)
