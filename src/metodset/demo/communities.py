"""Communities of the demo (seed 004 and seeds 001, 003).

- Kindergarten 12's ПОС «Читаем и слушаем вместе»: closed to its members; the analysis of the
  senior group's results beside the teachers' deficits, the line of change, the strategy of
  productive reading and listening with its tactics, the learning plan (one takes a course and
  teaches the rest), the weekly «методический четверг» of the demo's events as its meetings,
  one lesson-study cycle finished in two rounds and one in observation, with the methodist of
  the municipal centre as «знающий другой».
- A network creative group of three schools, opened to the network.
- The kindergarten's methodical plan for this school year, tagged with competencies, whose
  match against the network's two campaigns the plan's page shows.

Everything is relative to the day of loading; recognised by name, a second load adds nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from metodset.accounts.models import Membership, Network, Organization, User
from metodset.communities.models import (
    AnalysisLink,
    CaseChild,
    Community,
    CoordinatorVote,
    Cycle,
    CycleGuest,
    LearningItem,
    Lesson,
    MapStage,
    MapVersion,
    Meeting,
    Member,
    MethodicalPlan,
    PlanTopic,
    Prediction,
    Protocol,
    ProtocolEntry,
    Strategy,
    Tactic,
)
from metodset.diagnostics.models import Competency, Framework
from metodset.diagnostics.results import services as results
from metodset.events.models import Event

from .data import DEMO_DOMAIN
from .events import THURSDAY_TITLE

PLC_NAME = "ПОС «Читаем и слушаем вместе»"
NETWORK_NAME = "Творческая группа «Функциональная грамотность младших школьников»"
GROUP = "старшая группа «Б»"
FRAMEWORK = "pedagog-544n"

STAGES_V1 = [
    ("Мотивация: письмо от Лисы", 3, "Воспитатель читает письмо героя", "Удивление, вопросы"),
    ("Чтение сказки с остановками", 10, "Чтение с остановками и вопросом «Что будет дальше?»",
     "Дети предполагают, что сделает журавль"),
    ("Беседа о поступках героев", 7, "Вопросы: «Почему журавль обиделся?»",
     "Ответы полными предложениями"),
    ("Рефлексия", 5, "«Кого из героев вы бы пригласили в гости?»", "Объяснение выбора"),
]  # fmt: skip
STAGES_V2 = [
    ("Мотивация: письмо от Лисы и посуда героев", 4,
     "Воспитатель читает письмо; на столе тарелка и кувшин", "Дети рассматривают посуду"),
    ("Чтение сказки с остановками", 10,
     "Остановки после каждого угощения; вопрос «Что будет дальше?» с опорой на картинки",
     "Дети предполагают и показывают на картинке"),
    ("Игра-драматизация «Угощение»", 6, "Дети в парах разыгрывают угощение",
     "Дети договариваются, кто кем будет"),
    ("Беседа о поступках героев", 5, "Вопросы: «Почему журавль обиделся?»",
     "Ответы с «потому что»"),
    ("Рефлексия", 3, "«Кого из героев вы бы пригласили в гости?»", "Объяснение выбора"),
]  # fmt: skip
STAGES_HAT = [
    ("Загадка про шляпу", 3, "Воспитатель показывает шляпу и спрашивает, кто в ней живёт",
     "Дети фантазируют"),
    ("Чтение до середины рассказа", 8, "Остановка: «Почему шляпа ползёт?»",
     "Предположения детей"),
    ("Проверяем догадки", 8, "Дочитываем и сравниваем с предположениями", "Радость узнавания"),
    ("Рисуем, что было под шляпой", 6, "Рисунок и короткий рассказ", "Рассказ из 2–3 фраз"),
]  # fmt: skip
STAGES_SCHOOL = [
    ("Чтение условия в парах", 5, "Пары читают условие и подчёркивают числа",
     "Подчёркивают все числа подряд"),
    ("Что лишнее?", 8, "Обсуждение: какие данные не нужны для ответа", "Спорят, доказывают"),
    ("Решение", 12, "Самостоятельное решение с планом", "Записывают план из 2–3 шагов"),
    ("Проверка по критериям", 10, "Взаимопроверка по листу критериев", "Находят ошибки соседа"),
]  # fmt: skip
CHANGE_NOTE = (
    "Р-1 и Р-2 не включились в беседу после чтения: вопрос «Почему?» без опоры оказался для "
    "них слишком трудным. Добавили игру-драматизацию перед беседой и посуду героев как опору; "
    "беседу сократили."
)


def demo_communities_load(
    *, network: Network, organizations: dict[str, Organization], today: date | None = None
) -> tuple[str, int]:
    """Create the demo's communities and plan where missing; a Russian line and how many."""
    today = today or timezone.localdate()
    created = 0
    with transaction.atomic():
        if not Community.objects.filter(name=PLC_NAME).exists():
            _kindergarten_plc(organizations["ds12"], organizations["imc"], today)
            created += 1
        if not Community.objects.filter(name=NETWORK_NAME).exists():
            _network_group(network, organizations)
            created += 1
        if not MethodicalPlan.objects.filter(organization=organizations["ds12"]).exists():
            _methodical_plan(organizations["ds12"], today)
            created += 1
    return (
        "Сообщества: ПОС детского сада № 12 (один цикл исследования урока завершён в два "
        "круга, другой — на наблюдении), сетевая творческая группа трёх школ (цикл — на "
        "планировании); план методической "
        f"работы детского сада № 12 с соответствием дефицитам; добавлено сейчас: {created}.",
        created,
    )


def _staff(organization: Organization, role: str) -> list[User]:
    return list(
        User.objects.filter(memberships__organization=organization, memberships__role=role)
        .distinct()
        .order_by("pk")
    )


def _competencies() -> dict[str, Competency]:
    framework = Framework.objects.filter(slug=FRAMEWORK).order_by("-version").first()
    if framework is None:
        return {}
    return {c.code: c for c in framework.competencies.all()}


def _school_year(today: date) -> int:
    return today.year if today.month >= 8 else today.year - 1


def _kindergarten_plc(kindergarten: Organization, centre: Organization, today: date) -> None:
    head = User.objects.get(email=f"manager@{DEMO_DOMAIN}")
    senior = _staff(kindergarten, Membership.Role.METHODIST)[0]
    teachers = _staff(kindergarten, Membership.Role.TEACHER)[:5]
    guest = _staff(centre, Membership.Role.METHODIST)[0]
    competencies = _competencies()
    strategy = Strategy.objects.filter(
        network=None, strategy="Технология продуктивного чтения и слушания"
    ).first()
    community = Community.objects.create(
        name=PLC_NAME,
        kind=Community.Kind.PLC,
        organization=kindergarten,
        direction="Речевое и познавательное развитие дошкольников",
        idea="Дети понимают то, что слышат и читают, когда воспитатель умеет организовать "
        "работу с текстом. Учимся этому друг у друга, на своих занятиях.",
        vision="Через год каждый воспитатель сообщества проводит занятия по технологии "
        "продуктивного чтения и слушания и делится опытом с коллегами района.",
        values="Равные, горизонтальные отношения; доверие; открытость ошибкам; фокус на "
        "продвижении каждого ребёнка, а не на оценке воспитателя.",
        line_of_change="Понимание прочитанного и вдумчивое слушание в старших и "
        "подготовительных группах; познавательная активность детей на занятиях.",
        educational_areas="Речевое развитие; познавательное развитие",
        goal="Дети старших групп понимают прочитанный текст и умеют вдумчиво слушать.",
        goal_measure="Доля детей на высоком уровне понимания текста — не менее 60 % к маю "
        "(мониторинг речевого развития).",
        strategy=strategy,
        strategy_note="Технология продуктивного чтения-слушания: работа с текстом до, во "
        "время и после чтения; игровые приёмы для детей с низкой активностью.",
        created_by=head,
        created_at=timezone.now() - timedelta(days=75),
    )
    chair = Member.objects.create(community=community, user=head, role=Member.Role.CHAIR)
    Member.objects.create(community=community, user=senior, role=Member.Role.ADMINISTRATOR)
    for teacher in teachers:
        Member.objects.create(community=community, user=teacher)
    # The members chose their chair: a vote of each but one (a majority).
    for voter in community.members.order_by("pk")[1:]:
        CoordinatorVote.objects.create(community=community, voter=voter, candidate=chair)
    year = _school_year(today)
    table = _children_results(kindergarten, teachers[0], senior, year)
    _analysis(community, table, competencies, senior)
    _tactics(community, head, senior, teachers, year)
    _learning(community, teachers, competencies, year)
    _meetings(community, kindergarten)
    finished = _cycle(
        community,
        "Сказка «Лиса и журавль»: понимаем поступки героев",
        teachers,
        guest=guest,
        started=timezone.now() - timedelta(days=40),
        stages=STAGES_V1,
        goal="Понять, что помогает детям с низкой активностью включиться в работу с текстом.",
    )
    _finished_rounds(finished, teachers)
    running = _cycle(
        community,
        "Рассказ Н. Носова «Живая шляпа»: учимся предполагать",
        teachers,
        guest=None,
        started=timezone.now() - timedelta(days=6),
        stages=STAGES_HAT,
        goal="Научить детей предполагать продолжение рассказа и проверять догадку по тексту.",
    )
    _round_in_observation(running, teachers)


def _children_results(kindergarten, teacher, by, year):
    table = results.results_table_create(
        organization=kindergarten,
        group=GROUP,
        subject="Речевое развитие",
        by=by,
        teacher=teacher,
        scale="% детей на высоком уровне",
    )
    measurements = {
        "Понимание прочитанного текста": (28, 35, 41),
        "Вдумчивое слушание": (31, 33, 44),
        "Связная речь": (40, 46, 49),
        "Познавательная активность": (25, 27, 36),
    }
    dates = (date(year - 1, 9, 20), date(year, 5, 20), date(year, 9, 25))
    for area, values in measurements.items():
        for measured_on, value in zip(dates, values, strict=True):
            results.result_row_save(
                table=table, area=area, measured_on=measured_on, value=value, children=24
            )
    return table


def _analysis(community, table, competencies, by) -> None:
    for difficulty, area, code, note in [
        (
            "Дети не понимают прочитанного, не удерживают последовательность событий",
            "Понимание прочитанного текста",
            "ПР.4",
            "Дефицит «Содержание образовательных областей» у половины воспитателей: чтение "
            "проводится без работы с текстом.",
        ),
        (
            "Низкая познавательная активность на занятиях",
            "Познавательная активность",
            "МТ.3",
            "Занятия построены как объяснение воспитателя; детской деятельности мало.",
        ),
        (
            "Дети не слушают друг друга в беседе",
            "Вдумчивое слушание",
            "ПП.3",
            "Вопросы адресованы всей группе; индивидуальные задания редки.",
        ),
    ]:
        AnalysisLink.objects.create(
            community=community,
            difficulty=difficulty,
            results_table=table,
            results_area=area,
            competency=competencies.get(code),
            note=note,
            created_by=by,
        )


def _tactics(community, head, senior, teachers, year) -> None:
    rows = [
        ("Освоить приёмы работы с текстом до, во время и после чтения",
         "Методический кабинет, подборка литературы", [senior], (9, 10), True),
        ("Провести цикл исследовательских занятий в старшей группе «Б»",
         "Методический четверг, видеокамера", teachers[:3], (10, 12), True),
        ("Игровые приёмы для детей с низкой активностью: картотека",
         "Кабинет педагога-психолога", teachers[3:4], (11, 1), False),
        ("Открытое занятие для воспитателей района", "Музыкальный зал", [head, teachers[0]],
         (3, 3), False),
    ]  # fmt: skip
    for action, resources, people, (start, end), done in rows:
        tactic = Tactic.objects.create(
            community=community,
            action=action,
            resources=resources,
            starts_on=_in_school_year(year, start, 1),
            due_on=_in_school_year(year, end, 28),
            done=done,
        )
        tactic.responsible.set(people)


def _in_school_year(year: int, month: int, day: int) -> date:
    return date(year if month >= 9 else year + 1, month, day)


def _learning(community, teachers, competencies, year) -> None:
    K = LearningItem.Kind
    rows = [
        (teachers[0], K.HORIZONTAL, "КПК «Технология продуктивного чтения в ДОО», 36 ч",
         "ГБУ ДПО «Челябинский институт развития образования»", (10, 11), (11, 28), "ПР.4"),
        (teachers[1], K.WALK, "Учебная прогулка: занятия с чтением в подготовительной группе",
         "МАДОУ «Детский сад № 45 „Теремок“»", (11, 12), None, "МТ.3"),
        (teachers[2], K.INTERNET, "Вебинары и картотека игр на развитие интереса к познанию",
         "Портал «Воспитатели России»", (10, 12), None, "МТ.3"),
        (teachers[3], K.SERVICE, "Семинар ИМЦ «Индивидуализация в работе с текстом»",
         "МКУ «Информационно-методический центр»", (1, 1), None, "ПП.3"),
    ]  # fmt: skip
    for person, kind, title, place, (start, end), back, code in rows:
        LearningItem.objects.create(
            community=community,
            member=person,
            kind=kind,
            title=title,
            place=place,
            starts_on=_in_school_year(year, start, 1),
            ends_on=_in_school_year(year, end, 28),
            teaches_back_on=_in_school_year(year, back[0], back[1]) if back else None,
            competency=competencies.get(code),
        )


def _meetings(community, kindergarten) -> None:
    now = timezone.now()
    thursdays = Event.objects.filter(
        title=THURSDAY_TITLE, organizer=kindergarten, community_meeting__isnull=True
    ).order_by("starts_at")
    for event in thursdays:
        past = event.starts_at < now
        Meeting.objects.create(
            community=community,
            event=event,
            agenda="1. Наблюдения за кейс-детьми.\n2. План следующего исследовательского занятия.",
            minutes="Обсудили протоколы наблюдения; договорились о вопросах к тексту."
            if past
            else "",
        )


def _cycle(community, title, teachers, *, guest, started, stages, goal) -> Cycle:
    cycle = Cycle.objects.create(
        community=community,
        title=title,
        group=GROUP,
        goal=goal,
        created_by=teachers[0],
        created_at=started,
    )
    for order, (code, note) in enumerate(
        [("Р-1", "Молчит на занятиях, но внимательно слушает"), ("Р-2", "Быстро отвлекается")]
    ):
        CaseChild.objects.create(cycle=cycle, code=code, note=note, order=order)
    if guest is not None:
        CycleGuest.objects.create(cycle=cycle, user=guest, invited_by=teachers[0])
    _version(cycle, 1, stages, by=teachers[0], at=started)
    return cycle


def _version(cycle, number, stages, *, by, at, note="") -> MapVersion:
    version = MapVersion.objects.create(
        cycle=cycle, number=number, change_note=note, created_by=by, created_at=at
    )
    children = list(cycle.case_children.all())
    for order, (title, minutes, activities, expected) in enumerate(stages, start=1):
        stage = MapStage.objects.create(
            version=version,
            order=order,
            title=title,
            minutes=minutes,
            activities=activities,
            expected=expected,
        )
        for child in children:
            Prediction.objects.create(
                stage=stage,
                case_child=child,
                text=f"{child.code}: {expected.lower()} — по подсказке воспитателя",
            )
    return version


def _observe(lesson, observers, notes) -> None:
    stages = list(lesson.version.stages.all())
    for observer, child in zip(observers, lesson.cycle.case_children.all(), strict=False):
        protocol = Protocol.objects.create(lesson=lesson, observer=observer, case_child=child)
        minute = 0
        for stage in stages:
            ProtocolEntry.objects.create(
                protocol=protocol,
                stage=stage,
                minute=minute + 1,
                text=notes.get((child.code, stage.order), "Слушает, в разговор не вступает."),
            )
            minute += stage.minutes


def _finished_rounds(cycle, teachers) -> None:
    first = cycle.versions.get(number=1)
    started = cycle.created_at
    lesson1 = Lesson.objects.create(
        cycle=cycle,
        number=1,
        version=first,
        teacher=teachers[0],
        starts_at=datetime.combine((started + timedelta(days=7)).date(), time(4, 0), tzinfo=UTC),
        stage=Lesson.Stage.DONE,
        on_children="Р-1 молчал всю беседу, но на рефлексии показал на журавля. Р-2 "
        "включался только при показе картинок.",
        on_group="Группа легко предполагала развязку, объясняла поступки односложно.",
        on_teaching="Вопросы «почему» без опоры оказались трудными; беседа затянулась.",
        conclusions="Нужна опора (предметы, картинки) и действие до беседы.",
        recommendations="Добавить драматизацию перед беседой; сократить беседу.",
    )
    _observe(
        lesson1,
        teachers[1:3],
        {("Р-1", 3): "Молчит, смотрит на картинку журавля.", ("Р-2", 2): "Отвлёкся на 2 минуты."},
    )
    second = _version(
        cycle, 2, STAGES_V2, by=teachers[1], at=started + timedelta(days=9), note=CHANGE_NOTE
    )
    lesson2 = Lesson.objects.create(
        cycle=cycle,
        number=2,
        version=second,
        teacher=teachers[1],
        starts_at=datetime.combine((started + timedelta(days=21)).date(), time(4, 0), tzinfo=UTC),
        stage=Lesson.Stage.DONE,
        on_children="Р-1 в драматизации сказал три реплики и объяснил обиду журавля. Р-2 "
        "удерживал внимание всю игру.",
        on_group="Больше детей отвечали с «потому что».",
        on_teaching="Опора на предметы сработала; рефлексия оказалась короткой.",
        conclusions="Драматизация перед беседой включает молчаливых детей; оставляем.",
        recommendations="Перенести приём на рассказы; проверить с другой группой.",
    )
    _observe(
        lesson2,
        teachers[2:4],
        {("Р-1", 3): "Играет журавля: «Я не могу есть из тарелки!»", ("Р-2", 3): "Играет лису."},
    )
    cycle.closed_at = started + timedelta(days=28)
    cycle.save(update_fields=["closed_at"])


def _round_in_observation(cycle, teachers) -> None:
    lesson = Lesson.objects.create(
        cycle=cycle,
        number=1,
        version=cycle.versions.get(number=1),
        teacher=teachers[2],
        starts_at=timezone.now().replace(second=0, microsecond=0) - timedelta(minutes=12),
        stage=Lesson.Stage.OBSERVING,
    )
    protocol = Protocol.objects.create(
        lesson=lesson, observer=teachers[3], case_child=cycle.case_children.first()
    )
    stage = lesson.version.stages.first()
    ProtocolEntry.objects.create(
        protocol=protocol, stage=stage, minute=2, text="Подошёл ближе, когда читали письмо."
    )


def _network_group(network: Network, organizations: dict[str, Organization]) -> None:
    methodist = User.objects.get(email=f"methodist@{DEMO_DOMAIN}")
    teacher = User.objects.get(email=f"teacher@{DEMO_DOMAIN}")
    community = Community.objects.create(
        name=NETWORK_NAME,
        kind=Community.Kind.CREATIVE_GROUP,
        network=network,
        direction="Функциональная грамотность",
        idea="Команды трёх школ вместе разрабатывают задания на читательскую и "
        "математическую грамотность для начальной школы.",
        line_of_change="Читательская и математическая грамотность в 3–4 классах.",
        educational_areas="Русский язык; литературное чтение; математика",
        goal="Банк из 40 заданий с критериями оценивания к концу учебного года.",
        goal_measure="40 заданий прошли взаимную экспертизу команд.",
        strategy=Strategy.objects.filter(
            network=None, strategy="Проектная и исследовательская деятельность"
        ).first(),
        openness=Community.Openness.NETWORK,
        created_by=methodist,
    )
    Member.objects.create(community=community, user=methodist, role=Member.Role.CHAIR)
    Member.objects.create(community=community, user=teacher)
    others = []
    for key in ("sch33", "gim53"):
        for person in _staff(organizations[key], Membership.Role.TEACHER)[:2]:
            Member.objects.create(community=community, user=person)
            others.append(person)
    cycle = Cycle.objects.create(
        community=community,
        title="Задача «Поход в магазин»: читательская и математическая грамотность, 3 класс",
        group="3 «А», школа № 161",
        goal="Понять, на каком шаге дети теряют условие задачи с лишними данными.",
        created_by=methodist,
    )
    for order, code in enumerate(("Ученик А", "Ученик Б", "Ученик В")):
        CaseChild.objects.create(cycle=cycle, code=code, order=order)
    first = _version(cycle, 1, STAGES_SCHOOL, by=methodist, at=timezone.now() - timedelta(days=3))
    Lesson.objects.create(
        cycle=cycle,
        number=1,
        version=first,
        teacher=teacher,
        starts_at=timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=5),
        stage=Lesson.Stage.PLANNING,
    )


def _methodical_plan(kindergarten: Organization, today: date) -> None:
    year = _school_year(today)
    competencies = _competencies()
    plan = MethodicalPlan.objects.create(
        organization=kindergarten,
        year=year,
        title=f"План методической работы на {year}/{str(year + 1)[-2:]} учебный год",
        what_we_did="Провели семинары по ФОП ДО и консультации по работе с родителями; "
        "воспитатели прошли курсы по ИКТ.",
        what_worked="Методический четверг и взаимные посещения занятий в ПОС.",
        what_else="Добавить темы по общепользовательской ИКТ-компетентности и по "
        "безопасности детей в цифровой среде: дефициты по ним не закрыты планом.",
        created_by=User.objects.get(email=f"manager@{DEMO_DOMAIN}"),
    )
    topics = [
        (9, "Федеральная образовательная программа ДО: что изменилось", "Семинар", ["НП.2"]),
        (10, "Технология продуктивного чтения-слушания", "Практикум", ["ПР.4"]),
        (11, "Взаимопосещения занятий: как смотреть и что обсуждать", "Практикум", ["КМ.3"]),
        (12, "Цифровые образовательные ресурсы для занятий", "Мастер-класс", ["ЦФ.2"]),
        (1, "Дети с ОВЗ: нормативная база и адаптированные программы", "Консультация", ["НП.3"]),
        (2, "Открытые занятия ПОС «Читаем и слушаем вместе»", "Открытые занятия", ["ПР.4"]),
        (3, "Оформление групп к празднику", "Смотр-конкурс", []),
        (4, "Итоги мониторинга речевого развития", "Педагогический совет", ["МТ.4"]),
    ]
    for order, (month, title, form, codes) in enumerate(topics):
        topic = PlanTopic.objects.create(
            plan=plan,
            month=month,
            title=title,
            form=form,
            responsible="Старший воспитатель",
            order=order,
        )
        topic.competencies.set([competencies[c] for c in codes if c in competencies])
