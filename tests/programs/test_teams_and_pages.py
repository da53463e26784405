"""Teams formed from the interns, tutors, the programme's pages and who may open them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from metodset.accounts.models import Membership
from metodset.events.models import Event, Registration
from metodset.programs import services
from metodset.programs.models import Application, Program, ProgramMember, Submission, Team
from metodset.programs.services import completion as completion_service

from .. import factories
from ..conftest import client_for

Role = ProgramMember.Role


def _program_with_interns(world, cities: list[tuple[str, int]]) -> Program:
    """Interns applied from the given (city, organisation number) pairs."""
    program = services.program_create_from_scheme(
        by=world.coordinator,
        kind=Program.Kind.DIGITAL_INTERNSHIP,
        organizer=world.school,
        network=world.network,
    )
    orgs: dict[int, object] = {}
    for n, (city, org) in enumerate(cities):
        orgs.setdefault(org, factories.organization(city=city))
        person = factories.person(email=f"p{n}@example.ru", organization_=orgs[org])
        ProgramMember.objects.create(program=program, user=person, role=Role.INTERN)
        Application.objects.create(
            program=program, user=person, email=person.email, last_name="И", first_name="А",
            city=city, organization=orgs[org], status="accepted",
        )  # fmt: skip
    for n in range(3):
        tutor = factories.person(
            email=f"tutor-{n}@example.ru", organization_=world.kindergarten, role="methodist"
        )
        ProgramMember.objects.create(program=program, user=tutor, role=Role.TUTOR)
    return program


def test_teams_of_three_or_four_mix_cities_and_get_tutors_evenly(world):
    cities = [("Омск", n % 5) for n in range(5)] + [("Тула", 10 + n % 4) for n in range(5)]
    program = _program_with_interns(world, cities)
    formation = services.teams_form(program=program, by=world.coordinator)
    teams = list(program.teams.order_by("number"))
    sizes = sorted(t.members.count() for t in teams)
    assert sizes == [3, 3, 4]
    assert formation.same_organization_pairs == 0
    for team in teams:
        team_cities = {
            m.user.memberships.first().organization.city
            for m in team.members.select_related("user")
        }
        assert team_cities == {"Омск", "Тула"}
    loads = sorted(
        program.teams.filter(tutor=t.user).count() for t in program.members.filter(role="tutor")
    )
    assert loads == [1, 1, 1]


def test_teams_are_not_reformed_once_they_work(world, internship):
    assignment = internship.stage("first").assignments.get()
    Submission.objects.create(assignment=assignment, team=internship.teams[0])
    with pytest.raises(services.ProgramError, match="вручную"):
        services.teams_form(program=internship.program, by=world.coordinator)


def test_wishes_to_work_together_are_kept(world):
    program = _program_with_interns(world, [("Омск", n) for n in range(8)])
    a, b = ProgramMember.objects.filter(program=program, role=Role.INTERN).order_by("pk")[:2]
    ProgramMember.objects.filter(pk__in=[a.pk, b.pk]).update(together=1)
    services.teams_form(program=program, by=world.coordinator)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.team_id == b.team_id


def test_a_tutor_from_another_organisation_opens_the_programmes_events(world):
    """The programme page links its events to everybody in it; a tutor added on the teams
    page is registered for them, so the links open instead of answering 404."""
    program = services.program_create_from_scheme(
        by=world.coordinator,
        kind=Program.Kind.DIGITAL_INTERNSHIP,
        organizer=world.school,
        network=world.network,
    )
    services.program_publish(program=program)
    tutor = factories.person(
        email="new-tutor@example.ru", organization_=world.kindergarten, role="methodist"
    )
    client_for(world.coordinator).post(
        f"/programs/{program.pk}/tutors/new/", {"email": tutor.email}
    )
    events = list(Event.objects.filter(program_stages__program=program))
    assert len(events) == 3
    page = client_for(tutor).get(f"/programs/{program.pk}/").content.decode()
    for event in events:
        assert f"/events/{event.pk}/" in page
        assert client_for(tutor).get(f"/events/{event.pk}/").status_code == 200
    assert Registration.objects.filter(user=tutor, status="registered").count() == 3


def test_coordinator_moves_an_intern_and_sees_the_diversity(world, internship):
    member = ProgramMember.objects.get(user=internship.interns[0], program=internship.program)
    client = client_for(world.coordinator)
    page = client.get(f"/programs/{internship.program.pk}/teams/").content.decode()
    assert "Радуга" in page and 'data-testid="diversity"' in page
    client.post(
        f"/programs/{internship.program.pk}/interns/{member.pk}/move/",
        {"team": internship.teams[1].pk},
    )
    member.refresh_from_db()
    assert member.team == internship.teams[1]


def test_completion_names_what_each_intern_lacks(world, internship):
    program = internship.program
    events = list(program.stages.get(kind="first").events.all()) + list(
        program.stages.get(kind="second").events.all()
    )
    done, lacking = internship.interns[0], internship.interns[4]
    for event in events:
        Registration.objects.update_or_create(
            event=event, user=done, defaults={"status": "registered", "attended_at": timezone.now()}
        )
    card = program.stages.get(kind="first").assignments.get()
    video = program.stages.get(kind="self_study").assignments.get()
    Submission.objects.create(assignment=card, team=internship.teams[0], state="accepted")
    Submission.objects.create(assignment=video, team=internship.teams[0], state="submitted")
    Submission.objects.create(assignment=card, team=internship.teams[1], state="returned")
    questionnaire = services.programs.reflection_questionnaire(program)
    from metodset.surveys.models import Invitation

    Invitation.objects.create(questionnaire=questionnaire, user=done, answered_at=timezone.now())
    rows = {r.user: r for r in completion_service.completion(program=program)}
    assert rows[done].eligible
    assert not rows[lacking].eligible
    assert rows[lacking].missing == [
        "посещено событий: 0 из 3 (нужно 2)",
        "«Проект дистанционного события» — ещё не принято",
        "«Видеоролик проведённого события» — не сдано",
        "рефлексивная анкета не заполнена",
    ]
    html = client_for(world.coordinator).get(f"/programs/{program.pk}/completion/").content.decode()
    assert "Программу завершили 1 из 8 интернов." in html


COORDINATOR_PAGES = [
    "/programs/{pk}/edit/",
    "/programs/{pk}/applications/",
    "/programs/{pk}/teams/",
    "/programs/{pk}/case/",
    "/programs/{pk}/completion/",
    "/programs/{pk}/dashboard/",
]


@pytest.mark.parametrize("path", COORDINATOR_PAGES)
def test_coordinator_pages_open_for_coordinators_only(world, internship, path):
    url = path.format(pk=internship.program.pk)
    assert client_for(world.coordinator).get(url).status_code == 200
    assert client_for(world.methodist).get(url).status_code == 200  # staff of the organiser
    assert client_for(internship.interns[0]).get(url).status_code == 403
    assert client_for(internship.tutors[0]).get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(internship.outsider_intern).get(url).status_code == 404


def test_the_scheme_page_is_for_the_programmes_people(world, internship):
    url = f"/programs/{internship.program.pk}/"
    intern_page = client_for(internship.interns[0]).get(url)
    assert intern_page.status_code == 200
    html = intern_page.content.decode()
    assert 'data-testid="intern-now"' in html
    assert "Радуга" in html and "Солнце" not in html  # the other team is not listed
    assert client_for(internship.tutors[1]).get(url).status_code == 200
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(internship.outsider_intern).get(url).status_code == 404


def test_posts_of_coordinators_are_refused_to_interns(world, internship):
    program = internship.program
    member = ProgramMember.objects.get(user=internship.interns[0], program=program)
    intern = client_for(internship.interns[1])
    assert intern.post(f"/programs/{program.pk}/finish/").status_code == 403
    assert (
        intern.post(
            f"/programs/{program.pk}/interns/{member.pk}/move/", {"team": internship.teams[1].pk}
        ).status_code
        == 403
    )
    assert intern.post(f"/programs/{program.pk}/teams/form/").status_code == 403
    program.refresh_from_db()
    member.refresh_from_db()
    assert program.status == Program.Status.RUNNING
    assert member.team == internship.teams[0]


def test_final_case_shows_to_interns_when_published(world, internship, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    program = internship.program
    coordinator = client_for(world.coordinator)
    coordinator.post(
        f"/programs/{program.pk}/case/",
        {"title": "Методические рекомендации по онлайн-событиям", "kind": "recommendations",
         "url": "https://example.ru/rec.pdf"},
    )  # fmt: skip
    intern = client_for(internship.interns[0])
    assert (
        "Методические рекомендации" not in intern.get(f"/programs/{program.pk}/").content.decode()
    )
    coordinator.post(f"/programs/{program.pk}/case/shown/", {"published": "1"})
    html = intern.get(f"/programs/{program.pk}/").content.decode()
    assert 'data-testid="final-case"' in html
    assert "Методические рекомендации по онлайн-событиям" in html


def test_create_from_the_scheme_through_the_page(world):
    client = client_for(world.coordinator)
    assert client_for(world.teacher).get("/programs/new/").status_code == 403
    starts = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = client.post(
        "/programs/new/",
        {
            "kind": "digital_internship",
            "title": "Интернатура",
            "topic": "",
            "organizer": world.school.pk,
            "network": world.network.pk,
            "starts_on": starts,
        },
    )
    program = Program.objects.get()
    assert response["Location"] == f"/programs/{program.pk}/edit/"
    assert program.stages.count() == 6
    client.post(f"/programs/{program.pk}/publish/")
    program.refresh_from_db()
    assert program.status == Program.Status.RECRUITING
    assert program.stages.get(kind="first").events.get().status == "published"


def test_programme_list_query_count_does_not_grow(world):
    client = client_for(world.coordinator)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/programs/").status_code == 200
        return len(ctx.captured_queries)

    services.program_create_from_scheme(
        by=world.coordinator, kind="digital_internship", organizer=world.school
    )
    small = count()
    for _ in range(3):
        services.program_create_from_scheme(
            by=world.coordinator, kind="internship_site", organizer=world.school
        )
    assert count() == small
    assert Membership.objects.exists()
    assert Team.objects.count() == 0


def test_the_week_shows_work_due_and_work_to_review(world, internship):
    from metodset.programs.models import Submission

    card = internship.stage("first").assignments.get()
    card.due_at = timezone.now() + timedelta(days=2)
    card.save()
    intern_home = client_for(internship.interns[0]).get("/").content.decode()
    assert 'data-testid="week-programs"' in intern_home
    assert "Сдать «Проект дистанционного события»" in intern_home
    Submission.objects.create(assignment=card, team=internship.teams[0], state="submitted")
    tutor_home = client_for(internship.tutors[0]).get("/").content.decode()
    assert "1 работа ждёт проверки" in tutor_home
    assert "Сдать «Проект" not in client_for(internship.interns[0]).get("/").content.decode()


def test_home_query_count_does_not_grow_with_programmes(world, internship):
    client = client_for(internship.interns[0])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for _ in range(3):
        other = services.program_create_from_scheme(
            by=world.coordinator, kind="digital_internship", organizer=world.school
        )
        services.program_publish(program=other)
        ProgramMember.objects.create(program=other, user=internship.interns[0], role="intern")
    assert count() == small


def test_the_reflection_questionnaire_goes_out_when_its_stage_begins(world, internship):
    from metodset.programs.services.programs import reflection_questionnaire, reflections_send_due
    from metodset.surveys.models import Invitation

    program = internship.program
    stage = internship.stage("self_study")
    assert reflections_send_due(today=stage.starts_on - timedelta(days=1)) == 0
    assert reflections_send_due(today=stage.starts_on) == 1
    questionnaire = reflection_questionnaire(program)
    assert questionnaire.status == "open"
    assert Invitation.objects.filter(questionnaire=questionnaire).count() == 8
    assert reflections_send_due(today=stage.starts_on) == 0  # once


def test_wishes_named_in_applications_keep_colleagues_together(world):
    program = _program_with_interns(world, [("Омск", n) for n in range(8)])
    first, second = Application.objects.filter(program=program).order_by("pk")[:2]
    first.together_with = second.email
    first.save()
    services.teams_form(program=program, by=world.coordinator)
    team_of = dict(
        ProgramMember.objects.filter(program=program, role="intern").values_list(
            "user_id", "team_id"
        )
    )
    assert team_of[first.user_id] == team_of[second.user_id]


@pytest.mark.parametrize("material", ["", "x", "99999"])
def test_removing_a_material_that_is_not_one_is_404(world, internship, material):
    coordinator = client_for(world.coordinator)

    response = coordinator.post(
        f"/programs/{internship.program.pk}/case/remove/", {"material": material}
    )

    assert response.status_code == 404
