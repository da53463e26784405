"""The routes' pages: who sees what, and the journey draft → swap → submit → approve → done."""

from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from metodset.accounts.models import Membership
from metodset.routes import selectors, services
from metodset.routes.models import Route, Step

from .. import factories
from ..conftest import client_for
from .conftest import SCHOOL_YEAR, TODAY, assess


def ru(message: str) -> str:
    with translation.override("ru"):
        return translation.gettext(message)


PDF_BYTES = b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def route(teacher_with_deficits):
    return services.route_draft_for(user=teacher_with_deficits, year=SCHOOL_YEAR, today=TODAY)


@pytest.fixture
def approved(route, world):
    services.route_submit(route=route, by=world.teacher)
    services.route_approve(route=route, by=world.methodist)
    return route


def test_teacher_drafts_her_route_from_the_page_and_sees_the_reasons(teacher_with_deficits):
    client = client_for(teacher_with_deficits)
    page = client.get("/routes/")
    assert page.status_code == 200 and 'data-testid="route-draft"' in page.text
    response = client.post("/routes/draft/")
    route = Route.objects.get(user=teacher_with_deficits)
    assert response.status_code == 302 and response["Location"] == f"/routes/{route.pk}/"
    page = client.get(f"/routes/{route.pk}/")
    assert page.status_code == 200
    assert page.text.count('data-testid="route-step"') == route.steps.count()
    assert "МТ.4" in page.text and 'data-testid="step-reason"' in page.text
    assert 'data-testid="route-submit"' in page.text


def test_swap_offers_alternatives_for_the_same_competency_and_takes_one(route, world):
    client = client_for(world.teacher)
    step = selectors.steps_of(route).first()
    fragment = client.get(f"/routes/steps/{step.pk}/alternatives/", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    options = selectors.alternatives(step)
    assert options[0].title in fragment.text
    response = client.post(
        f"/routes/steps/{step.pk}/swap/",
        {"activity": options[0].pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and options[0].title in response.text
    step.refresh_from_db()
    assert step.activity == options[0]


def test_a_malformed_activity_to_swap_for_is_a_404_not_a_500(route, world):
    client = client_for(world.teacher)
    step = selectors.steps_of(route).first()
    for activity in ("abc", "-1", "9" * 30, ""):
        response = client.post(f"/routes/steps/{step.pk}/swap/", {"activity": activity})
        assert response.status_code == 404, activity


def test_a_colleague_and_an_outsider_cannot_see_or_change_the_route(route, world):
    step = route.steps.first()
    for person in (world.colleague, world.outsider, world.kg_teacher):
        client = client_for(person)
        assert client.get(f"/routes/{route.pk}/").status_code == 404
        assert client.get(f"/routes/{route.pk}/export.docx").status_code == 404
        assert client.get(f"/routes/steps/{step.pk}/alternatives/").status_code == 404
        assert client.post(f"/routes/steps/{step.pk}/remove/").status_code == 404
        assert client.post(f"/routes/{route.pk}/submit/").status_code == 404
        assert client.get(f"/routes/org/{world.school.pk}/board/").status_code == 404
    assert route.steps.filter(pk=step.pk).exists()


def test_network_coordinators_see_routes_by_name_only_with_the_permission(route, world):
    client = client_for(world.coordinator)
    assert client.get(f"/routes/{route.pk}/").status_code == 404
    assert client.get(f"/routes/org/{world.school.pk}/").status_code == 404
    world.coordinator.user_permissions.add(
        Permission.objects.get(codename="view_named_results", content_type__app_label="diagnostics")
    )
    client = client_for(world.coordinator)
    assert client.get(f"/routes/{route.pk}/").status_code == 200
    page = client.get(f"/routes/org/{world.school.pk}/")
    assert page.status_code == 200 and "Петрова Елена Викторовна" in page.text
    assert client.get(f"/routes/org/{world.outside_org.pk}/").status_code == 404


def test_methodist_approves_from_the_queue_and_the_teacher_cannot_approve_herself(route, world):
    teacher = client_for(world.teacher)
    assert teacher.post(f"/routes/{route.pk}/submit/").status_code == 302
    assert teacher.post(f"/routes/{route.pk}/review/", {"decision": "approve"}).status_code == 404
    methodist = client_for(world.methodist)
    queue = methodist.get("/routes/review/")
    assert queue.status_code == 200 and "Петрова Елена Викторовна" in queue.text
    page = methodist.get(f"/routes/{route.pk}/")
    assert 'data-testid="route-approve"' in page.text
    # Returning needs a comment; nothing is lost.
    refused = methodist.post(f"/routes/{route.pk}/review/", {"decision": "return", "comment": ""})
    assert (
        refused.status_code == 400
        and ru("Say what to change: the comment is required.") in refused.text
    )
    response = methodist.post(
        f"/routes/{route.pk}/review/", {"decision": "approve", "next": "/routes/review/"}
    )
    assert response.status_code == 302 and response["Location"] == "/routes/review/"
    route.refresh_from_db()
    assert route.status == Route.Status.APPROVED and route.reviewed_by == world.methodist
    assert "Петрова" not in methodist.get("/routes/review/").text
    assert client_for(world.colleague).get("/routes/review/").text.count("review-item") == 0


def test_tutor_of_the_teachers_team_approves_too(route, world, internship):
    from metodset.programs.models import ProgramMember

    ProgramMember.objects.create(
        program=internship.program,
        user=world.teacher,
        role=ProgramMember.Role.INTERN,
        team=internship.teams[0],
    )
    services.route_submit(route=route, by=world.teacher)
    tutor = client_for(internship.tutors[0])
    assert tutor.get(f"/routes/{route.pk}/").status_code == 200
    assert tutor.post(f"/routes/{route.pk}/review/", {"decision": "approve"}).status_code == 302
    route.refresh_from_db()
    assert route.status == Route.Status.APPROVED
    assert client_for(internship.tutors[1]).get(f"/routes/{route.pk}/").status_code == 404


def test_teacher_marks_a_step_done_with_a_file_and_a_reflection(approved, world):
    client = client_for(world.teacher)
    step = selectors.steps_of(approved).first()
    form = client.get(f"/routes/steps/{step.pk}/done/")
    assert form.status_code == 200
    missing = client.post(f"/routes/steps/{step.pk}/done/", {"reflection": "Полезно"})
    assert missing.status_code == 400
    assert (
        ru("Attach a file, give a link or describe the product: evidence is needed.")
        in missing.text
    )
    assert "Полезно" in missing.text  # nothing typed is lost
    bad = client.post(
        f"/routes/steps/{step.pk}/done/",
        {"evidence_file": SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), "reflection": "x"},
    )
    assert bad.status_code == 400
    response = client.post(
        f"/routes/steps/{step.pk}/done/",
        {
            "evidence_file": SimpleUploadedFile("certificate.pdf", PDF_BYTES),
            "reflection": "Составила критерии к урокам",
        },
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == Step.Status.DONE and step.reflection == "Составила критерии к урокам"
    page = client.get(f"/routes/{approved.pk}/")
    assert 'data-testid="step-evidence"' in page.text
    # The methodist sees it but cannot mark steps of somebody else.
    methodist = client_for(world.methodist)
    other = selectors.steps_of(approved).exclude(pk=step.pk).first()
    assert methodist.get(f"/routes/steps/{other.pk}/done/").status_code == 404


def test_exports_read_back(route, world):
    from docx import Document
    from pypdf import PdfReader

    for person in (world.teacher, world.methodist):
        client = client_for(person)
        docx = client.get(f"/routes/{route.pk}/export.docx")
        assert docx.status_code == 200
        text = "\n".join(
            cell.text
            for row in Document(BytesIO(docx.content)).tables[0].rows
            for cell in row.cells
        )
        assert "МТ.4" in text
        pdf = client.get(f"/routes/{route.pk}/export.pdf")
        assert pdf["Content-Type"] == "application/pdf"
        assert "Петрова" in PdfReader(BytesIO(pdf.content)).pages[0].extract_text()


def test_board_shows_steps_by_month_with_overdue_and_exports_xlsx(route, world):
    late = selectors.steps_of(route).last()
    services.step_update(
        step=late, starts_on=TODAY.replace(day=1), ends_on=TODAY.replace(day=5), by=world.teacher
    )
    services.route_submit(route=route, by=world.teacher)
    services.route_approve(route=route, by=world.methodist)
    step = selectors.steps_of(route).first()
    services.step_mark_done(step=step, evidence_text="Критерии оценивания к теме «Дроби»")
    client = client_for(world.methodist)
    page = client.get(f"/routes/org/{world.school.pk}/board/?year={SCHOOL_YEAR}")
    assert page.status_code == 200
    assert 'data-testid="board-cell" data-state="overdue" data-month="2026-09"' in page.text
    assert 'data-state="done"' in page.text
    overdue_only = client.get(
        f"/routes/org/{world.school.pk}/board/?year={SCHOOL_YEAR}&overdue=on&status=approved"
    )
    assert "Петрова Елена Викторовна" in overdue_only.text
    none = client.get(f"/routes/org/{world.school.pk}/board/?year={SCHOOL_YEAR}&status=draft")
    assert "Петрова Елена Викторовна" not in none.text
    xlsx = client.get(f"/routes/org/{world.school.pk}/board/?year={SCHOOL_YEAR}&format=xlsx")
    sheet = load_workbook(BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Петрова Елена Викторовна"
    assert rows[1][4] >= 1  # overdue steps
    assert any(value and "✓" in str(value) for value in rows[1][5:])


def test_board_and_list_query_counts_do_not_grow_with_routes(route, world):
    client = client_for(world.methodist)
    urls = [
        f"/routes/org/{world.school.pk}/board/?year={SCHOOL_YEAR}",
        f"/routes/org/{world.school.pk}/?year={SCHOOL_YEAR}",
    ]
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as one:
            assert client.get(url).status_code == 200
        counts.append(len(one))
    for _n in range(3):
        person = factories.person(organization_=world.school, role=Membership.Role.TEACHER)
        assess(person, world.school, {"КМ.2": 1})
        services.route_draft_for(user=person, year=SCHOOL_YEAR, today=TODAY)
    for url, before in zip(urls, counts, strict=True):
        with CaptureQueriesContext(connection) as three:
            assert client.get(url).status_code == 200
        assert len(three) == before


def test_cyclogram_shows_campaigns_events_and_route_milestones(approved, world):
    factories.event(organizer=world.school, title="Методический четверг: критериальное оценивание")
    client = client_for(world.methodist)
    page = client.get(f"/routes/org/{world.school.pk}/cyclogram/?year={SCHOOL_YEAR}")
    assert page.status_code == 200
    assert page.text.count('data-testid="cyclogram-month"') == 12
    assert "Диагностика профессиональных дефицитов 2026" in page.text
    assert "data-print" in page.text  # the print button (static/behaviours.js)
    assert (
        client_for(world.teacher).get(f"/routes/org/{world.school.pk}/cyclogram/").status_code
        == 404
    )


def test_methodist_adds_an_activity_to_the_catalogue_and_a_teacher_cannot(world):
    from metodset.diagnostics.models import Competency

    competency = Competency.objects.filter(code="МТ.4").first()
    data = {
        "kind": "community",
        "title": "ПОС «Оценивание без отметок»",
        "hours": "12",
        "competencies": [competency.pk],
        "active": "on",
    }
    assert (
        client_for(world.teacher)
        .post(f"/routes/org/{world.school.pk}/catalogue/", data)
        .status_code
        == 404
    )
    client = client_for(world.methodist)
    empty = client.get(f"/routes/org/{world.school.pk}/catalogue/")
    assert empty.status_code == 200 and "is-invalid" not in empty.text
    response = client.post(f"/routes/org/{world.school.pk}/catalogue/", data)
    assert response.status_code == 302
    page = client.get(f"/routes/org/{world.school.pk}/catalogue/?competency={competency.pk}")
    assert "ПОС «Оценивание без отметок»" in page.text
    bad = client.post(f"/routes/org/{world.school.pk}/catalogue/", {**data, "title": ""})
    assert bad.status_code == 400


def test_layout_page_sets_the_columns(world):
    client = client_for(world.methodist)
    assert client.get(f"/routes/org/{world.school.pk}/layout/").status_code == 200
    response = client.post(
        f"/routes/org/{world.school.pk}/layout/", {"columns": ["deficit", "activity", "mark"]}
    )
    assert response.status_code == 302
    assert (
        client_for(world.teacher).get(f"/routes/org/{world.school.pk}/layout/").status_code == 404
    )


def test_teacher_adds_and_edits_steps(route, world):
    client = client_for(world.teacher)
    assert client.get(f"/routes/{route.pk}/steps/new/").status_code == 200
    empty = client.post(f"/routes/{route.pk}/steps/new/", {"title": ""})
    assert empty.status_code == 400
    response = client.post(
        f"/routes/{route.pk}/steps/new/", {"title": "Выступление на педсовете", "hours": "2"}
    )
    assert response.status_code == 302
    step = route.steps.get(title="Выступление на педсовете")
    page = client.get(f"/routes/steps/{step.pk}/edit/")
    assert page.status_code == 200
    wrong = client.post(
        f"/routes/steps/{step.pk}/edit/",
        {"title": "Выступление", "starts_on": "2026-12-10", "ends_on": "2026-12-01", "hours": "2"},
    )
    assert wrong.status_code == 400 and 'value="Выступление"' in wrong.text
    assert client_for(world.colleague).get(f"/routes/steps/{step.pk}/edit/").status_code == 404


def test_my_week_shows_the_months_steps_and_the_routes_to_approve(route, world):
    services.step_update(
        step=selectors.steps_of(route).first(),
        starts_on=TODAY.replace(day=1),
        ends_on=TODAY.replace(day=5),
        by=world.teacher,
    )
    services.route_submit(route=route, by=world.teacher)
    home = client_for(world.methodist).get("/")
    assert 'data-testid="week-route"' in home.text and "/routes/review/" in home.text
    services.route_approve(route=route, by=world.methodist)
    home = client_for(world.teacher).get("/")
    assert 'data-testid="week-route"' in home.text
    assert selectors.steps_of(route).first().title in home.text
    assert 'data-testid="week-route"' not in client_for(world.colleague).get("/").text


def test_an_outsider_gets_404_on_every_page_of_a_route_and_of_the_organisation(approved, world):
    from metodset.routes.models import Activity

    step = selectors.steps_of(approved).first()
    own = Activity.objects.create(kind="community", title="ПОС школы", organization=world.school)
    org = world.school.pk
    gets = [
        f"/routes/{approved.pk}/",
        f"/routes/{approved.pk}/export.pdf",
        f"/routes/{approved.pk}/steps/new/",
        f"/routes/steps/{step.pk}/alternatives/",
        f"/routes/steps/{step.pk}/edit/",
        f"/routes/steps/{step.pk}/done/",
        f"/routes/steps/{step.pk}/teach/",
        f"/routes/activities/{own.pk}/edit/",
        f"/routes/org/{org}/",
        f"/routes/org/{org}/board/?format=xlsx",
        f"/routes/org/{org}/cyclogram/",
        f"/routes/org/{org}/catalogue/",
        f"/routes/org/{org}/layout/",
    ]
    posts = [
        f"/routes/{approved.pk}/edit/",
        f"/routes/{approved.pk}/submit/",
        f"/routes/{approved.pk}/review/",
        f"/routes/steps/{step.pk}/swap/",
        f"/routes/steps/{step.pk}/remove/",
        f"/routes/steps/{step.pk}/status/",
    ]
    client = client_for(world.outsider)
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url, {"status": "skipped", "decision": "approve"}).status_code == 404, (
            url
        )
    step.refresh_from_db()
    assert step.status == Step.Status.PLANNED
    # The teacher's own pages of the organisation stay closed to her too.
    teacher = client_for(world.teacher)
    for url in gets[7:]:
        assert teacher.get(url).status_code == 404, url
