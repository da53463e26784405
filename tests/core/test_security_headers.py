"""Every page carries the Content-Security-Policy, Referrer-Policy and Permissions-Policy, and
no template brings back what the policy forbids: inline scripts, on*= handlers, javascript: URLs."""

import re
from pathlib import Path

import pytest

from tests.conftest import client_for

SRC = Path(__file__).resolve().parents[2] / "src" / "metodset"
TEMPLATES = sorted(p for p in SRC.rglob("*.html") if "templates" in p.parts)
OUR_SCRIPTS = sorted(
    p for p in SRC.rglob("*.js") if "static" in p.parts and "vendor" not in p.parts
)


def _directives(header: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def _assert_secure(response) -> None:
    csp = _directives(response.headers["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["connect-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert response.headers["Referrer-Policy"] == "same-origin"
    policy = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy.split(", ")


@pytest.mark.parametrize("url", ["/login/", "/events/", "/password-reset/", "/no-such-page/"])
def test_anonymous_pages_carry_the_security_headers(client, db, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    _assert_secure(response)


@pytest.mark.parametrize("role", ["teacher", "methodist", "coordinator"])
@pytest.mark.parametrize("url", ["/", "/events/", "/events/mine/"])
def test_signed_in_pages_carry_the_security_headers(world, role, url):
    response = client_for(getattr(world, role)).get(url)
    assert response.status_code == 200
    _assert_secure(response)


def test_a_failed_sign_in_answer_carries_the_security_headers(client, world):
    response = client.post("/login/", {"username": world.teacher.email, "password": "wrong"})
    assert response.status_code == 200
    _assert_secure(response)


def test_htmx_is_configured_for_the_policy(client, db):
    html = client.get("/login/").content.decode()
    config = '{"includeIndicatorStyles": false, "allowEval": false}'
    assert f"""<meta name="htmx-config" content='{config}'>""" in html


# --- The templates keep to the policy --------------------------------------------------

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
EVENT_HANDLER = re.compile(r"""\son[a-z]{3,}\s*=\s*["'{]""", re.IGNORECASE)
HTMX_ON = re.compile(r"""\s(?:data-)?hx-on\b""", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript\s*:", re.IGNORECASE)


def test_templates_are_found():
    assert len(TEMPLATES) > 100
    assert SRC / "templates" / "base.html" in TEMPLATES


def test_no_template_has_an_inline_script():
    offenders = []
    for path in TEMPLATES:
        for attrs, body in SCRIPT_TAG.findall(path.read_text()):
            if "application/json" in attrs:
                continue  # data, never executed
            if body.strip() or "src=" not in attrs:
                offenders.append(f"{path.relative_to(SRC)}: <script{attrs}>{body.strip()[:60]}")
    assert offenders == [], "move the code into a static file:\n" + "\n".join(offenders)


def test_no_template_has_an_inline_event_handler_or_javascript_url():
    offenders = []
    for path in TEMPLATES:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for pattern in (EVENT_HANDLER, HTMX_ON, JAVASCRIPT_URL):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()[:100]}")
    assert offenders == [], "use data-* behaviours from static/behaviours.js:\n" + "\n".join(
        offenders
    )


def test_our_scripts_need_no_eval():
    assert OUR_SCRIPTS, "no scripts found"
    offenders = [
        str(path.relative_to(SRC))
        for path in OUR_SCRIPTS
        if re.search(
            r"\beval\s*\(|new\s+Function\s*\(|set(?:Timeout|Interval)\s*\(\s*['\"]",
            path.read_text(),
        )
    ]
    assert offenders == []


def test_the_scan_catches_what_it_is_for():
    assert SCRIPT_TAG.search("<script>alert(1)</script>")
    assert EVENT_HANDLER.search('<button onclick="go()">')
    assert EVENT_HANDLER.search("<form onsubmit='return confirm()'>")
    assert HTMX_ON.search('<div hx-on::after-request="x()">')
    assert JAVASCRIPT_URL.search('<a href="javascript:void(0)">')
    assert not EVENT_HANDLER.search("<p>Someone=1 and online = yes</p>")
