"""The schemes programmes are created from, as plain data: the seeds written down.

Seed 000 (digital pedagogical internship): three online events and two inter-event blocks of
team work, with the regulations of presentations (3 min + 2 min of questions in the second
stage; 5 min presentation and 3 min reflection in the final one), the project task (design an
online event), the video of the event held (10–15 min) and the reflection questionnaire.
Its hours (the seed names none, but promises a certificate of professional development, so
at least 16): each online event lasts 90 minutes, two academic hours of contact work, 6 in
all; the team's design between the first two events and the event held with its video are
6 hours of self-study each — 18 hours.
Seed 002 (internship site): two modules of 18 hours in person and 36 hours of self-study,
the individual internship plan of six steps, and a monthly training calendar.

Texts here are data a coordinator edits after creating the programme, so they are Russian.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# The questions presenters are asked (seed 000), offered as prompts in live sessions.
PRESENTER_QUESTIONS = [
    "С какими трудностями вы столкнулись при разработке события?",
    "Каковы цели события?",
    "Каковы задачи события?",
    "Какой продукт вы получите в результате реализации события?",
    "Какие материалы вам необходимо подготовить для реализации события?",
    "Какую педагогическую проблему вы решаете в процессе реализации события?",
    "Какие трудности возникли в процессе самостоятельного группового решения задачи?",
    "Вызовет ли разработанный продукт положительные эмоции у вашей аудитории?",
]

# The event-design card of seed 000: (key, label, help) — the fields of a team's submission.
EVENT_CARD = [
    ("title", "Название события", "Как событие будет называться для участников."),
    ("audience", "Аудитория", "Для кого событие: педагоги, родители, дети и их возраст."),
    ("goals", "Цели события", ""),
    ("tasks", "Задачи события", ""),
    ("product", "Продукт", "Какой продукт вы получите в результате реализации события."),
    ("materials", "Материалы", "Какие материалы нужно подготовить для проведения."),
    ("problem", "Педагогическая проблема", "Какую проблему решает событие."),
    ("difficulties", "Трудности", "С какими трудностями команда столкнулась при разработке."),
    ("emotions", "Эмоции аудитории", "Какие положительные эмоции событие вызовет у аудитории."),
]


@dataclass(frozen=True)
class AssignmentPlan:
    title: str
    kind: str  # Assignment.Kind
    scope: str  # Assignment.Scope
    instructions: str
    due_days: int  # after the programme starts


@dataclass(frozen=True)
class StagePlan:
    kind: str  # Stage.Kind
    title: str
    description: str
    days: tuple[int, int]  # from, to: days after the programme starts
    event_title: str = ""  # an online event of the stage, if any
    event_day: int = 0
    event_kind: str = "internship_session"
    talk_minutes: int | None = None
    questions_minutes: int | None = None
    assignments: tuple[AssignmentPlan, ...] = ()
    hours_in_person: Decimal = Decimal(0)
    hours_self_study: Decimal = Decimal(0)
    variative: bool = False  # a module each intern chooses (seed 003)


@dataclass(frozen=True)
class ProgramScheme:
    kind: str  # Program.Kind
    title: str
    description: str
    stages: tuple[StagePlan, ...]
    team_min: int = 3
    team_max: int = 4
    days: int = 42
    plan_steps: tuple[tuple[str, str], ...] = ()
    completion: tuple[tuple[str, int | None], ...] = field(default_factory=tuple)
    reflection_questionnaire: str = ""  # a surveys template key
    reflection_stage: str = ""  # the stage kind at which it is sent


# A 90-minute online event of a new programme (``services.programs.EVENT_MINUTES``) is two
# academic hours of 45 minutes.
ACADEMIC_HOURS_OF_AN_EVENT = Decimal(2)

DIGITAL_INTERNSHIP = ProgramScheme(
    kind="digital_internship",
    title="Цифровая педагогическая интернатура",
    description=(
        "Деятельностное погружение интернов в педагогическую деятельность в онлайн-формате "
        "под сопровождением координаторов и тьюторов: три онлайн-события и два блока "
        "командной работы между ними. Интерны из разных городов объединяются в команды, "
        "проектируют дистанционное событие для своей аудитории, проводят его и представляют "
        "результат. Основной принцип — субъектность участников: формы и виды деятельности "
        "команды выбирают по собственному замыслу."
    ),
    days=42,
    stages=(
        StagePlan(
            "preparatory",
            "Подготовительный этап",
            "Координаторы разрабатывают схему интернатуры и публикуют приглашение; педагоги "
            "подают заявки; принятые интерны объединяются в команды из разных городов, за "
            "каждой командой закрепляется тьютор.",
            (-14, -1),
        ),
        StagePlan(
            "first",
            "Первый этап: проблематизация и погружение",
            "Координаторы выделяют круг проблем, дефицитов и перспектив работы в цифровой "
            "среде и знакомят интернов с апробированной практикой: цели, задачи, основные "
            "направления деятельности и планируемые результаты. Командам выдаётся проектная "
            "задача.",
            (0, 0),
            event_title="Онлайн-событие 1. Проблематизация и погружение",
            event_day=0,
            hours_in_person=ACADEMIC_HOURS_OF_AN_EVENT,
            assignments=(
                AssignmentPlan(
                    "Проект дистанционного события",
                    "event_card",
                    "team",
                    "Разработайте в команде дистанционное событие для аудитории вашей практики, "
                    "используя разнообразные формы и методы по желанию. Заполните карточку "
                    "события: цели, задачи, продукт, материалы, педагогическая проблема, "
                    "трудности, ожидаемые эмоции аудитории.",
                    13,
                ),
            ),
        ),
        StagePlan(
            "inter_event",
            "Межсобытийный период: работа в командах",
            "Тьюторы помогают командам поставить цели и задачи и разработать содержание "
            "дистанционного события; вопросы тьютору — в пространстве команды.",
            (1, 13),
            hours_self_study=Decimal(6),
        ),
        StagePlan(
            "second",
            "Второй этап: презентация группового продукта",
            "Команды представляют модель, схему и содержание дистанционных событий. "
            "Регламент: не более 3 минут на содержание (цели, задачи) и 2 минуты на "
            "вопросы; вопросы можно задавать и в чате.",
            (14, 14),
            event_title="Онлайн-событие 2. Презентация проектов событий",
            event_day=14,
            talk_minutes=3,
            questions_minutes=2,
            hours_in_person=ACADEMIC_HOURS_OF_AN_EVENT,
        ),
        StagePlan(
            "self_study",
            "Блок самостоятельной деятельности: проведение события",
            "Команды проводят разработанные события в реальных цифровых условиях, помогают "
            "своей аудитории подключиться и оформляют видеоролик 10–15 минут. Тьюторы "
            "помогают по запросу. Координаторы рассылают рефлексивную анкету.",
            (15, 34),
            hours_self_study=Decimal(6),
            assignments=(
                AssignmentPlan(
                    "Видеоролик проведённого события",
                    "video",
                    "team",
                    "Проведите событие для своей аудитории и выложите видеоролик "
                    "продолжительностью 10–15 минут (ссылка на RuTube, VK Видео или YouTube "
                    "либо файл).",
                    34,
                ),
            ),
        ),
        StagePlan(
            "final",
            "Заключительный этап: презентация событий и рефлексия",
            "Презентация проведённых событий — не более 5 минут на команду; рефлексия и "
            "анализ работы по анкете — не более 3 минут; анализ и обратная связь "
            "координаторов. Интерны получают итоговый кейс методических материалов; "
            "сертификаты рассылаются в течение месяца.",
            (35, 35),
            event_title="Онлайн-событие 3. Презентация проведённых событий и рефлексия",
            event_day=35,
            talk_minutes=5,
            questions_minutes=3,
            hours_in_person=ACADEMIC_HOURS_OF_AN_EVENT,
        ),
    ),
    completion=(
        ("events_attended", 2),
        ("team_product", None),
        ("video", None),
        ("questionnaire", None),
    ),
    reflection_questionnaire="internship_reflection",
    reflection_stage="self_study",
)


INTERNSHIP_SITE = ProgramScheme(
    kind="internship_site",
    title="Программа стажировочной площадки",
    description=(
        "Модульная программа стажировки для педагогов и руководителей школ-партнёров: очная "
        "стажировка и самостоятельная (индивидуальная и групповая) работа через методический "
        "портал. Каждый стажёр разрабатывает авторский методический продукт, проходит "
        "взаимоэкспертизу, готовит публикацию и защищает продукт на научно-практической "
        "конференции; продукты объединяются в коллективный продукт."
    ),
    days=270,
    team_min=3,
    team_max=6,
    stages=(
        StagePlan(
            "module",
            "Модуль 1. Проектирование педагогической инновации",
            "Цели и задачи опытно-экспериментальной работы, приоритетные направления "
            "инновационной деятельности, проектирование календарного плана.",
            (0, 120),
            hours_in_person=Decimal(9),
            hours_self_study=Decimal(18),
            assignments=(
                AssignmentPlan(
                    "Авторский методический продукт (проект)",
                    "free",
                    "person",
                    "Разработайте проект авторского методического продукта и представьте его "
                    "на взаимоэкспертизу.",
                    110,
                ),
            ),
        ),
        StagePlan(
            "module",
            "Модуль 2. Внедрение инновации в практику образовательной организации",
            "Концепция внедрения, взаимоэкспертиза продуктов, подготовка к публичной "
            "экспертизе и защите на конференции.",
            (121, 270),
            event_title="Научно-практическая конференция: защита авторских продуктов",
            event_day=260,
            event_kind="conference",
            hours_in_person=Decimal(9),
            hours_self_study=Decimal(18),
        ),
    ),
    plan_steps=(
        ("Создание рабочей группы", "Приказом руководителя создана рабочая группа стажёров."),
        ("Знакомство и планирование", "Знакомство с программой, составление плана стажировки."),
        ("Теоретическое обоснование", "Изучение материалов модулей и методического портала."),
        ("Разработка инновационного компонента", "Разработка авторского методического продукта."),
        ("Взаимоэкспертиза", "Экспертиза продукта коллегами по регламенту экспертного заключения."),
        (
            "Доработка и подготовка к публичной экспертизе",
            "Доработка продукта, публикация, подготовка к защите на конференции.",
        ),
    ),
    completion=(("plan_done", None), ("events_attended", 1)),
    reflection_questionnaire="internship_satisfaction",
    reflection_stage="module",
)

NETWORK_INTERNSHIP = ProgramScheme(
    kind="network_internship",
    title="Неформальная сетевая педагогическая интернатура",
    description=(
        "Интегрированная программа становления педагога в инновационной практике: "
        "инвариантный модуль, общий для всех, и вариативные модули, которые каждый педагог "
        "выбирает сам, — по типу технолого-методической карты. На её основе педагог строит "
        "индивидуальную образовательную программу (ИОП), учится у коллег в сводных группах "
        "и делится «квантами практики». Методическая служба отвечает на индивидуальные "
        "запросы педагогов."
    ),
    days=240,
    team_min=3,
    team_max=6,
    stages=(
        StagePlan(
            "module",
            "Инвариантный модуль. Учебная самостоятельность: общие подходы",
            "Горизонтальные связи трёх педагогических технологий и практик школы: общие "
            "понятия, приёмы и результаты учебной самостоятельности учащихся.",
            (0, 60),
            event_title="Вебинар: учебная самостоятельность школьников",
            event_day=7,
            event_kind="webinar",
            hours_in_person=Decimal(6),
            hours_self_study=Decimal(12),
            assignments=(
                AssignmentPlan(
                    "Индивидуальная образовательная программа педагога (ИОП)",
                    "free",
                    "person",
                    "Составьте свою ИОП: выбранные вариативные модули, формы обучения (у "
                    "коллег, в сводной группе, самостоятельно), сроки и ожидаемый результат.",
                    45,
                ),
            ),
        ),
        StagePlan(
            "module",
            "Вариативный модуль. Коллективное обучение по индивидуальным программам и маршрутам",
            "Коллективный способ обучения: сводные группы, работа в парах сменного состава, "
            "индивидуальные маршруты учащихся.",
            (61, 240),
            hours_in_person=Decimal(4),
            hours_self_study=Decimal(8),
            variative=True,
        ),
        StagePlan(
            "module",
            "Вариативный модуль. Модели смешанного обучения",
            "Ротация станций, перевёрнутый класс, гибкая модель; цифровые ресурсы урока.",
            (61, 240),
            hours_in_person=Decimal(4),
            hours_self_study=Decimal(8),
            variative=True,
        ),
        StagePlan(
            "module",
            "Вариативный модуль. Образовательные события во внеурочной деятельности",
            "Проектирование образовательных событий в технологии развивающего обучения.",
            (61, 240),
            hours_in_person=Decimal(4),
            hours_self_study=Decimal(8),
            variative=True,
            assignments=(
                AssignmentPlan(
                    "Квант практики",
                    "video",
                    "person",
                    "Покажите фрагмент своего урока или занятия (видео 5–10 минут) с коротким "
                    "описанием приёма — его увидят коллеги сети.",
                    220,
                ),
            ),
        ),
    ),
    completion=(("events_attended", 1),),
)

SCHEMES = {
    scheme.kind: scheme for scheme in (DIGITAL_INTERNSHIP, INTERNSHIP_SITE, NETWORK_INTERNSHIP)
}
