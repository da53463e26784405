"""Routes from diagnostics to a done step: drafting, editing, approval, evidence, documents."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from metodset.routes import document, selectors, services
from metodset.routes.models import Activity, Route, Step

from .conftest import SCHOOL_YEAR, TODAY


def ru(message: str) -> str:
    with translation.override("ru"):
        return translation.gettext(message)


PDF_BYTES = b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def draft(user, **kwargs):
    return services.route_draft_for(user=user, year=SCHOOL_YEAR, today=TODAY, **kwargs)


def test_draft_covers_the_teachers_deficits_worst_first(teacher_with_deficits, world):
    route = draft(teacher_with_deficits)
    assert route.organization == world.school
    assert route.status == Route.Status.DRAFT
    steps = list(selectors.steps_of(route))
    assert steps, "a draft has steps"
    assert [s.competency.code for s in steps][:3] == ["МТ.4", "КМ.2", "ЦФ.2"]
    assert sorted(route.deficits.values_list("code", flat=True)) == ["КМ.2", "МТ.4", "ЦФ.2"]
    first = steps[0]
    assert "МТ.4" in first.reason and first.activity is not None
    assert first.title == first.activity.title
    assert first.task  # «Develop the competency …»
    assert first.expected_result == first.activity.expected_result
    assert sum(s.hours for s in steps) <= route.hours_budget
    assert all(
        dt.date(2026, 9, 10) <= s.starts_on <= s.ends_on <= dt.date(2027, 5, 31) for s in steps
    )
    assert "МТ.4" in route.goal


def test_the_organisations_own_activity_is_preferred(teacher_with_deficits, world):
    own = Activity.objects.create(
        kind=Activity.Kind.COMMUNITY,
        title="Методическое объединение: критериальное оценивание",
        organization=world.school,
        hours=10,
    )
    own.competencies.set(
        Activity.objects.get(slug="course-formative-assessment").competencies.all()
    )
    route = draft(teacher_with_deficits)
    step = route.steps.get(activity=own)
    assert step.competency.code == "МТ.4"
    assert ru("Your organisation runs it.") in step.reason


def test_redrafting_keeps_done_steps_and_a_submitted_route_is_not_redrafted(
    teacher_with_deficits, world
):
    route = draft(teacher_with_deficits)
    services.route_submit(route=route, by=world.teacher)
    with pytest.raises(services.RouteError):
        draft(teacher_with_deficits)
    services.route_return(route=route, by=world.methodist, comment="Добавьте наставничество")
    route.refresh_from_db()
    assert (
        route.status == Route.Status.RETURNED and route.review_comment == "Добавьте наставничество"
    )
    again = draft(teacher_with_deficits)
    assert again.pk == route.pk


def test_swap_takes_another_activity_for_the_same_competency(teacher_with_deficits, world):
    route = draft(teacher_with_deficits)
    step = selectors.steps_of(route).first()
    options = selectors.alternatives(step)
    assert options and all(
        step.competency.code in {c.code for c in a.competencies.all()} for a in options
    )
    assert step.activity not in options
    services.step_swap(step=step, activity=options[0], by=world.teacher)
    step.refresh_from_db()
    assert step.activity == options[0] and step.title == options[0].title
    assert step.competency.code == "МТ.4"


def test_add_and_remove_steps_and_free_text(teacher_with_deficits, world):
    route = draft(teacher_with_deficits)
    count = route.steps.count()
    step = services.step_add(
        route=route, title="Выступление на педсовете", hours=Decimal(2), by=world.teacher
    )
    assert route.steps.count() == count + 1 and step.activity is None
    services.step_remove(step=step, by=world.teacher)
    assert route.steps.count() == count
    with pytest.raises(services.RouteError):
        services.step_add(route=route, title="  ", by=world.teacher)


def test_approval_then_a_step_done_with_evidence_and_reflection(teacher_with_deficits, world):
    route = draft(teacher_with_deficits)
    step = selectors.steps_of(route).first()
    with pytest.raises(services.RouteError):  # not approved yet
        services.step_mark_done(step=step, evidence_url="https://example.ru/x")
    with pytest.raises(services.RouteError):  # only a submitted route is approved
        services.route_approve(route=route, by=world.methodist)
    services.route_submit(route=route, by=world.teacher)
    services.route_approve(route=route, by=world.methodist, comment="Согласовано")
    route.refresh_from_db()
    assert route.status == Route.Status.APPROVED and route.reviewed_by == world.methodist
    with pytest.raises(services.RouteError):
        services.step_remove(step=step, by=world.teacher)
    with pytest.raises(ValidationError):
        services.step_mark_done(step=step, reflection="без доказательств")
    renamed = SimpleUploadedFile(
        "report.pdf", b"MZ\x90\x00 executable", content_type="application/pdf"
    )
    with pytest.raises(ValidationError):
        services.step_mark_done(step=step, evidence_file=renamed)
    services.step_mark_done(
        step=step,
        evidence_file=SimpleUploadedFile("certificate.pdf", PDF_BYTES),
        reflection="Научилась составлять критерии",
    )
    step.refresh_from_db()
    assert step.status == Step.Status.DONE and step.evidence_file.name.endswith(".pdf")
    assert step.reflection == "Научилась составлять критерии"
    assert selectors.hours_of(route)["done"] == step.hours


def test_route_document_in_the_regional_layout_as_docx_and_pdf(teacher_with_deficits, world):
    from docx import Document
    from pypdf import PdfReader

    route = draft(teacher_with_deficits)
    steps = list(selectors.steps_of(route))
    doc = document.build(route, steps)
    assert len(doc.headers) == 7 and len(doc.rows) == len(steps)
    word = Document(BytesIO(document.to_docx(doc)))
    table = word.tables[0]
    assert len(table.columns) == 8  # № and the seven columns
    assert table.rows[1].cells[1].text.startswith("МТ.4")
    assert steps[0].title in table.rows[1].cells[3].text
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Петрова Елена Викторовна" in text
    pdf = PdfReader(BytesIO(document.to_pdf(doc)))
    pdf_text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Петрова Елена Викторовна" in pdf_text
    assert "МТ.4" in pdf_text


def test_an_organisation_chooses_its_columns(teacher_with_deficits, world):
    services.layout_set(organization=world.school, columns=["deficit", "activity", "hours", "mark"])
    route = draft(teacher_with_deficits)
    doc = document.build(route, list(selectors.steps_of(route)))
    assert len(doc.headers) == 4
    with pytest.raises(services.RouteError):
        services.layout_set(organization=world.school, columns=["nonsense"])
