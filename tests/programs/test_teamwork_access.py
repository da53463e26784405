"""Who sees the team pages: an intern never sees another team's drafts, a tutor sees only their
teams, the coordinator sees all; the lists' query counts do not grow with their length."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.programs.models import ProgramMember, Team, TeamMessage
from metodset.programs.services import teamwork

from .. import factories
from ..conftest import client_for


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _draft(internship, team_index: int = 0):
    """A draft of the team's event card with a file, and the pages that show it."""
    team = internship.teams[team_index]
    assignment = internship.stage("first").assignments.get()
    work = teamwork.submission_for(assignment=assignment, team=team)
    version = teamwork.submission_save(
        submission=work,
        by=internship.interns[team_index * 4],
        card={"title": "Секретный черновик"},
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.7"),
    )
    message = teamwork.message_post(
        team=team,
        author=internship.interns[team_index * 4],
        text="!",
        file=SimpleUploadedFile("notes.txt", b"notes"),
    )
    return [
        f"/programs/teams/{team.pk}/",
        f"/programs/teams/{team.pk}/assignments/{assignment.pk}/",
        f"/programs/versions/{version.pk}/file/",
        f"/programs/teams/{team.pk}/messages/{message.pk}/file/",
    ]


@pytest.mark.parametrize(
    "who",
    ["other_team_intern", "other_tutor", "outsider", "teacher", "outsider_intern"],
)
def test_strangers_to_the_team_get_404_on_every_page(internship, world, who):
    urls = _draft(internship)
    person = {
        "other_team_intern": internship.interns[4],
        "other_tutor": internship.tutors[1],
        "outsider": world.outsider,
        "teacher": world.teacher,
        "outsider_intern": internship.outsider_intern,
    }[who]
    client = client_for(person)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Секретный черновик" not in response.content.decode()
    team = internship.teams[0]
    post = client.post(f"/programs/teams/{team.pk}/messages/", {"text": "Привет"})
    assert post.status_code == 404
    assert not TeamMessage.objects.filter(author=person).exists()


def test_team_members_tutor_and_coordinator_see_the_draft(internship):
    urls = _draft(internship)
    for person in [*internship.interns[:4], internship.tutors[0], internship.coordinator]:
        client = client_for(person)
        for url in urls:
            assert client.get(url).status_code == 200, (person, url)
    page = client_for(internship.tutors[0]).get(urls[1]).content.decode()
    assert "Секретный черновик" in page


def test_anonymous_visitor_is_sent_to_log_in(client, internship):
    urls = _draft(internship)
    response = client.get(urls[0])
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_tutor_sees_only_their_teams_and_the_coordinator_all(internship, world):
    url = f"/programs/{internship.program.pk}/my-teams/"
    tutor_page = client_for(internship.tutors[0]).get(url)
    assert tutor_page.status_code == 200
    assert [row["team"].number for row in tutor_page.context["rows"]] == [1]
    assert "Мои команды" in tutor_page.content.decode()

    coordinator_page = client_for(internship.coordinator).get(url)
    assert [row["team"].number for row in coordinator_page.context["rows"]] == [1, 2]

    intern_page = client_for(internship.interns[5]).get(url)
    assert [row["team"].number for row in intern_page.context["rows"]] == [2]

    for stranger in (world.outsider, world.teacher, internship.outsider_intern):
        assert client_for(stranger).get(url).status_code == 404


def test_tutors_list_shows_states_and_open_requests(internship):
    intern = internship.interns[0]
    work = teamwork.submission_for(
        assignment=internship.stage("first").assignments.get(), team=internship.teams[0]
    )
    teamwork.submission_save(
        submission=work,
        by=intern,
        card={"title": "Т", "audience": "А", "goals": "Ц", "tasks": "З"},
    )
    teamwork.submission_submit(submission=work, by=intern)
    teamwork.message_post(team=internship.teams[0], author=intern, text="Помогите", to_tutor=True)
    html = (
        client_for(internship.tutors[0])
        .get(f"/programs/{internship.program.pk}/my-teams/")
        .content.decode()
    )
    assert 'data-state="submitted"' in html and "сдано" in html
    assert 'data-state="late"' in html  # the seed's due date has passed in the fixture
    assert "1 открыт" in html


@time_machine.travel(datetime(2026, 11, 20, 9, 0, tzinfo=UTC), tick=True)
def test_workspace_shows_members_contacts_tutor_and_due_dates_in_the_viewers_zone(
    internship, world
):
    intern = internship.interns[0]
    intern.time_zone = "Asia/Kamchatka"
    intern.save()
    assignment = internship.stage("first").assignments.get()
    assignment.due_at = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    assignment.save()
    html = client_for(intern).get(f"/programs/teams/{internship.teams[0].pk}/").content.decode()
    assert "3 декабря 2026, 22:00" in html and "Камчатка (UTC+12)" in html
    assert "intern1@example.ru" in html and world.kindergarten.short_name in html
    assert "Морозова Наталья Олеговна" in html and "tutor1@example.ru" in html
    assert "intern4@example.ru" not in html  # the other team
    assert 'data-state="overdue"' not in html


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_workspace_query_count_does_not_grow_with_messages(internship):
    team, intern = internship.teams[0], internship.interns[0]
    client = client_for(internship.tutors[0])
    url = f"/programs/teams/{team.pk}/"
    teamwork.message_post(team=team, author=intern, text="Первое", to_tutor=True)
    small = _queries(client, url)
    for n in range(6):
        teamwork.message_post(
            team=team, author=internship.interns[n % 4], text=f"Сообщение {n}", to_tutor=n % 2 == 0
        )
    assert _queries(client, url) == small


def test_tutors_list_query_count_does_not_grow_with_teams(internship):
    program = internship.program
    client = client_for(internship.coordinator)
    url = f"/programs/{program.pk}/my-teams/"
    small = _queries(client, url)
    for number in (3, 4, 5):
        team = Team.objects.create(program=program, number=number, tutor=internship.tutors[0])
        for n in range(3):
            person = factories.person(email=f"extra{number}-{n}@example.ru")
            ProgramMember.objects.create(
                program=program, user=person, role=ProgramMember.Role.INTERN, team=team
            )
        teamwork.message_post(team=team, author=person, text="?", to_tutor=True)
    assert _queries(client, url) == small
