"""Campaigns and items written through the services: the shipped rubric copied into the
network, the rubric frozen on opening, items from library materials and authors' entries."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from metodset.expertise.models import Campaign, Item, Rubric
from metodset.expertise.services import campaigns, items
from metodset.expertise.services.campaigns import CampaignError
from metodset.library.models import Material

from .. import factories
from . import factories as ef


@pytest.fixture
def network(db):
    return factories.network()


def test_a_campaign_on_the_shipped_rubric_gets_the_networks_own_copy(network):
    coordinator = factories.person(network_=network, role="coordinator")
    template = ef.shipped_rubric()
    campaign = campaigns.campaign_create(
        network=network,
        title="Экспертиза разработок",
        kind=Campaign.Kind.PRODUCTS,
        rubric=template,
        by=coordinator,
        reviews_per_item=3,
    )
    copy = campaign.rubric
    assert copy.pk != template.pk and copy.network == network
    assert list(copy.criteria.values_list("title", "weight", "critical")) == list(
        template.criteria.values_list("title", "weight", "critical")
    )
    assert Rubric.objects.filter(network__isnull=True).count() == 1
    assert campaign.status == Campaign.Status.DRAFT and campaign.reviews_per_item == 3


def test_opening_freezes_the_rubric_and_a_second_opening_is_refused(network):
    campaign = ef.campaign(network=network, status=Campaign.Status.DRAFT)
    campaigns.campaign_open(campaign=campaign, by=None)
    campaign.rubric.refresh_from_db()
    assert campaign.rubric.frozen_at is not None
    with pytest.raises(CampaignError):
        campaigns.campaign_open(campaign=campaign, by=None)
    with pytest.raises(CampaignError):
        campaigns.campaign_edit(campaign=campaign, by=None, rubric=ef.rubric(network=network))


def test_who_reviews_stays_once_reviews_began(network):
    campaign = ef.campaign(network=network, status=Campaign.Status.REVIEWING)
    with pytest.raises(CampaignError):
        campaigns.campaign_edit(campaign=campaign, by=None, reviews_per_item=4)
    campaigns.campaign_edit(campaign=campaign, by=None, title="Новое название")
    campaign.refresh_from_db()
    assert campaign.title == "Новое название"


def test_a_library_material_becomes_an_item_of_its_author(network, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    school = factories.organization()
    author = factories.person(organization_=school)
    material = Material.objects.create(
        title="Технологическая карта урока",
        kind=Material.Kind.TECH_MAP,
        url="https://example.ru/map",
        created_by=author,
        organization=school,
    )
    campaign = ef.campaign(network=network, kind=Campaign.Kind.MATERIALS)
    item = items.item_from_material(campaign=campaign, material=material, by=None)
    assert item.material == material
    assert [(a.user, a.organization) for a in item.authors.all()] == [(author, school)]
    assert item.versions.get().url == "https://example.ru/map"


def test_an_authors_entry_needs_consent_and_content(network, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    author = factories.person(organization_=factories.organization())
    campaign = ef.campaign(network=network, status=Campaign.Status.OPEN)
    with pytest.raises(CampaignError):
        items.item_submit(campaign=campaign, author=author, title="Урок", url="", consent=True)
    with pytest.raises(CampaignError):
        items.item_submit(
            campaign=campaign, author=author, title="Урок", url="https://x.ru", consent=False
        )
    item = items.item_submit(
        campaign=campaign,
        author=author,
        title="Урок",
        annotation="Кратко",
        file=SimpleUploadedFile("lesson.pdf", b"%PDF-1.4"),
        consent=True,
    )
    assert item.consent_at is not None and item.authors.get().user == author
    assert item.versions.get().file.name.endswith(".pdf")


def test_an_audit_makes_an_item_per_organisation_once(network):
    schools = [factories.organization() for _ in range(2)]
    campaign = ef.campaign(network=network, kind=Campaign.Kind.AUDIT)
    assert len(items.items_for_audit(campaign=campaign, organizations=schools, by=None)) == 2
    assert items.items_for_audit(campaign=campaign, organizations=schools, by=None) == []
    assert set(Item.objects.values_list("organization_id", flat=True)) == {s.pk for s in schools}


def test_a_programmes_handed_in_products_become_items_of_the_teams_interns(network):
    from metodset.programs.models import (
        Assignment,
        Program,
        ProgramMember,
        Stage,
        Submission,
        SubmissionVersion,
        Team,
    )

    school = factories.organization()
    program = Program.objects.create(
        kind=Program.Kind.DIGITAL_INTERNSHIP, title="Стажировка", organizer=school
    )
    stage = Stage.objects.create(program=program, kind=Stage.Kind.choices[0][0], title="Этап")
    task = Assignment.objects.create(stage=stage, title="Карта мероприятия", scope="team")
    tutor = factories.person(organization_=school)
    team = Team.objects.create(program=program, number=1, tutor=tutor)
    interns = [factories.person(organization_=factories.organization()) for _ in range(2)]
    for intern in interns:
        ProgramMember.objects.create(program=program, user=intern, role="intern", team=team)
    handed = Submission.objects.create(assignment=task, team=team, state="submitted")
    SubmissionVersion.objects.create(submission=handed, number=1, text="Черновик", submitted=True)
    SubmissionVersion.objects.create(submission=handed, number=2, text="Итог", submitted=True)
    SubmissionVersion.objects.create(submission=handed, number=3, text="Правка", submitted=False)
    other = Team.objects.create(program=program, number=2)
    Submission.objects.create(assignment=task, team=other, state="draft")
    campaign = ef.campaign(network=network, program=program)
    made = items.items_from_program(campaign=campaign, by=None)
    assert len(made) == 1
    item = made[0]
    assert item.team == team and item.submission == handed
    assert {a.user for a in item.authors.all()} == set(interns)
    assert item.versions.get().text == "Итог"
    assert items.items_from_program(campaign=campaign, by=None) == []
