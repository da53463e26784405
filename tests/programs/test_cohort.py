"""The cohort's shared space (seed 000): the feed of the programme, a team's video shown to the
cohort only once the team shares it, the team's public questionnaire for its event's audience,
the coordinators' feedback and an accepted product put into the final case in one click."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.accounts.models import AuditEntry
from metodset.programs.models import CohortPost, Feedback, ProgramMember, Submission
from metodset.programs.services import cohort, teamwork
from metodset.programs.services.errors import ProgramError
from metodset.surveys.models import Questionnaire

from ..conftest import client_for

VIDEO = "https://rutube.ru/video/4f1c7a2b9d3e4c5f8a6b7c8d9e0f1a2b/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _video_work(internship, team_index: int = 0, *, url: str = VIDEO, file=None) -> Submission:
    """The team's video of its real event, saved and handed in."""
    team = internship.teams[team_index]
    assignment = internship.stage("self_study").assignments.get(kind="video")
    work = teamwork.submission_for(assignment=assignment, team=team)
    teamwork.submission_save(
        submission=work,
        by=internship.interns[team_index * 4],
        video_url=url,
        text="Запись онлайн-встречи с родителями",
        **({"file": file} if file else {}),
    )
    teamwork.submission_submit(submission=work, by=internship.interns[team_index * 4])
    work.refresh_from_db()
    return work


def _feed(internship, person):
    return client_for(person).get(f"/programs/{internship.program.pk}/cohort/")


# --- services -------------------------------------------------------------------------------


def test_a_post_is_written_with_its_audit_record(internship):
    post = cohort.cohort_post_create(
        program=internship.program,
        by=internship.interns[0],
        text="Подборка игр для онлайн-занятий",
        url="https://disk.yandex.ru/d/igry",
    )
    assert (post.kind, post.text, post.author) == (
        CohortPost.Kind.POST,
        "Подборка игр для онлайн-занятий",
        internship.interns[0],
    )
    entry = AuditEntry.objects.get(target_type="cohortpost", target_id=str(post.pk))
    assert (entry.action, entry.actor) == ("created", internship.interns[0])


def test_an_empty_post_is_refused(internship):
    with pytest.raises(ProgramError):
        cohort.cohort_post_create(program=internship.program, by=internship.interns[0], text=" ")
    assert not CohortPost.objects.exists()


def test_sharing_a_video_points_at_the_latest_version_with_a_video(internship):
    work = _video_work(internship)
    post = cohort.team_video_share(submission=work, by=internship.interns[1], text="Смотрите!")
    latest = work.versions.order_by("-number").first()
    assert (post.kind, post.team, post.version, post.text) == (
        CohortPost.Kind.VIDEO,
        internship.teams[0],
        latest,
        "Смотрите!",
    )
    # sharing again is the same post, never a second one
    again = cohort.team_video_share(submission=work, by=internship.interns[2])
    assert again.pk == post.pk
    assert CohortPost.objects.filter(team=internship.teams[0]).count() == 1


def test_a_work_without_a_video_cannot_be_shared(internship):
    assignment = internship.stage("self_study").assignments.get(kind="video")
    work = teamwork.submission_for(assignment=assignment, team=internship.teams[0])
    teamwork.submission_save(submission=work, by=internship.interns[0], text="Скоро будет")
    with pytest.raises(ProgramError):
        cohort.team_video_share(submission=work, by=internship.interns[0])
    card = teamwork.submission_for(
        assignment=internship.stage("first").assignments.get(), team=internship.teams[0]
    )
    with pytest.raises(ProgramError):
        cohort.team_video_share(submission=card, by=internship.interns[0])


def test_the_audience_questionnaire_is_the_public_template_made_once_per_team(internship):
    team = internship.teams[0]
    questionnaire = cohort.audience_questionnaire_create(team=team, by=internship.interns[0])
    assert questionnaire.template_key == "audience_feedback"
    assert questionnaire.public_link_enabled and questionnaire.anonymous
    assert questionnaire.status == Questionnaire.Status.OPEN
    assert "Команда 1" in questionnaire.title
    again = cohort.audience_questionnaire_create(team=team, by=internship.interns[1])
    assert again.pk == questionnaire.pk
    assert Questionnaire.objects.filter(template_key="audience_feedback").count() == 1


def test_feedback_goes_to_a_team_or_to_an_intern_of_the_programme(internship):
    program = internship.program
    member = ProgramMember.objects.get(program=program, user=internship.interns[0])
    to_team = cohort.feedback_write(
        program=program,
        by=internship.coordinator,
        text="Сильный сценарий",
        team=internship.teams[0],
    )
    to_intern = cohort.feedback_write(
        program=program, by=internship.coordinator, text="Спасибо за вёрстку", intern=member
    )
    assert (to_team.team, to_team.intern) == (internship.teams[0], None)
    assert (to_intern.team, to_intern.intern) == (None, internship.interns[0])
    with pytest.raises(ProgramError):
        cohort.feedback_write(program=program, by=internship.coordinator, text="?")
    outsider = ProgramMember.objects.get(user=internship.outsider_intern)
    with pytest.raises(ProgramError):
        cohort.feedback_write(program=program, by=internship.coordinator, text="?", intern=outsider)
    assert Feedback.objects.count() == 2
    entry = AuditEntry.objects.get(target_type="feedback", target_id=str(to_intern.pk))
    assert entry.target_repr == "Обратная связь: Интернова0 Мария Ивановна"


def test_an_accepted_product_goes_into_the_final_case_once(internship):
    work = _video_work(
        internship, file=SimpleUploadedFile("event.mp4", b"\x00\x00\x00\x18ftypmp42")
    )
    with pytest.raises(ProgramError):  # handed in, not yet accepted
        cohort.final_case_submission_add(submission=work, by=internship.coordinator)
    teamwork.submission_accept(submission=work, by=internship.tutors[0])
    material = cohort.final_case_submission_add(submission=work, by=internship.coordinator)
    assert material.kind == "video"
    assert material.url == VIDEO
    assert material.title.endswith("Команда 1 «Радуга»")
    assert material.authors.startswith("Интернова0 М.И., Интернова1 М.И.")
    assert material.file.read() == b"\x00\x00\x00\x18ftypmp42"
    case = internship.program.final_case
    assert list(case.items.values_list("material_id", flat=True)) == [material.pk]
    again = cohort.final_case_submission_add(submission=work, by=internship.coordinator)
    assert again.pk == material.pk
    assert case.items.count() == 1


# --- who sees the feed ------------------------------------------------------------------------


def test_an_intern_of_another_team_sees_a_shared_video(internship):
    work = _video_work(internship)
    cohort.team_video_share(submission=work, by=internship.interns[0])
    response = _feed(internship, internship.interns[4])  # team 2
    assert response.status_code == 200
    assert VIDEO in response.content.decode()
    assert "Команда 1" in response.content.decode()


def test_an_intern_of_another_team_does_not_see_an_unshared_video(internship):
    _video_work(internship)
    response = _feed(internship, internship.interns[4])
    assert response.status_code == 200
    assert VIDEO not in response.content.decode()


def test_a_shared_video_file_opens_for_the_cohort_and_not_before(internship):
    work = _video_work(
        internship, file=SimpleUploadedFile("event.mp4", b"\x00\x00\x00\x18ftypmp42")
    )
    version = work.versions.order_by("-number").first()
    other_team = client_for(internship.interns[4])
    assert other_team.get(f"/programs/versions/{version.pk}/file/").status_code == 404
    post = cohort.team_video_share(submission=work, by=internship.interns[0])
    response = other_team.get(f"/programs/{internship.program.pk}/cohort/{post.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x00\x00\x00\x18ftypmp42"
    # the rest of the team's work stays the team's
    assert other_team.get(f"/programs/versions/{version.pk}/file/").status_code == 404


@pytest.mark.parametrize("who", ["outsider", "outsider_intern"])
def test_people_outside_the_programme_get_404_on_the_feed(internship, world, who):
    work = _video_work(internship)
    post = cohort.team_video_share(submission=work, by=internship.interns[0])
    person = world.outsider if who == "outsider" else internship.outsider_intern
    client = client_for(person)
    base = f"/programs/{internship.program.pk}/cohort/"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}{post.pk}/file/").status_code == 404
    assert client.post(f"{base}post/", {"text": "Спам"}).status_code == 404
    assert client.post(f"{base}{post.pk}/delete/").status_code == 404
    assert CohortPost.objects.count() == 1


def test_tutors_and_coordinators_see_the_feed(internship):
    for person in (internship.tutors[1], internship.coordinator):
        assert _feed(internship, person).status_code == 200


def test_an_intern_posts_a_link_and_a_file(internship):
    client = client_for(internship.interns[5])
    response = client.post(
        f"/programs/{internship.program.pk}/cohort/post/",
        {
            "text": "Наша памятка для родителей",
            "url": "disk.yandex.ru/d/pamyatka",
            "file": SimpleUploadedFile("pamyatka.pdf", b"%PDF-1.7 memo"),
        },
    )
    assert response.status_code == 302
    post = CohortPost.objects.get()
    assert (post.url, post.file_label) == ("https://disk.yandex.ru/d/pamyatka", "pamyatka.pdf")
    page = _feed(internship, internship.interns[0]).content.decode()
    assert "Наша памятка для родителей" in page and "pamyatka.pdf" in page


def test_a_bad_file_is_refused_with_a_message_by_the_field(internship):
    client = client_for(internship.interns[5])
    response = client.post(
        f"/programs/{internship.program.pk}/cohort/post/",
        {"text": "Вот", "file": SimpleUploadedFile("virus.exe", b"MZ")},
    )
    assert response.status_code == 400
    assert "Файлы такого типа прикрепить нельзя" in response.content.decode()
    assert not CohortPost.objects.exists()


def test_only_the_author_and_coordinators_remove_a_post(internship):
    post = cohort.cohort_post_create(
        program=internship.program, by=internship.interns[0], text="Ссылка"
    )
    url = f"/programs/{internship.program.pk}/cohort/{post.pk}/delete/"
    assert client_for(internship.interns[4]).post(url).status_code == 403
    assert CohortPost.objects.filter(pk=post.pk).exists()
    assert client_for(internship.interns[0]).post(url).status_code == 302
    assert not CohortPost.objects.filter(pk=post.pk).exists()


def test_a_team_mate_takes_the_teams_video_off_the_feed_and_the_work_stays(internship):
    work = _video_work(internship)
    post = cohort.team_video_share(submission=work, by=internship.interns[0])
    url = f"/programs/{internship.program.pk}/cohort/{post.pk}/delete/"
    assert client_for(internship.interns[4]).post(url).status_code == 403
    response = client_for(internship.interns[3]).post(url, {"back": "work"})
    assert response.headers["Location"] == (
        f"/programs/teams/{internship.teams[0].pk}/assignments/{work.assignment_id}/"
    )
    assert not CohortPost.objects.exists()
    assert work.versions.filter(video_url=VIDEO).exists()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_feed_query_count_does_not_grow_with_posts(internship, django_assert_num_queries):
    client = client_for(internship.interns[5])  # of team 2, the author of nothing
    url = f"/programs/{internship.program.pk}/cohort/"
    cohort.team_video_share(submission=_video_work(internship), by=internship.interns[0])
    cohort.cohort_post_create(program=internship.program, by=internship.interns[4], text="Раз")
    small = _queries(client, url)
    cohort.team_video_share(submission=_video_work(internship, 1), by=internship.interns[4])
    cohort.cohort_post_create(program=internship.program, by=internship.interns[5], text="Два")
    for n in range(6):
        cohort.cohort_post_create(
            program=internship.program, by=internship.tutors[n % 2], text=f"Пост {n}"
        )
    with django_assert_num_queries(small):
        client.get(url)


# --- sharing, the audience, feedback and the case through the pages -------------------------


def _share_url(internship, team_index: int = 0) -> str:
    assignment = internship.stage("self_study").assignments.get(kind="video")
    return f"/programs/teams/{internship.teams[team_index].pk}/assignments/{assignment.pk}/share/"


def test_a_team_intern_shares_the_video_from_its_work(internship):
    _video_work(internship)
    response = client_for(internship.interns[1]).post(_share_url(internship), {"share-text": "Ура"})
    assert response.status_code == 302
    post = CohortPost.objects.get()
    assert (post.team, post.text) == (internship.teams[0], "Ура")


@pytest.mark.parametrize(("who", "status"), [("other_team", 404), ("tutor", 403)])
def test_others_cannot_share_a_team_video(internship, who, status):
    _video_work(internship)
    person = internship.interns[4] if who == "other_team" else internship.tutors[0]
    assert client_for(person).post(_share_url(internship)).status_code == status
    assert not CohortPost.objects.exists()


def test_the_team_makes_its_audience_questionnaire_and_sees_the_answers(internship):
    team = internship.teams[0]
    client = client_for(internship.interns[2])
    assert client.post(f"/programs/teams/{team.pk}/audience/new/").status_code == 302
    team.refresh_from_db()
    page = client.get(f"/programs/teams/{team.pk}/audience/").content.decode()
    assert team.audience_questionnaire.public_url in page
    assert "0 ответов" in page


@pytest.mark.parametrize(("who", "status"), [("other_team", 404), ("tutor", 403)])
def test_others_cannot_make_a_team_audience_questionnaire(internship, who, status):
    team = internship.teams[0]
    person = internship.interns[4] if who == "other_team" else internship.tutors[0]
    client = client_for(person)
    assert client.post(f"/programs/teams/{team.pk}/audience/new/").status_code == status
    if who == "other_team":
        assert client.get(f"/programs/teams/{team.pk}/audience/").status_code == 404
    assert not Questionnaire.objects.filter(template_key="audience_feedback").exists()


def test_the_coordinator_writes_feedback_and_the_team_reads_it(internship):
    program, team = internship.program, internship.teams[0]
    member = ProgramMember.objects.get(program=program, user=internship.interns[0])
    client = client_for(internship.coordinator)
    assert client.get(f"/programs/{program.pk}/feedback/").status_code == 200
    url = f"/programs/{program.pk}/feedback/new/"
    assert client.post(url, {"team": team.pk, "text": "Отличное событие"}).status_code == 302
    assert client.post(url, {"intern": member.pk, "text": "Ценный вклад"}).status_code == 302
    assert client.post(url, {"team": team.pk, "text": ""}).status_code == 400
    mine = client_for(internship.interns[0]).get(f"/programs/teams/{team.pk}/").content.decode()
    assert "Отличное событие" in mine and "Ценный вклад" in mine
    mate = client_for(internship.interns[1]).get(f"/programs/teams/{team.pk}/").content.decode()
    assert "Отличное событие" in mate and "Ценный вклад" not in mate


def test_interns_and_tutors_cannot_write_feedback(internship):
    program = internship.program
    for person in (internship.interns[0], internship.tutors[0]):
        client = client_for(person)
        assert client.get(f"/programs/{program.pk}/feedback/").status_code == 403
        response = client.post(
            f"/programs/{program.pk}/feedback/new/",
            {"team": internship.teams[0].pk, "text": "Я сам"},
        )
        assert response.status_code == 403
    assert (
        client_for(internship.outsider_intern).get(f"/programs/{program.pk}/feedback/").status_code
        == 404
    )
    assert not Feedback.objects.exists()


def test_the_coordinator_adds_an_accepted_product_to_the_case_in_one_click(internship):
    work = _video_work(internship)
    teamwork.submission_accept(submission=work, by=internship.tutors[0])
    team, assignment = internship.teams[0], work.assignment
    page = client_for(internship.coordinator).get(
        f"/programs/teams/{team.pk}/assignments/{assignment.pk}/"
    )
    assert "Добавить в итоговый кейс" in page.content.decode()
    url = f"/programs/teams/{team.pk}/assignments/{assignment.pk}/to-case/"
    assert client_for(internship.tutors[0]).post(url).status_code == 403
    assert client_for(internship.interns[4]).post(url).status_code == 404
    assert not internship.program.final_case.items.exists()
    assert client_for(internship.coordinator).post(url).status_code == 302
    assert internship.program.final_case.items.count() == 1


def test_feedback_through_htmx_comes_back_as_the_teams_section(internship):
    program, team = internship.program, internship.teams[1]
    member = ProgramMember.objects.get(program=program, user=internship.interns[5])
    client = client_for(internship.coordinator)
    url = f"/programs/{program.pk}/feedback/new/"
    htmx = {"HX-Request": "true"}
    response = client.post(url, {"intern": member.pk, "text": "Точные вопросы"}, headers=htmx)
    section = response.content.decode()
    assert response.status_code == 200
    assert section.lstrip().startswith(f'<section class="card shadow-sm mb-4" id="team-{team.pk}"')
    assert "Точные вопросы" in section
    response = client.post(url, {"team": team.pk, "text": " "}, headers=htmx)
    assert response.status_code == 200
    assert "Напишите обратную связь." in response.content.decode()
    assert Feedback.objects.count() == 1
    # another programme's team is not found
    other = ProgramMember.objects.get(user=internship.outsider_intern)
    response = client.post(url, {"intern": other.pk, "text": "?"}, headers=htmx)
    assert response.status_code == 404


def test_the_feedback_page_query_count_does_not_grow(internship, django_assert_num_queries):
    program = internship.program
    client = client_for(internship.coordinator)
    url = f"/programs/{program.pk}/feedback/"
    members = list(ProgramMember.objects.filter(program=program, role="intern").order_by("pk"))
    cohort.feedback_write(program=program, by=internship.coordinator, text="1", intern=members[0])
    small = _queries(client, url)
    for member in members[1:]:
        cohort.feedback_write(program=program, by=internship.coordinator, text="2", intern=member)
    for team in internship.teams:
        cohort.feedback_write(program=program, by=internship.coordinator, text="3", team=team)
    with django_assert_num_queries(small):
        client.get(url)


def test_the_final_case_page_lists_accepted_products_with_one_click_each(internship):
    work = _video_work(internship)
    teamwork.submission_accept(submission=work, by=internship.tutors[0])
    client = client_for(internship.coordinator)
    url = f"/programs/{internship.program.pk}/case/"
    page = client.get(url).content.decode()
    assert "Принятые продукты команд" in page and "Добавить в итоговый кейс" in page
    to_case = f"/programs/teams/{internship.teams[0].pk}/assignments/{work.assignment_id}/to-case/"
    response = client.post(to_case, {"back": "case"})
    assert response.headers["Location"] == url
    assert "в кейсе" in client.get(url).content.decode()
