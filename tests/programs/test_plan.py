"""The individual internship plan of seed 002: six steps a trainee ticks off with evidence."""

import pytest

from metodset.programs import services
from metodset.programs.models import PlanProgress, Program, ProgramMember
from metodset.programs.services import completion as completion_service

from ..conftest import client_for


@pytest.fixture
def site(world):
    program = services.program_create_from_scheme(
        by=world.coordinator, kind=Program.Kind.INTERNSHIP_SITE, organizer=world.school,
        network=world.network, title="Стажировочная площадка",
    )  # fmt: skip
    services.program_publish(program=program)
    services.program_start(program=program)
    ProgramMember.objects.create(program=program, user=world.teacher, role="intern")
    return program


def test_the_scheme_has_two_modules_of_18_and_36_hours_and_six_steps(site):
    assert site.stages.filter(kind="module").count() == 2
    assert (site.hours_in_person, site.hours_self_study) == (18, 36)
    assert site.plan_steps.count() == 6


def test_a_trainee_ticks_a_step_off_with_evidence_and_the_coordinator_sees_it(world, site):
    step = site.plan_steps.order_by("order").first()
    client = client_for(world.teacher)
    page = client.get(f"/programs/{site.pk}/plan/").content.decode()
    assert "Создание рабочей группы" in page
    client.post(
        f"/programs/{site.pk}/plan/done/",
        {
            "step": step.pk,
            "evidence_url": "https://school161-chel.ru/prikaz.pdf",
            "note": "Приказ № 12",
        },
    )
    progress = PlanProgress.objects.get(step=step, user=world.teacher)
    assert progress.evidence_url.endswith("prikaz.pdf")
    grid = client_for(world.coordinator).get(f"/programs/{site.pk}/plan/").content.decode()
    assert 'data-testid="plan-grid"' in grid and "Петрова Елена Викторовна" in grid
    [row] = completion_service.completion(program=site)
    assert "выполнено шагов плана: 1 из 6" in row.missing


def test_bad_evidence_is_refused_in_russian(world, site):
    step = site.plan_steps.first()
    response = client_for(world.teacher).post(
        f"/programs/{site.pk}/plan/done/",
        {"step": step.pk, "evidence_url": "не ссылка"},
        follow=True,
    )
    assert "Введите правильный URL." in response.content.decode()
    assert not PlanProgress.objects.exists()


def test_only_trainees_tick_and_outsiders_do_not_see_the_plan(world, site):
    step = site.plan_steps.first()
    assert (
        client_for(world.coordinator)
        .post(f"/programs/{site.pk}/plan/done/", {"step": step.pk})
        .status_code
        == 403
    )
    assert client_for(world.outsider).get(f"/programs/{site.pk}/plan/").status_code == 404


def test_coordinator_keeps_the_training_calendar(world, site):
    client = client_for(world.coordinator)
    client.post(
        f"/programs/{site.pk}/plan/calendar/",
        {
            "month": "2027-01",
            "topic": "Цели и задачи ОЭР",
            "leaders": "Гришина И. В.",
        },
    )
    entry = site.calendar.get()
    assert entry.month.isoformat() == "2027-01-01"
    page = client_for(world.teacher).get(f"/programs/{site.pk}/plan/").content.decode()
    assert "Цели и задачи ОЭР" in page and "январь 2027" in page.lower()
    assert (
        client_for(world.teacher)
        .post(f"/programs/{site.pk}/plan/calendar/", {"month": "2027-02", "topic": "x"})
        .status_code
        == 403
    )


def test_a_network_internship_has_an_invariant_module_and_variative_ones_to_choose(world):
    program = services.program_create_from_scheme(
        by=world.coordinator, kind=Program.Kind.NETWORK_INTERNSHIP, organizer=world.school
    )
    services.program_publish(program=program)
    ProgramMember.objects.create(program=program, user=world.teacher, role="intern")
    modules = list(program.stages.order_by("order"))
    assert [m.variative for m in modules] == [False, True, True, True]
    assert program.hours_in_person == 6  # the invariant module; the variative ones add theirs
    chosen = modules[2]
    client = client_for(world.teacher)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert page.count('data-testid="variative"') == 3
    client.post(f"/programs/{program.pk}/modules/{chosen.pk}/choose/", {"chosen": "1"})
    assert "вы выбрали" in client.get(f"/programs/{program.pk}/").content.decode()
    coordinator_page = client_for(world.coordinator).get(f"/programs/{program.pk}/").content
    assert "выбрал 1 интерн" in coordinator_page.decode()
    assert (
        client_for(world.colleague)
        .post(f"/programs/{program.pk}/modules/{chosen.pk}/choose/", {"chosen": "1"})
        .status_code
        == 404
    )
    invariant = modules[0]
    response = client.post(
        f"/programs/{program.pk}/modules/{invariant.pk}/choose/", {"chosen": "1"}, follow=True
    )
    assert "Этот модуль общий для всех." in response.content.decode()


def test_the_evidence_file_opens_for_the_trainee_and_coordinator_only(
    world, site, settings, tmp_path, client
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    settings.FILE_SERVING = "django"
    step = site.plan_steps.order_by("order").first()
    services.plan_step_done(
        step=step,
        user=world.teacher,
        evidence_file=SimpleUploadedFile("prikaz.pdf", b"%PDF-1.4 prikaz"),
    )
    progress = PlanProgress.objects.get(step=step, user=world.teacher)
    url = f"/programs/{site.pk}/plan/evidence/{progress.pk}/"
    page = client_for(world.teacher).get(f"/programs/{site.pk}/plan/").content.decode()
    assert f'href="{url}"' in page and "/media/" not in page
    for person in (world.teacher, world.coordinator):
        response = client_for(person).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 prikaz"
    ProgramMember.objects.create(program=site, user=world.colleague, role="intern")
    for person in (world.colleague, world.outsider, world.kg_teacher):  # another trainee too
        assert client_for(person).get(url).status_code == 404
    assert client.get(url)["Location"].startswith("/login/")
    assert (
        client_for(world.teacher)
        .get(f"/programs/{site.pk + 1}/plan/evidence/{progress.pk}/")
        .status_code
        == 404
    )


def test_a_step_that_is_missing_malformed_or_of_another_programme_is_404(world, site):
    other = services.program_create_from_scheme(
        by=world.coordinator, kind=Program.Kind.INTERNSHIP_SITE, organizer=world.school,
        network=world.network, title="Другая площадка",
    )  # fmt: skip
    client = client_for(world.teacher)
    for step in ("", "шаг", "99999", other.plan_steps.first().pk):
        response = client.post(f"/programs/{site.pk}/plan/done/", {"step": step})
        assert response.status_code == 404, step
    assert not PlanProgress.objects.exists()
