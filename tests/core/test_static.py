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


# --- The production path: hashed names, compressed, cached for good ----------------------

PRODUCTION_STORAGE = "metodset.core.staticfiles.CompressedOnceManifestStorage"


def _wsgi_get(path: str, **headers: str) -> tuple[str, dict[str, str], bytes]:
    """One request through a freshly built WSGI application, as a server would make it."""
    from wsgiref.util import setup_testing_defaults

    from django.core.handlers.wsgi import WSGIHandler

    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "HTTP_HOST": "testserver"}
    environ.update({f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()})
    setup_testing_defaults(environ)
    got: dict[str, object] = {}

    def start_response(status, response_headers, exc_info=None):
        got["status"], got["headers"] = status, dict(response_headers)

    body = b"".join(WSGIHandler()(environ, start_response))
    return str(got["status"]), got["headers"], body  # type: ignore[return-value]


def _production(settings, root):
    settings.STATIC_ROOT = root
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}


@pytest.fixture(scope="module")
def _collected_once(tmp_path_factory):
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    root = tmp_path_factory.mktemp("static")
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", "--no-input", verbosity=0)
    return root


@pytest.fixture
def collected(settings, _collected_once):
    """Static files collected as `metodset serve` collects them, into a fresh STATIC_ROOT."""
    _production(settings, _collected_once)
    return _collected_once


def test_settings_default_to_hashed_compressed_static_files():
    from metodset import settings as production

    assert production.STORAGES["staticfiles"]["BACKEND"] == PRODUCTION_STORAGE


def test_hashed_css_goes_out_gzipped_and_cached_for_a_year(collected, db):
    import gzip
    import re

    from django.templatetags.static import static

    url = static("vendor/bootstrap/bootstrap.min.css")
    assert re.fullmatch(r"/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css", url)

    status, headers, body = _wsgi_get(url, accept_encoding="gzip, deflate")

    assert status == "200 OK"
    assert headers["Content-Encoding"] == "gzip"
    original = (collected / url.removeprefix("/static/")).read_bytes()
    assert gzip.decompress(body) == original
    assert len(body) < len(original) / 4
    max_age = int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1))
    assert max_age >= 365 * 24 * 3600
    assert "immutable" in headers["Cache-Control"]


def test_a_name_without_hash_is_not_cached_for_long(collected, db):
    status, headers, _ = _wsgi_get("/static/metodset.css")

    assert status == "200 OK"
    assert headers["Cache-Control"] == "max-age=60, public"


def test_pages_name_the_hashed_files(collected, db):
    import re

    status, _, body = _wsgi_get("/login/")

    assert status == "200 OK"
    assert re.search(r"/static/metodset\.[0-9a-f]{12}\.css", body.decode())


def test_collecting_again_compresses_only_what_changed(collected):
    import os

    from django.core.management import call_command

    gz = collected / "favicon.svg.gz"
    os.utime(gz, (1_000_000_000, 1_000_000_000))  # older than the file: recompressed
    kept = collected / "vendor/htmx/htmx.min.js.gz"
    before = kept.stat().st_mtime_ns

    call_command("collectstatic", "--no-input", verbosity=0)

    assert kept.stat().st_mtime_ns == before
    assert gz.stat().st_mtime > 1_000_000_000
