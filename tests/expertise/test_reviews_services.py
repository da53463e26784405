"""The expert's side, written through the services: drafts, submission with the conclusion's
PDF, decline, bids and declared conflicts."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from metodset.expertise.models import Bid, Campaign, Conflict, Item, Review
from metodset.expertise.services import reviews as services
from metodset.expertise.services.reviews import ReviewError

from . import factories
from .reviewing import reviewing_fixture  # noqa: F401


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def _draft(reviewing, scores, comments=None, verdict=Item.Verdict.REVISE, **texts):
    return services.review_draft_save(
        review=reviewing.review,
        scores={
            c.pk: (s, (comments or {}).get(i, ""))
            for i, (c, s) in enumerate(zip(reviewing.criteria, scores, strict=True))
        },
        strengths=texts.get("strengths", "Чёткая структура."),
        shortcomings=texts.get("shortcomings", "Мало дифференциации."),
        recommendations=texts.get("recommendations", "Добавить задания трёх уровней."),
        verdict=verdict,
        by=reviewing.expert,
    )


def test_a_draft_keeps_incomplete_scores_and_texts(reviewing):
    _draft(reviewing, [3, None, 1], {2: "Практика не описана."}, verdict="")

    review = Review.objects.get(pk=reviewing.review.pk)
    assert review.status == Review.Status.DRAFT
    assert {s.criterion_id: (s.score, s.comment) for s in review.scores.all()} == {
        reviewing.criteria[0].pk: (3, ""),
        reviewing.criteria[2].pk: (1, "Практика не описана."),
    }
    assert review.shortcomings == "Мало дифференциации."


def test_a_score_off_the_scale_or_reasoning_without_a_score_saves_nothing(reviewing):
    with pytest.raises(ReviewError) as raised:
        _draft(reviewing, [4, None, 2], {1: "Обоснование без оценки."})

    assert set(raised.value.errors) == {
        f"score_{reviewing.criteria[0].pk}",
        f"score_{reviewing.criteria[1].pk}",
    }
    assert not reviewing.review.scores.exists()


def test_submitting_an_incomplete_draft_says_what_is_missing_per_field(reviewing):
    _draft(reviewing, [3, None, 1], verdict="")

    with pytest.raises(ReviewError) as raised:
        services.review_submit(review=reviewing.review, by=reviewing.expert)

    first, second, third = reviewing.criteria
    assert raised.value.errors == {
        f"score_{second.pk}": ["Оцените этот критерий."],
        f"comment_{third.pk}": ["Оценка ниже 2 требует вашего обоснования."],
        "verdict": ["Выберите ваш вывод."],
    }
    assert Review.objects.get(pk=reviewing.review.pk).status == Review.Status.DRAFT


def test_submission_counts_the_total_renders_the_conclusion_and_marks_the_item(reviewing):
    _draft(reviewing, [3, 2, 1], {2: "Практическая часть не описана."})

    review = services.review_submit(review=reviewing.review, by=reviewing.expert)

    review.refresh_from_db()
    assert review.status == Review.Status.SUBMITTED
    assert review.total == Decimal("66.7")  # (3 + 2×2 + 1) of (3 + 2×3 + 3)
    text = pdf_text(review.conclusion.read())
    for expected in [
        "Экспертное заключение",
        "Урок-исследование «Дроби вокруг нас»",
        "Вид объекта Методическая разработка стажёра",
        "Соколова Елена Викторовна",
        "Кандидат педагогических наук",
        "Соответствие требованиям ФГОС *",
        "3 из 3",
        "1 из 3",
        "Практическая часть не описана.",
        "Итого 8 из 12",
        "РЕКОМЕНДОВАНО ПОСЛЕ ДОРАБОТКИ",
        reviewing.item.authors.get().user.get_full_name(),  # seen by a blind one's expert
    ]:
        assert expected in text, expected
    assert Item.objects.get(pk=reviewing.item.pk).status == Item.Status.REVIEWED


def test_a_submitted_review_is_closed_to_changes(reviewing):
    _draft(reviewing, [3, 3, 3], verdict=Item.Verdict.RECOMMENDED)
    services.review_submit(review=reviewing.review, by=reviewing.expert)

    with pytest.raises(ReviewError):
        _draft(reviewing, [0, 0, 0])


def test_declining_keeps_the_reason_and_closes_the_review(reviewing):
    services.review_decline(
        review=reviewing.review,
        reason="Автор — мой коллега по методобъединению",
        by=reviewing.expert,
    )

    review = Review.objects.get(pk=reviewing.review.pk)
    assert review.status == Review.Status.DECLINED
    assert review.declined_reason == "Автор — мой коллега по методобъединению"


def test_declining_needs_a_reason(reviewing):
    with pytest.raises(ReviewError):
        services.review_decline(review=reviewing.review, reason="  ", by=reviewing.expert)
    assert Review.objects.get(pk=reviewing.review.pk).status == Review.Status.ASSIGNED


def test_an_expert_bids_on_an_item_of_an_open_campaign_and_takes_it_back(reviewing, world):
    open_campaign = factories.campaign(network=world.network, status=Campaign.Status.OPEN)
    item = factories.item(campaign_=open_campaign, authors=[world.colleague])

    services.bid_set(expert=reviewing.expert, item=item, level=Bid.Level.EAGER)
    assert Bid.objects.get(expert=reviewing.expert, item=item).level == Bid.Level.EAGER
    services.bid_set(expert=reviewing.expert, item=item, level=None)
    assert not Bid.objects.exists()


def test_nobody_bids_on_their_own_item_or_a_campaign_under_review(reviewing, world):
    open_campaign = factories.campaign(network=world.network, status=Campaign.Status.OPEN)
    own = factories.item(campaign_=open_campaign, authors=[reviewing.expert])

    with pytest.raises(ReviewError):
        services.bid_set(expert=reviewing.expert, item=own, level=Bid.Level.EAGER)
    with pytest.raises(ReviewError):
        services.bid_set(expert=reviewing.expert, item=reviewing.item, level=Bid.Level.EAGER)


def test_a_declared_conflict_is_kept_with_its_reason(reviewing, world):
    conflict = services.conflict_declare(
        expert=reviewing.expert, organization=world.school, reason="Работала там до 2025 года"
    )

    assert Conflict.objects.get() == conflict
    assert conflict.organization == world.school
