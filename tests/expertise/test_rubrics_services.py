"""The rubric editor's writes: a network's copy of the shipped template, a rubric edited in
place while no campaign works with it, and its next version once one does."""

from __future__ import annotations

import pytest
from django.utils import timezone

from metodset.accounts.models import AuditEntry, Membership
from metodset.expertise.models import Campaign, Rubric
from metodset.expertise.selectors.rubrics import rubric_choices, rubric_is_frozen, rubric_versions
from metodset.expertise.services.rubrics import (
    CriterionDraft,
    RubricError,
    rubric_copy,
    rubric_save,
)

from .. import factories
from . import factories as ef


@pytest.fixture
def network(db):
    return factories.network(partners=[factories.organization()])


@pytest.fixture
def coordinator(network):
    return factories.person(network_=network, role=Membership.Role.NETWORK_COORDINATOR)


def _criteria() -> list[CriterionDraft]:
    return [
        CriterionDraft(
            title="Целеполагание",
            description="Цель и задачи согласованы.",
            weight=2,
            max_score=2,
            critical=True,
            pass_score=1,
            comment_below=1,
            levels={0: "нет", 1: "частично", 2: "полностью"},
        ),
        CriterionDraft(title="Оформление", max_score=3, levels={0: "небрежно", 3: "образцово"}),
    ]


def _save(rubric: Rubric, by, **changes):
    values = {
        "title": "Лист экспертизы урока",
        "description": "Для взаимоэкспертизы.",
        "recommend_from": 80,
        "revise_from": 60,
        "criteria": _criteria(),
    }
    values.update(changes)
    return rubric_save(rubric=rubric, by=by, **values)


def test_the_template_is_copied_into_the_network_with_its_criteria_and_levels(network, coordinator):
    template = ef.shipped_rubric()
    copy = rubric_copy(rubric=template, network=network, by=coordinator)
    assert (copy.network, copy.version, copy.previous, copy.frozen_at) == (network, 1, None, None)
    assert copy.title == template.title
    assert [(c.title, c.weight, c.critical) for c in copy.criteria.order_by("order")] == [
        (c.title, c.weight, c.critical) for c in template.criteria.order_by("order")
    ]
    first = copy.criteria.order_by("order").first()
    assert list(first.descriptors.values_list("score", "text")) == [
        (0, "не проявлено"),
        (1, "проявлено частично"),
        (2, "проявлено в основном"),
        (3, "проявлено полностью"),
    ]
    assert template.criteria.count() == 6  # the template itself is untouched
    assert AuditEntry.objects.filter(
        action="expertise_rubric_copy", target_id=str(copy.pk)
    ).exists()


def test_a_rubric_no_campaign_works_with_is_edited_in_place(network, coordinator):
    rubric = ef.rubric(network=network)
    ef.campaign(network=network, rubric_=rubric, status=Campaign.Status.DRAFT)
    saved = _save(rubric, coordinator)
    assert not saved.new_version and saved.rubric.pk == rubric.pk
    rubric.refresh_from_db()
    assert (rubric.title, rubric.version, rubric.recommend_from, rubric.revise_from) == (
        "Лист экспертизы урока",
        1,
        80,
        60,
    )
    criteria = list(rubric.criteria.order_by("order"))
    assert [(c.order, c.title, c.weight, c.max_score) for c in criteria] == [
        (1, "Целеполагание", 2, 2),
        (2, "Оформление", 1, 3),
    ]
    assert dict(criteria[1].descriptors.values_list("score", "text")) == {
        0: "небрежно",
        3: "образцово",
    }
    entry = AuditEntry.objects.get(action="expertise_rubric_edit", target_id=str(rubric.pk))
    assert entry.changes["recommend_from"] == [70, 80]


def test_a_frozen_rubric_is_saved_as_its_next_version_and_running_campaigns_keep_the_old(
    network, coordinator
):
    rubric = ef.rubric(network=network)
    running = ef.campaign(network=network, rubric_=rubric, status=Campaign.Status.REVIEWING)
    draft = ef.campaign(network=network, rubric_=rubric, status=Campaign.Status.DRAFT)
    rubric.frozen_at = timezone.now()
    rubric.save()

    saved = _save(rubric, coordinator)

    made = saved.rubric
    assert saved.new_version and saved.moved_drafts == 1
    assert (made.version, made.previous, made.network, made.frozen_at) == (2, rubric, network, None)
    assert [c.title for c in made.criteria.order_by("order")] == ["Целеполагание", "Оформление"]
    rubric.refresh_from_db()
    assert rubric.title == "Лист экспертизы разработки" and rubric.criteria.count() == 3
    running.refresh_from_db()
    draft.refresh_from_db()
    assert (running.rubric, draft.rubric) == (rubric, made)
    assert rubric_versions(rubric) == [rubric, made] == rubric_versions(made)
    entry = AuditEntry.objects.get(action="expertise_rubric_version")
    assert entry.changes["version"] == [1, 2]


def test_a_rubric_an_open_contest_uses_is_frozen_though_never_stamped(network, coordinator):
    rubric = ef.rubric(network=network)
    ef.campaign(network=network, rubric_=rubric, status=Campaign.Status.OPEN)
    assert rubric.frozen_at is None and rubric_is_frozen(rubric)
    assert _save(rubric, coordinator).rubric.version == 2


def test_only_the_latest_version_of_a_network_rubric_is_saved(network, coordinator):
    rubric = ef.rubric(network=network, frozen_at=timezone.now())
    _save(rubric, coordinator)
    with pytest.raises(RubricError, match="более новая версия"):
        _save(rubric, coordinator)
    with pytest.raises(RubricError, match="Шаблон"):
        _save(ef.shipped_rubric(), coordinator)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"criteria": []}, "хотя бы один критерий"),
        ({"recommend_from": 50, "revise_from": 60}, "Пороги"),
        (
            {"criteria": [CriterionDraft(title="Цель", max_score=2, pass_score=3)]},
            "выше максимального",
        ),
        (
            {"criteria": [CriterionDraft(title="Цель", max_score=2, levels={5: "сверх"})]},
            "выше максимального",
        ),
        (
            {"criteria": [CriterionDraft(title="Цель", max_score=2, comment_below=3)]},
            "выше максимального",
        ),
    ],
)
def test_a_rubric_that_breaks_the_rules_is_refused_and_unchanged(
    network, coordinator, changes, message
):
    rubric = ef.rubric(network=network)
    with pytest.raises(RubricError, match=message):
        _save(rubric, coordinator, **changes)
    rubric.refresh_from_db()
    assert rubric.title == "Лист экспертизы разработки" and rubric.criteria.count() == 3


def test_a_campaign_is_offered_the_templates_and_the_latest_versions(network, coordinator):
    old = ef.rubric(network=network, frozen_at=timezone.now())
    new = _save(old, coordinator).rubric
    other = ef.rubric(network=factories.network(), title="Чужой лист")
    offered = list(rubric_choices([network.pk]))
    assert new in offered and ef.shipped_rubric() in offered
    assert old not in offered and other not in offered
    assert old in rubric_choices([network.pk], keep=old.pk)
