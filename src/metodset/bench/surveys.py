"""A questionnaire with many responses, for timing its results page.

Fifteen questions of every kind; the responses and their answers are inserted in chunks with
``bulk_create`` (answers with plain ``executemany``: half a million rows), so 30,000
responses take seconds, not minutes.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from metodset.accounts.models import Organization, User
from metodset.surveys.models import NO, YES, Answer, Question, Questionnaire, Response

SEED = 20251124
CHUNK = 5000
Kind = Question.Kind

QUESTIONS: list[dict] = [
    {"kind": Kind.SINGLE, "text": "Ваша должность", "options": ["Учитель", "Воспитатель",
     "Методист", "Заместитель директора", "Педагог-психолог"]},
    {"kind": Kind.SINGLE, "text": "Стаж работы", "options": ["До 3 лет", "3–10 лет",
     "10–20 лет", "Больше 20 лет"]},
    {"kind": Kind.MULTIPLE, "text": "Какие формы повышения квалификации вам удобны?",
     "options": ["Курсы", "Стажировка", "Вебинары", "Мастер-классы", "Наставничество",
                 "Самообразование"]},
    {"kind": Kind.MULTIPLE, "text": "Какие трудности вы испытываете?", "options": [
        "Нехватка времени", "Техника", "Методические материалы", "Работа с родителями"]},
    {"kind": Kind.SCALE, "text": "Удовлетворённость программой", "scale_min": 1, "scale_max": 5},
    {"kind": Kind.SCALE, "text": "Полезность для работы", "scale_min": 1, "scale_max": 10},
    {"kind": Kind.SCALE, "text": "Готовность рекомендовать", "scale_min": 0, "scale_max": 10},
    {"kind": Kind.YES_NO, "text": "Применяете ли вы полученный опыт?"},
    {"kind": Kind.YES_NO, "text": "Нужна ли вам консультация методиста?"},
    {"kind": Kind.NUMBER, "text": "Сколько часов в месяц вы тратите на самообразование?",
     "number_min": Decimal(0), "number_max": Decimal(200)},
    {"kind": Kind.NUMBER, "text": "Сколько открытых уроков вы провели за год?",
     "number_min": Decimal(0), "number_max": Decimal(50)},
    {"kind": Kind.MATRIX, "text": "Оцените составляющие программы", "rows": [
        "Очные занятия", "Самостоятельная работа", "Экспертиза", "Конференция"],
     "scale_min": 1, "scale_max": 5},
    {"kind": Kind.MATRIX, "text": "Насколько вам нужна поддержка?", "rows": [
        "Предметная", "Методическая", "Цифровая"], "options": ["Не нужна", "Скорее нужна",
                                                             "Очень нужна"]},
    {"kind": Kind.SHORT_TEXT, "text": "Тема для следующего семинара"},
    {"kind": Kind.LONG_TEXT, "text": "Ваши предложения"},
]  # fmt: skip
TEXTS = ["Функциональная грамотность", "Цифровые инструменты", "Проектная деятельность",
         "Больше практики", "Спасибо за программу", "Работа с родителями"]  # fmt: skip


def survey_results_start(
    *, organization: Organization, created_by: User, responses: int
) -> Questionnaire:
    """One open questionnaire of fifteen questions with ``responses`` responses."""
    rng = random.Random(SEED)
    now = timezone.now()
    with transaction.atomic():
        questionnaire = Questionnaire.objects.create(
            title="Анкета для замера: итоги года",
            organization=organization,
            created_by=created_by,
            anonymous=True,
            status=Questionnaire.Status.OPEN,
        )
        questions = Question.objects.bulk_create(
            [
                Question(questionnaire=questionnaire, order=i, **fields)
                for i, fields in enumerate(QUESTIONS, start=1)
            ]
        )
    table = Answer._meta.db_table
    sql = (
        f"INSERT INTO {connection.ops.quote_name(table)} "
        "(response_id, question_id, row_index, choice_index, number, text) "
        "VALUES (%s, %s, %s, %s, %s, %s)"
    )
    number_param = str if connection.vendor == "sqlite" else Decimal
    for start in range(0, responses, CHUNK):
        size = min(CHUNK, responses - start)
        with transaction.atomic():
            created = Response.objects.bulk_create(
                [
                    Response(
                        questionnaire=questionnaire,
                        channel=Response.Channel.PUBLIC,
                        submitted_at=now - timedelta(minutes=start + i),
                    )
                    for i in range(size)
                ]
            )
            rows: list[tuple] = []
            for response in created:
                rows.extend(_answers(response.pk, questions, rng, number_param))
            with connection.cursor() as cursor:
                cursor.executemany(sql, rows)
    return questionnaire


def _answers(response_id: int, questions: list[Question], rng: random.Random, num) -> list[tuple]:
    rows: list[tuple] = []
    for q in questions:
        kind = q.kind
        if kind == Kind.SINGLE:
            rows.append((response_id, q.pk, None, rng.randrange(len(q.options)), None, ""))
        elif kind == Kind.MULTIPLE:
            for i in range(len(q.options)):
                if rng.random() < 0.4:
                    rows.append((response_id, q.pk, None, i, None, ""))
        elif kind == Kind.SCALE:
            value = rng.randint(q.scale_min or 0, q.scale_max or 5)
            rows.append((response_id, q.pk, None, None, num(value), ""))
        elif kind == Kind.YES_NO:
            rows.append((response_id, q.pk, None, YES if rng.random() < 0.7 else NO, None, ""))
        elif kind == Kind.NUMBER:
            rows.append((response_id, q.pk, None, None, num(rng.randint(0, 40)), ""))
        elif kind == Kind.MATRIX:
            for row in range(len(q.rows)):
                if q.options:
                    rows.append((response_id, q.pk, row, rng.randrange(len(q.options)), None, ""))
                else:
                    rows.append((response_id, q.pk, row, None, num(rng.randint(1, 5)), ""))
        elif rng.random() < 0.4:
            rows.append((response_id, q.pk, None, None, None, rng.choice(TEXTS)))
    return rows
