"""Vendored front-end files are served by the application itself: no CDN."""

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/static/vendor/bootstrap/bootstrap.min.css",
        "/static/vendor/bootstrap/bootstrap.bundle.min.js",
        "/static/vendor/htmx/htmx.min.js",
        "/static/metodset.css",
        "/static/favicon.svg",
    ],
)
def test_vendored_static_files_are_served(live_server, path):
    import urllib.request

    with urllib.request.urlopen(live_server.url + path) as response:
        assert response.status == 200
        assert len(response.read()) > 100


def test_pages_reference_no_cdn(client, db):
    html = client.get("/login/").content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "cdn" not in html.lower()
