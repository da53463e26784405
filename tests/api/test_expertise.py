"""Expertise in the API: a coordinator reads her campaign, its items and results with the
experts' names; an expert reads only her own assignments and works on her own review (draft,
submit, decline) with the form's rules and messages; everyone else gets 404."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from metodset.accounts.tokens import token_create
from metodset.expertise.models import Review

from ..expertise import factories as ef
from ..expertise.reviewing import reviewing_fixture  # noqa: F401


def _api(client, user):
    _token, secret = token_create(user=user, name="API")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _draft(criteria, scores, **fields) -> dict:
    return {
        "scores": [
            {"criterion_id": c.pk, "score": s, "comment": fields.pop(f"comment_{n}", "")}
            for n, (c, s) in enumerate(zip(criteria, scores, strict=True))
        ],
        **fields,
    }


def test_the_coordinator_reads_the_campaign_and_the_item_with_the_experts_names(
    client, reviewing, world
):
    auth = _api(client, world.coordinator)
    campaigns = client.get("/api/expertise/campaigns", **auth).json()
    assert [c["id"] for c in campaigns["items"]] == [reviewing.campaign.pk]
    item = client.get(f"/api/expertise/items/{reviewing.item.pk}", **auth).json()
    assert item["reviews"][0]["expert_name"].startswith("Соколова")
    results = client.get(f"/api/expertise/campaigns/{reviewing.campaign.pk}/results", **auth).json()
    assert [row["item_id"] for row in results["items"]] == [reviewing.item.pk]


def test_the_author_and_the_expert_are_refused_the_coordinators_view(client, reviewing, world):
    for person in (world.teacher, reviewing.expert):
        auth = _api(client, person)
        answer = client.get(f"/api/expertise/items/{reviewing.item.pk}", **auth)
        assert answer.status_code in (403, 404)
        answer = client.get(f"/api/expertise/campaigns/{reviewing.campaign.pk}", **auth)
        assert answer.status_code == 404


def test_an_expert_drafts_is_told_what_is_missing_and_submits_her_review(client, reviewing):
    first, second, third = reviewing.criteria
    auth = _api(client, reviewing.expert)
    assigned = client.get("/api/expertise/assignments", **auth).json()["items"]
    assert [a["id"] for a in assigned] == [reviewing.review.pk]
    url = f"/api/expertise/reviews/{reviewing.review.pk}"

    answer = client.put(
        f"{url}/draft",
        _draft(reviewing.criteria, [3, None, 1], strengths="Продуманная рефлексия."),
        content_type="application/json",
        **auth,
    )
    assert answer.status_code == 200 and answer.json()["status"] == "draft"

    answer = client.post(f"{url}/submit", **auth)
    assert answer.status_code == 400
    errors = answer.json()["errors"]
    assert errors[f"score_{second.pk}"] == ["Оцените этот критерий."]
    assert errors[f"comment_{third.pk}"] == ["Оценка ниже 2 требует вашего обоснования."]
    assert errors["verdict"] == ["Выберите ваш вывод."]

    answer = client.put(
        f"{url}/draft",
        _draft(
            reviewing.criteria,
            [3, 2, 1],
            comment_2="Практическая часть не описана.",
            strengths="Продуманная рефлексия.",
            verdict="revise",
        ),
        content_type="application/json",
        **auth,
    )
    assert answer.status_code == 200, answer.json()
    answer = client.post(f"{url}/submit", **auth)
    assert answer.status_code == 200 and answer.json()["status"] == "submitted"
    review = Review.objects.get(pk=reviewing.review.pk)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(review.conclusion.read())).pages)
    assert "Практическая часть не описана." in " ".join(text.split()), text
    # a submitted review is closed: a second submit or a draft is refused with the reason
    again = client.post(f"{url}/submit", **auth)
    assert again.status_code == 400 and again.json()["detail"] == "Эта экспертиза уже закрыта."


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"scores": [{"criterion_id": 1, "score": -1}]}, 422),
        ({"scores": [{"criterion_id": 0, "score": 1}]}, 422),
        ({"verdict": "x" * 21}, 422),
        ({"verdict": "отлично"}, 400),
    ],
)
def test_a_malformed_draft_is_refused_without_a_server_error(client, reviewing, payload, status):
    auth = _api(client, reviewing.expert)
    answer = client.put(
        f"/api/expertise/reviews/{reviewing.review.pk}/draft",
        payload,
        content_type="application/json",
        **auth,
    )
    assert answer.status_code == status
    assert Review.objects.get(pk=reviewing.review.pk).status == Review.Status.ASSIGNED


def test_an_expert_declines_with_a_reason_and_another_expert_takes_the_item(
    client, reviewing, world
):
    other = ef.expert(network=world.network, email="second@example.ru", last_name="Ершова")
    auth = _api(client, reviewing.expert)
    url = f"/api/expertise/reviews/{reviewing.review.pk}/decline"
    refused = client.post(url, {"reason": "  "}, content_type="application/json", **auth)
    assert refused.status_code == 400 and refused.json()["errors"]["reason"]
    answer = client.post(
        url, {"reason": "Конфликт интересов"}, content_type="application/json", **auth
    )
    assert answer.json() == {"declined": True, "replaced": True}
    taken = Review.objects.get(item=reviewing.item, status__in=Review.OPEN)
    assert taken.expert == other


def test_nobody_else_works_on_an_experts_review(client, reviewing, world):
    url = f"/api/expertise/reviews/{reviewing.review.pk}"
    for person in (world.teacher, world.coordinator, world.methodist):
        auth = _api(client, person)
        assert (
            client.put(f"{url}/draft", {}, content_type="application/json", **auth).status_code
            == 404
        )
        assert client.post(f"{url}/submit", **auth).status_code == 404
        answer = client.post(
            f"{url}/decline", {"reason": "нет"}, content_type="application/json", **auth
        )
        assert answer.status_code == 404
    assert client.post(f"{url}/submit").status_code == 401
    assert Review.objects.get(pk=reviewing.review.pk).status == Review.Status.ASSIGNED
