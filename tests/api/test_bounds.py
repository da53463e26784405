"""Out-of-range integers in the API and the pages' filters: a 4xx with a message, never a 500.

The operations and their integer parameters are read from the OpenAPI schema, so a list or a
filter added later is covered the day it is added. ``2**63`` overflows SQLite's INTEGER and
PostgreSQL's bigint (as a foreign-key filter or as an OFFSET).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from metodset.api.api import api
from metodset.api.params import ID_MAX, PAGE_MAX
from metodset.communities.models import Community

from ..communities import factories as community_factories
from ..conftest import client_for
from ..expertise import factories as expertise_factories
from .test_diagnostics import scored  # noqa: F401 - a campaign with profiles, by fixture name

HUGE = str(2**63)  # 9223372036854775808
HUGER = "99999999999999999999"


def _get_operations() -> list[tuple[str, dict]]:
    schema = api.get_openapi_schema()
    return [(path, ops["get"]) for path, ops in schema["paths"].items() if "get" in ops]


def _query_ints(operation: dict) -> dict[str, int | None]:
    """The integer query parameters of an operation, each with the largest value allowed."""
    found = {}
    for p in operation.get("parameters", []):
        if p["in"] == "query" and "integer" in str(p["schema"]):
            found[p["name"]] = max(re.findall(r"'maximum': (\d+)", str(p["schema"])), default=None)
    return {name: int(top) if top else None for name, top in found.items()}


LISTS = [path for path, op in _get_operations() if "page" in _query_ints(op)]
INT_FILTERS = [
    (path, name, top)
    for path, op in _get_operations()
    for name, top in _query_ints(op).items()
    if name not in ("page", "page_size")
]


@pytest.fixture
def caller(world, scored) -> tuple[Client, dict[str, int]]:  # noqa: F811
    """The superuser, with ids that exist for the operations' path parameters."""
    ids = {
        "network_id": world.network.pk,
        "organization_id": world.school.pk,
        "campaign_id": scored.pk,
        # a community opened to everyone: the superuser has no exception for closed ones
        "community_id": community_factories.community(
            organization=world.school, openness=Community.Openness.PUBLIC
        ).pk,
        "expertise_campaign_id": expertise_factories.assigned_campaign(
            network=world.network, author=world.teacher
        )[0].pk,
    }
    return client_for(world.superuser), ids


def _url(path: str, ids: dict[str, int]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(ids.get(m.group(1), 1)), path)


def test_the_schema_has_lists_and_filters_to_check():
    assert "/api/certificates" in LISTS and "/api/networks/{network_id}/organizations" in LISTS
    assert {
        ("/api/certificates", "program"),
        ("/api/certificates", "event"),
        ("/api/routes", "organization"),
        ("/api/diagnostics/profile", "campaign"),
    } <= {(path, name) for path, name, _top in INT_FILTERS}


@pytest.mark.parametrize("path", LISTS)
def test_a_page_beyond_64_bits_is_refused_with_422(caller, path):
    client, ids = caller
    url = _url(path, ids)
    assert client.get(url).status_code == 200  # the list itself is reached
    for page in (HUGE, HUGER, str(PAGE_MAX + 1)):
        response = client.get(url, {"page": page})
        assert response.status_code == 422, (page, response.content)
        problem = response.json()["detail"][0]
        assert problem["loc"][-1] == "page"
        assert problem["msg"] == f"Не больше {PAGE_MAX}."
    response = client.get(url, {"page_size": HUGE})
    assert response.status_code == 422
    far = client.get(url, {"page": PAGE_MAX, "page_size": 100})  # the largest page allowed
    assert far.status_code == 200 and far.json()["items"] == []


@pytest.mark.parametrize(("path", "name", "top"), INT_FILTERS)
def test_an_integer_filter_beyond_its_bound_is_refused_with_422(caller, path, name, top):
    assert top is not None and top <= ID_MAX, f"{path}?{name}= has no upper bound"
    client, ids = caller
    url = _url(path, ids)
    for value in (HUGE, HUGER, "0", "-1"):
        response = client.get(url, {name: value})
        assert response.status_code == 422, (name, value, response.content)
        assert response.json()["detail"][0]["loc"][-1] == name
    assert client.get(url, {name: top}).status_code in (200, 404)  # 404: no such profile


def test_certificates_registry_page_refuses_an_out_of_range_programme_with_400(world):
    client = client_for(world.methodist)
    for name in ("program", "event"):
        response = client.get("/certificates/", {name: HUGER})
        assert response.status_code == 400
        assert "Такого объекта нет: номер вне допустимого диапазона." in response.text
        assert client.get("/certificates/", {name: ID_MAX}).status_code == 200


def test_route_catalogue_ignores_an_out_of_range_competency(world):
    client = client_for(world.methodist)
    url = f"/routes/org/{world.school.pk}/catalogue/"
    assert client.get(url, {"competency": HUGER}).status_code == 200
    assert client.get(url, {"competency": ID_MAX}).status_code == 200


def _pages_with_ids(resolver=None, namespace=""):
    """Every named page whose address takes only integer ids, each set beyond 64 bits."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in {"admin", "api"}:
                continue  # the admin is Django's; the API is covered above
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _pages_with_ids(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = entry.pattern.converters
            if converters and all(isinstance(c, IntConverter) for c in converters.values()):
                yield f"{namespace}{entry.name}", {name: HUGE for name in converters}


PAGES_WITH_IDS = sorted(_pages_with_ids())


def test_the_pages_with_ids_are_found():
    names = {name for name, _ in PAGES_WITH_IDS}
    assert {
        "routes:route",
        "events:detail",
        "certificates:detail",
        "diagnostics:test_take",
    } <= names


@pytest.mark.parametrize(("name", "kwargs"), PAGES_WITH_IDS, ids=[n for n, _ in PAGES_WITH_IDS])
def test_a_page_with_an_id_beyond_64_bits_is_not_found(world, name, kwargs):
    client = client_for(world.superuser)
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    if response.status_code == 405:  # an action: posted with nothing
        response = client.post(url)
    assert response.status_code in (302, 400, 403, 404), response.status_code


def _pages_without_ids(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in {"admin", "api"}:
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _pages_without_ids(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.converters:
            yield f"{namespace}{entry.name}"


PAGES = sorted(set(_pages_without_ids()) - {"javascript-catalog", "set_language"})
# The integer parameters the pages read from their query strings, each beyond 64 bits.
HUGE_QUERY = {
    name: HUGER
    for name in (
        "page",
        "program",
        "event",
        "competency",
        "campaign",
        "org",
        "organization",
        "region",
        "organizer",
        "year",
        "section",
    )
}


@pytest.mark.parametrize("name", PAGES)
def test_a_page_given_huge_numbers_in_its_query_string_does_not_fail(world, name):
    for user in (world.superuser, world.methodist):
        response = client_for(user).get(reverse(name), HUGE_QUERY)
        assert response.status_code < 500, (user, response.status_code)


API_WITH_IDS = [
    (method, path)
    for path, ops in api.get_openapi_schema()["paths"].items()
    for method in ops
    if "{" in path
]


@pytest.mark.parametrize(("method", "path"), API_WITH_IDS)
def test_an_api_operation_with_an_id_beyond_64_bits_is_not_found(world, method, path):
    client = client_for(world.superuser)
    # as an API client sends it: JSON (an operation with a body would refuse a form's body first)
    response = getattr(client, method)(
        re.sub(r"\{\w+\}", HUGE, path), content_type="application/json"
    )
    assert response.status_code in (404, 422), response.content


def test_invalid_parameters_are_named_in_russian(world):
    client = client_for(world.methodist)
    problems = {
        p["loc"][-1]: p["msg"]
        for p in client.get(
            "/api/certificates", {"program": "0", "event": "x", "status": "lost"}
        ).json()["detail"]
    }
    assert problems == {
        "program": "Не меньше 1.",
        "event": "Введите целое число.",
        "status": "Выберите одно из значений: 'valid', 'revoked', 'replaced'.",
    }
