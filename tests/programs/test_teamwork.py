"""The team's work: submissions in versions, the tutor's review beside the fields, late work,
validation that loses nothing, video links, the thread with requests to the tutor (reminders of
due dates: test_reminders)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from metodset.programs.models import (
    Assignment,
    Submission,
    SubmissionComment,
    TeamMessage,
)
from metodset.programs.services import teamwork
from metodset.programs.services.errors import ProgramError
from metodset.programs.views.submissions import word_diff

from .. import factories
from ..conftest import client_for

State = Submission.State

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _team_work(internship, **kwargs) -> Submission:
    return teamwork.submission_for(
        assignment=factories.card_assignment(internship, **kwargs), team=internship.teams[0]
    )


# --- the state machine ----------------------------------------------------------------------


def test_every_handed_in_version_is_kept_as_it_was(internship):
    intern, tutor = internship.interns[0], internship.tutors[0]
    work = _team_work(internship)
    assert work.state == State.DRAFT
    teamwork.submission_save(submission=work, by=intern, card={"title": "Черновик"})
    teamwork.submission_save(submission=work, by=internship.interns[1], card=factories.EVENT_CARD)
    assert work.versions.count() == 1  # drafts overwrite the version not handed in

    first = teamwork.submission_submit(submission=work, by=intern)
    assert (first.number, first.submitted, work.state) == (1, True, State.SUBMITTED)
    with pytest.raises(ProgramError):
        teamwork.submission_save(submission=work, by=intern, card=factories.EVENT_CARD)

    teamwork.submission_return(
        submission=work, by=tutor, comments={"goals": "Сформулируйте цель измеримо."}
    )
    assert work.state == State.RETURNED
    second = teamwork.submission_save(
        submission=work,
        by=intern,
        card={**factories.EVENT_CARD, "goals": "Научить родителей трём играм"},
    )
    assert second.number == 2 and not second.submitted
    teamwork.submission_submit(submission=work, by=intern)
    teamwork.submission_accept(submission=work, by=tutor, comment="Отличная работа")

    work.refresh_from_db()
    assert work.state == State.ACCEPTED and work.accepted_at is not None
    v1, v2 = work.versions.order_by("number")
    assert v1.card["goals"] == factories.EVENT_CARD["goals"] and v1.submitted
    assert v2.card["goals"] == "Научить родителей трём играм" and v2.submitted
    assert [(c.field, c.text) for c in v1.comments.all()] == [
        ("goals", "Сформулируйте цель измеримо.")
    ]
    assert [(c.field, c.text) for c in v2.comments.all()] == [("", "Отличная работа")]
    with pytest.raises(ProgramError):
        teamwork.submission_save(submission=work, by=intern, card=factories.EVENT_CARD)


def test_handing_in_again_unchanged_after_a_return_makes_a_version_of_its_own(internship):
    intern = internship.interns[0]
    work = _team_work(internship)
    teamwork.submission_save(submission=work, by=intern, card=factories.EVENT_CARD)
    teamwork.submission_submit(submission=work, by=intern)
    teamwork.submission_return(submission=work, by=internship.tutors[0], comments={}, general="?")
    again = teamwork.submission_submit(submission=work, by=intern)
    assert again.number == 2 and again.card == factories.EVENT_CARD
    assert work.versions.get(number=1).comments.get().text == "?"


def test_return_needs_at_least_one_comment(internship):
    intern = internship.interns[0]
    work = _team_work(internship)
    teamwork.submission_save(submission=work, by=intern, card=factories.EVENT_CARD)
    teamwork.submission_submit(submission=work, by=intern)
    with pytest.raises(ValidationError) as error:
        teamwork.submission_return(
            submission=work, by=internship.tutors[0], comments={"goals": "  "}
        )
    assert error.value.message_dict == {
        "general": ["Напишите хотя бы одно замечание: что команде изменить?"]
    }
    assert work.state == State.SUBMITTED


def test_a_draft_cannot_be_returned_or_accepted(internship):
    work = _team_work(internship)
    with pytest.raises(ProgramError):
        teamwork.submission_accept(submission=work, by=internship.tutors[0])
    with pytest.raises(ProgramError):
        teamwork.submission_return(
            submission=work, by=internship.tutors[0], comments={}, general="x"
        )


def test_late_work_is_marked_not_refused(internship):
    intern = internship.interns[0]
    work = _team_work(internship, due_in=-timedelta(hours=3))
    teamwork.submission_save(submission=work, by=intern, card=factories.EVENT_CARD)
    teamwork.submission_submit(submission=work, by=intern)
    assert (work.state, work.late) == (State.SUBMITTED, True)

    html = client_for(intern).get(f"/programs/teams/{internship.teams[0].pk}/").content.decode()
    assert "с опозданием" in html


def test_only_the_first_hand_in_can_be_late(internship):
    intern = internship.interns[0]
    work = _team_work(internship, due_in=timedelta(hours=1))
    teamwork.submission_save(submission=work, by=intern, card=factories.EVENT_CARD)
    teamwork.submission_submit(submission=work, by=intern)
    teamwork.submission_return(submission=work, by=internship.tutors[0], comments={"tasks": "!"})
    teamwork.submission_submit(submission=work, by=intern, now=timezone.now() + timedelta(days=2))
    assert (work.state, work.late) == (State.SUBMITTED, False)


def test_no_due_date_is_never_late(internship):
    intern = internship.interns[0]
    work = _team_work(internship, due_in=None)
    teamwork.submission_save(submission=work, by=intern, card=factories.EVENT_CARD)
    teamwork.submission_submit(submission=work, by=intern)
    assert work.late is False


# --- validation: Russian messages per field, nothing lost ---------------------------------------


def test_handing_in_names_each_missing_field_in_russian_and_keeps_what_was_typed(internship):
    intern = internship.interns[0]
    assignment = factories.card_assignment(internship)
    url = f"/programs/teams/{internship.teams[0].pk}/assignments/{assignment.pk}/"
    response = client_for(intern).post(
        url + "submit/",
        {"title": "Квест «В гостях у сказки»", "product": "Памятка"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "То, что вы ввели, сохранено как черновик, но работа ещё не сдана:" in html
    form = response.context["form"]
    for key in ("audience", "goals", "tasks"):
        assert form.errors[key] == ["Заполните это поле, чтобы сдать карточку."]
    assert "title" not in form.errors
    assert 'value="Квест «В гостях у сказки»"' in html
    assert "Памятка</textarea>" in html

    work = Submission.objects.get(assignment=assignment, team=internship.teams[0])
    assert work.state == State.DRAFT
    assert work.versions.get().card == {"title": "Квест «В гостях у сказки»", "product": "Памятка"}


def test_hand_in_through_the_page(internship):
    intern = internship.interns[1]
    assignment = factories.card_assignment(internship)
    url = f"/programs/teams/{internship.teams[0].pk}/assignments/{assignment.pk}/"
    response = client_for(intern).post(url + "submit/", factories.EVENT_CARD, follow=True)
    assert response.status_code == 200
    assert "Работа сдана. Тьютору отправлено письмо." in response.content.decode()
    work = Submission.objects.get(assignment=assignment, team=internship.teams[0])
    assert work.state == State.SUBMITTED
    assert work.versions.get().card == factories.EVENT_CARD


def test_too_long_card_field_is_refused_with_its_length(internship):
    work = _team_work(internship)
    with pytest.raises(ValidationError) as error:
        teamwork.submission_save(
            submission=work, by=internship.interns[0], card={"goals": "ц" * 5001}
        )
    assert error.value.message_dict == {"goals": ["Не более 5000 символов; сейчас 5001."]}
    assert not work.versions.exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://rutube.ru/video/0123456789abcdef0123456789abcdef/",
        "rutube.ru/video/0123456789abcdef/",
        "https://vk.com/video-123456_456239017",
        "https://vkvideo.ru/video-123456_456239017",
        "https://vk.com/club123?z=video-123456_456239017",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=10",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
    ],
)
def test_video_links_to_rutube_vk_and_youtube_are_taken(url):
    assert teamwork.video_url_check(url).startswith("https://")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "https://disk.yandex.ru/i/abc",
            "Дайте ссылку на видео в RuTube, VK Видео или YouTube (например, "
            "https://rutube.ru/video/…) или загрузите файл с видео.",
        ),
        (
            "https://youtube.com.evil.example/watch?v=1",
            "Дайте ссылку на видео в RuTube, VK Видео или YouTube (например, "
            "https://rutube.ru/video/…) или загрузите файл с видео.",
        ),
        (
            "https://www.youtube.com/",
            "Это ссылка на YouTube, но не на видео: откройте видео и скопируйте адрес "
            "из адресной строки браузера.",
        ),
        (
            "https://vk.com/club123",
            "Это ссылка на VK Video, но не на видео: откройте видео и скопируйте адрес "
            "из адресной строки браузера.",
        ),
    ],
)
def test_other_video_links_are_explained_in_russian(url, message):
    with pytest.raises(ValidationError) as error:
        teamwork.video_url_check(url)
    assert error.value.messages == [message]


def _video_work(internship) -> Submission:
    assignment = internship.stage("self_study").assignments.get()
    return teamwork.submission_for(assignment=assignment, team=internship.teams[0])


def test_video_upload_within_the_limit_and_of_a_video_type(internship, settings):
    settings.PROGRAM_VIDEO_MAX_BYTES = 1024 * 1024
    intern = internship.interns[0]
    work = _video_work(internship)

    def save(name: str, content: bytes):
        return teamwork.submission_save(
            submission=work, by=intern, file=SimpleUploadedFile(name, content)
        )

    with pytest.raises(ValidationError) as error:
        save("event.mp4", MP4 + b"\x00" * (1024 * 1024))
    assert error.value.message_dict["file"] == [
        "Видео больше 1 МБ. Загрузите его в RuTube, VK Видео или YouTube и дайте ссылку."
    ]
    with pytest.raises(ValidationError) as error:
        save("event.exe", MP4)
    assert error.value.message_dict["file"][0].startswith("Это не видеофайл. Допустимы:")
    with pytest.raises(ValidationError) as error:
        save("event.mp4", b"MZ\x90\x00 not a video at all")
    assert error.value.message_dict["file"] == [
        "Файл назван как видео, но его содержимое — не видео."
    ]
    assert not work.versions.exists()

    version = save("Событие команды.mp4", MP4)
    assert version.file.name.endswith(".mp4")
    teamwork.submission_submit(submission=work, by=intern)
    assert work.state == State.SUBMITTED


def test_video_work_needs_a_link_or_a_file_to_be_handed_in(internship):
    work = _video_work(internship)
    teamwork.submission_save(submission=work, by=internship.interns[0], text="О событии")
    with pytest.raises(ValidationError) as error:
        teamwork.submission_submit(submission=work, by=internship.interns[0])
    assert error.value.message_dict == {
        "video_url": ["Дайте ссылку на видео в RuTube, VK Видео или YouTube или загрузите файл."]
    }
    teamwork.submission_save(
        submission=work, by=internship.interns[0], video_url="https://youtu.be/dQw4w9WgXcQ"
    )
    teamwork.submission_submit(submission=work, by=internship.interns[0])
    assert work.state == State.SUBMITTED


def test_a_bad_video_link_on_the_page_keeps_everything_typed(internship):
    assignment = internship.stage("self_study").assignments.get()
    url = f"/programs/teams/{internship.teams[0].pk}/assignments/{assignment.pk}/"
    response = client_for(internship.interns[0]).post(
        url + "save/",
        {"video_url": "https://disk.yandex.ru/i/abc", "text": "Провели квест"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Дайте ссылку на видео в RuTube, VK Видео или YouTube" in html
    assert "https://disk.yandex.ru/i/abc" in html and "Провели квест" in html


def test_card_files_are_checked_like_event_materials(internship):
    work = _team_work(internship)
    intern = internship.interns[0]
    with pytest.raises(ValidationError) as error:
        teamwork.submission_save(
            submission=work, by=intern, file=SimpleUploadedFile("run.exe", b"MZ")
        )
    assert error.value.message_dict["file"][0].startswith(
        "Файлы такого типа прикрепить нельзя. Можно:"
    )
    with pytest.raises(ValidationError) as error:
        teamwork.submission_save(
            submission=work, by=intern, file=SimpleUploadedFile("plan.pdf", b"<html>")
        )
    assert error.value.message_dict["file"] == [
        "Содержимое файла не соответствует его типу (.pdf)."
    ]
    version = teamwork.submission_save(
        submission=work,
        by=intern,
        card=factories.EVENT_CARD,
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.7"),
    )
    assert version.file
    # a new draft after a handed-in version keeps the file until it is replaced
    teamwork.submission_submit(submission=work, by=intern)
    teamwork.submission_return(submission=work, by=internship.tutors[0], comments={"file": "!"})
    second = teamwork.submission_save(submission=work, by=intern, card=factories.EVENT_CARD)
    assert second.number == 2 and second.file.name == version.file.name
    third = teamwork.submission_save(
        submission=work, by=intern, card=factories.EVENT_CARD, clear_file=True
    )
    assert third.pk == second.pk and not third.file


def test_word_diff_marks_deleted_and_added_words_and_escapes():
    html = word_diff("Познакомить родителей <b>с играми</b>", "Научить родителей <b>с играми</b>")
    assert '<del class="text-danger">Познакомить</del>' in html
    assert '<ins class="text-success">Научить</ins>' in html
    assert "&lt;b&gt;" in html and "<b>" not in html


# --- the tutor's review on the pages ---------------------------------------------------------


def test_tutor_comments_stand_beside_their_fields_for_the_team(internship):
    intern, tutor = internship.interns[0], internship.tutors[0]
    work = _team_work(internship)
    teamwork.submission_save(submission=work, by=intern, card=factories.EVENT_CARD)
    teamwork.submission_submit(submission=work, by=intern)
    url = f"/programs/teams/{internship.teams[0].pk}/assignments/{work.assignment_id}/"

    review = client_for(tutor).get(url)
    assert review.context["mode"] == "review"
    response = client_for(tutor).post(
        url + "return/",
        {
            "comment_goals": "Цель должна быть измеримой.",
            "general": "Хорошее начало.",
        },
    )
    assert response.status_code == 302
    page = client_for(intern).get(url)
    assert page.context["mode"] == "edit"
    rows = {row["key"]: row for row in page.context["rows"]}
    assert [c.text for c in rows["goals"]["comments"]] == ["Цель должна быть измеримой."]
    assert rows["tasks"]["comments"] == []
    html = page.content.decode()
    assert 'data-testid="comment-goals"' in html and "Хорошее начало." in html
    assert (
        rows["goals"]["field"].value() == factories.EVENT_CARD["goals"]
    )  # the card is there to fix


def test_history_shows_what_changed_between_versions(internship):
    intern = internship.interns[0]
    work = _team_work(internship)
    teamwork.submission_save(submission=work, by=intern, card=factories.EVENT_CARD)
    teamwork.submission_submit(submission=work, by=intern)
    teamwork.submission_return(submission=work, by=internship.tutors[0], comments={"goals": "!"})
    teamwork.submission_save(
        submission=work,
        by=intern,
        card={**factories.EVENT_CARD, "goals": "Научить родителей трём играм"},
    )
    url = f"/programs/teams/{internship.teams[0].pk}/assignments/{work.assignment_id}/"
    history = client_for(intern).get(url).context["history"]
    assert [item["version"].number for item in history] == [2, 1]
    [change] = history[0]["changes"]
    assert change["label"] == "Цели события"
    assert '<ins class="text-success">Научить</ins>' in change["diff"]
    assert len(history[1]["changes"]) == len(
        factories.EVENT_CARD
    )  # the first version shows the whole card


def test_tutor_cannot_edit_and_intern_cannot_review(internship):
    intern, tutor = internship.interns[0], internship.tutors[0]
    work = _team_work(internship)
    url = f"/programs/teams/{internship.teams[0].pk}/assignments/{work.assignment_id}/"
    assert client_for(tutor).post(url + "save/", factories.EVENT_CARD).status_code == 403
    teamwork.submission_save(submission=work, by=intern, card=factories.EVENT_CARD)
    teamwork.submission_submit(submission=work, by=intern)
    assert client_for(intern).post(url + "accept/").status_code == 403
    work.refresh_from_db()
    assert work.state == State.SUBMITTED
    assert client_for(tutor).post(url + "accept/").status_code == 302
    work.refresh_from_db()
    assert work.state == State.ACCEPTED


def test_personal_work_is_seen_by_its_intern_and_tutor_not_by_team_mates(internship):
    assignment = Assignment.objects.create(
        stage=internship.stage("self_study"),
        title="Рефлексивное эссе",
        kind=Assignment.Kind.FREE,
        scope=Assignment.Scope.PERSON,
    )
    owner, mate = internship.interns[0], internship.interns[1]
    team = internship.teams[0]
    mine = client_for(owner).post(
        f"/programs/assignments/{assignment.pk}/mine/submit/",
        {"text": "Моё эссе"},
    )
    assert mine.status_code == 302
    work = Submission.objects.get(assignment=assignment, user=owner)
    assert work.state == State.SUBMITTED

    url = f"/programs/teams/{team.pk}/assignments/{assignment.pk}/interns/{owner.pk}/"
    assert client_for(mate).get(url).status_code == 404
    assert client_for(internship.tutors[1]).get(url).status_code == 404
    assert client_for(owner).get(url).status_code == 302  # to their own page
    page = client_for(internship.tutors[0]).get(url)
    assert page.status_code == 200 and "Моё эссе" in page.content.decode()
    assert client_for(internship.tutors[0]).post(url + "accept/").status_code == 302
    work.refresh_from_db()
    assert work.state == State.ACCEPTED
    assert client_for(internship.coordinator).get(url).status_code == 200
    assert (
        client_for(internship.tutors[0])
        .get(f"/programs/assignments/{assignment.pk}/mine/")
        .status_code
        == 404
    )


# --- e-mails through a real SMTP server -------------------------------------------------------


def test_handing_in_tells_the_tutor_and_returning_tells_the_team(
    internship, smtp, django_capture_on_commit_callbacks
):
    intern, tutor = internship.interns[0], internship.tutors[0]
    work = _team_work(internship)
    with django_capture_on_commit_callbacks(execute=True):
        teamwork.submission_save(submission=work, by=intern, card=factories.EVENT_CARD)
        teamwork.submission_submit(submission=work, by=intern)
    [letter] = smtp.wait_for(1)
    assert letter["To"] == "tutor1@example.ru"
    assert letter["Subject"].strip() == "Сдано на проверку: Проект дистанционного события"
    text = smtp.text_of(letter)
    assert "Уважаемая Наталья Олеговна" in text
    assert "Команда 1 «Радуга» сдала «Проект дистанционного события» на проверку (версия 1)." in (
        text
    )
    assert f"/programs/teams/{internship.teams[0].pk}/assignments/{work.assignment_id}/" in text

    smtp.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        teamwork.submission_return(
            submission=work,
            by=tutor,
            comments={"goals": "Сформулируйте цель измеримо."},
            general="Хорошее начало.",
        )
    letters = smtp.wait_for(4)
    assert sorted(m["To"] for m in letters) == [f"intern{n}@example.ru" for n in range(4)]
    text = smtp.text_of(letters[0])
    assert letters[0]["Subject"].strip() == (
        "Возвращено с замечаниями: Проект дистанционного события"
    )
    assert "— Цели события: Сформулируйте цель измеримо." in text
    assert "Хорошее начало." in text


def test_request_to_the_tutor_is_emailed_and_shown_as_such(
    internship, smtp, django_capture_on_commit_callbacks
):
    intern, tutor = internship.interns[2], internship.tutors[0]
    team = internship.teams[0]
    client = client_for(intern)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/programs/teams/{team.pk}/messages/",
            {
                "text": "Как сформулировать задачи события?",
                "to_tutor": "on",
                "file": SimpleUploadedFile("plan.pdf", b"%PDF-1.7 plan"),
            },
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card shadow-sm" id="thread"')
    assert "Запрос отправлен тьютору." in html
    assert "запрос тьютору" in html and "plan.pdf" in html

    [letter] = smtp.wait_for(1)
    assert letter["To"] == "tutor1@example.ru"
    assert letter["Subject"].strip() == "Запрос тьютору: Команда 1 «Радуга»"
    text = smtp.text_of(letter)
    assert "Как сформулировать задачи события?" in text
    assert "Интернова2 Мария Ивановна (Команда 1 «Радуга») просит вас о помощи:" in text

    message = TeamMessage.objects.get(team=team)
    assert message.to_tutor and message.file
    file_url = f"/programs/teams/{team.pk}/messages/{message.pk}/file/"
    assert b"".join(client.get(file_url).streaming_content) == b"%PDF-1.7 plan"
    assert client_for(internship.interns[4]).get(file_url).status_code == 404

    resolve = f"/programs/teams/{team.pk}/messages/{message.pk}/resolve/"
    assert client.post(resolve).status_code == 403
    assert client_for(tutor).post(resolve).status_code == 302
    message.refresh_from_db()
    assert message.resolved_at is not None
    html = client.get(f"/programs/teams/{team.pk}/").content.decode()
    assert "запрос тьютору · есть ответ" in html


def test_the_tutor_answers_in_the_thread_without_asking_himself(internship):
    team, tutor = internship.teams[0], internship.tutors[0]
    response = client_for(tutor).post(
        f"/programs/teams/{team.pk}/messages/", {"text": "Начните с цели.", "to_tutor": "on"}
    )
    assert response.status_code == 302
    message = TeamMessage.objects.get(team=team)
    assert message.author == tutor and not message.to_tutor


def test_an_empty_message_is_refused_in_russian(internship):
    response = client_for(internship.interns[0]).post(
        f"/programs/teams/{internship.teams[0].pk}/messages/",
        {"text": "  "},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Напишите сообщение." in response.content.decode()
    assert not TeamMessage.objects.exists()


def test_comments_are_stored_on_the_version_the_tutor_read(internship):
    intern = internship.interns[0]
    work = _team_work(internship)
    teamwork.submission_save(submission=work, by=intern, card=factories.EVENT_CARD)
    read = teamwork.submission_submit(submission=work, by=intern)
    teamwork.submission_return(
        submission=work, by=internship.tutors[0], comments={"goals": "a", "emotions": "b"}
    )
    assert set(SubmissionComment.objects.values_list("version_id", "field")) == {
        (read.pk, "goals"),
        (read.pk, "emotions"),
    }
