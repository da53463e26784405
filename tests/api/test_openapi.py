"""The OpenAPI schema is served as JSON, lists every endpoint, names each enum and schema
once, and describes what the API really answers."""

import json
import re

import pytest
from ninja.constants import NOT_SET
from ninja.openapi.schema import REF_TEMPLATE
from ninja.schema import NinjaGenerateJsonSchema

from metodset.accounts.models import Membership, Organization
from metodset.accounts.tokens import token_create
from metodset.api.api import api
from metodset.certificates.models import Certificate
from metodset.certificates.models import Kind as CertificateKind
from metodset.events.models import Event, Registration
from metodset.programs.models import Program, ProgramMember, Submission
from metodset.routes.models import Route, Step
from metodset.surveys.models import Question, Questionnaire

from .. import factories
from ..communities import factories as community_factories
from ..conftest import client_for
from ..expertise import factories as expertise_factories
from ..surveys.test_api import survey  # noqa: F401 - fixtures by name
from .test_certificates import issued  # noqa: F401
from .test_diagnostics import scored  # noqa: F401
from .test_routes import route  # noqa: F401


def test_openapi_schema_is_valid_json_with_the_paths(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Metodset API"
    assert set(schema["paths"]) >= {
        "/api/me",
        "/api/networks",
        "/api/networks/{network_id}",
        "/api/networks/{network_id}/organizations",
        "/api/organizations/{organization_id}",
        "/api/organizations/{organization_id}/people",
        "/api/people/{person_id}",
    }
    parameters = {
        p["name"]
        for p in schema["paths"]["/api/networks/{network_id}/organizations"]["get"]["parameters"]
    }
    assert {"region", "kind", "q", "page", "page_size"} <= parameters
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_the_served_schema_has_no_key_twice(client, db):
    """A response status declared by Ninja (an int) and by our common answers (a string) once
    became two "404" keys in one object, which the API docs page refuses to show."""
    doubled = []

    def pairs(items):
        keys = [key for key, _ in items]
        doubled.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(items)

    json.loads(client.get("/api/openapi.json").content, object_pairs_hook=pairs)
    assert doubled == []


def test_api_docs_page_is_served(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content
    assert b"/static/ninja/swagger-ui-bundle.js" in response.content  # no CDN at run time
    assert b"cdn.jsdelivr.net" not in response.content


# --- the schema describes what the API gives --------------------------------------------


def _operations():
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            yield from path_view.operations


def test_every_component_name_stands_for_one_definition(client, db):
    """Each model's own definitions are the components served under their names.

    ninja merges every model's ``$defs`` into one ``components`` by name, so two enums or
    schemas of the same class name (``Event.Kind`` and ``Program.Kind``) silently became one.
    """
    components = client.get("/api/openapi.json").json()["components"]["schemas"]
    checked = set()
    for operation in _operations():
        models = [(m, "validation") for m in operation.models]
        models += [
            (m, "serialization")
            for m in operation.response_models.values()
            if m not in (None, NOT_SET)
        ]
        for model, mode in models:
            own = model.model_json_schema(
                ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema, mode=mode
            )
            for name, definition in own.get("$defs", {}).items():
                assert "__" not in name, f"{name}: two classes of one name in {model.__name__}"
                assert components[name] == definition, f"component {name} is another class"
                checked.add(name)
    assert {"EventKind", "ProgramKind", "CertificateStatus", "RouteStatus"} <= checked


ENUM_PROPERTIES = [
    ("OrganizationOut", "kind", Organization.Kind),
    ("MembershipOut", "role", Membership.Role),
    ("EventOut", "kind", Event.Kind),
    ("EventOut", "format", Event.Format),
    ("EventOut", "status", Event.Status),
    ("EventOut", "audience", Event.Audience),
    ("EventDetailOut", "status", Event.Status),
    ("RegistrationOut", "status", Registration.Status),
    ("ProgramOut", "kind", Program.Kind),
    ("ProgramOut", "status", Program.Status),
    ("ProgramOut", "my_roles", ProgramMember.Role),
    ("SubmissionStateOut", "state", Submission.State),
    ("QuestionnaireOut", "status", Questionnaire.Status),
    ("QuestionResultOut", "kind", Question.Kind),
    ("CertificateOut", "kind", CertificateKind),
    ("CertificateOut", "status", Certificate.Status),
    ("RouteOut", "status", Route.Status),
    ("StepOut", "status", Step.Status),
]


@pytest.mark.parametrize(("component", "prop", "choices"), ENUM_PROPERTIES)
def test_an_enum_property_has_its_models_choices(client, db, component, prop, choices):
    components = client.get("/api/openapi.json").json()["components"]["schemas"]
    schema = components[component]["properties"][prop]
    schema = schema.get("items", schema)
    referenced = components[schema["$ref"].rsplit("/", 1)[1]]
    assert referenced["enum"] == list(choices.values)


# --- real responses against the schema ----------------------------------------------------

TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


def _violations(value, schema: dict, components: dict, where: str = "$") -> list[str]:
    """What in ``value`` the schema does not allow: types, required keys, enums (a small
    JSON Schema check, enough for what ninja generates; jsonschema is not a dependency)."""
    if "$ref" in schema:
        return _violations(value, components[schema["$ref"].rsplit("/", 1)[1]], components, where)
    if "anyOf" in schema:
        if any(not _violations(value, s, components, where) for s in schema["anyOf"]):
            return []
        return [f"{where}: {value!r} matches none of {schema['anyOf']}"]
    problems = []
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} is not one of {schema['enum']}")
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind] if kind else []  # ["string", "integer"]
    if kinds and not any(
        isinstance(value, TYPES[k]) and not (k in ("integer", "number") and value is True)
        for k in kinds
    ):
        return [*problems, f"{where}: {value!r} is not {kind}"]
    if kind == "object":
        problems += [f"{where}.{k}: missing" for k in schema.get("required", []) if k not in value]
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                problems += _violations(value[name], sub, components, f"{where}.{name}")
    if kind == "array":
        for i, item in enumerate(value):
            problems += _violations(item, schema.get("items", {}), components, f"{where}[{i}]")
    return problems


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Issued PDFs go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def everything(world, internship, issued, route, scored, survey):  # noqa: F811
    """Data for every list: an event, a programme, certificates, a route, profiles, answers."""
    event = factories.event(organizer=world.school, title="Вебинар по ФОП")
    factories.registration(event=event, user=world.teacher)
    intern = internship.interns[0]
    return {
        "/api/me": world.teacher,
        "/api/networks": world.coordinator,
        f"/api/networks/{world.network.pk}/organizations": world.coordinator,
        f"/api/organizations/{world.school.pk}": world.methodist,
        f"/api/organizations/{world.school.pk}/people": world.methodist,
        "/api/events": world.teacher,
        f"/api/events/{event.pk}": world.teacher,
        "/api/programs": intern,
        f"/api/programs/{internship.program.pk}": intern,
        f"/api/programs/{internship.program.pk}/teams": intern,
        "/api/questionnaires/": world.coordinator,
        f"/api/questionnaires/{survey.pk}/results": world.coordinator,
        "/api/certificates": world.methodist,
        "/api/certificates/mine": intern,
        "/api/diagnostics/frameworks": world.teacher,
        "/api/diagnostics/profile": world.teacher,
        f"/api/diagnostics/campaigns/{scored.pk}/profiles": world.methodist,
        "/api/routes": world.methodist,
        f"/api/routes/{route.pk}": world.methodist,
        **_communities(world),
        **_expertise(world),
        **_library(world),
    }


def _library(world) -> dict:
    """A public material of the school, published, in a public collection and on a shelf."""
    from metodset.library import services as library

    material = library.material_create(
        by=world.teacher,
        title="Технологическая карта урока",
        kind="tech_map",
        url="https://rutube.ru/video/1/",
        organization=world.school,
        network=world.network,
        visibility="public",
        published=True,
    )
    case = library.collection_create(
        title="Образование без границ", by=world.coordinator, network=world.network,
        kind="case", visibility="public",
    )  # fmt: skip
    library.collection_add(collection=case, material=material)
    library.shelf_add(person=world.teacher, material=material)
    return {
        "/api/library/materials": world.teacher,
        "/api/library/facets": world.teacher,
        f"/api/library/materials/{material.pk}": world.teacher,
        "/api/library/collections": world.teacher,
        f"/api/library/collections/{case.pk}": world.teacher,
        "/api/library/shelf": world.teacher,
    }


def _expertise(world) -> dict:
    """A campaign of the network with the teacher's item assigned to an expert."""
    campaign, item, review = expertise_factories.assigned_campaign(
        network=world.network, author=world.teacher
    )
    return {
        "/api/expertise/campaigns": world.coordinator,
        f"/api/expertise/campaigns/{campaign.pk}": world.coordinator,
        f"/api/expertise/campaigns/{campaign.pk}/items": world.coordinator,
        f"/api/expertise/campaigns/{campaign.pk}/results": world.coordinator,
        f"/api/expertise/items/{item.pk}": world.coordinator,
        "/api/expertise/assignments": review.expert,
        f"/api/expertise/reviews/{review.pk}": review.expert,
    }


def _communities(world) -> dict:
    """A community of the school with the teacher as a member, a cycle with a lesson observed."""
    chair = community_factories.teacher_of(world.school)
    community = community_factories.community(
        organization=world.school, chair=chair, members=[world.teacher]
    )
    cycle = community_factories.cycle(community_=community)
    plan = community_factories.plan(organization=world.school, year=2026)
    return {
        "/api/plans": world.methodist,
        f"/api/plans/{plan.pk}": world.methodist,
        f"/api/plans/{plan.pk}/match": world.methodist,
        "/api/communities": world.teacher,
        f"/api/communities/{community.pk}": world.teacher,
        f"/api/communities/{community.pk}/cycles": world.teacher,
        f"/api/cycles/{cycle.pk}": world.teacher,
    }


def test_real_responses_match_the_schema(client, everything):
    schema = client.get("/api/openapi.json").json()
    components = schema["components"]["schemas"]
    lists = [p for p, ops in schema["paths"].items() if "get" in ops and "page" in str(ops)]
    concrete = {re.sub(r"/\d+", "/{id}", url) for url in everything}
    assert {re.sub(r"\{\w+\}", "{id}", p) for p in lists} <= concrete  # every list is checked
    for url, user in everything.items():
        response = client_for(user).get(url)
        assert response.status_code == 200, (url, response.content)
        body = response.json()
        assert body if not isinstance(body, dict) or "items" not in body else body["items"], url
        template = next(
            p for p in schema["paths"] if re.fullmatch(re.sub(r"\{\w+\}", r"\\d+", p), url)
        )
        ok = schema["paths"][template]["get"]["responses"]["200"]["content"]
        problems = _violations(body, ok["application/json"]["schema"], components)
        assert problems == [], (url, problems[:5])


BODIES = [
    (method, path)
    for path, operations in api.get_openapi_schema()["paths"].items()
    for method, operation in operations.items()
    if "requestBody" in operation
]


def test_the_schema_has_operations_with_a_body_to_check():
    assert ("put", "/api/expertise/reviews/{review_id}/draft") in BODIES


@pytest.mark.parametrize(("method", "path"), BODIES)
@pytest.mark.parametrize("body", [b"\xff\xfe", b'{"strengths": ', b"[1, 2"])
def test_a_body_that_is_not_json_is_an_invalid_parameter(client, world, method, path, body):
    """Ninja answered a body it could not read with 400 and a text of its own, which the
    operation's 400 (a refusal by a rule, with messages by field) does not describe: the fuzz
    test met it. It is 422, one entry for the body, as every invalid parameter."""
    _token, secret = token_create(user=world.teacher, name="API")
    answer = client.generic(
        method.upper(),
        re.sub(r"\{\w+\}", "1", path),
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert answer.status_code == 422, answer.content
    assert answer.json() == {
        "detail": [
            {
                "loc": ["body"],
                "msg": "Передайте тело запроса в формате JSON.",
                "type": "json_invalid",
            }
        ]
    }
    schema = client.get("/api/openapi.json").json()
    documented = schema["paths"][path][method]["responses"]["422"]["content"]
    problems = _violations(
        answer.json(), documented["application/json"]["schema"], schema["components"]["schemas"]
    )
    assert problems == []
