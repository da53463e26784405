"""Every view that follows a ``next`` stays on this site: another host falls back to the
view's own page, a local path is followed."""

from __future__ import annotations

import pytest

from metodset.routes.models import Route
from metodset.surveys.models import Questionnaire

from .. import factories
from ..conftest import client_for

EVIL = ("https://evil.example/", "//evil.example/", "http://evil.example/x", "/\\evil.example")


def _unregister(world):
    event = factories.event(organizer=world.school, title="Семинар о чтении")
    factories.registration(event=event, user=world.teacher)
    url = f"/events/{event.pk}/unregister/"
    return world.teacher, url, {}, f"/events/{event.pk}/", "/events/my/"


def _questionnaire_status(world):
    q = Questionnaire.objects.create(
        created_by=world.methodist,
        organization=world.school,
        status=Questionnaire.Status.OPEN,
        title="Рефлексия участника интернатуры",
    )
    url = f"/surveys/{q.pk}/close/"
    return (
        world.methodist,
        url,
        {},
        f"/surveys/{q.pk}/",
        f"/surveys/{q.pk}/results/",
    )


def _route_review(world):
    route = Route.objects.create(user=world.teacher, organization=world.school, year=2026)
    url = f"/routes/{route.pk}/review/"
    return world.methodist, url, {"decision": "approve"}, f"/routes/{route.pk}/", "/routes/review/"


VIEWS = [_unregister, _questionnaire_status, _route_review]


@pytest.mark.parametrize("build", VIEWS, ids=lambda b: b.__name__.strip("_"))
@pytest.mark.parametrize("evil", EVIL)
def test_next_to_another_site_falls_back_to_the_views_own_page(world, build, evil):
    user, url, data, default, _local = build(world)
    response = client_for(user).post(url, {**data, "next": evil})
    assert response.status_code == 302
    assert response["Location"] == default


@pytest.mark.parametrize("build", VIEWS, ids=lambda b: b.__name__.strip("_"))
def test_next_on_this_site_is_followed(world, build):
    user, url, data, _default, local = build(world)
    response = client_for(user).post(url, {**data, "next": local})
    assert response.status_code == 302
    assert response["Location"] == local


def test_an_http_next_is_refused_on_a_secure_request(world):
    user, url, data, default, _local = _unregister(world)
    response = client_for(user).post(
        url, {**data, "next": "http://testserver/events/my/"}, secure=True
    )
    assert response["Location"] == default


def test_no_view_reads_a_next_address_but_through_safe_next():
    """A new view that follows ``next`` by itself would bring the open redirect back: only
    ``core.redirects.safe_next`` reads it, and the lockout page hands it back to the login
    form, whose view (Django's LoginView) checks it."""
    import re
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "src" / "metodset"
    reads = re.compile(r"""(GET|POST|REQUEST|data|params)(\.get\(|\[)\s*["']next["']""")
    allowed = {src / "core" / "redirects.py", src / "accounts" / "throttling.py"}
    found = [
        f"{path.relative_to(src)}:{n}"
        for path in src.rglob("*.py")
        if path not in allowed
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if reads.search(line)
    ]
    assert not found, found
    assert reads.search('request.POST.get("next", "")')  # the pattern finds what it should
