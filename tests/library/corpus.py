"""A deterministic Russian corpus of library materials for the search tests.

Each material is built from realistic parts by its number; which of them hold a word is
known by construction (the template), so a test's expectation never comes from the search
code it checks. Only the templates named in a comment hold the stems the tests look for.
"""

from __future__ import annotations

from dataclasses import dataclass

SIZE = 240

SUBJECTS = [
    "математики",
    "русского языка",
    "литературы",
    "истории",
    "биологии",
    "физики",
    "химии",
    "географии",
    "информатики",
    "окружающего мира",
    "английского языка",
]
THEMES = [
    "Осенние листья",
    "Мой край",
    "День Победы",
    "Безопасный интернет",
    "Космос рядом",
    "Вода — источник жизни",
    "Книга — лучший друг",
]
PRACTICES = [
    "приём «Шесть шляп» на уроке",
    "работа в парах сменного состава",
    "рефлексия «Светофор»",
    "кластер как способ систематизации",
    "чек-лист самопроверки",
]
AUTHORS = [
    "Иванова Мария Петровна",
    "Смирнов Алексей Игоревич",
    "Кузнецова Ольга Николаевна",
    "Попова Елена Сергеевна",
    "Соколов Дмитрий Андреевич",
    "Лебедева Анна Викторовна",
    "Новикова Татьяна Юрьевна",
]
AUDIENCES = [",ooo,", ",noo,ooo,", ",ooo,soo,", ",soo,spo,"]
LICENCES = ["reserved", "cc-by", "cc-by-sa", "cc-by-nc"]

# (kind, title, annotation, body) by template; {s} subject, {t} theme, {g} grade, {p} practice.
# The stem «учител» is in templates 1 and 3 (annotation), 5 (result), 6, 8, 9 (title);
# «грамотн» only in template 0.
TEMPLATES = [
    (
        "development",
        "Формирование функциональной грамотности на уроках {s}",
        "Приёмы работы с текстом и задания в формате PISA для {g} класса.",
        "Читательские задания, критерии оценивания и образцы ответов.",
    ),
    (
        "tech_map",
        "Технологическая карта урока {s} в {g} классе",
        "Урок открытия нового знания по ФГОС: этапы, деятельность учителя и учащихся.",
        "Этап мотивации, актуализация знаний, первичное закрепление, рефлексия.",
    ),
    (
        "lesson_plan",
        "Конспект занятия «{t}» для старшей группы",
        "Игровое занятие для дошкольников с элементами экспериментирования.",
        "Ход занятия: сюрпризный момент, опыты, подвижная игра, итог.",
    ),
    (
        "recommendations",
        "Методические рекомендации по организации наставничества",
        "Рекомендации для наставников молодых учителей: план, формы встреч, оценка.",
        "Наставник и наставляемый составляют индивидуальный план развития.",
    ),
    (
        "scenario",
        "Сценарий классного часа «{t}»",
        "Сценарий для классного руководителя {g} класса с презентацией и викториной.",
        "Вступительное слово, викторина по командам, обсуждение, подведение итогов.",
    ),
    (
        "quantum",
        "Квант практики: {p}",
        "Короткая практика для коллег: что делать, для кого и зачем.",
        "Пошаговое описание приёма с примерами заданий.",
    ),
    (
        "program",
        "Школа молодого учителя: программа сопровождения",
        "Программа для педагогов первых трёх лет работы в школе.",
        "Модули программы: планирование, оценивание, работа с родителями.",
    ),
    (
        "presentation",
        "Презентация к уроку {s}: «{t}»",
        "Слайды с иллюстрациями и вопросами для обсуждения в {g} классе.",
        "Титульный слайд, цели урока, иллюстрации, вопросы, итоговый слайд.",
    ),
    (
        "act_regulation",
        "Положение о методическом объединении учителей {s}",
        "Модельный локальный акт: цели, состав, порядок работы объединения.",
        "Общие положения, задачи, права и обязанности, документация.",
    ),
    (
        "article",
        "Учитель-исследователь: как начать проект по {s}",
        "Статья о первых шагах исследовательской работы на уроках {s}.",
        "Выбор темы, гипотеза, методы, оформление результатов.",
    ),
]
RESULT_QUANTUM = "Учитель за 15 минут показывает коллегам приём и его результат для детей."


@dataclass(frozen=True)
class Spec:
    number: int
    template: int
    kind: str
    title: str
    description: str
    body_text: str
    result: str
    authors: str
    subjects: str
    audiences: str
    year: int
    licence: str
    organization: int | None  # index into the test's organisations
    competencies: tuple[int, ...]  # indexes into the framework's competencies
    published: bool


def spec(number: int) -> Spec:
    template = number % len(TEMPLATES)
    kind, title, description, body = TEMPLATES[template]
    subject = SUBJECTS[number % len(SUBJECTS)]
    parts = {
        "s": subject,
        "t": THEMES[number % len(THEMES)],
        "g": str(5 + number % 7),
        "p": PRACTICES[number % len(PRACTICES)],
    }
    competencies = (number % 3,) if number % 5 else (number % 3, (number + 1) % 3)
    return Spec(
        number=number,
        template=template,
        kind=kind,
        title=title.format(**parts),
        description=description.format(**parts),
        body_text=body.format(**parts),
        result=RESULT_QUANTUM if kind == "quantum" else "",
        authors=", ".join((AUTHORS[number % 7], AUTHORS[(number + 3) % 7])),
        subjects=subject if template != 2 else "познавательное развитие",
        audiences=",doo," if template == 2 else AUDIENCES[number % 4],
        year=2019 + number % 6,
        licence=LICENCES[number % 4],
        organization=None if number % 4 == 3 else number % 3,
        competencies=competencies,
        published=number % 23 != 20,
    )


CORPUS = [spec(number) for number in range(SIZE)]
