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


def test_methodist_adds_a_platform_event_and_drafting_takes_it_on_its_date(world):
    import datetime as dt

    from django.utils import timezone

    from metodset.routes import services

    from ..conftest import client_for
    from .conftest import SCHOOL_YEAR, TODAY, assess

    starts = timezone.make_aware(dt.datetime(2026, 10, 15, 15, 0))
    event = factories.event(
        organizer=world.school,
        title="Семинар «Критериальное оценивание на уроке»",
        starts_at=starts,
        hours=4,
        competencies="МТ.4",
    )
    factories.event(organizer=world.outside_org, title="Чужой семинар")
    client = client_for(world.methodist)
    page = client.get(f"/routes/org/{world.school.pk}/catalogue/")
    assert "Семинар «Критериальное оценивание на уроке»" in page.text
    assert "Чужой семинар" not in page.text
    none = client.post(f"/routes/org/{world.school.pk}/catalogue/platform/", {})
    assert none.status_code == 400
    response = client.post(
        f"/routes/org/{world.school.pk}/catalogue/platform/", {"event": event.pk}
    )
    assert response.status_code == 302
    activity = Activity.objects.get(event=event)
    assert activity.organization == world.school and activity.hours == 4
    assert [c.code for c in activity.competencies.all()] == ["МТ.4"]  # from the event
    assess(world.teacher, world.school, {"МТ.4": 1.5})
    route = services.route_draft_for(user=world.teacher, year=SCHOOL_YEAR, today=TODAY)
    step = route.steps.get(activity=activity)
    assert step.starts_on == step.ends_on == dt.date(2026, 10, 15)
    assert (
        client_for(world.teacher)
        .post(f"/routes/org/{world.school.pk}/catalogue/platform/", {"event": event.pk})
        .status_code
        == 404
    )
