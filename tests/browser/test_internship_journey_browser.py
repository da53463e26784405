"""The whole seed-000 script in Debian's chromium, as the people would walk it.

The network coordinator creates a digital pedagogical internship from the scheme and opens
recruitment; twelve teachers of five cities apply on the public page; the coordinator accepts
ten and rejects two, adds tutors and forms mixed teams; an accepted newcomer sets her password
from the letter, her team hands the event card in, the tutor returns it with a comment on
«Цели события», the team fixes it and the tutor accepts; the live session of the second stage
runs with its timer on the big screen and a question from a phone; the team hands its video
link in; the interns get the reflection questionnaire; the coordinator fills the final case
and finishes the programme; the interns see the case; attendance is marked and the
completion list says who completed the programme and why the others did not.
"""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from metodset.accounts.models import Membership
from metodset.events.models import Registration
from metodset.programs.models import (
    Application,
    Program,
    ProgramMember,
    SessionQuestion,
    Submission,
    Team,
)
from metodset.surveys.models import Invitation

from .. import factories
from ..conftest import browser_login
from ..programs.conftest import finish_in_the_past

pytestmark = pytest.mark.browser

LIVE = 10_000  # ms: the session pages poll every two seconds
TITLE = "Цифровая интернатура «Дистанционные события для родителей»"
NEW_PASSWORD = "Vesna-2025-interna"
CARD_TITLE = "Проект дистанционного события"
VIDEO_TITLE = "Видеоролик проведённого события"
VIDEO_URL = "https://rutube.ru/video/5b2c0f6e9d1a4c7e8f3b2a1d0c9e8f7a/"
CASE_MATERIAL = "Рекомендации: как провести онлайн-встречу с родителями"
REFLECTION = "Рефлексия участника цифровой педагогической интернатуры"
FIRST_EVENT = f"{TITLE}. Онлайн-событие 1. Проблематизация и погружение"
SECOND_EVENT = f"{TITLE}. Онлайн-событие 2. Презентация проектов событий"

# (фамилия, имя, отчество, e-mail, организация, должность, город): five cities, seven
# organisations, typed by hand as a newcomer does; the last two are rejected.
APPLICANTS = [
    ("Алексеева", "Анна", "Павловна", "alekseeva", "МБДОУ «Детский сад № 5»", "воспитатель",
     "Калининград"),
    ("Борисова", "Вера", "Николаевна", "borisova", "МБДОУ «Детский сад № 5»",
     "учитель-логопед", "Калининград"),
    ("Васильева", "Галина", "Сергеевна", "vasilyeva", "МАДОУ «Детский сад № 17»", "воспитатель",
     "Тюмень"),
    ("Григорьева", "Дарья", "Олеговна", "grigoryeva", "МАДОУ «Детский сад № 17»",
     "педагог-психолог", "Тюмень"),
    ("Дмитриева", "Екатерина", "Ивановна", "dmitrieva", "МБДОУ «Детский сад № 40»",
     "музыкальный руководитель", "Казань"),
    ("Егорова", "Жанна", "Викторовна", "egorova", "МБДОУ «Детский сад № 40»", "воспитатель",
     "Казань"),
    ("Жукова", "Зоя", "Андреевна", "zhukova", "МБДОУ «Детский сад № 12 „Солнышко“»",
     "воспитатель", "Петропавловск-Камчатский"),
    ("Зайцева", "Ирина", "Петровна", "zaytseva", "МБДОУ «Детский сад № 12 „Солнышко“»",
     "старший воспитатель", "Петропавловск-Камчатский"),
    ("Ильина", "Ксения", "Юрьевна", "ilyina", "МБОУ «СОШ № 161»", "учитель начальных классов",
     "Калининград"),
    ("Козлова", "Лариса", "Михайловна", "kozlova", "МАДОУ «Детский сад № 3»",
     "инструктор по физической культуре", "Омск"),
    ("Лаврова", "Марина", "Игоревна", "lavrova", "МАДОУ «Детский сад № 3»", "воспитатель",
     "Омск"),
    ("Миронова", "Нина", "Васильевна", "mironova", "МБДОУ «Детский сад № 8»", "воспитатель",
     "Тюмень"),
]  # fmt: skip
ACCEPTED, REJECTED = APPLICANTS[:10], APPLICANTS[10:]


def _full_name(applicant) -> str:
    return " ".join(applicant[:3])


def _email(applicant) -> str:
    return f"{applicant[3]}@example.ru"


@pytest.fixture
def open_page(browser, live_server):
    """A page in a browser context of its own (one person, one set of cookies); every
    context is closed at the end, even when the test fails half-way."""
    contexts = []

    def _open(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(locale="ru-RU", **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base_url = live_server.url
        return page

    yield _open
    for context in contexts:
        context.close()


def _letter(to: str, subject: str) -> str:
    """The text of the one letter to ``to`` whose subject starts with ``subject``."""
    [letter] = [m for m in mail.outbox if m.to == [to] and m.subject.startswith(subject)]
    return letter.body


def _link(text: str, live_server, marker: str) -> str:
    """The link of a letter (written with SITE_URL) opened on the test server."""
    [url] = [word for word in text.split() if marker in word]
    parts = urlsplit(url)
    return f"{live_server.url}{parts.path}"


def _set_password_from_letter(page, live_server, email: str) -> None:
    """An accepted newcomer has no password: she sets one by the link in the letter."""
    letter = _letter(email, f"Вы приняты: {TITLE}")
    assert "задайте пароль по ссылке" in letter
    page.goto(_link(letter, live_server, "/password/set/"))
    expect(page.get_by_role("heading", name="Задайте пароль")).to_be_visible()
    page.get_by_label("Новый пароль").fill(NEW_PASSWORD)
    page.get_by_label("Подтверждение нового пароля").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Сохранить пароль").click()
    expect(page.get_by_role("heading", name="Пароль сохранён")).to_be_visible()


def _menu(page, name: str) -> None:
    page.get_by_role("navigation", name="Главное меню").get_by_role("link", name=name).click()


def _question(page, text: str):
    """The question's group, on whichever page of a sectioned questionnaire holds it:
    «Далее» is pressed until it shows."""
    group = page.get_by_role("group", name=re.compile(re.escape(text)))
    _page_with(page, group)
    return group


def _page_with(page, locator) -> None:
    next_page = page.get_by_role("button", name="Далее")
    while not locator.count() and next_page.count():
        next_page.click()
        page.wait_for_load_state()


def test_the_digital_internship_from_the_invitation_to_the_completion_list(
    page, open_page, live_server, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    tutors = [
        factories.person(
            email=email,
            organization_=org,
            role=Membership.Role.METHODIST,
            last_name=last,
            first_name="Наталья",
            middle_name="Олеговна",
        )
        for email, org, last in [
            ("tutor.morozova@example.ru", world.kindergarten, "Морозова"),
            ("tutor.lebedeva@example.ru", world.school, "Лебедева"),
            ("tutor.orlova@example.ru", world.kindergarten, "Орлова"),
        ]
    ]
    starts = timezone.localdate() + timedelta(days=10)  # applications are open today

    # --- the coordinator creates the internship from the scheme and publishes it ----------
    coordinator = page
    browser_login(coordinator, "coord@example.ru")
    _menu(coordinator, "Программы")
    coordinator.get_by_role("link", name="Новая программа").click()
    coordinator.get_by_label("Цифровая педагогическая интернатура").check()
    coordinator.get_by_label("Название").fill(TITLE)
    coordinator.get_by_label("Организатор").select_option(label="МБОУ «СОШ № 161»")
    coordinator.get_by_label("Сеть").select_option(label="Учитель в цифровой образовательной среде")
    coordinator.get_by_label("Начало").fill(starts.isoformat())
    coordinator.get_by_role("button", name="Создать по схеме").click()
    expect(coordinator.get_by_role("alert")).to_contain_text("Программа создана.")
    expect(coordinator.get_by_test_id("builder-stage")).to_have_count(6)
    coordinator.get_by_role("navigation", name="Навигационная цепочка").get_by_role(
        "link", name=TITLE
    ).click()
    coordinator.get_by_role("button", name="Опубликовать и открыть приём заявок").click()
    expect(coordinator.get_by_role("alert")).to_contain_text("Приём заявок открыт")
    program = Program.objects.get(title=TITLE)
    program_url = coordinator.url
    invitation_url = coordinator.get_by_label("Страница приглашения").input_value()
    assert invitation_url == f"{live_server.url}/programs/{program.pk}/join/"

    # --- twelve teachers apply through the public page, without an account --------------
    public = open_page()
    for applicant in APPLICANTS:
        last, first, middle, _login, organisation, position, city = applicant
        public.goto(invitation_url)
        expect(public.get_by_role("heading", name=TITLE)).to_be_visible()
        form = public.get_by_test_id("application-form")
        form.get_by_label("Фамилия").fill(last)
        form.get_by_label("Имя").fill(first)
        form.get_by_label("Отчество").fill(middle)
        form.get_by_label("Электронная почта").fill(_email(applicant))
        form.get_by_label("Или впишите организацию").fill(organisation)
        form.get_by_label("Должность").fill(position)
        form.get_by_label("Город или населённый пункт").fill(city)
        form.get_by_label("Почему вы хотите участвовать").fill(
            "Хочу научиться проводить события для родителей онлайн."
        )
        form.get_by_label(re.compile("^Я согласен")).check()
        form.get_by_role("button", name="Отправить заявку").click()
        expect(public.get_by_role("heading", name="Спасибо! Заявка отправлена")).to_be_visible()
    public.context.close()
    assert program.applications.count() == 12
    assert sum(m.subject.startswith("Заявка получена: ") for m in mail.outbox) == 12

    # --- the coordinator accepts ten and rejects two -------------------------------------
    coordinator.goto(program_url)
    coordinator.get_by_role("link", name=re.compile(r"^Заявки")).click()
    table = coordinator.get_by_test_id("applications")
    expect(table.get_by_role("row")).to_have_count(13)
    for applicant in ACCEPTED:
        table.get_by_role("checkbox", name=_full_name(applicant)).check()
    coordinator.get_by_role("button", name="Принять").click()
    expect(coordinator.get_by_role("alert")).to_contain_text(
        "Решение принято по 10 заявкам; заявители получили письма."
    )
    expect(coordinator.get_by_test_id("interns-count")).to_contain_text("Принято 10 интернов")
    for applicant in REJECTED:
        table.get_by_role("checkbox", name=_full_name(applicant)).check()
    coordinator.get_by_role("button", name="Отклонить").click()
    expect(coordinator.get_by_role("alert")).to_contain_text("Решение принято по 2 заявкам")
    assert program.applications.filter(status=Application.Status.ACCEPTED).count() == 10
    assert program.applications.filter(status=Application.Status.REJECTED).count() == 2
    for applicant in REJECTED:
        assert _letter(_email(applicant), "О вашей заявке")

    # --- tutors, and teams of 3–4 with mixed cities ---------------------------------------
    coordinator.goto(program_url)
    coordinator.get_by_role("link", name="Команды и тьюторы").click()
    for tutor in tutors:
        coordinator.get_by_label("Электронная почта тьютора").fill(tutor.email)
        coordinator.get_by_role("button", name="Добавить тьютора").click()
        expect(coordinator.get_by_role("alert")).to_contain_text("Тьютор добавлен.")
    coordinator.get_by_role("button", name=re.compile(r"^Сформировать команды")).click()
    expect(coordinator.get_by_role("alert")).to_contain_text("Сформированы 3 команды")
    cards = coordinator.get_by_test_id("teams").locator("section")
    expect(cards).to_have_count(3)
    sizes = []
    for n in range(3):
        card = cards.nth(n)
        expect(card.get_by_role("heading")).to_have_text(f"Команда {n + 1}")
        size = card.get_by_role("combobox", name=re.compile("^Перевести")).count()
        assert size in (3, 4), size
        sizes.append(size)
        cities = re.match(r"(\d+) город", card.get_by_test_id("diversity").inner_text())
        assert cities is not None and int(cities.group(1)) >= 2
        expect(card.get_by_label("Тьютор")).not_to_have_value("")
    assert sum(sizes) == 10
    coordinator.goto(program_url)
    coordinator.get_by_role("button", name="Начать программу").click()
    expect(coordinator.get_by_role("alert")).to_contain_text("Программа идёт.")

    teams = list(Team.objects.filter(program=program).order_by("number"))

    def interns_of(team: Team) -> list:
        return [
            m.user
            for m in ProgramMember.objects.filter(team=team, role=ProgramMember.Role.INTERN)
            .select_related("user")
            .order_by("user__last_name")
        ]

    heroine = interns_of(teams[0])[0]  # she walks the whole programme
    teammate = interns_of(teams[0])[1]  # shares the team's work, nothing else
    asker = interns_of(teams[1])[0]  # asks a question from her phone
    idle = interns_of(teams[2])[0]  # does nothing at all
    tutor = teams[0].tutor
    assert tutor in tutors

    # --- the heroine sets her password from the letter and opens her team ----------------
    intern = open_page()
    _set_password_from_letter(intern, live_server, heroine.email)
    intern.context.clear_cookies()
    browser_login(intern, heroine.email, NEW_PASSWORD)
    expect(intern.get_by_test_id("user-menu")).to_have_text(heroine.initials_name)
    _menu(intern, "Программы")
    intern.get_by_role("link", name=TITLE).click()
    expect(intern.get_by_test_id("my-team")).to_have_text("Команда 1")
    expect(intern.get_by_test_id("final-case")).to_have_count(0)  # not before the end
    intern.get_by_test_id("my-team").click()
    expect(intern.get_by_test_id("tutor")).to_contain_text(tutor.get_full_name())
    expect(intern.get_by_test_id("members")).to_contain_text(teammate.get_full_name())

    # --- the event card: handed in, returned with a comment, fixed, accepted ------------
    intern.get_by_role("link", name=CARD_TITLE).click()
    intern.get_by_label("Название события").fill("Онлайн-гостиная «Играем дома»")
    intern.get_by_label("Аудитория").fill("Родители детей 5–6 лет")
    intern.get_by_label("Цели события").fill("Познакомить родителей с играми")
    intern.get_by_label("Задачи события").fill("Показать три игры; дать памятку")
    intern.get_by_role("button", name="Сдать").click()
    expect(intern.get_by_test_id("work-state")).to_have_text("сдано")

    letter = _letter(tutor.email, f"Сдано на проверку: {CARD_TITLE}")
    assert "Команда 1 сдала «Проект дистанционного события» на проверку (версия 1)." in letter
    reviewer = open_page()
    browser_login(reviewer, tutor.email)  # «Моя неделя» tells her what waits for her
    reviewer.get_by_test_id("week-programs").get_by_role(
        "link", name="1 работа ждёт проверки"
    ).click()
    expect(reviewer.get_by_role("heading", name="Мои команды")).to_be_visible()
    reviewer.get_by_test_id("team-1").get_by_role("link", name="сдано").click()
    expect(reviewer.get_by_test_id("value-goals")).to_have_text("Познакомить родителей с играми")
    reviewer.get_by_label("Замечание к полю «Цели события»").fill(
        "Сформулируйте цель так, чтобы её можно было проверить."
    )
    reviewer.get_by_role("button", name="Вернуть с замечаниями").click()
    expect(reviewer.get_by_test_id("work-state")).to_have_text("возвращено с замечаниями")

    intern.reload()
    expect(intern.get_by_test_id("work-state")).to_have_text("возвращено с замечаниями")
    expect(intern.locator('[data-field="goals"]').get_by_test_id("comment-goals")).to_contain_text(
        "Сформулируйте цель так, чтобы её можно было проверить."
    )
    intern.get_by_label("Цели события").fill("Родители освоят три игры и проведут одну дома")
    intern.get_by_role("button", name="Сдать").click()
    expect(intern.get_by_test_id("work-state")).to_have_text("сдано")
    expect(intern.get_by_test_id("history")).to_contain_text("Версия 2")

    reviewer.reload()
    expect(reviewer.get_by_test_id("value-goals")).to_have_text(
        "Родители освоят три игры и проведут одну дома"
    )
    reviewer.get_by_role("button", name="Принять").click()
    expect(reviewer.get_by_test_id("work-state")).to_have_text("принято")
    # The tutor comes to the presentations: the event opens from the programme's page.
    _menu(reviewer, "Программы")
    reviewer.get_by_role("link", name=TITLE).click()
    reviewer.get_by_test_id("stages").get_by_role("link", name=SECOND_EVENT).click()
    expect(reviewer.get_by_test_id("my-status")).to_have_text("Вы зарегистрированы")
    reviewer.context.close()

    intern.get_by_role("link", name="К команде").click()
    card_work = Submission.objects.get(assignment__title=CARD_TITLE, team=teams[0])
    expect(intern.get_by_test_id(f"state-{card_work.assignment_id}")).to_have_text("принято")
    assert card_work.state == Submission.State.ACCEPTED
    assert card_work.versions.filter(submitted=True).count() == 2

    # --- the live session of the second stage: timer, big screen, a question -----------
    coordinator.goto(program_url)
    coordinator.get_by_role("link", name="Защита проектов").click()
    coordinator.get_by_label("Этап").select_option(
        label="Второй этап: презентация группового продукта — 3 + 2 мин"
    )
    coordinator.get_by_label("Мероприятие").select_option(label=SECOND_EVENT)
    coordinator.get_by_role("button", name="Создать защиту проектов").click()
    expect(coordinator.get_by_test_id("current-team")).to_have_text("Команда 1")
    coordinator.get_by_role("button", name="Начать").click()
    expect(coordinator.get_by_test_id("phase")).to_have_text("Выступление")

    screen_url = coordinator.get_by_test_id("screen-link").get_attribute("href")
    screen = open_page(viewport={"width": 1920, "height": 1080})  # no login
    screen.goto(screen_url)
    expect(screen.get_by_test_id("current-team")).to_have_text("Команда 1")
    expect(screen.get_by_test_id("members")).to_contain_text(
        f"{heroine.last_name} {heroine.first_name}"
    )
    expect(screen.get_by_test_id("next-team")).to_have_text("Следующая команда: Команда 2")
    countdown = screen.get_by_test_id("countdown")
    expect(countdown).to_have_text(re.compile(r"^[0-3]:[0-5]\d$"))
    started = countdown.inner_text()
    expect(countdown).not_to_have_text(started)  # it counts down
    participant_url = screen.locator(".session-screen-foot strong").inner_text()

    phone = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    _set_password_from_letter(phone, live_server, asker.email)  # and she is signed in
    phone.goto(participant_url)
    expect(phone.get_by_test_id("current-team")).to_have_text("Команда 1")
    phone.get_by_label("Ваш вопрос выступающей команде").fill(
        "Как вы поможете родителям подключиться к встрече?"
    )
    phone.get_by_role("button", name="Отправить вопрос").click()
    expect(phone.get_by_test_id("sent")).to_have_text("Вопрос отправлен: Команда 1.")

    question = coordinator.get_by_test_id("question")  # arrives without a reload
    expect(question).to_contain_text("Как вы поможете родителям", timeout=LIVE)
    expect(question).to_contain_text(asker.initials_name)
    question.get_by_role("button", name="Отвечен").click()
    expect(question.get_by_role("button", name="Вернуть")).to_be_visible()
    expect(phone.get_by_test_id("my-questions")).to_contain_text(
        "Команда 1 · отвечен", timeout=LIVE
    )
    assert SessionQuestion.objects.get(author=asker).answered_at is not None

    coordinator.get_by_role("button", name="Далее: вопросы").click()
    expect(coordinator.get_by_test_id("phase")).to_have_text("Вопросы")
    expect(screen.get_by_test_id("phase")).to_have_text("Вопросы · команда 1 из 3", timeout=LIVE)
    coordinator.get_by_role("button", name="Далее: Команда 2").click()
    expect(coordinator.get_by_test_id("current-team")).to_have_text("Команда 2")
    expect(coordinator.get_by_test_id("phase")).to_have_text("Выступление")
    expect(screen.get_by_test_id("current-team")).to_have_text("Команда 2", timeout=LIVE)
    expect(phone.get_by_test_id("current-team")).to_have_text("Команда 2", timeout=LIVE)
    # Another team's work stays closed to her.
    card_url = (
        f"{live_server.url}/programs/teams/{teams[0].pk}/assignments/{card_work.assignment_id}/"
    )
    assert phone.goto(card_url).status == 404
    screen.context.close()
    phone.context.close()

    # --- the team hands in the link to the video of the event it held -------------------
    intern.get_by_role("link", name=VIDEO_TITLE).click()
    intern.get_by_label("Ссылка на видео").fill(VIDEO_URL)
    intern.get_by_role("button", name="Сдать").click()
    expect(intern.get_by_test_id("work-state")).to_have_text("сдано")
    expect(intern.get_by_test_id("value-video_url")).to_have_text(VIDEO_URL)

    # --- the reflection questionnaire ---------------------------------------------------
    coordinator.goto(program_url)
    coordinator.get_by_role("button", name="Разослать рефлексивную анкету").click()
    expect(coordinator.get_by_role("alert")).to_contain_text(
        "Рефлексивная анкета отправлена 10 интернам."
    )
    _menu(intern, "Моя неделя")
    expect(intern.get_by_text("1 анкета ждёт вашего ответа")).to_be_visible()
    invitation_letter = _letter(heroine.email, f"Анкета «{REFLECTION}»")
    intern.goto(_link(invitation_letter, live_server, "/surveys/"))
    expect(intern.get_by_role("heading", name=REFLECTION, level=1)).to_be_visible()
    intern.get_by_label(re.compile("Какой отзыв о мероприятии дали")).fill(
        "Родители попросили повторить встречу через месяц."
    )
    _question(intern, "Насколько вы удовлетворены реализованным событием").get_by_text(
        "5", exact=True
    ).click()
    _question(intern, "Все ли цели и задачи были реализованы").get_by_label("Да, все").check()
    _question(intern, "Какие трудности возникли").get_by_label("Не хватало времени").check()
    _question(intern, "Обращались ли вы за помощью к тьютору").get_by_label("Да").check()
    matrix = _question(intern, "Насколько интернатура помогла вам")
    for row in (
        "Проектировать события в цифровой среде",
        "Анализировать продукт, созданный в цифровой среде",
        "Взаимодействовать с аудиторией онлайн",
        "Применять ИКТ в педагогической деятельности",
    ):
        matrix.get_by_role("group", name=row).get_by_text("5", exact=True).click()
    emotional = intern.get_by_label(re.compile("Ваш эмоциональный отзыв об участии"))
    _page_with(intern, emotional)
    emotional.fill("Было интенсивно, но очень интересно!")
    _question(intern, "Было ли полезным для вас участие").get_by_label("Да, очень полезным").check()
    _question(intern, "Будете ли вы в дальнейшем использовать").get_by_label(
        "Да, обязательно"
    ).check()
    send = intern.get_by_role("button", name="Отправить ответы")
    _page_with(intern, send)
    send.click()
    expect(intern.get_by_role("heading", name="Спасибо!")).to_be_visible()
    assert Invitation.objects.get(user=heroine).answered_at is not None

    # --- six weeks on: the last event is over (finishing and attendance wait for it) ------
    finish_in_the_past(program)

    # --- the final case, and the programme is finished -----------------------------------
    coordinator.goto(program_url)
    coordinator.get_by_role("link", name="Итоговый кейс").click()
    material = coordinator.get_by_test_id("material-form")
    material.get_by_label("Название").fill(CASE_MATERIAL)
    material.get_by_label("Тип").select_option(label="методические рекомендации")
    material.get_by_label("Ссылка").fill("https://metodset.example.ru/case/online-meetings")
    material.get_by_role("button", name="Добавить в кейс").click()
    expect(coordinator.get_by_role("alert")).to_contain_text("Материал добавлен в кейс.")
    expect(coordinator.get_by_test_id("collection-items")).to_contain_text(CASE_MATERIAL)
    coordinator.goto(program_url)
    coordinator.get_by_role("button", name="Завершить программу").click()
    expect(coordinator.get_by_role("alert")).to_contain_text(
        "Программа завершена; итоговый кейс открыт интернам."
    )

    intern.goto(program_url)
    expect(intern.get_by_test_id("final-case")).to_contain_text(CASE_MATERIAL)

    # --- attendance at two of the three events, and the completion list ---------------
    for event_title in (FIRST_EVENT, SECOND_EVENT):
        coordinator.goto(program_url)
        coordinator.get_by_test_id("stages").get_by_role("link", name=event_title).click()
        coordinator.get_by_role("link", name="Участники и посещаемость").click()
        row = (
            coordinator.get_by_test_id("attendance")
            .get_by_role("row")
            .filter(has_text=heroine.get_full_name())
        )
        row.get_by_role("button", name="Отметить присутствие").click()
        expect(row.get_by_role("button")).to_contain_text("присутствует")
    assert (
        Registration.objects.filter(user=heroine, attended_at__isnull=False).values("event").count()
        == 2
    )

    coordinator.goto(program_url)
    coordinator.get_by_role("link", name="Завершение программы").click()
    # Seed 000 asks four things of an intern: two of the three events attended, the team's
    # event card accepted, the team's video handed in, the reflection questionnaire answered.
    # Only the heroine did all four. Her teammates share the card and the video, but nobody
    # marked them present and they did not answer; the two other teams handed nothing in.
    # So one of the ten interns completed the programme.
    expect(coordinator.get_by_test_id("eligible-count")).to_have_text(
        "Программу завершили 1 из 10 интернов."
    )
    rows = coordinator.get_by_test_id("completion").get_by_role("row")
    expect(rows).to_have_count(11)
    done = rows.filter(has_text=heroine.get_full_name())
    expect(done.get_by_role("cell").nth(2)).to_have_text("да")
    expect(done.get_by_role("cell").nth(3)).to_have_text("")
    mate = rows.filter(has_text=teammate.get_full_name())
    expect(mate.get_by_role("cell").nth(2)).to_have_text("нет")
    expect(mate.get_by_role("cell").nth(3)).to_have_text(
        "посещено событий: 0 из 3 (нужно 2); рефлексивная анкета не заполнена"
    )
    nothing = rows.filter(has_text=idle.get_full_name())
    expect(nothing.get_by_role("cell").nth(2)).to_have_text("нет")
    expect(nothing.get_by_role("cell").nth(3)).to_have_text(
        "посещено событий: 0 из 3 (нужно 2); "
        f"«{CARD_TITLE}» — ещё не принято; "
        f"«{VIDEO_TITLE}» — не сдано; "
        "рефлексивная анкета не заполнена"
    )
    program.refresh_from_db()
    assert program.status == Program.Status.FINISHED
