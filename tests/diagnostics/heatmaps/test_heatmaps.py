"""Heat maps: values computed by hand, their change between campaigns of two framework
versions, filters, the XLSX, and who sees which rows and names."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from metodset.accounts.models import NetworkPartner
from metodset.diagnostics.campaigns import selectors as campaign_selectors
from metodset.diagnostics.campaigns import services as campaign_services
from metodset.diagnostics.frameworks import services as framework_services
from metodset.diagnostics.frameworks.data import (
    AreaData,
    CompetencyData,
    FrameworkData,
    IndicatorData,
)
from metodset.diagnostics.heatmaps import grid as heatmap_grid
from metodset.diagnostics.heatmaps import selectors as heatmap_selectors
from metodset.diagnostics.heatmaps.grid import Filters
from metodset.diagnostics.models import Campaign, Competency, Indicator
from metodset.diagnostics.profiles import services as profile_services
from tests import factories

from ...conftest import client_for

LEVELS = [
    {"value": 0, "label": "не проявляется", "descriptor": ""},
    {"value": 1, "label": "эпизодически", "descriptor": ""},
    {"value": 2, "label": "систематически", "descriptor": ""},
    {"value": 3, "label": "делится опытом", "descriptor": ""},
]


def framework_version(*, extra: bool = False):
    """«Малая рамка»: МТ.1 and МТ.2 (area МТ), ЦФ.1 (area ЦФ), one indicator each, threshold
    2. A second import is version 2 with new ids; ``extra`` adds ЦФ.2, new in that version."""
    digital = [
        CompetencyData(
            code="ЦФ.1",
            title="Цифровые ресурсы",
            indicators=[IndicatorData("ЦФ.1.1", "Подбирает ЦОР")],
        )
    ]
    if extra:
        digital.append(
            CompetencyData(
                code="ЦФ.2",
                title="Безопасность в сети",
                indicators=[IndicatorData("ЦФ.2.1", "Учит правилам")],
            )
        )
    data = FrameworkData(
        slug="small-heat",
        title="Малая рамка",
        description="",
        threshold=Decimal(2),
        levels=LEVELS,
        areas=[
            AreaData(code="МТ", title="Методические", competencies=[
                CompetencyData(code="МТ.1", title="Проектирует урок",
                               indicators=[IndicatorData("МТ.1.1", "Ставит цели")]),
                CompetencyData(code="МТ.2", title="Оценивает результаты",
                               indicators=[IndicatorData("МТ.2.1", "Даёт обратную связь")]),
            ]),
            AreaData(code="ЦФ", title="Цифровые", competencies=digital),
        ],
    )  # fmt: skip
    return framework_services.framework_import(data=data)


def indicator(framework, code: str) -> int:
    return Indicator.objects.get(framework=framework, code=code).pk


def competency(framework, code: str) -> int:
    return Competency.objects.get(framework=framework, code=code).pk


# Levels of МТ.1 and МТ.2 by person, autumn then spring (ЦФ.1 is never scored: empty cells).
AUTUMN = {"teacher": (1, 2), "colleague": (2, 3), "third": (0, 2), "kg_teacher": (1, 1),
          "kg_second": (3, 2)}  # fmt: skip
SPRING = {"teacher": (2, 3), "colleague": (3, 3), "third": (1, 2), "kg_teacher": (2, 1),
          "kg_second": (3, 3)}  # fmt: skip


class Maps:
    """Two campaigns of the network «Учитель в цифровой образовательной среде»: autumn on
    version 1 of the framework, spring on version 2; three teachers at the school, two at
    the kindergarten."""

    def __init__(self, world) -> None:
        self.world = world
        self.v1 = framework_version()
        self.v2 = framework_version(extra=True)
        world.teacher.position, world.teacher.experience_years = "учитель начальных классов", 2
        world.colleague.position, world.colleague.experience_years = "учитель математики", 15
        world.teacher.save()
        world.colleague.save()
        world.kg_teacher.position = "воспитатель"
        world.kg_teacher.experience_years = 5
        world.kg_teacher.save()
        self.people = {
            "teacher": world.teacher,
            "colleague": world.colleague,
            "third": factories.person(
                organization_=world.school,
                last_name="Новикова",
                first_name="Дарья",
                position="учитель начальных классов",
                experience_years=25,
            ),
            "kg_teacher": world.kg_teacher,
            "kg_second": factories.person(
                organization_=world.kindergarten,
                last_name="Орлова",
                first_name="Вера",
                position="воспитатель",
                experience_years=12,
            ),
        }
        self.autumn = self.campaign("Осенняя диагностика", self.v1, dt.date(2025, 9, 15), AUTUMN)
        self.spring = self.campaign("Весенняя диагностика", self.v2, dt.date(2026, 3, 16), SPRING)

    def campaign(self, title, framework, starts_on, levels) -> Campaign:
        campaign = Campaign.objects.create(
            title=title,
            framework=framework,
            network=self.world.network,
            starts_on=starts_on,
            ends_on=starts_on + dt.timedelta(days=14),
            status=Campaign.Status.CLOSED,
        )
        campaign_services.participants_add(
            campaign=campaign, people=campaign_selectors.default_people(campaign)
        )
        first, second = indicator(framework, "МТ.1.1"), indicator(framework, "МТ.2.1")
        for key, (a, b) in levels.items():
            participant = campaign.participants.get(user=self.people[key])
            profile_services.scores_record(
                participant=participant, source="self", values={first: a, second: b}
            )
        return campaign

    def url(self, of=None, org=None, **query) -> str:
        campaign = of or self.spring
        if org is None:
            url = reverse("diagnostics:heatmap", args=[campaign.pk])
        else:
            url = reverse("diagnostics:heatmap_org", args=[campaign.pk, org.pk])
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        return url


@pytest.fixture
def maps(world) -> Maps:
    return Maps(world)


def named_coordinator(world):
    world.coordinator.user_permissions.add(
        Permission.objects.get(codename="view_named_results", content_type__app_label="diagnostics")
    )
    return world.coordinator


def cells(heatmap, row, code):
    column = next(c for c in heatmap.columns if c.code == code)
    return row.cells.get(column.competency_id)


# --- the values, by hand ------------------------------------------------------------------


def test_network_map_means_and_deficit_shares_match_the_hand_computation(maps, world):
    heatmap = heatmap_selectors.network_map(campaign=maps.spring)
    assert [c.code for c in heatmap.columns] == ["МТ.1", "МТ.2", "ЦФ.1", "ЦФ.2"]
    assert [(a.title, a.span) for a in heatmap.areas] == [("Методические", 2), ("Цифровые", 2)]
    assert [r.label for r in heatmap.rows] == sorted(
        [world.school.short_name, world.kindergarten.short_name], key=str.casefold
    )
    school = next(r for r in heatmap.rows if r.key == world.school.pk)
    kg = next(r for r in heatmap.rows if r.key == world.kindergarten.pk)
    # School, МТ.1: levels 2, 3, 1 → mean 2.0; one of three below the threshold 2.
    assert cells(heatmap, school, "МТ.1").mean == pytest.approx(2.0)
    assert cells(heatmap, school, "МТ.1").share == pytest.approx(1 / 3)
    # School, МТ.2: 3, 3, 2 → 8/3; nobody below 2.
    assert cells(heatmap, school, "МТ.2").mean == pytest.approx(8 / 3)
    assert cells(heatmap, school, "МТ.2").share == 0
    # Kindergarten, МТ.1: 2, 3 → 2.5, no deficit; МТ.2: 1, 3 → 2.0, one of two.
    assert cells(heatmap, kg, "МТ.1").mean == pytest.approx(2.5)
    assert cells(heatmap, kg, "МТ.2").mean == pytest.approx(2.0)
    assert cells(heatmap, kg, "МТ.2").share == pytest.approx(0.5)
    # Nobody scored ЦФ.1: no cell at all.
    assert cells(heatmap, school, "ЦФ.1") is None
    assert (school.people, kg.people) == (3, 2)
    # Row means: school (2+3+1+3+3+2)/6, kindergarten (2+3+1+3)/4.
    assert school.overall.mean == pytest.approx(14 / 6)
    assert kg.overall.mean == pytest.approx(9 / 4)
    # Total of people, not of organisations: МТ.1 (2+3+1+2+3)/5, МТ.2 (3+3+2+1+3)/5.
    assert cells(heatmap, heatmap.total, "МТ.1").mean == pytest.approx(2.2)
    assert cells(heatmap, heatmap.total, "МТ.1").share == pytest.approx(0.2)
    assert cells(heatmap, heatmap.total, "МТ.2").mean == pytest.approx(2.4)
    assert heatmap.total.people == 5


def test_dynamics_compare_the_means_by_competency_code_across_framework_versions(maps, world):
    assert maps.autumn.framework_id != maps.spring.framework_id
    heatmap = heatmap_selectors.network_map(campaign=maps.spring, compare=maps.autumn)
    school = next(r for r in heatmap.rows if r.key == world.school.pk)
    kg = next(r for r in heatmap.rows if r.key == world.kindergarten.pk)
    # School МТ.1: autumn (1+2+0)/3 = 1.0, spring 2.0 → +1.0; МТ.2: 7/3 → 8/3: +0.33.
    assert cells(heatmap, school, "МТ.1").before_mean == pytest.approx(1.0)
    assert cells(heatmap, school, "МТ.1").before_share == pytest.approx(2 / 3)
    assert cells(heatmap, school, "МТ.1").change == 1.0
    assert cells(heatmap, school, "МТ.2").change == 0.33
    # Kindergarten МТ.1: 2.0 → 2.5; МТ.2: 1.5 → 2.0.
    assert cells(heatmap, kg, "МТ.1").change == 0.5
    assert cells(heatmap, kg, "МТ.2").change == 0.5
    # Total МТ.1: 7/5 = 1.4 → 2.2; МТ.2: 10/5 = 2.0 → 2.4.
    assert cells(heatmap, heatmap.total, "МТ.1").change == 0.8
    assert cells(heatmap, heatmap.total, "МТ.2").change == 0.4
    # ЦФ.2 is new in version 2: nothing to compare.
    assert cells(heatmap, school, "ЦФ.2") is None


def test_the_page_shows_the_hand_computed_cells_with_a_decimal_comma(maps, world):
    response = client_for(world.superuser).get(maps.url())
    assert response.status_code == 200
    html = response.content.decode()
    school_url = maps.url(org=world.school)
    assert f'href="{school_url}"' in html
    row = html[html.index(school_url) :]
    row = row[: row.index("</tr>")]
    assert ">2,0</td>" in row  # МТ.1
    assert ">2,7</td>" in row  # МТ.2: 8/3
    title = _(
        "%(competency)s: mean level %(mean)s; with a deficit %(deficits)s of %(count)s "
        "(%(percent)s)"
    ) % {
        "competency": "МТ.1 Проектирует урок",
        "mean": "2,0",
        "deficits": 1,
        "count": 3,
        "percent": _("%(percent)s%%") % {"percent": 33},
    }
    assert f'title="{escape(title)}"' in row
    total = html[html.index('data-testid="heatmap-total"') :]
    assert ">2,2</td>" in total and ">2,4</td>" in total


def test_the_dynamics_page_shows_arrows(maps, world):
    response = client_for(world.superuser).get(maps.url(compare=maps.autumn.pk))
    assert response.status_code == 200
    html = response.content.decode()
    row = html[html.index(maps.url(org=world.school)) :]
    row = row[: row.index("</tr>")]
    assert "▲ 1,0" in row and "▲ 0,3" in row
    total = html[html.index('data-testid="heatmap-total"') :]
    assert "▲ 0,8" in total and "▲ 0,4" in total
    # The organisation's link keeps the comparison.
    assert f"{maps.url(org=world.school)}?compare={maps.autumn.pk}" in html


def test_a_teacher_row_compares_the_teacher_with_themselves(maps, world):
    heatmap = heatmap_selectors.organization_map(
        campaign=maps.spring, organization=world.school, compare=maps.autumn
    )
    by_name = {row.label: row for row in heatmap.rows}
    assert list(by_name) == [
        "Новикова Дарья Петровна",
        "Петрова Елена Викторовна",
        "Соколов Игорь Андреевич",
    ]
    petrova = by_name["Петрова Елена Викторовна"]
    assert cells(heatmap, petrova, "МТ.1").mean == 2
    assert cells(heatmap, petrova, "МТ.1").share == 0
    assert cells(heatmap, petrova, "МТ.1").change == 1.0  # 1 → 2
    assert cells(heatmap, by_name["Соколов Игорь Андреевич"], "МТ.2").change == 0.0  # 3 → 3
    assert cells(heatmap, by_name["Новикова Дарья Петровна"], "МТ.1").share == 1  # level 1
    # The organisation's total is the school row of the network map.
    assert cells(heatmap, heatmap.total, "МТ.1").mean == pytest.approx(2.0)
    assert cells(heatmap, heatmap.total, "МТ.1").change == 1.0


def test_a_new_score_shows_at_once_although_the_map_is_cached(maps, world):
    client = client_for(world.superuser)
    before = heatmap_selectors.network_map(campaign=maps.spring)
    school = next(r for r in before.rows if r.key == world.school.pk)
    assert cells(before, school, "МТ.1").mean == pytest.approx(2.0)
    assert client.get(maps.url()).status_code == 200  # cached now
    participant = maps.spring.participants.get(user=world.colleague)
    profile_services.scores_record(
        participant=participant, source="self", values={indicator(maps.v2, "МТ.1.1"): 0}
    )
    after = heatmap_selectors.network_map(campaign=maps.spring)
    school = next(r for r in after.rows if r.key == world.school.pk)
    assert cells(after, school, "МТ.1").mean == pytest.approx(1.0)  # 2, 0, 1
    row = client.get(maps.url()).content.decode()
    row = row[row.index(maps.url(org=world.school)) :]
    assert ">1,0</td>" in row[: row.index("</tr>")]


# --- filters ------------------------------------------------------------------------------


def test_filters_by_kind_position_and_experience(maps, world):
    only_kg = heatmap_selectors.network_map(
        campaign=maps.spring, filters=Filters(kind="kindergarten")
    )
    assert [r.key for r in only_kg.rows] == [world.kindergarten.pk]

    primary = heatmap_selectors.network_map(
        campaign=maps.spring, filters=Filters(position="учитель начальных классов")
    )
    (school,) = primary.rows
    # Петрова 2 and Новикова 1 → 1.5, one of two below the threshold.
    assert cells(primary, school, "МТ.1").mean == pytest.approx(1.5)
    assert cells(primary, school, "МТ.1").share == pytest.approx(0.5)

    # 10 to 20 years: Соколов (15) and Орлова (12), both at level 3 in МТ.1.
    middle = heatmap_selectors.network_map(
        campaign=maps.spring, filters=Filters(experience="10-20"), compare=maps.autumn
    )
    assert {r.key: cells(middle, r, "МТ.1").mean for r in middle.rows} == {
        world.school.pk: 3,
        world.kindergarten.pk: 3,
    }
    # The comparison is filtered the same way: Соколов 2 → 3, Орлова 3 → 3.
    assert cells(middle, middle.total, "МТ.1").change == 0.5


def test_filters_travel_in_the_form_the_row_links_and_the_xlsx_link(maps, world):
    client = client_for(world.superuser)
    response = client.get(maps.url(experience="10-20", order="level", compare=maps.autumn.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="10-20" selected>' in html
    assert "experience=10-20" in html.split('data-testid="heatmap-xlsx"')[0].rsplit("href=", 1)[1]
    assert f"{maps.url(org=world.school)}?experience=10-20&amp;order=level&amp;compare=" in html
    xlsx = client.get(maps.url(experience="10-20", format="xlsx"))
    book = load_workbook(BytesIO(xlsx.content))
    settings = {row[0]: row[1] for row in book[_("Settings")].iter_rows(values_only=True)}
    assert settings[_("Experience")] == str(heatmap_grid.EXPERIENCE_LABELS["10-20"])


def test_bad_filter_is_named_next_to_its_field_and_the_rest_stays(maps, world):
    response = client_for(world.superuser).get(maps.url(position="космонавт", experience="10-20"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "invalid-feedback" in html
    assert '<option value="10-20" selected>' in html
    assert 'data-testid="heatmap"' in html  # the map is still there, with the valid filter


def test_choosing_another_campaign_opens_its_map_with_the_same_filters(maps, world):
    response = client_for(world.superuser).get(
        maps.url(campaign=maps.autumn.pk, experience="10-20")
    )
    assert response.status_code == 302
    assert response.url == maps.url(maps.autumn) + "?experience=10-20"


def test_an_empty_map_says_why(maps, world):
    response = client_for(world.superuser).get(maps.url(position="воспитатель", kind="school"))
    assert response.status_code == 200
    assert 'data-testid="heatmap-empty"' in response.content.decode()


# --- XLSX ---------------------------------------------------------------------------------


def test_xlsx_has_levels_shares_and_changes_of_every_row(maps, world):
    response = client_for(world.superuser).get(maps.url(compare=maps.autumn.pk, format="xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == [_("Mean level"), _("Deficit share, %"), _("Change"), _("Settings")]
    levels = list(book[_("Mean level")].iter_rows(values_only=True))
    assert levels[0][:3] == (_("Organisation"), _("People"), "МТ. Методические")
    assert levels[1][2:7] == (
        "МТ.1 Проектирует урок",
        "МТ.2 Оценивает результаты",
        "ЦФ.1 Цифровые ресурсы",
        "ЦФ.2 Безопасность в сети",
        _("Mean"),
    )
    rows = {row[0]: row for row in levels[2:]}
    school = rows[world.school.short_name]
    assert school[1] == 3
    assert school[2:6] == (2.0, 2.67, None, None)
    assert rows[_("All organisations")][2:4] == (2.2, 2.4)
    shares = {row[0]: row for row in book[_("Deficit share, %")].iter_rows(values_only=True)}
    assert shares[world.school.short_name][2] == 33.3
    changes = {row[0]: row for row in book[_("Change")].iter_rows(values_only=True)}
    assert changes[world.school.short_name][2:4] == (1.0, 0.33)
    assert changes[_("All organisations")][2:4] == (0.8, 0.4)


def test_xlsx_of_an_organisation_names_the_teachers_for_its_methodist(maps, world):
    response = client_for(world.methodist).get(maps.url(org=world.school, format="xlsx"))
    book = load_workbook(BytesIO(response.content))
    rows = list(book[_("Mean level")].iter_rows(values_only=True))
    assert rows[0][:4] == (_("Teacher"), _("Position"), _("Experience, years"), _("People"))
    assert rows[2][:3] == ("Новикова Дарья Петровна", "учитель начальных классов", 25)
    assert rows[2][4:6] == (1, 2)


# --- who sees what ------------------------------------------------------------------------


def test_outsiders_and_teachers_get_404_on_every_map(maps, world):
    pages = [
        maps.url(),
        maps.url(compare=maps.autumn.pk),
        maps.url(format="xlsx"),
        maps.url(org=world.school),
        maps.url(org=world.school, format="xlsx"),
        maps.url(org=world.kindergarten),
    ]
    for user in (world.outsider, world.teacher, world.colleague, world.kg_teacher):
        client = client_for(user)
        for url in pages:
            assert client.get(url).status_code == 404, (user, url)
    assert client_for(world.superuser).get(maps.url(org=world.outside_org)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(maps, world):
    from django.test import Client

    response = Client().get(maps.url(org=world.school))
    assert response.status_code == 302
    assert "/login/" in response.url


def test_a_methodist_sees_their_organisation_by_name_and_no_other(maps, world):
    client = client_for(world.methodist)
    network = client.get(maps.url()).content.decode()
    assert world.school.short_name in network
    assert world.kindergarten.short_name not in network
    assert client.get(maps.url(org=world.kindergarten)).status_code == 404
    response = client.get(maps.url(org=world.school))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Петрова Елена Викторовна" in html
    participant = maps.spring.participants.get(user=world.teacher)
    assert reverse("diagnostics:profile", args=[participant.pk]) in html


def test_a_coordinator_without_the_permission_sees_numbered_rows_and_no_small_groups(maps, world):
    client = client_for(world.coordinator)
    network = client.get(maps.url()).content.decode()
    # The kindergarten has two people: hidden, and left out of the total.
    assert 'data-testid="hidden-note"' in network
    total = network[network.index('data-testid="heatmap-total"') :]
    assert ">2,0</td>" in total  # МТ.1 of the school alone
    assert maps.url(org=world.kindergarten) not in network

    response = client.get(maps.url(org=world.school, compare=maps.autumn.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="anonymised"' in html
    for name in ("Петрова", "Соколов", "Новикова"):
        assert name not in html
    table = html[html.index('data-testid="heatmap"') :]
    assert "учитель начальных классов" not in table  # positions only in the filter
    assert "/diagnostics/profile/" not in table
    # Numbered from the lowest overall level: Новикова (1+2)/2, Петрова (2+3)/2, Соколов 3.
    heatmap = heatmap_selectors.organization_map(
        campaign=maps.spring, organization=world.school, named=False
    )
    numbered = [_("Teacher %(number)s") % {"number": n} for n in (1, 2, 3)]
    assert [(r.label, r.overall.mean) for r in heatmap.rows] == list(
        zip(numbered, [1.5, 2.5, 3.0], strict=True)
    )
    assert all(f">{label}</th>" in html or f">{label}<" in html for label in numbered)
    xlsx = client.get(maps.url(org=world.school, format="xlsx"))
    sheet = load_workbook(BytesIO(xlsx.content))[_("Mean level")]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == (_("Teacher"), _("People"))
    assert [r[0] for r in rows[2:]] == [*numbered, _("Whole organisation")]

    small = client.get(maps.url(org=world.kindergarten)).content.decode()
    assert "Орлова" not in small
    assert numbered[0] not in small
    assert 'data-testid="hidden-note"' in small and 'data-testid="heatmap"' not in small
    # The council sees what the coordinator sees.
    council = client_for(world.council).get(maps.url(org=world.school)).content.decode()
    assert numbered[0] in council and "Петрова" not in council


def test_the_permission_to_see_names_shows_names_and_small_groups(maps, world):
    client = client_for(named_coordinator(world))
    network = client.get(maps.url()).content.decode()
    assert 'data-testid="hidden-note"' not in network
    assert maps.url(org=world.kindergarten) in network
    html = client.get(maps.url(org=world.kindergarten)).content.decode()
    assert "Орлова Вера Петровна" in html
    participant = maps.spring.participants.get(user=world.kg_teacher)
    assert reverse("diagnostics:profile", args=[participant.pk]) in html


def test_an_organisations_own_campaign_is_its_staffs_only(maps, world):
    own = Campaign.objects.create(
        title="Диагностика школы",
        framework=maps.v2,
        organization=world.school,
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 4, 20),
    )
    campaign_services.participants_add(campaign=own, people=campaign_selectors.default_people(own))
    participant = own.participants.get(user=world.teacher)
    profile_services.scores_record(
        participant=participant, source="self", values={indicator(maps.v2, "МТ.1.1"): 1}
    )
    url = reverse("diagnostics:heatmap", args=[own.pk])
    response = client_for(world.manager).get(url)
    assert response.status_code == 200
    assert "Петрова Елена Викторовна" in response.content.decode()
    for user in (world.coordinator, named_coordinator(world), world.teacher, world.outsider):
        assert client_for(user).get(url).status_code == 404
    other = reverse("diagnostics:heatmap_org", args=[own.pk, world.kindergarten.pk])
    assert client_for(world.superuser).get(other).status_code == 404
    # It can be compared with the network's spring campaign the school took part in.
    response = client_for(world.manager).get(url + f"?compare={maps.spring.pk}")
    assert response.status_code == 200
    heatmap = heatmap_selectors.organization_map(
        campaign=own, organization=world.school, compare=maps.spring
    )
    (petrova,) = heatmap.rows
    assert cells(heatmap, petrova, "МТ.1").change == -1.0  # 2 in spring, 1 now


# --- queries ------------------------------------------------------------------------------


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_organisations_or_teachers(maps, world):
    client = client_for(named_coordinator(world))
    pages = [
        maps.url(compare=maps.autumn.pk, experience="10-20"),
        maps.url(org=world.school, compare=maps.autumn.pk),
    ]
    before = [_queries(client, url) for url in pages]
    more_people = []
    for n in range(3):
        org = factories.organization(short_name=f"МБОУ «Лицей № {n}»")
        NetworkPartner.objects.create(network=world.network, organization=org)
        more_people += [factories.person(organization_=org, experience_years=11) for _ in range(3)]
    more_people += [factories.person(organization_=world.school, experience_years=11)]
    campaign_services.participants_add(campaign=maps.spring, people=more_people)
    first = indicator(maps.v2, "МТ.1.1")
    for participant in maps.spring.participants.filter(user__in=more_people):
        profile_services.scores_record(participant=participant, source="self", values={first: 2})
    assert [_queries(client, url) for url in pages] == before


# --- colours --------------------------------------------------------------------------------


def test_colours_run_from_red_to_orange_below_the_threshold_and_yellow_to_green_above():
    assert heatmap_grid.level_colour(0, threshold=2, max_level=3) == "hsl(0 75% 72%)"
    assert heatmap_grid.level_colour(1.9, threshold=2, max_level=3) == "hsl(27 75% 80%)"
    assert heatmap_grid.level_colour(2, threshold=2, max_level=3) == "hsl(52 65% 82%)"
    assert heatmap_grid.level_colour(3, threshold=2, max_level=3) == "hsl(125 65% 78%)"
    assert heatmap_grid.change_colour(1, max_level=3) == "hsl(125 65% 72%)"
    assert heatmap_grid.change_colour(-0.5, max_level=3).startswith("hsl(0")


# --- the bench's data -------------------------------------------------------------------------


def test_the_bench_folds_scores_by_the_scoring_rule_and_its_pages_answer(db):
    from metodset.bench import diagnostics as bench_diagnostics
    from metodset.bench import generate
    from metodset.diagnostics.models import CompetencyScore, Participant

    names = generate.NameSource()
    bench = generate.region_start(names=names)
    generate.region_grow(bench=bench, names=names, organizations=3, per_organization=4)
    made, generated = bench_diagnostics.diagnostics_generate(bench=bench)
    assert generated["indicator_scores"] == generated["participants"] * 60 * 2
    assert generated["competencies"] == 21

    # The bulk fold gives what the real service gives, person by person.
    folded = {
        (s.participant_id, s.competency_id): (s.level, s.deficit, s.sources)
        for s in CompetencyScore.objects.filter(campaign=made.spring)
    }
    assert len(folded) >= generated["participants"] * 20
    for participant in Participant.objects.filter(campaign=made.spring).select_related(
        "campaign__framework"
    ):
        refolded = profile_services.participant_refold(participant=participant)
        assert {
            (s.participant_id, s.competency_id): (s.level, s.deficit, s.sources) for s in refolded
        } == {key: value for key, value in folded.items() if key[0] == participant.pk}

    for name, url, viewer in bench_diagnostics.page_urls(bench, made)[1:]:
        assert client_for(viewer).get(url).status_code == 200, name
