"""The expert conclusion as a PDF, read back: the regulated parts in Russian, blind or named."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from metodset.expertise.aggregation import Verdict
from metodset.expertise.conclusions import (
    Conclusion,
    ConclusionCriterion,
    anonymised_expert,
    render_pdf,
)


@pytest.fixture(autouse=True)
def _russian():
    with translation.override("ru"):
        yield


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def conclusion(**changes) -> Conclusion:
    data = {
        "object_title": "Технологическая карта урока «Дроби вокруг нас»",
        "object_kind": "Методическая разработка стажёра",
        "authors": "Иванова Мария Петровна, Петров Олег Ильич",
        "campaign": "Взаимоэкспертиза продуктов стажёров, весна",
        "rubric": "Лист экспертизы методической разработки",
        "rubric_version": 2,
        "expert_name": "Смирнова Анна Викторовна",
        "expert_competence": "учитель математики высшей категории, эксперт регионального уровня",
        "criteria": [
            ConclusionCriterion(
                title="Соответствие ФГОС",
                score=3,
                max_score=3,
                weight=1,
                level="Полностью соответствует",
                reasoning="Планируемые результаты сформулированы по ФГОС ООО.",
                critical=True,
            ),
            ConclusionCriterion(
                title="Методы и приёмы",
                score=2.5,
                max_score=5,
                weight=2,
                level="Частично",
                reasoning="Приёмы смыслового чтения названы, но не разработаны.",
            ),
        ],
        "total_points": 8,
        "max_points": 13,
        "total_percent": 61.54,
        "strengths": "Чёткая структура урока.\nПродуманная рефлексия.",
        "shortcomings": "Мало заданий для дифференциации.",
        "recommendations": "Добавить задания трёх уровней сложности.",
        "verdict": str(Verdict.REVISE.label),
        "date": "7 декабря 2026 г.",
        "version": 3,
        "verification": "https://metodset.example/v/7QK2M",
    }
    return Conclusion(**{**data, **changes})


def test_a_named_conclusion_shows_every_regulated_part_in_russian():
    pdf = render_pdf(conclusion())
    text = pdf_text(pdf)

    for expected in [
        "Экспертное заключение",
        "Объект экспертизы Технологическая карта урока «Дроби вокруг нас»",
        "Методическая разработка стажёра",
        "Иванова Мария Петровна, Петров Олег Ильич",
        "Взаимоэкспертиза продуктов стажёров, весна",
        "Лист экспертизы методической разработки, версия 2",
        "Смирнова Анна Викторовна",
        "Компетенция эксперта",
        "Оценка по критериям",
        "Соответствие ФГОС *",
        "Полностью соответствует",
        "Приёмы смыслового чтения названы, но не разработаны.",
        "2,5 из 5",
        "Итого 8 из 13 (61,54 %)",
        "Сильные стороны Чёткая структура урока. Продуманная рефлексия.",
        "Недостатки Мало заданий для дифференциации.",
        "Рекомендации Добавить задания трёх уровней сложности.",
        "Вывод эксперта: РЕКОМЕНДОВАНО ПОСЛЕ ДОРАБОТКИ",
        "Дата: 7 декабря 2026 г.",
        "Подпись эксперта",
        "Экспертное заключение, версия 3",
        "Проверка подлинности: https://metodset.example/v/7QK2M",
        "Критический критерий",
    ]:
        assert expected in text, expected
    assert "Вес" in text  # the weights differ, so they are shown


def test_a_blind_conclusion_shown_to_the_author_names_neither_author_nor_expert():
    pdf = render_pdf(
        conclusion(authors=None, expert_name=anonymised_expert(2), expert_competence="")
    )
    text = pdf_text(pdf)

    assert "Автор скрыт (слепая экспертиза)" in text
    assert "Эксперт Эксперт 2" in text
    assert "Смирнова" not in text and "Иванова" not in text
    assert "Компетенция эксперта" not in text
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info is not None and info.author == "Эксперт 2"


def test_the_pdf_carries_its_title_author_and_language():
    reader = PdfReader(io.BytesIO(render_pdf(conclusion())))

    assert reader.metadata is not None
    assert reader.metadata.title == (
        "Экспертное заключение: Технологическая карта урока «Дроби вокруг нас»"
    )
    assert reader.metadata.author == "Смирнова Анна Викторовна"
    assert reader.trailer["/Root"]["/Lang"] == "ru"


def test_equal_weights_are_not_shown_and_empty_sections_print_a_dash():
    criteria = [ConclusionCriterion(title="Актуальность", score=4, max_score=5)]
    text = pdf_text(render_pdf(conclusion(criteria=criteria, strengths="", verification="")))

    assert "Вес" not in text
    assert "Сильные стороны — Недостатки" in text
    assert "Проверка подлинности" not in text
    assert "Критический критерий" not in text


def test_text_with_typst_markup_is_printed_as_it_is():
    text = pdf_text(render_pdf(conclusion(shortcomings='#panic("x") *не жирный* $x$ <a> @b')))

    assert '#panic("x") *не жирный* $x$ <a> @b' in text
