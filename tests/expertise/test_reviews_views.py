"""The expert's pages: the queue, the review form (draft and submit), the decline, the
conclusion's PDF for each reader, bids, and the section of «Моя неделя»."""

from __future__ import annotations

import datetime as dt
import io

import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from metodset.expertise.models import Bid, Campaign, Conflict, Item, Review

from ..conftest import client_for
from . import factories
from .reviewing import form_data, reviewing_fixture  # noqa: F401


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def _url(name, review):
    return reverse(f"expertise:{name}", args=[review.pk])


def _submit(reviewing):
    data = form_data(
        reviewing.criteria,
        [3, 2, 1],
        {2: "Практическая часть не описана."},
        strengths="Продуманная рефлексия.",
        verdict=Item.Verdict.REVISE,
    )
    response = client_for(reviewing.expert).post(_url("review_submit", reviewing.review), data)
    assert response.status_code == 302
    return Review.objects.get(pk=reviewing.review.pk)


def test_the_queue_shows_the_review_with_its_deadline_and_the_overdue_highlighted(reviewing):
    late = factories.item(campaign_=reviewing.campaign, title="Просроченная разработка")
    overdue = factories.review(item_=late, expert_=reviewing.expert)
    Review.objects.filter(pk=overdue.pk).update(due_at=timezone.now() - timezone.timedelta(days=1))

    response = client_for(reviewing.expert).get(reverse("expertise:my_reviews"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Урок-исследование «Дроби вокруг нас»" in page
    assert "list-group-item-danger" in page and "просрочено" in page
    assert _url("review_form", reviewing.review) in page


def test_the_queue_costs_the_same_queries_for_one_review_and_for_five(reviewing):
    client = client_for(reviewing.expert)
    client.get(reverse("expertise:my_reviews"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("expertise:my_reviews"))
    for n in range(4):
        more = factories.item(campaign_=reviewing.campaign, title=f"Работа {n}")
        factories.review(item_=more, expert_=reviewing.expert)
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse("expertise:my_reviews"))
    assert response.content.decode().count("/expertise/reviews/") >= 5
    assert len(five.captured_queries) == len(one.captured_queries)


def test_the_form_shows_the_rubric_with_levels_and_the_item(reviewing):
    response = client_for(reviewing.expert).get(_url("review_form", reviewing.review))

    page = response.content.decode()
    assert response.status_code == 200
    for criterion in reviewing.criteria:
        assert criterion.title in page
    assert "Конспект урока с технологической картой." in page
    assert 'name="verdict"' in page


def test_a_draft_is_saved_and_shown_again(reviewing):
    client = client_for(reviewing.expert)
    data = form_data(
        reviewing.criteria, [3, None, 1], {2: "Мало практики."}, shortcomings="Нет рефлексии."
    )

    response = client.post(_url("review_save", reviewing.review), data)

    assert response.status_code == 302
    page = client.get(_url("review_form", reviewing.review)).content.decode()
    third = reviewing.criteria[2]
    assert f'name="score_{third.pk}" id="id_score_{third.pk}_1" value="1" checked' in page
    assert "Мало практики." in page and "Нет рефлексии." in page
    assert Review.objects.get(pk=reviewing.review.pk).status == Review.Status.DRAFT


def test_a_bad_submission_shows_russian_errors_by_the_fields_and_keeps_the_input(reviewing):
    data = form_data(reviewing.criteria, [3, None, 1], shortcomings="Нет рефлексии.")

    response = client_for(reviewing.expert).post(_url("review_submit", reviewing.review), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Оцените этот критерий." in page
    assert "Оценка ниже 2 требует вашего обоснования." in page
    assert "Выберите ваш вывод." in page
    assert "Нет рефлексии." in page
    assert Review.objects.get(pk=reviewing.review.pk).status == Review.Status.DRAFT


def test_submitting_makes_the_conclusion_the_expert_downloads(reviewing):
    review = _submit(reviewing)

    assert review.status == Review.Status.SUBMITTED and review.conclusion
    response = client_for(reviewing.expert).get(_url("review_conclusion", review))
    text = pdf_text(b"".join(response.streaming_content))
    assert "Соколова Елена Викторовна" in text
    assert "Соответствие требованиям ФГОС *" in text and "2 из 3" in text
    assert "РЕКОМЕНДОВАНО ПОСЛЕ ДОРАБОТКИ" in text


def test_the_author_of_a_blind_item_reads_expert_1_not_the_name(reviewing, world):
    review = _submit(reviewing)

    response = client_for(world.teacher).get(_url("review_conclusion", review))

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Эксперт 1" in text
    assert "Соколова" not in text and "Кандидат педагогических наук" not in text
    assert "Актуальность и обоснованность" in text and "3 из 3" in text
    assert "РЕКОМЕНДОВАНО ПОСЛЕ ДОРАБОТКИ" in text


def test_the_coordinator_reads_the_signed_conclusion_and_others_get_404(reviewing, world):
    review = _submit(reviewing)

    signed = client_for(world.coordinator).get(_url("review_conclusion", review))
    assert "Соколова" in pdf_text(b"".join(signed.streaming_content))
    for outsider in (world.colleague, world.methodist, world.outsider):
        assert client_for(outsider).get(_url("review_conclusion", review)).status_code == 404


def test_an_expert_cannot_open_or_act_on_another_experts_review(reviewing, world):
    other = factories.expert(network=world.network, email="other-expert@example.ru")
    client = client_for(other)

    assert client.get(_url("review_form", reviewing.review)).status_code == 404
    data = form_data(reviewing.criteria, [0, 0, 0])
    assert client.post(_url("review_save", reviewing.review), data).status_code == 404
    assert client.post(_url("review_decline", reviewing.review), {"reason": "x"}).status_code == 404
    assert Review.objects.get(pk=reviewing.review.pk).status == Review.Status.ASSIGNED


def test_declining_keeps_the_reason_and_a_conflict_if_ticked(reviewing):
    response = client_for(reviewing.expert).post(
        _url("review_decline", reviewing.review),
        {"reason": "Автор — моя коллега по кафедре", "conflict": "on"},
    )

    assert response.status_code == 302
    review = Review.objects.get(pk=reviewing.review.pk)
    assert review.status == Review.Status.DECLINED
    assert review.declined_reason == "Автор — моя коллега по кафедре"
    assert Conflict.objects.get().item == reviewing.item


def test_declining_without_a_reason_says_so_by_the_field(reviewing):
    response = client_for(reviewing.expert).post(_url("review_decline", reviewing.review), {})

    assert response.status_code == 200
    assert "Укажите причину отказа." in response.content.decode()
    assert Review.objects.get(pk=reviewing.review.pk).status == Review.Status.ASSIGNED


def test_an_expert_bids_on_an_item_of_an_open_campaign(reviewing, world):
    open_campaign = factories.campaign(
        network=world.network, status=Campaign.Status.OPEN, title="Приём работ"
    )
    item = factories.item(campaign_=open_campaign, authors=[world.colleague], title="Квест")
    client = client_for(reviewing.expert)

    assert "Квест" in client.get(reverse("expertise:my_reviews")).content.decode()
    response = client.post(reverse("expertise:bid_set", args=[item.pk]), {"level": "2"})

    assert response.status_code == 302
    assert Bid.objects.get().level == Bid.Level.EAGER
    teacher = client_for(world.teacher)
    assert (
        teacher.post(reverse("expertise:bid_set", args=[item.pk]), {"level": "2"}).status_code
        == 404
    )


def test_the_home_page_tells_the_expert_what_waits(reviewing, world):
    page = client_for(reviewing.expert).get(reverse("dashboards:home")).content.decode()

    assert 'data-testid="week-expertise"' in page
    assert "1 экспертиза ждёт вас" in page
    assert (
        'data-testid="week-expertise"'
        not in client_for(world.colleague).get(reverse("dashboards:home")).content.decode()
    )


def test_the_deadline_is_shown_in_the_experts_zone(reviewing):
    due = dt.datetime(2031, 3, 10, 9, 0, tzinfo=dt.UTC)  # 21:00 in Kamchatka (UTC+12)
    Review.objects.filter(pk=reviewing.review.pk).update(due_at=due)
    reviewing.expert.time_zone = "Asia/Kamchatka"
    reviewing.expert.save(update_fields=["time_zone"])

    # seen a week before the deadline, whatever today is: a fixed instant under a frozen clock
    with time_machine.travel(dt.datetime(2031, 3, 3, 9, 0, tzinfo=dt.UTC), tick=False):
        page = client_for(reviewing.expert).get(reverse("expertise:my_reviews")).content.decode()

    assert "10 марта, 21:00" in page


def test_a_malformed_score_is_refused_by_the_field_not_a_500(reviewing):
    data = form_data(reviewing.criteria, [None, None, None], strengths="Ясная цель.")
    data[f"score_{reviewing.criteria[0].pk}"] = "много"

    response = client_for(reviewing.expert).post(_url("review_save", reviewing.review), data)

    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert "Ясная цель." in response.content.decode()


def test_the_expert_downloads_the_works_file_and_nobody_else_does(reviewing, world):
    version = reviewing.item.versions.get()
    version.file.save("work.pdf", ContentFile(b"%PDF-1.4 work"))

    response = client_for(reviewing.expert).get(_url("review_file", reviewing.review))

    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(world.teacher).get(_url("review_file", reviewing.review)).status_code == 404
