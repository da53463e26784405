"""A guard for every page, present and future: nobody anonymous gets past the login page."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_set",
    "accounts:password_set_done",
    "accounts:logout",
    "core:healthz",
    "javascript-catalog",
    "programs:session_screen",
    "programs:session_screen_state",
    "set_language",
    "surveys:answer_invited",
    "surveys:thanks_invited",
    "surveys:answer_public",
    "surveys:thanks_public",
    "surveys:draft_invited",  # the token is the key, as for answering
    "surveys:draft_public",
}


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace in {"admin", "api"}:
                continue  # the admin has its own login; the API answers 401 (tested in tests/api)
            yield from _named_patterns(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def _example_path(name, pattern):
    route = str(pattern.pattern)
    for converter, value in (
        ("<int:", "1"),
        ("<uuid:", "00000000-0000-0000-0000-000000000001"),
        ("<str:", "x"),
        ("<slug:", "x"),
        ("<", "x"),
    ):
        while converter in route:
            start = route.index(converter)
            end = route.index(">", start)
            route = route[:start] + value + route[end + 1 :]
    return "/" + route.lstrip("^").rstrip("$")


PRIVATE = sorted(
    (name, _example_path(name, pattern))
    for name, pattern in _named_patterns()
    if name not in PUBLIC
)


def test_the_guard_sees_the_pages():
    names = {name for name, _ in PRIVATE}
    assert {
        "dashboards:home",
        "accounts:profile",
        "accounts:network_detail",
        "core:outbox",
    } <= names


@pytest.mark.parametrize(("name", "path"), PRIVATE, ids=[n for n, _ in PRIVATE])
def test_anonymous_visitor_is_sent_to_login(client, db, name, path):
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code in (302, 403, 404, 405), (name, path, response.status_code)
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/login/"), (name, path)
