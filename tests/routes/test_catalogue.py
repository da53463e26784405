"""The starter catalogue shipped with the platform, and what an organisation's routes see."""

from metodset.routes import catalogue, selectors
from metodset.routes.models import Activity

from .. import factories


def test_starter_catalogue_is_loaded_with_competencies_of_the_544n_framework(db):
    shipped = Activity.objects.filter(organization=None, network=None).exclude(slug="")
    assert shipped.count() == len(catalogue.starter_data()["activities"]) >= 25
    course = shipped.get(slug="course-formative-assessment")
    assert course.title == "Формирующее оценивание в урочной деятельности"
    assert course.kind == Activity.Kind.COURSE
    assert course.hours == 24
    assert [c.code for c in course.competencies.all()] == ["МТ.4"]
    # Every competency of the framework is developed by at least one shipped item.
    codes = {c.code for a in shipped for c in a.competencies.all()}
    assert len(codes) == 22
    kinds = set(shipped.values_list("kind", flat=True))
    assert {"course", "community", "colleague", "self_study"} <= kinds


def test_loading_again_changes_nothing(db):
    before = Activity.objects.count()
    catalogue.starter_load()
    assert Activity.objects.count() == before


def test_an_organisation_sees_shipped_own_and_its_networks_items_only(world):
    own = Activity.objects.create(
        kind=Activity.Kind.COMMUNITY, title="ПОС «Читаем вместе»", organization=world.school
    )
    of_network = Activity.objects.create(
        kind=Activity.Kind.COURSE, title="Курс сети", network=world.network
    )
    foreign = Activity.objects.create(
        kind=Activity.Kind.COURSE, title="Чужой курс", organization=world.outside_org
    )
    other_net = factories.network(partners=[world.outside_org])
    foreign_net = Activity.objects.create(
        kind=Activity.Kind.COURSE, title="Курс чужой сети", network=other_net
    )
    seen = set(selectors.catalogue_for(world.school).values_list("pk", flat=True))
    assert {own.pk, of_network.pk} <= seen
    assert foreign.pk not in seen and foreign_net.pk not in seen
    assert Activity.objects.get(slug="self-faop").pk in seen
    assert selectors.is_own(own, world.school)
