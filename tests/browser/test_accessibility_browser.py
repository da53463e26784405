"""axe-core and the page width on the pages each role opens, at a laptop's and a phone's size.

The data are the demo network's (people in every role, a running internship with teams and a
dashboard, a finished one with certificates, diagnostics campaigns, routes, events), with the
kindergarten's full legal name as its short name: the longest a menu will meet. axe-core is
vendored under ``tests/browser/vendor/`` for the tests only (see its README).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import reverse

from metodset.accounts.models import Organization, User
from metodset.certificates.models import Certificate
from metodset.demo import data as demo_data
from metodset.demo.loader import demo_load
from metodset.diagnostics.frameworks import services as framework_services
from metodset.diagnostics.models import Campaign
from metodset.programs.models import Program, Team
from metodset.routes import catalogue
from metodset.surveys.models import Questionnaire

from ..conftest import browser_login

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
VIEWPORTS = [(1366, 768), (390, 844)]
BLOCKING = ("critical", "serious")


@dataclass
class Visit:
    who: str  # a login, or "" for a visitor without an account
    path: str  # a path, or "click:<data-testid>" to follow that link from the page before


def _demo_email(key: str) -> str:
    return f"{key}@{demo_data.DEMO_DOMAIN}"


def _demo_organization(key: str) -> Organization:
    planned = next(o for o in demo_data.ORGANIZATIONS if o.key == key)
    return Organization.objects.get(inn=demo_data.inn_with_checksum(planned.inn_prefix))


def _visits() -> list[Visit]:
    """The pages to check, found in the demo's data as each person reaches them."""
    running = Program.objects.filter(
        status=Program.Status.RUNNING, kind=Program.Kind.DIGITAL_INTERNSHIP
    ).first()
    site = Program.objects.filter(kind=Program.Kind.INTERNSHIP_SITE).first()
    finished = Program.objects.filter(status=Program.Status.FINISHED).first()
    assert running and site and finished, "the demo has a running, a site and a finished programme"
    team = Team.objects.filter(program=running, tutor__isnull=False).order_by("number").first()
    assert team is not None
    intern = team.members.select_related("user").first().user
    school = _demo_organization("sch161")
    kindergarten = _demo_organization("ds12")
    network_campaign = Campaign.objects.filter(network__isnull=False).first()
    school_campaign = Campaign.objects.filter(organization=school).first()
    certificate = Certificate.objects.filter(status=Certificate.Status.VALID).first()
    public_survey = Questionnaire.objects.filter(public_link_enabled=True).first()
    network = network_campaign.network
    coordinator, methodist, teacher = (
        _demo_email("coordinator"),
        _demo_email("methodist"),
        _demo_email("teacher"),
    )
    expert, council, manager, admin = (
        _demo_email("expert"),
        _demo_email("council"),
        _demo_email("manager"),
        _demo_email("admin"),
    )
    return [
        Visit("", reverse("accounts:login")),
        Visit("", reverse("events:catalogue")),
        Visit("", reverse("programs:invitation", args=[running.pk])),
        Visit("", reverse("certificates:verify", args=[certificate.code])),
        Visit("", reverse("surveys:answer_public", args=[public_survey.public_token])),
        Visit(coordinator, "/"),
        Visit(coordinator, reverse("programs:detail", args=[running.pk])),
        Visit(coordinator, reverse("programs:dashboard", args=[running.pk])),
        Visit(coordinator, reverse("programs:teams", args=[running.pk])),
        Visit(coordinator, reverse("programs:applications", args=[running.pk])),
        Visit(coordinator, reverse("programs:completion", args=[finished.pk])),
        Visit(coordinator, reverse("programs:plan", args=[site.pk])),
        Visit(coordinator, reverse("accounts:network_detail", args=[network.pk])),
        Visit(coordinator, reverse("certificates:registry")),
        Visit(coordinator, reverse("surveys:list")),
        Visit(coordinator, reverse("diagnostics:heatmap", args=[network_campaign.pk])),
        Visit(team.tutor.email, reverse("programs:team", args=[team.pk])),
        Visit(intern.email, reverse("programs:team", args=[team.pk])),
        Visit(methodist, "/"),
        Visit(methodist, reverse("diagnostics:campaigns")),
        Visit(methodist, reverse("diagnostics:campaign", args=[school_campaign.pk])),
        Visit(methodist, reverse("diagnostics:results_list")),
        Visit(methodist, reverse("routes:board", args=[school.pk])),
        Visit(methodist, reverse("routes:review_queue")),
        Visit(methodist, reverse("events:managed")),
        Visit(teacher, "/"),
        Visit(teacher, reverse("events:mine")),
        Visit(teacher, reverse("diagnostics:my_profile")),
        Visit(teacher, "click:take-self"),  # the self-assessment
        Visit(teacher, reverse("routes:mine")),
        Visit(teacher, reverse("certificates:mine")),
        Visit(teacher, reverse("accounts:profile")),
        Visit(expert, "/"),
        Visit(expert, reverse("diagnostics:my_profile")),
        Visit(council, "/"),
        Visit(council, reverse("accounts:network_detail", args=[network.pk])),
        Visit(manager, "/"),
        Visit(manager, reverse("accounts:organization_detail", args=[kindergarten.pk])),
        Visit(manager, reverse("routes:cyclogram", args=[kindergarten.pk])),
        Visit(admin, "/"),
        Visit(admin, reverse("accounts:network_list")),
        Visit(admin, reverse("core:outbox")),
        Visit(admin, reverse("accounts:audit_log")),
    ]


def _problems_on(page, visit: Visit, width: int, height: int) -> list[str]:
    where = f"{visit.who or 'visitor'} {page.url.removeprefix(page.base_url)} at {width}×{height}"
    problems = []
    if page.evaluate("typeof window.axe === 'undefined'"):
        # Evaluated through the DevTools protocol: a <script> tag of inline code is what the
        # Content-Security-Policy refuses.
        page.evaluate(AXE.read_text())
    violations = page.evaluate(
        r"""async (blocking) => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.filter(v => blocking.includes(v.impact)).map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5)
                    .map(n => `${n.target.join(' ')} ${n.html.replace(/\s+/g, ' ').slice(0, 140)}`),
                count: v.nodes.length,
            }));
        }""",
        list(BLOCKING),
    )
    for v in violations:
        nodes = "\n      ".join(v["nodes"])
        problems.append(
            f"{where}: {v['id']} ({v['impact']}, {v['count']} nodes) — {v['help']}\n      {nodes}"
        )
    too_wide = page.evaluate(
        r"""() => {
            const W = window.innerWidth;
            if (document.documentElement.scrollWidth <= W) return null;
            const out = [];
            for (const el of document.body.querySelectorAll('*')) {
                const r = el.getBoundingClientRect();
                if (r.width === 0 || r.right <= W + 1) continue;
                let clipped = false;
                for (let p = el.parentElement; p && !clipped; p = p.parentElement)
                    clipped = getComputedStyle(p).overflowX !== 'visible';
                const edge = Math.round(r.right);
                const html = el.outerHTML.replace(/\s+/g, ' ').slice(0, 120);
                if (!clipped) out.push(`${html} (right edge ${edge})`);
                if (out.length === 3) break;
            }
            return {width: document.documentElement.scrollWidth, nodes: out};
        }"""
    )
    if too_wide:
        nodes = "\n      ".join(too_wide["nodes"])
        problems.append(f"{where}: the page is {too_wide['width']} px wide\n      {nodes}")
    return problems


def test_every_roles_pages_pass_axe_and_fit_a_laptop_and_a_phone(browser, live_server):
    # Browser tests run on a flushed database: what the data migrations load is loaded again.
    framework_services.frameworks_load_shipped()
    catalogue.starter_load()
    demo_load()
    kindergarten = _demo_organization("ds12")
    kindergarten.short_name = kindergarten.name  # «Муниципальное бюджетное дошкольное …»
    kindergarten.save(update_fields=["short_name"])
    assert User.objects.filter(
        email=_demo_email("manager"), memberships__organization=kindergarten
    ).exists()

    visits = _visits()
    assert len({v.path for v in visits}) >= 20 and len({v.who for v in visits}) >= 9
    problems: list[str] = []
    context = page = None
    who = None
    for visit in visits:
        if visit.who != who:
            if context is not None:
                context.close()
            context = browser.new_context(locale="ru-RU", viewport={"width": 1366, "height": 768})
            page = context.new_page()
            page.set_default_timeout(15000)
            page.base_url = live_server.url
            if visit.who:
                browser_login(page, visit.who, password=demo_data.DEMO_PASSWORD)
            who = visit.who
        page.set_viewport_size({"width": 1366, "height": 768})
        if visit.path.startswith("click:"):
            before = page.url
            page.get_by_test_id(visit.path.removeprefix("click:")).first.click()
            page.wait_for_load_state()
            assert page.url != before, f"{visit.who}: {visit.path} led nowhere"
        else:
            response = page.goto(live_server.url + visit.path)
            assert response is not None and response.ok, f"{visit.who} {visit.path}: {response}"
        for width, height in VIEWPORTS:
            page.set_viewport_size({"width": width, "height": height})
            problems += _problems_on(page, visit, width, height)
        if visit.who == _demo_email("manager") and visit.path == "/":
            # The kindergarten's long name is cut in the menu, the whole of it in the tooltip.
            place = page.get_by_role("navigation").get_by_test_id("nav-organization")
            page.set_viewport_size({"width": 1366, "height": 768})
            assert place.get_attribute("title") == kindergarten.name
            box = place.bounding_box()
            assert box is not None and box["width"] < 400, box
    if context is not None:
        context.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
