"""What certificates store is Russian, even when the page that issued them was in English."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import override

from metodset.certificates import services
from metodset.certificates.models import Kind
from metodset.core.models import OutgoingEmail
from metodset.programs.models import Program
from tests import factories
from tests.core.test_first_run import latin_words

from .conftest import template_of
from .test_rendering import pdf_text


def test_templates_pdfs_and_letters_made_from_english_pages_are_russian(world, issuer):
    today = timezone.localdate()
    course = Program.objects.create(
        kind=Program.Kind.DIGITAL_INTERNSHIP,
        title="Цифровая среда начальной школы",
        organizer=world.school,
        starts_on=today - timedelta(days=60),
        ends_on=today - timedelta(days=7),
    )
    maria = factories.person(
        email="ivanova@example.ru",
        organization_=world.school,
        last_name="Иванова",
        first_name="Мария",
        middle_name="Петровна",
    )

    with override("en"):
        other = services.issuer_for(organization=world.kindergarten)
        [certificate] = services.issue_now(
            template=template_of(issuer, Kind.DEVELOPMENT),
            users=[maria],
            program=course,
            hours=Decimal(72),
            issued_on=today,
            send_email=True,
        )

    names = sorted(other.templates.values_list("name", flat=True))
    assert "Сертификат о профессиональном развитии" in names
    assert [n for n in names if latin_words(n)] == []
    assert "прошла программу «Цифровая среда начальной школы» в объёме 72 часа" in pdf_text(
        certificate
    )
    letter = OutgoingEmail.objects.get(to="ivanova@example.ru")
    assert letter.subject.startswith("Ваш документ: сертификат о профессиональном развитии № ")
    assert letter.body.startswith("Уважаемая Мария Петровна,")
    assert latin_words(letter.body) == []
    assert letter.attachments[0]["filename"].startswith("сертификат о профессиональном развитии")
