"""The rubric editor's pages: who may open each, what a refused person gets, the messages
next to bad fields with nothing typed lost, a frozen rubric saved as its next version, the
template copied, and the list's queries that don't grow with the rubrics."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from metodset.accounts.models import Membership
from metodset.expertise.models import Campaign, Rubric

from .. import factories
from . import factories as ef

Role = Membership.Role


@pytest.fixture
def world(db):
    school = factories.organization()
    network = factories.network(partners=[school])
    people = {
        "coordinator": factories.person(network_=network, role=Role.NETWORK_COORDINATOR),
        "methodist": factories.person(organization_=school, role=Role.METHODIST),
        "teacher": factories.person(organization_=school),
        "outsider": factories.person(network_=factories.network(), role=Role.NETWORK_COORDINATOR),
    }
    rubric = ef.rubric(network=network)
    return network, people, rubric


def _post_data(rubric: Rubric, **changes) -> dict[str, str]:
    """The editor's form as the page fills it for ``rubric``, with ``changes`` on top."""
    criteria = list(rubric.criteria.order_by("order", "pk"))
    data = {
        "title": rubric.title,
        "description": rubric.description,
        "recommend_from": str(rubric.recommend_from),
        "revise_from": str(rubric.revise_from),
        "criteria-TOTAL_FORMS": str(len(criteria) + 1),
        "criteria-INITIAL_FORMS": str(len(criteria)),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "50",
    }
    for n, c in enumerate(criteria):
        data.update(
            {
                f"criteria-{n}-title": c.title,
                f"criteria-{n}-description": c.description,
                f"criteria-{n}-weight": str(c.weight),
                f"criteria-{n}-max_score": str(c.max_score),
                f"criteria-{n}-pass_score": str(c.pass_score),
                f"criteria-{n}-comment_below": ""
                if c.comment_below is None
                else str(c.comment_below),
                f"criteria-{n}-ORDER": str(n + 1),
            }
        )
        if c.critical:
            data[f"criteria-{n}-critical"] = "on"
        for d in c.descriptors.all():
            data[f"criteria-{n}-level_{d.score}"] = d.text
    # the blank criterion at the end, as the page renders it
    extra = len(criteria)
    data.update(
        {
            f"criteria-{extra}-weight": "1",
            f"criteria-{extra}-max_score": "3",
            f"criteria-{extra}-pass_score": "1",
        }
    )
    data.update(changes)
    return data


def test_the_coordinator_sees_her_networks_rubrics_and_the_templates(client, world):
    network, people, rubric = world
    other = ef.rubric(network=factories.network(), title="Лист другой сети")
    campaign = ef.campaign(network=network, rubric_=rubric, title="Весенняя взаимоэкспертиза")
    client.force_login(people["coordinator"])
    page = client.get(reverse("expertise:rubrics"))
    text = page.content.decode()
    assert page.status_code == 200
    assert rubric.title in text and ef.shipped_rubric().title in text
    assert other.title not in text
    assert "3 критерия" in text and "максимальный итог 12" in text
    assert (
        campaign.title in text and reverse("expertise:campaign_detail", args=[campaign.pk]) in text
    )


def test_a_teacher_is_refused_the_rubrics_and_an_outsider_gets_404(client, world):
    _network, people, rubric = world
    client.force_login(people["teacher"])
    assert client.get(reverse("expertise:rubrics")).status_code == 403
    assert client.get(reverse("expertise:rubric_detail", args=[rubric.pk])).status_code == 404
    client.force_login(people["outsider"])
    for name in ("rubric_detail", "rubric_copy", "rubric_edit"):
        assert client.get(reverse(f"expertise:{name}", args=[rubric.pk])).status_code == 404
    page = client.post(
        reverse("expertise:rubric_edit", args=[rubric.pk]), _post_data(rubric, title="Взлом")
    )
    assert page.status_code == 404
    rubric.refresh_from_db()
    assert rubric.title == "Лист экспертизы разработки"


def test_the_rubric_page_shows_criteria_levels_weights_and_versions(client, world):
    network, people, rubric = world
    rubric.frozen_at = timezone.now()
    rubric.save()
    newer = Rubric.objects.create(network=network, title=rubric.title, version=2, previous=rubric)
    first = rubric.criteria.order_by("order").first()
    first.descriptors.create(score=3, text="Проблема обоснована данными диагностики")
    client.force_login(people["methodist"])
    text = client.get(reverse("expertise:rubric_detail", args=[rubric.pk])).content.decode()
    assert "Соответствие требованиям ФГОС" in text and "критический критерий" in text
    assert "вес 2" in text and "Проблема обоснована данными диагностики" in text
    assert reverse("expertise:rubric_detail", args=[newer.pk]) in text
    assert "Это более ранняя версия." in text


def test_the_template_is_copied_into_the_network_and_opened_in_the_editor(client, world):
    network, people, _rubric = world
    client.force_login(people["coordinator"])
    template = ef.shipped_rubric()
    page = client.get(reverse("expertise:rubric_copy", args=[template.pk]))
    assert page.status_code == 200 and template.title in page.content.decode()
    page = client.post(
        reverse("expertise:rubric_copy", args=[template.pk]),
        {"network": network.pk, "title": "Заключение на разработку: наша сеть"},
    )
    copy = Rubric.objects.get(title="Заключение на разработку: наша сеть")
    assert page.status_code == 302 and page.url == reverse("expertise:rubric_edit", args=[copy.pk])
    assert (copy.network, copy.criteria.count()) == (network, 6)
    # a template itself is never edited
    assert client.get(reverse("expertise:rubric_edit", args=[template.pk])).status_code == 403


def test_a_partner_schools_methodist_edits_only_the_sheets_she_made(client, world):
    """The network's sheet is shared by every campaign of the network: a partner school's
    methodist reads and copies it, but changes only her own copy."""
    network, people, rubric = world
    client.force_login(people["methodist"])
    assert client.get(reverse("expertise:rubric_detail", args=[rubric.pk])).status_code == 200
    assert client.get(reverse("expertise:rubric_edit", args=[rubric.pk])).status_code == 403
    page = client.post(reverse("expertise:rubric_edit", args=[rubric.pk]), _post_data(rubric))
    assert page.status_code == 403
    listing = client.get(reverse("expertise:rubrics")).content.decode()
    assert reverse("expertise:rubric_edit", args=[rubric.pk]) not in listing

    client.post(
        reverse("expertise:rubric_copy", args=[rubric.pk]),
        {"network": network.pk, "title": "Лист нашей школы"},
    )
    mine = Rubric.objects.get(title="Лист нашей школы")
    assert client.get(reverse("expertise:rubric_edit", args=[mine.pk])).status_code == 200
    listing = client.get(reverse("expertise:rubrics")).content.decode()
    assert reverse("expertise:rubric_edit", args=[mine.pk]) in listing


def test_the_copy_goes_only_into_a_network_of_the_coordinator(client, world):
    _network, people, rubric = world
    client.force_login(people["coordinator"])
    foreign = factories.network()
    page = client.post(
        reverse("expertise:rubric_copy", args=[rubric.pk]),
        {"network": foreign.pk, "title": "Копия"},
    )
    assert page.status_code == 200 and not Rubric.objects.filter(title="Копия").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"criteria-0-pass_score": "5"},
            "Проходной балл не может быть выше максимального (3).",
        ),
        (
            {"criteria-1-level_7": "Сверх всякой меры"},
            "Балла 7 нет: максимальный балл 3.",
        ),
        (
            {"recommend_from": "40", "revise_from": "60"},
            "«После доработки» не может начинаться выше порога «рекомендовано» (40%).",
        ),
        (
            {f"criteria-{n}-DELETE": "on" for n in range(4)},
            "Добавьте хотя бы один критерий",
        ),
    ],
)
def test_bad_input_is_explained_and_nothing_typed_is_lost(client, world, changes, message):
    _network, people, rubric = world
    client.force_login(people["coordinator"])
    data = _post_data(
        rubric,
        title="Лист экспертизы урока-исследования",
        **{"criteria-2-description": "Применимо в других школах", "criteria-3-title": "Рефлексия"},
        **changes,
    )
    page = client.post(reverse("expertise:rubric_edit", args=[rubric.pk]), data)
    text = page.content.decode()
    assert page.status_code == 200
    assert message in text
    assert 'value="Лист экспертизы урока-исследования"' in text
    assert "Применимо в других школах" in text and 'value="Рефлексия"' in text
    rubric.refresh_from_db()
    assert rubric.title == "Лист экспертизы разработки" and rubric.criteria.count() == 3


def test_criteria_are_added_removed_and_reordered_in_place(client, world):
    _network, people, rubric = world
    client.force_login(people["coordinator"])
    data = _post_data(
        rubric,
        **{
            "criteria-0-ORDER": "4",
            "criteria-1-DELETE": "on",
            "criteria-3-title": "Рефлексия",
            "criteria-3-weight": "1",
            "criteria-3-max_score": "2",
            "criteria-3-pass_score": "0",
            "criteria-3-ORDER": "1",
            "criteria-3-level_0": "нет",
            "criteria-3-level_2": "глубокая",
        },
    )
    page = client.post(reverse("expertise:rubric_edit", args=[rubric.pk]), data)
    assert page.status_code == 302
    assert page.url == reverse("expertise:rubric_detail", args=[rubric.pk])
    assert [c.title for c in rubric.criteria.order_by("order")] == [
        "Рефлексия",
        "Практическая значимость",
        "Актуальность и обоснованность",
    ]
    assert Rubric.objects.get(pk=rubric.pk).version == 1


def test_a_frozen_rubric_is_saved_as_a_new_version_and_says_so(client, world):
    network, people, rubric = world
    running = ef.campaign(network=network, rubric_=rubric, status=Campaign.Status.REVIEWING)
    rubric.frozen_at = timezone.now()
    rubric.save()
    client.force_login(people["coordinator"])
    page = client.get(reverse("expertise:rubric_edit", args=[rubric.pk]))
    assert "Сохранение создаст версию 2" in page.content.decode()
    page = client.post(
        reverse("expertise:rubric_edit", args=[rubric.pk]),
        _post_data(rubric, **{"criteria-0-weight": "3"}),
        follow=True,
    )
    made = Rubric.objects.get(previous=rubric)
    assert made.version == 2 and made.criteria.order_by("order").first().weight == 3
    assert rubric.criteria.order_by("order").first().weight == 1
    text = page.content.decode()
    assert "сохранены как версия 2" in text and "остаются на версии 1" in text
    running.refresh_from_db()
    assert running.rubric == rubric
    # the old version's editor leads to the latest one
    page = client.get(reverse("expertise:rubric_edit", args=[rubric.pk]))
    assert page.url == reverse("expertise:rubric_edit", args=[made.pk])
    # the campaign form offers the latest version, not the old one
    form = client.get(reverse("expertise:campaign_create")).content.decode()
    offered = re.findall(
        r'<option value="(\d+)"', re.search(r'<select name="rubric".*?</select>', form, re.S)[0]
    )
    assert str(made.pk) in offered and str(rubric.pk) not in offered


def test_the_rubric_list_queries_do_not_grow_with_the_rubrics(client, world):
    network, people, _rubric = world
    client.force_login(people["coordinator"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("expertise:rubrics")).status_code == 200
        return len(queries)

    one = count()
    for n in range(3):
        made = ef.rubric(network=network, title=f"Лист {n}")
        ef.campaign(network=network, rubric_=made)
    assert count() == one
