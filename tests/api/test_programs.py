"""Programmes in the API: as the pages allow."""

from metodset.programs.models import Submission

from ..conftest import client_for


def test_an_intern_lists_her_programme_and_sees_only_her_team(internship):
    client = client_for(internship.interns[0])
    data = client.get("/api/programs").json()
    assert [p["title"] for p in data["items"]] == [internship.program.title]
    assert data["items"][0]["my_roles"] == ["intern"]
    detail = client.get(f"/api/programs/{internship.program.pk}").json()
    assert [s["kind"] for s in detail["stages"]][:2] == ["preparatory", "first"]
    assert detail["stages"][3]["talk_minutes"] == 3
    teams = client.get(f"/api/programs/{internship.program.pk}/teams").json()
    assert [t["name"] for t in teams] == ["Радуга"]
    assert len(teams[0]["members"]) == 4


def test_a_tutor_sees_her_teams_with_the_state_of_their_work(internship):
    card = internship.stage("first").assignments.get()
    Submission.objects.create(assignment=card, team=internship.teams[1], state="submitted")
    teams = (
        client_for(internship.tutors[1]).get(f"/api/programs/{internship.program.pk}/teams").json()
    )
    assert [t["name"] for t in teams] == ["Солнце"]
    assert teams[0]["submissions"][0]["state"] == "submitted"


def test_completion_is_for_coordinators(world, internship):
    url = f"/api/programs/{internship.program.pk}/completion"
    rows = client_for(world.coordinator).get(url).json()
    assert len(rows) == 8 and not any(r["completed"] for r in rows)
    assert client_for(internship.interns[0]).get(url).status_code == 403
    assert client_for(world.outsider).get(url).status_code == 404
