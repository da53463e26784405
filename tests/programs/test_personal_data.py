"""A person's part in programmes is in their data export; after deletion the texts they wrote
alone are cleared, and the team's work, roles and completion records stay."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from metodset.accounts.services import DELETED_NAME, person_data_export, person_delete
from metodset.programs import personal_data
from metodset.programs.models import (
    Application,
    Assignment,
    LiveSession,
    PlanProgress,
    PlanStep,
    ProgramMember,
    SessionQuestion,
    SessionSlot,
    Submission,
    SubmissionComment,
    SubmissionVersion,
    TeamMessage,
)

from .. import factories


def _application(internship, person, motivation):
    return factories.application(
        program=internship.program,
        user=person,
        city="Калининград",
        position="воспитатель",
        motivation=motivation,
        status=Application.Status.ACCEPTED,
        consent_at=timezone.now(),
    )


def _work(internship):
    """Team 1's card with the tutor's comment, and two interns' personal reflections."""
    intern, other = internship.interns[0], internship.interns[4]
    stage = internship.program.stages.order_by("order").first()
    team_task = Assignment.objects.create(
        stage=stage, title="Карта мероприятия", scope=Assignment.Scope.TEAM
    )
    own_task = Assignment.objects.create(
        stage=stage, title="Рефлексия", scope=Assignment.Scope.PERSON
    )
    team_work = Submission.objects.create(
        assignment=team_task, team=internship.teams[0], state=Submission.State.RETURNED
    )
    card = SubmissionVersion.objects.create(
        submission=team_work, number=1, author=intern, text="Игра «Весёлый счёт»", submitted=True
    )
    SubmissionComment.objects.create(
        version=card, author=internship.tutors[0], field="goals", text="Уточните цели"
    )
    for person, text in ((intern, "Я поняла, как ставить цели"), (other, "Чужая рефлексия")):
        own = Submission.objects.create(assignment=own_task, user=person)
        SubmissionVersion.objects.create(
            submission=own, number=1, author=person, text=text, card={"goals": text}
        )


def _talk(internship):
    intern, mate = internship.interns[0], internship.interns[1]
    team = internship.teams[0]
    TeamMessage.objects.create(team=team, author=intern, text="Когда сдаём карту?")
    TeamMessage.objects.create(team=team, author=mate, text="В пятницу")
    session = LiveSession.objects.create(
        stage=internship.program.stages.order_by("order").first(), title="Защита проектов"
    )
    slot = SessionSlot.objects.create(session=session, team=internship.teams[1], order=0)
    SessionQuestion.objects.create(session=session, slot=slot, author=intern, text="Сколько детей?")
    step = PlanStep.objects.create(program=internship.program, title="Изучить опыт")
    PlanProgress.objects.create(
        step=step, user=intern, note="Посетила два занятия", evidence_url="https://example.ru/1"
    )


def test_the_interns_part_is_exported_and_not_other_peoples(internship):
    intern = internship.interns[0]
    _application(internship, intern, "Хочу освоить игровые технологии")
    _application(internship, internship.interns[4], "Чужая мотивация")
    _work(internship)
    _talk(internship)

    data = person_data_export(person=intern)["programmes"]

    (application,) = data["applications"]
    assert application["programme"] == "Цифровая интернатура «Игровые технологии»"
    assert application["motivation"] == "Хочу освоить игровые технологии"
    assert application["status"] == "accepted"
    (role,) = data["roles"]
    assert role["role"] == "intern" and role["is_tutor"] is False
    assert role["team"] == {"number": 1, "name": "Радуга"}
    assert role["completion"]["completed"] is False
    assert {(w["assignment"], w["state"]) for w in data["work"]} == {
        ("Карта мероприятия", "returned"),
        ("Рефлексия", "draft"),
    }
    team_work = next(w for w in data["work"] if w["team"])
    assert team_work["versions"][0]["by_me"] is True
    assert team_work["versions"][0]["comments"][0]["text"] == "Уточните цели"
    assert "Чужая рефлексия" not in str(data)
    assert [m["text"] for m in data["messages"]] == ["Когда сдаём карту?"]
    assert [q["text"] for q in data["questions_asked"]] == ["Сколько детей?"]
    assert data["individual_plan"][0]["note"] == "Посетила два занятия"
    assert data["teams_tutored"] == [] and data["comments_written"] == []


def test_the_tutors_teams_and_comments_are_exported(internship):
    _work(internship)

    data = person_data_export(person=internship.tutors[0])["programmes"]

    assert data["roles"][0]["is_tutor"] is True
    assert data["roles"][0]["completion"] is None
    assert data["teams_tutored"] == [
        {"programme": internship.program.title, "team": {"number": 1, "name": "Радуга"}}
    ]
    assert [c["text"] for c in data["comments_written"]] == ["Уточните цели"]


def test_export_queries_do_not_grow_with_rows(internship, django_assert_max_num_queries):
    intern = internship.interns[0]
    _work(internship)
    with CaptureQueriesContext(connection) as few:
        personal_data.export(None, person=intern)
    for n in range(4):
        TeamMessage.objects.create(team=internship.teams[0], author=intern, text=f"№ {n}")
        step = PlanStep.objects.create(program=internship.program, title=f"Шаг {n}")
        PlanProgress.objects.create(step=step, user=intern)
    with django_assert_max_num_queries(len(few.captured_queries)):
        personal_data.export(None, person=intern)


def test_deletion_clears_own_texts_and_keeps_team_work_and_roles(internship):
    intern = internship.interns[0]
    application = _application(internship, intern, "Хочу освоить игровые технологии")
    _work(internship)
    _talk(internship)

    person_delete(person=intern, by=internship.coordinator)

    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED  # the funnel keeps its count
    assert application.user_id == intern.pk
    assert (application.last_name, application.first_name) == (DELETED_NAME, "")
    assert application.email.endswith("@deleted.invalid")
    assert application.motivation == application.city == application.position == ""
    assert application.consent_at is None

    own = SubmissionVersion.objects.get(submission__user=intern)
    assert (own.text, own.card) == ("", {})
    other = SubmissionVersion.objects.get(submission__user=internship.interns[4])
    assert other.text == "Чужая рефлексия"
    team_card = SubmissionVersion.objects.get(submission__team=internship.teams[0])
    assert team_card.text == "Игра «Весёлый счёт»"  # the team's product stays
    assert team_card.author_id == intern.pk

    assert list(TeamMessage.objects.order_by("pk").values_list("text", flat=True)) == [
        "",
        "В пятницу",
    ]
    assert SessionQuestion.objects.get().text == ""
    progress = PlanProgress.objects.get(user=intern)  # the mark counts for completion
    assert (progress.note, progress.evidence_url) == ("", "")
    member = ProgramMember.objects.get(user=intern)
    assert member.team == internship.teams[0]


def test_deleting_a_tutor_clears_their_comments_and_keeps_their_teams(internship):
    tutor = internship.tutors[0]
    _work(internship)

    person_delete(person=tutor, by=internship.coordinator)

    assert SubmissionComment.objects.get().text == ""
    internship.teams[0].refresh_from_db()
    assert internship.teams[0].tutor_id == tutor.pk
    assert SubmissionVersion.objects.get(submission__team=internship.teams[0]).text


def test_an_application_sent_before_the_account_existed_is_anonymised_too(internship):
    person = internship.outsider_intern
    unlinked = _application(internship, person, "Хочу научиться вести проекты")
    Application.objects.filter(pk=unlinked.pk).update(user=None, email=person.email.upper())
    someone_else = _application(internship, internship.interns[1], "Другое")
    Application.objects.filter(pk=someone_else.pk).update(user=None)

    person_delete(person=person, by=internship.coordinator)

    unlinked.refresh_from_db()
    assert (unlinked.last_name, unlinked.first_name, unlinked.motivation) == (
        "Удалённый пользователь",
        "",
        "",
    )
    assert unlinked.email.endswith("@deleted.invalid")
    someone_else.refresh_from_db()
    assert someone_else.motivation == "Другое"


def test_the_cohort_feed_and_feedback_are_exported_and_erased(internship, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from metodset.programs.models import CohortPost, Feedback
    from metodset.programs.services import cohort

    settings.MEDIA_ROOT = tmp_path
    intern = internship.interns[0]
    member = ProgramMember.objects.get(program=internship.program, user=intern)
    cohort.cohort_post_create(
        program=internship.program,
        by=intern,
        text="Моя подборка игр",
        file=SimpleUploadedFile("igry.pdf", b"%PDF-1.7"),
    )
    work = Submission.objects.create(
        assignment=internship.stage("self_study").assignments.get(kind="video"),
        team=internship.teams[0],
    )
    SubmissionVersion.objects.create(
        submission=work, number=1, video_url="https://rutube.ru/video/0123456789abcdef/"
    )
    cohort.team_video_share(submission=work, by=intern, text="Смотрите наше видео")
    cohort.feedback_write(
        program=internship.program, by=internship.coordinator, text="Спасибо", intern=member
    )
    data = person_data_export(person=intern)["programmes"]
    assert [p["text"] for p in data["cohort_feed"]] == ["Моя подборка игр", "Смотрите наше видео"]
    assert [f["text"] for f in data["feedback_received"]] == ["Спасибо"]
    written = person_data_export(person=internship.coordinator)["programmes"]
    assert [f["text"] for f in written["feedback_written"]] == ["Спасибо"]

    person_delete(person=intern, by=internship.coordinator)
    video = CohortPost.objects.get()  # the team's video stays, without her words
    assert (video.kind, video.text, video.team) == ("video", "", internship.teams[0])
    assert not Feedback.objects.exists()
    assert not list(tmp_path.rglob("igry*.pdf"))
