"""The expert community: the network's people look through its experts; an expert keeps her
own profile, which the conclusions print and the assignment reads."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metodset.accounts.models import AuditEntry
from metodset.expertise.models import ExpertProfile
from metodset.expertise.services import experts as services

from .. import factories as base
from . import factories


def test_the_networks_people_see_its_experts_with_competence_and_load(world, client):
    maths = factories.expert(
        network=world.network, subjects="математика, 5–9 классы", last_name="Орлова"
    )
    factories.expert(network=world.network, subjects="дошкольное образование", last_name="Белова")
    campaign = factories.campaign(network=world.network)
    factories.review(
        item_=factories.item(campaign_=campaign, authors=[world.teacher]), expert_=maths
    )
    client.force_login(world.teacher)

    page = client.get(reverse("expertise:experts")).content.decode()
    found = client.get(reverse("expertise:experts"), {"q": "математика"}).content.decode()

    assert "Орлова" in page and "Белова" in page
    assert "Орлова" in found and "Белова" not in found


def test_someone_outside_the_network_gets_404(world, client):
    factories.expert(network=world.network)
    outsider = base.person(organization_=world.outside_org)
    client.force_login(outsider)

    assert client.get(reverse("expertise:experts")).status_code == 404
    assert (
        client.get(reverse("expertise:experts"), {"network": world.network.pk}).status_code == 404
    )
    assert client.get(reverse("expertise:experts"), {"network": "x"}).status_code == 404


def test_an_expert_edits_her_profile_and_the_change_is_audited(world, client):
    expert = factories.expert(network=world.network)
    client.force_login(expert)
    url = reverse("expertise:expert_profile")

    response = client.post(
        url,
        {
            "competence": "Учитель высшей категории",
            "subjects": "математика,  информатика ,",
            "max_load": "6",
            "available": "on",
        },
    )

    assert response.status_code == 302
    profile = ExpertProfile.objects.get(user=expert)
    assert (profile.subjects, profile.max_load) == ("математика, информатика", 6)
    assert AuditEntry.objects.filter(action="expert_profile_save").exists()


def test_a_load_out_of_range_is_refused_in_russian_and_the_rest_stays(world, client):
    expert = factories.expert(network=world.network)
    client.force_login(expert)

    response = client.post(
        reverse("expertise:expert_profile"),
        {"competence": "Кандидат наук", "subjects": "история", "max_load": "500"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "От 1 до 100 экспертиз." in page and "Кандидат наук" in page


def test_a_teacher_without_the_expert_role_has_no_profile_page(world, client):
    client.force_login(world.teacher)

    assert client.get(reverse("expertise:expert_profile")).status_code == 404


def test_profiles_are_made_for_every_expert_of_the_network_once(world):
    expert = base.person(network_=world.network, role="expert")
    base.person(organization_=world.school, role="expert")

    assert services.expert_profiles_ensure(network=world.network) == 2
    assert services.expert_profiles_ensure(network=world.network) == 0
    assert ExpertProfile.objects.filter(user=expert).exists()


def test_the_list_makes_the_same_queries_for_two_experts_and_twenty(world, client):
    for _ in range(2):
        factories.expert(network=world.network)
    client.force_login(world.teacher)
    client.get(reverse("expertise:experts"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("expertise:experts"))
    for _ in range(18):
        factories.expert(network=world.network)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("expertise:experts"))
    assert len(many.captured_queries) == len(few.captured_queries)
