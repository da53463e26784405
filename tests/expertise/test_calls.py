"""Calls for works: a teacher of the network hands her work in to an open campaign; a
programme's campaign takes its interns' works only; bad input is refused in Russian with
nothing lost."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from metodset.expertise.models import Campaign, Item
from metodset.programs import services as program_services
from metodset.programs.models import Program, ProgramMember

from .. import factories as base
from . import factories

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def call(world):
    return factories.campaign(
        network=world.network,
        kind=Campaign.Kind.ARTICLES,
        status=Campaign.Status.OPEN,
        title="Статьи в сборник сети",
        submissions_until=timezone.now() + timedelta(days=5),
    )


def test_a_teacher_hands_in_her_work_and_follows_it(world, call, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.teacher)
    assert "Статьи в сборник сети" in client.get(reverse("expertise:calls")).content.decode()

    response = client.post(
        reverse("expertise:item_enter", args=[call.pk]),
        {
            "title": "Смысловое чтение на уроках математики",
            "annotation": "Статья о приёмах работы с текстом задачи.",
            "file": SimpleUploadedFile("statya.pdf", PDF, content_type="application/pdf"),
            "consent": "on",
        },
    )

    item = Item.objects.get(campaign=call)
    assert response.url == reverse("expertise:item_mine", args=[item.pk])
    assert item.authors.get().user == world.teacher
    assert item.versions.get().file
    assert item.consent_at is not None


def test_without_a_work_or_consent_the_form_says_so_and_keeps_the_text(world, call, client):
    client.force_login(world.teacher)

    response = client.post(
        reverse("expertise:item_enter", args=[call.pk]),
        {"title": "Моя статья", "annotation": "Аннотация статьи"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Приложите файл, дайте ссылку или напишите текст." in page
    assert "Без согласия с правилами работу подать нельзя." in page
    assert "Аннотация статьи" in page
    assert not Item.objects.exists()


def test_a_programmes_campaign_takes_only_its_interns(world, client):
    program = program_services.program_create_from_scheme(
        by=world.coordinator,
        kind=Program.Kind.INTERNSHIP_SITE,
        organizer=world.school,
        network=world.network,
        title="Стажировочная площадка",
    )
    ProgramMember.objects.create(
        program=program, user=world.colleague, role=ProgramMember.Role.INTERN
    )
    campaign = factories.campaign(
        network=world.network, status=Campaign.Status.OPEN, program=program
    )
    url = reverse("expertise:item_enter", args=[campaign.pk])

    client.force_login(world.teacher)
    assert client.get(url).status_code == 404
    client.force_login(world.colleague)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("state", ["closed", "past", "outsider"])
def test_a_closed_or_past_call_and_an_outsider_get_404(world, call, client, state):
    person = world.teacher
    if state == "closed":
        Campaign.objects.filter(pk=call.pk).update(status=Campaign.Status.REVIEWING)
    elif state == "past":
        Campaign.objects.filter(pk=call.pk).update(
            submissions_until=timezone.now() - timedelta(minutes=1)
        )
    else:
        person = base.person(organization_=world.outside_org)
    client.force_login(person)

    assert client.get(reverse("expertise:item_enter", args=[call.pk])).status_code == 404
    assert "Статьи в сборник сети" not in client.get(reverse("expertise:calls")).content.decode()
