"""What programmes store is Russian, even when the page that wrote it was in English."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import override

from metodset.core.models import OutgoingEmail
from metodset.programs import services
from metodset.programs.models import Application, Program
from tests import factories
from tests.core.test_first_run import latin_words


def test_a_programme_made_and_applied_to_from_english_pages_stores_russian(world):
    with override("en"):
        program = services.program_create_from_scheme(
            by=world.coordinator,
            kind=Program.Kind.DIGITAL_INTERNSHIP,
            organizer=world.school,
            network=world.network,
            title="Цифровая интернатура «Смысловое чтение»",
            starts_on=timezone.localdate() + timedelta(days=10),
        )
        program.applications_open_on = timezone.localdate() - timedelta(days=1)
        program.save()
        services.program_publish(program=program)
        application = factories.application_sent(
            program=program, email="sokolova@example.ru", middle_name="Андреевна"
        )
        services.applications_decide(
            program=program, applications=[application], decision="accepted", by=world.coordinator
        )

    assert program.final_case.title == "Итоговый кейс: Цифровая интернатура «Смысловое чтение»"
    assert Application.objects.get().status == "accepted"
    letters = OutgoingEmail.objects.filter(to="sokolova@example.ru").order_by("pk")
    assert [m.subject.split(":")[0] for m in letters] == ["Заявка получена", "Вы приняты"]
    assert [m.subject for m in letters if latin_words(m.subject + m.body)] == []
