"""Schemathesis over the whole OpenAPI, in-process through Django's WSGI handler: every
operation, with generated parameters, asked by nobody, a teacher and a network coordinator
(bearer tokens), answers no 5xx and nothing its schema doesn't describe.

Bounded and reproducible: a few derandomised examples an operation; each generated request is
sent once as generated and once with its path ids replaced by ids of real objects, so that the
handlers behind the 404s are fuzzed too.
"""

import re

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from metodset.accounts.tokens import token_create
from metodset.api.api import api
from metodset.diagnostics.models import Participant
from metodset.events.models import EventMaterial
from metodset.routes.models import Step

from .. import factories
from ..communities import factories as community_factories
from ..expertise import factories as expertise_factories
from ..surveys.test_api import survey  # noqa: F401 - fixtures by name
from .test_certificates import issued  # noqa: F401
from .test_diagnostics import scored  # noqa: F401
from .test_routes import route  # noqa: F401

# The document /api/openapi.json serves, built at collection without a request (there's no
# test database yet); the requests go through the whole Django stack by WSGI, middleware included.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"))
schema.app = get_wsgi_application()
schema.config.generation.update(max_examples=12, deterministic=True, database="none")

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _connection_kept_open():
    """As Django's test client does: the end of a request mustn't close the test's connection
    (the test's transaction would go with it)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_world(world, internship, issued, route, scored, survey):  # noqa: F811
    """Tokens of the three callers and real ids for every path parameter."""
    event = factories.event(organizer=world.school, title="Вебинар по ФОП")
    factories.registration(event=event, user=world.teacher)
    material = EventMaterial.objects.create(
        event=event, title="Презентация", url="https://example.ru/slides"
    )
    _, teacher = token_create(user=world.teacher, name="Фаззинг")
    _, coordinator = token_create(user=world.coordinator, name="Фаззинг")
    ids = {
        "network_id": world.network.pk,
        "organization_id": world.school.pk,
        "person_id": world.teacher.pk,
        "event_id": event.pk,
        "program_id": internship.program.pk,
        "questionnaire_id": survey.pk,
        "campaign_id": scored.pk,
        "route_id": route.pk,
        "certificate_id": issued[0][0].pk,
        "material_id": material.pk,
        "framework_id": scored.framework_id,
        "participant_id": Participant.objects.get(campaign=scored, user=world.teacher).pk,
        "step_id": Step.objects.filter(route=route).first().pk,
        **_community_ids(world),
        **_expertise_ids(world),
        "collection_id": _library_case(world).pk,
    }
    return {
        "callers": [{}, *({"Authorization": f"Bearer {t}"} for t in (teacher, coordinator))],
        "ids": ids,
    }


def _library_case(world):
    """A public collection of the network with one public material."""
    from metodset.library import services as library

    case = library.collection_create(
        title="Образование без границ", by=world.coordinator, network=world.network,
        kind="case", visibility="public",
    )  # fmt: skip
    material = library.material_create(
        by=world.teacher, title="Конспект занятия", kind="lesson_plan", url="https://vk.com/v",
        organization=world.school, network=world.network, visibility="public", published=True,
    )  # fmt: skip
    library.collection_add(collection=case, material=material)
    return case


def _expertise_ids(world) -> dict[str, int]:
    """A campaign of the network (its coordinator's) with the teacher's item and its review."""
    campaign, item, review = expertise_factories.assigned_campaign(
        network=world.network, author=world.teacher
    )
    return {"expertise_campaign_id": campaign.pk, "item_id": item.pk, "review_id": review.pk}


def _community_ids(world) -> dict[str, int]:
    """A community of the teacher's school with her as a member, and its lesson-study cycle
    with an observed lesson (the coordinator sees neither: it is closed)."""
    chair = community_factories.teacher_of(world.school)
    community = community_factories.community(
        organization=world.school, chair=chair, members=[world.teacher]
    )
    cycle = community_factories.cycle(community_=community)
    plan = community_factories.plan(organization=world.school, year=2026)
    return {"community_id": community.pk, "cycle_id": cycle.pk, "plan_id": plan.pk}


@pytest.mark.django_db
@schema.parametrize()
@hypothesis.settings(
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    derandomize=True,
    database=None,
)
def test_api_answers_without_server_errors_and_as_its_schema_says(case, fuzz_world):
    variants = [dict(case.path_parameters or {})]
    if case.path_parameters:
        real = {k: fuzz_world["ids"].get(k, v) for k, v in case.path_parameters.items()}
        if real != variants[0]:
            variants.append(real)
    for path_parameters in variants:
        case.path_parameters = path_parameters
        for headers in fuzz_world["callers"]:
            case.call_and_validate(headers=headers, checks=CHECKS)


def test_every_path_parameter_has_a_real_id_to_fuzz_with(fuzz_world):
    """A new operation's path parameter gets a real object here, or the fuzz meets only 404s."""
    names = {name for path in schema.raw_schema["paths"] for name in re.findall(r"\{(\w+)\}", path)}
    assert names <= set(fuzz_world["ids"])


def test_every_operation_declares_the_common_error_answers():
    for path, operations in schema.raw_schema["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert {"403", "404"} <= declared, (method, path)
            if operation.get("security"):
                assert "401" in declared, (method, path)
            if operation.get("parameters"):
                assert "422" in declared, (method, path)
