"""Demo questionnaires of the network: the interns' reflection, the satisfaction questionnaire
and the audience feedback form, each with realistic answers.

Created by the network's coordinator for the lead organisation from the shipped templates.
A questionnaire already there (same template, network and author) is left alone, so a second
run creates nothing. Answers are drawn with a fixed seed, so every machine gets the same.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from faker import Faker

from metodset.accounts.models import Membership, Network, User
from metodset.surveys import services
from metodset.surveys.models import NO, YES, Answer, Invitation, Question, Questionnaire, Response
from metodset.surveys.responding import keyed_hash

from . import data

COORDINATOR_EMAIL = f"coordinator@{data.DEMO_DOMAIN}"
SEED = 20251124
Kind = Question.Kind

# Free-text answers by question text; what is not listed draws from GENERIC_TEXTS.
TEXTS: dict[str, list[str]] = {
    "Какой отзыв о мероприятии дали педагоги или родители — его участники?": [
        "Родители отметили, что впервые участвовали в таком онлайн-занятии и им было интересно "
        "выполнять задания вместе с детьми.",
        "Коллеги высоко оценили структуру мероприятия и предложили провести его для педагогов "
        "других детских садов района.",
        "Родители поблагодарили за практические советы по развитию речи дома и попросили "
        "прислать материалы.",
        "Отзывы положительные; участники пожелали сделать встречу чуть короче — 30 минут "
        "вместо 45.",
        "Педагоги отметили практическую направленность и удобные раздаточные материалы.",
        "Некоторым родителям было сложно подключиться, но потом все активно участвовали и "
        "благодарили в чате.",
        "Коллеги сказали, что возьмут приёмы мнемотехники в свою работу.",
        "Родители написали много благодарностей и попросили продолжить такие встречи раз в месяц.",
        "Участники отметили доброжелательную атмосферу и то, что дети были активны весь час.",
        "Педагоги попросили запись мероприятия, чтобы показать её коллегам на педсовете.",
        "Мамы отметили, что игры легко повторить дома, и прислали фото своих поделок.",
        "Коллеги заметили, что не хватило времени на вопросы, но в целом мероприятие понравилось.",
    ],
    "Ваш эмоциональный отзыв о проведённом событии": [
        "Волновалась перед началом, но атмосфера была тёплой, и всё прошло легко.",
        "Очень довольна: дети и родители были вовлечены, было много улыбок.",
        "Почувствовала уверенность в работе с онлайн-форматом.",
        "Было непросто удерживать внимание всех участников, но в целом радостно.",
        "Гордость за команду: мы сделали то, чего раньше никогда не делали.",
        "Сначала растерялась из-за технических неполадок, потом всё наладилось.",
        "Вдохновение и желание продолжать!",
    ],
    "Если реализованы не все цели и задачи — какие и почему?": [
        "Не успели провести рефлексию с участниками — не хватило времени.",
        "Не все родители выполнили практическое задание.",
        "Задачу по обратной связи от родителей решили только частично.",
        "Не удалось показать второй видеофрагмент из-за плохой связи.",
    ],
    "Опишите трудности подробнее и как вы с ними справились": [
        "Сложно было найти время для встреч команды — договорились работать в мессенджере и "
        "созваниваться по вечерам.",
        "Долго монтировали видеоролик, помогла коллега из другой команды.",
        "Часть родителей не умела пользоваться платформой для встреч, провели для них отдельную "
        "консультацию.",
        "Участники из разных часовых поясов — подобрали время, удобное всем.",
        "Не хватало опыта в постановке целей, разобрались с тьютором.",
    ],
    "Ваш эмоциональный отзыв об участии в цифровой интернатуре": [
        "Интернатура вдохновила пробовать новое. Спасибо координаторам и тьютору!",
        "Было интенсивно, но очень интересно. Понравилась работа в команде с коллегами из других "
        "городов.",
        "Сначала было страшно работать онлайн, теперь чувствую себя уверенно.",
        "Получила массу положительных эмоций и новых идей для работы с родителями.",
        "Благодарна за поддержку тьютора и возможность попробовать себя в новом формате.",
        "Иногда не хватало времени, но результат того стоил.",
        "Очень понравилось! Хочу участвовать в следующей интернатуре.",
        "Интересный опыт: научилась планировать событие от цели до результата.",
        "Познакомилась с замечательными коллегами, продолжим общаться.",
        "Полезно и по делу, без лишней бумажной работы.",
    ],
    "Что бы вы предложили изменить в следующей интернатуре?": [
        "Больше времени на межвебинарный период.",
        "Добавить короткий вебинар по монтажу видео.",
        "Сделать общую библиотеку материалов с первого дня.",
        "Чаще встречаться командами с тьютором.",
        "Дать примеры удачных событий прошлых интернатур.",
    ],
    "Что в стажировке было для вас самым полезным?": [
        "Взаимоэкспертиза работ коллег — увидела свою разработку со стороны.",
        "Консультации по подготовке публикации.",
        "Очные занятия и обмен опытом со школами-партнёрами.",
        "Чёткий план индивидуальной стажировки: понятно, что и когда делать.",
        "Выступление на конференции и вопросы коллег.",
        "Методическая поддержка при выборе темы разработки.",
    ],
    "Что стоит изменить в программе стажировки?": [
        "Больше времени на доработку продукта перед конференцией.",
        "Сделать портал удобнее для работы с телефона.",
        "Равномернее распределить задания по месяцам.",
        "Добавить ещё одно очное занятие по экспертизе.",
    ],
    "Какие темы вы хотели бы изучить на следующей стажировке?": [
        "Цифровые инструменты оценки качества образования",
        "Организация проектной деятельности обучающихся",
        "Анализ данных мониторинга",
        "Наставничество молодых педагогов",
        "Функциональная грамотность",
    ],
    "Что вам особенно понравилось?": [
        "Игры с детьми — ребёнок до сих пор вспоминает!",
        "Понятные объяснения и примеры.",
        "Доброжелательная атмосфера.",
        "Практические советы, которые можно применить дома.",
        "Что можно было задать вопросы в чате.",
        "Всё понравилось, спасибо!",
        "Музыкальная разминка в начале.",
    ],
    "Ваши пожелания ведущим": [
        "Проводите такие встречи чаще!",
        "Хотелось бы получить запись мероприятия.",
        "Чуть меньше теории, больше практики.",
        "Спасибо, всё отлично.",
        "Начинать чуть позже, после 19:00, чтобы успевали работающие родители.",
    ],
}
GENERIC_TEXTS = ["Всё понравилось.", "Спасибо!", "Затрудняюсь ответить.", "Было полезно."]

# Positive answers are the likelier: options in the templates go from best to worst.
SCALE_WEIGHTS = {5: [2, 5, 17, 38, 38], 10: [1, 1, 2, 3, 5, 8, 14, 22, 24, 20]}
NPS_WEIGHTS = [1, 1, 1, 2, 2, 4, 6, 12, 20, 25, 26]


@dataclass
class _Plan:
    key: str
    invitees: list[User]
    answers: int
    anonymous: bool = False
    public: int = 0
    closed: bool = False


def demo_surveys_load(*, network: Network, now: datetime) -> tuple[str, int]:
    """Create the demo questionnaires that are missing; return a Russian line and how many."""
    coordinator = User.objects.filter(email=COORDINATOR_EMAIL).first()
    if coordinator is None:
        return f"Анкеты не загружены: нет координатора сети {COORDINATOR_EMAIL}.", 0
    existing = set(
        Questionnaire.objects.filter(network=network, created_by=coordinator).values_list(
            "template_key", flat=True
        )
    )
    fake = Faker("ru_RU")
    fake.seed_instance(SEED)
    rng = fake.random
    teachers = list(
        User.objects.filter(
            memberships__organization__partnerships__network=network,
            memberships__role=Membership.Role.TEACHER,
            is_active=True,
        )
        .distinct()
        .order_by("email")
    )
    rng.shuffle(teachers)
    plans = [
        _Plan("internship_reflection", teachers[:60], answers=41),
        _Plan("internship_satisfaction", teachers[60:90], answers=24, anonymous=True, closed=True),
        _Plan("audience_feedback", [], answers=0, public=25),
    ]
    parts = []
    with transaction.atomic():
        for plan in plans:
            if plan.key in existing:
                continue
            questionnaire = services.questionnaire_from_template(
                key=plan.key,
                by=coordinator,
                organization=network.lead_organization,
                network=network,
            )
            parts.append(_fill(questionnaire, plan, rng=rng, now=now))
    if not parts:
        return "Анкеты сети уже загружены.", 0
    return "Анкеты сети: " + "; ".join(parts) + ".", len(parts)


def questionnaire_answered(
    questionnaire: Questionnaire, *, invitees: list[User], answers: int, now: datetime, seed: int
) -> str:
    """Invite these people and let the first ``answers`` of them answer; closed by ``now``.

    For a programme of the demo that has finished: its reflection questionnaire was sent,
    answered and closed before the load day.
    """
    plan = _Plan(questionnaire.template_key, invitees, answers=answers, closed=True)
    return _fill(questionnaire, plan, rng=random.Random(seed), now=now)


def _fill(questionnaire: Questionnaire, plan: _Plan, *, rng: random.Random, now: datetime) -> str:
    started = now - timedelta(days=12)
    questionnaire.status = Questionnaire.Status.CLOSED if plan.closed else Questionnaire.Status.OPEN
    questionnaire.opens_at = started
    questionnaire.closes_at = now - timedelta(days=2) if plan.closed else now + timedelta(days=9)
    questionnaire.save()
    questions = list(questionnaire.questions.order_by("order", "pk"))

    invitations = [
        Invitation(
            questionnaire=questionnaire,
            user=person,
            invited_at=started + timedelta(minutes=rng.randint(0, 90)),
        )
        for person in plan.invitees
    ]
    Invitation.objects.bulk_create(invitations)
    responses: list[Response] = []
    answered = invitations[: plan.answers]
    for invitation in answered:
        invitation.answered_at = invitation.invited_at + timedelta(
            hours=rng.randint(2, 9 * 24), minutes=rng.randint(0, 59)
        )
        invitation.answered_at = min(invitation.answered_at, now - timedelta(hours=1))
        responses.append(
            Response(
                questionnaire=questionnaire,
                user=None if plan.anonymous else invitation.user,
                invitation=None if plan.anonymous else invitation,
                channel=Response.Channel.INVITED,
                submitted_at=invitation.answered_at,
            )
        )
    for invitation in invitations[plan.answers :]:
        if rng.random() < 0.5:
            invitation.reminded_at = started + timedelta(days=5)
    Invitation.objects.bulk_update(invitations, ["answered_at", "reminded_at"])

    for i in range(plan.public):
        responses.append(
            Response(
                questionnaire=questionnaire,
                channel=Response.Channel.PUBLIC,
                browser_hash=keyed_hash("browser", f"demo-{questionnaire.pk}-{i}"),
                ip_hash=keyed_hash("ip", f"10.0.{i % 7}.{i}"),
                submitted_at=started
                + timedelta(days=rng.randint(0, 3), minutes=rng.randint(0, 600)),
            )
        )
    Response.objects.bulk_create(responses)
    texts = _Texts(rng)
    Answer.objects.bulk_create(
        [answer for r in responses for answer in _answers(r, questions, rng, texts)]
    )
    if plan.public:
        return f"«{questionnaire.title}» — {plan.public} ответов по публичной ссылке"
    return f"«{questionnaire.title}» — ответили {plan.answers} из {len(plan.invitees)} приглашённых"


def _scale_value(question: Question, rng: random.Random) -> int:
    values = question.scale_values
    if len(values) == 11:
        weights = NPS_WEIGHTS
    else:
        weights = SCALE_WEIGHTS.get(len(values), [1] * len(values))
    return rng.choices(values, weights=weights)[0]


def _answers(
    response: Response, questions: list[Question], rng: random.Random, texts: _Texts
) -> list[Answer]:
    answers: list[Answer] = []

    def add(question: Question, **fields: Any) -> None:
        answers.append(Answer(response=response, question=question, **fields))

    asked_tutor = True
    for question in questions:
        if not question.required and rng.random() < 0.45:
            continue
        kind = question.kind
        if kind == Kind.SINGLE:
            n = len(question.options)
            weights = [max(1, 10 - 3 * i) for i in range(n)]
            add(question, choice_index=rng.choices(range(n), weights=weights)[0])
        elif kind == Kind.MULTIPLE:
            n = len(question.options)
            chosen = [i for i in range(n) if rng.random() < 0.45 - 0.04 * i]
            if question.options[-1].startswith("Трудностей не"):
                chosen = [n - 1] if rng.random() < 0.15 else [i for i in chosen if i != n - 1]
            for index in chosen or [rng.randrange(n)]:
                add(question, choice_index=index)
        elif kind == Kind.YES_NO:
            yes = rng.random() < 0.78
            if "тьютор" in question.text:
                asked_tutor = yes
            add(question, choice_index=YES if yes else NO)
        elif kind == Kind.SCALE:
            if "тьютор" in question.text and not asked_tutor:
                continue
            add(question, number=Decimal(_scale_value(question, rng)))
        elif kind == Kind.NUMBER:
            add(
                question, number=Decimal(rng.choice([0, 1, 2, 3, 3, 4, 5, 5, 6, 8, 10, 12, 15, 20]))
            )
        elif kind == Kind.MATRIX:
            for row in range(len(question.rows)):
                if question.options:
                    n = len(question.options)
                    add(question, row_index=row, choice_index=rng.randrange(n))
                else:
                    add(question, row_index=row, number=Decimal(_scale_value(question, rng)))
        else:
            add(question, text=texts.next(question.text))
    return answers


class _Texts:
    """Free-text answers for each question, each used once before any is repeated."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.left: dict[str, list[str]] = {}

    def next(self, question_text: str) -> str:
        left = self.left.get(question_text)
        if not left:
            left = list(TEXTS.get(question_text, GENERIC_TEXTS))
            self.rng.shuffle(left)
            self.left[question_text] = left
        return left.pop()
