"""The communities pages at the size of a region: the methodical plan against deficits and a
community of an organisation, with two diagnostics campaigns of everybody behind them.

Decision: the region grows, the community and the plan do not. At the small size (150
organisations, 3,000 people) the whole region is assessed in the two campaigns of
``bench/diagnostics.py``; in the organisation whose heat map that section times, its methodist
writes a methodical plan of 30 topics and founds a ПОС of fifteen of its people, with tactics
and a lesson-study cycle whose first round is under observation — all through the communities
app's services. The pages are measured. The region then grows to 1,500 organisations (30,000
people), ``diagnostics_generate(made=…)`` assesses the 27,000 newcomers in the *same* two
campaigns (same framework versions, same organisation strengths and competency difficulties)
and folds both campaigns again, and the same pages are measured again. So both sizes have two
campaigns covering everyone, and what changes between them is only the region around the
organisation: the plan-vs-deficits table reads the organisation's scores among 630,000 of each
campaign instead of 63,000. The query counts must be the same at both sizes.

The full run (``runner._measure``) does this inside its own region as it grows, and hands the
campaigns to the diagnostics section, which then times its heat maps without generating again
(its generation figures are the sum of the two calls); ``metodset bench --only communities``
does it in a region of its own.
"""

from __future__ import annotations

import time
import traceback
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from metodset.accounts.models import Membership, User
from metodset.communities.models import Community, Cycle, MethodicalPlan
from metodset.communities.services import community as community_services
from metodset.communities.services import lessons as lesson_services
from metodset.communities.services import members as member_services
from metodset.communities.services import observation as observation_services
from metodset.communities.services import plans as plan_services
from metodset.diagnostics.models import Competency, Participant

from . import diagnostics as bench_diagnostics
from .generate import BenchRegion

TOPICS = 30
UNBACKED_TOPICS = 5  # topics tagged with no competency: they address no measured deficit
COVERED_COMPETENCIES = 15  # of 21: the other six, deficits or not, no topic addresses
MEMBERS = 15  # with the methodist who chairs
PLAN_YEAR = 2025  # the school year of the campaigns (autumn 2025, spring 2026)

PAGE_TITLES = {
    "trivial": "trivial view",
    "plan_match": "plan vs deficits, methodist",
    "plan_match_coordinator": "  the same, coordinator",
    "plan": "methodical plan",
    "plan_docx": "methodical plan DOCX",
    "community": "community page",
    "community_analysis": "community's analysis",
    "cycle": "lesson-study cycle",
}

MeasurePages = Callable[[BenchRegion, int, int, list[tuple[str, str, User]]], list[dict[str, Any]]]


class CommunitiesRun:
    """What the section keeps from one size to the next."""

    def __init__(self) -> None:
        self.made: bench_diagnostics.Campaigns | None = None
        self.plan: MethodicalPlan | None = None
        self.community: Community | None = None
        self.cycle: Cycle | None = None
        self.diagnostics: dict[str, Any] = {}  # the generation figures, summed over the calls
        self.pages: list[dict[str, Any]] = []
        self.sizes: list[dict[str, Any]] = []
        self.error = ""


def communities_measure(
    *, run: CommunitiesRun, bench: BenchRegion, requests: int, measure_pages: MeasurePages
) -> None:
    """Assess whoever is not yet assessed, make the plan and the community the first time, and
    measure the pages at the region's present size. A failure is kept as the section's result
    (its traceback printed), and the section stops there."""
    if run.error:
        return
    try:
        _measure(run, bench, requests, measure_pages)
    except Exception as exc:  # noqa: BLE001 - a failure is a result to report
        traceback.print_exc()
        run.error = f"{type(exc).__name__}: {exc}"


def _measure(
    run: CommunitiesRun, bench: BenchRegion, requests: int, measure_pages: MeasurePages
) -> None:
    print(f"  assessing the newcomers of {bench.organizations} organisations twice…", flush=True)
    clock = time.perf_counter()
    run.made, generated = bench_diagnostics.diagnostics_generate(bench=bench, made=run.made)
    _add_up(run.diagnostics, generated)
    run.diagnostics["organizations"] = (  # of everybody assessed, not only of the newcomers
        Participant.objects.filter(campaign=run.made.spring)
        .values("organization_id")
        .distinct()
        .count()
    )
    assessed = time.perf_counter() - clock
    if run.plan is None:
        _make(run)
    cache.clear()  # nothing cached at the smaller size serves the larger one
    print("  measuring the communities pages…", flush=True)
    rows = measure_pages(bench, bench.organizations, requests, page_urls(bench, run))
    run.pages += rows
    run.sizes.append(
        {
            "organizations": bench.organizations,
            "people": bench.people,
            "assessed": generated["participants"],
            "competency_scores": generated["competency_scores"],
            "assessment_seconds": round(assessed, 1),
        }
    )


def _add_up(total: dict[str, Any], generated: dict[str, Any]) -> None:
    for key, value in generated.items():
        if key == "seconds":
            seconds = total.setdefault("seconds", {})
            for part, spent in value.items():
                seconds[part] = round(seconds.get(part, 0) + spent, 2)
        elif key in {"participants", "indicator_scores"}:
            total[key] = total.get(key, 0) + value
        elif key == "competency_scores":  # every call folds the campaigns again, whole
            total[key] = value
        else:
            total[key] = value


def _make(run: CommunitiesRun) -> None:
    """The plan, the community, its tactics and a cycle whose first round is observed."""
    assert run.made is not None
    organization, methodist = run.made.organization, run.made.methodist
    competencies = list(
        Competency.objects.filter(framework=run.made.spring.framework).order_by(
            "area__order", "order", "pk"
        )
    )[:COVERED_COMPETENCIES]
    plan = plan_services.plan_create(
        organization=organization,
        year=PLAN_YEAR,
        title="План методической работы на 2025/2026 учебный год",
        by=methodist,
    )
    months = (9, 10, 11, 12, 1, 2, 3, 4, 5)
    for n in range(TOPICS):
        tagged = n < TOPICS - UNBACKED_TOPICS
        tags = (
            [competencies[n % len(competencies)], competencies[(n * 7 + 3) % len(competencies)]]
            if tagged
            else []
        )
        plan_services.topic_add(
            plan=plan,
            month=months[n % len(months)],
            title=(
                f"Семинар-практикум № {n + 1}: {tags[0].title}"
                if tagged
                else f"Методический совет № {n - TOPICS + UNBACKED_TOPICS + 1}"
            ),
            form="семинар-практикум" if tagged else "методический совет",
            responsible="старший воспитатель",
            competencies=tags,
            by=methodist,
        )
    community = community_services.community_create(
        name="ПОС «Продуктивное чтение»",
        kind=Community.Kind.PLC,
        organization=organization,
        direction="Развитие читательской грамотности",
        educational_areas="Речевое развитие; познавательное развитие",
        by=methodist,
    )
    community_services.community_goal_update(
        community=community,
        goal="Дети понимают прочитанное и вдумчиво слушают",
        goal_measure="доля детей с высоким уровнем понимания текста — не менее 60 %",
        strategy_note="технология продуктивного чтения-слушания",
        by=methodist,
    )
    colleagues = list(
        User.objects.filter(
            memberships__organization=organization, memberships__role=Membership.Role.TEACHER
        )
        .exclude(pk=methodist.pk)
        .order_by("pk")[: MEMBERS - 1]
    )
    for colleague in colleagues:
        member_services.member_add(community=community, user=colleague, by=methodist)
    today = timezone.localdate()
    for n, action in enumerate(
        (
            "Освоить приёмы продуктивного чтения на методическом четверге",
            "Провести открытые занятия по технологии продуктивного чтения",
            "Подобрать картотеку текстов для слушания по возрастам",
            "Провести учебную прогулку в детский сад — партнёр сети",
        )
    ):
        community_services.tactic_add(
            community=community,
            action=action,
            resources="методический кабинет, библиотека детского сада",
            responsible=[methodist, *colleagues[n : n + 1]],
            starts_on=today + timedelta(days=7 * n),
            due_on=today + timedelta(days=7 * n + 30),
            by=methodist,
        )
    run.plan, run.community = plan, community
    run.cycle = _cycle(community, methodist, colleagues)


def _cycle(community: Community, methodist: User, colleagues: list[User]) -> Cycle:
    cycle = lesson_services.cycle_create(
        community=community,
        title="Понимание прочитанного: пересказ по опорным картинкам",
        group="старшая группа",
        goal="Дети пересказывают текст по опорным картинкам",
        by=methodist,
    )
    stages = [
        lesson_services.StageInput(title=title, minutes=minutes, activities=title, expected="")
        for title, minutes in (
            ("Мотивация", 3),
            ("Слушание текста", 7),
            ("Беседа по тексту", 7),
            ("Пересказ по картинкам", 10),
            ("Рефлексия", 3),
        )
    ]
    version = lesson_services.map_save(cycle=cycle, base_number=1, stages=stages, by=methodist)
    children = [
        lesson_services.case_child_add(cycle=cycle, code=code, by=methodist)
        for code in ("Р-1", "Р-2", "Р-3")
    ]
    stage_rows = list(version.stages.order_by("order", "pk"))
    lesson_services.predictions_save(
        cycle=cycle,
        texts={
            (child.pk, stage.pk): f"Предсказание: {child.code}, {stage.title.lower()}"
            for child in children
            for stage in stage_rows
        },
        by=methodist,
    )
    teacher = colleagues[0] if colleagues else methodist
    lesson = lesson_services.lesson_schedule(
        cycle=cycle, teacher=teacher, starts_at=timezone.now(), by=methodist
    )
    lesson = lesson_services.lesson_start(lesson=lesson, by=methodist)
    observers = [methodist, *colleagues[1:3]]
    for observer in observers:
        for child in children:
            for minute, stage in enumerate(stage_rows):
                observation_services.entry_add(
                    lesson=lesson,
                    case_child=child,
                    stage=stage,
                    minute=minute * 5,
                    text=f"{child.code}: отвечает на вопрос, смотрит на картинку",
                    client_key=uuid.uuid4(),
                    by=observer,
                )
    return cycle


def page_urls(bench: BenchRegion, run: CommunitiesRun) -> list[tuple[str, str, User]]:
    """(name, url, viewer) of the timed pages; the trivial view first, as the runner wants."""
    assert run.made and run.plan and run.community and run.cycle
    methodist = run.made.methodist
    plan = f"/communities/plans/{run.plan.pk}/"
    community = f"/communities/{run.community.pk}/"
    return [
        ("trivial", "/bench/trivial/", methodist),
        ("plan_match", f"{plan}match/", methodist),
        ("plan_match_coordinator", f"{plan}match/", bench.coordinator),
        ("plan", plan, methodist),
        ("plan_docx", f"{plan}plan.docx", methodist),
        ("community", community, methodist),
        ("community_analysis", f"{community}analysis/", methodist),
        ("cycle", f"/communities/cycles/{run.cycle.pk}/", methodist),
    ]


def results(run: CommunitiesRun, counts_constant: dict[str, bool]) -> dict[str, Any]:
    if run.error:
        return {"error": run.error, "pages": run.pages}
    return {
        "plan_topics": TOPICS,
        "members": run.community.members.count() if run.community else 0,
        "diagnostics": run.diagnostics,
        "sizes": run.sizes,
        "pages": run.pages,
        "query_counts_constant": counts_constant,
    }


def communities_ok(result: dict[str, Any]) -> bool:
    return (
        "error" not in result
        and bool(result["pages"])
        and all(p["status"] == 200 for p in result["pages"])
        and all(result["query_counts_constant"].values())
    )


def report_lines(result: dict[str, Any]) -> list[str]:
    lines = [""]
    if "error" in result:
        return [*lines, f"Communities: FAILED: {result['error']}"]
    sizes = ", ".join(
        f"{size['organizations']:,} organisations ({size['people']:,} people)"
        for size in result["sizes"]
    )
    lines += [
        f"Communities: a plan of {result['plan_topics']} topics against the deficits of two "
        f"campaigns of everybody, and a ПОС of {result['members']} with a lesson-study cycle, "
        f"in a region of {sizes}",
        f"{'page':<30}{'orgs':>7}{'median ms':>11}{'p95 ms':>9}{'× trivial':>11}{'queries':>9}",
    ]
    for row in result["pages"]:
        title = PAGE_TITLES.get(row["page"], row["page"])
        if row["status"] != 200:
            title = f"{title} [HTTP {row['status']}]"
        lines.append(
            f"{title:<30}{row['organizations']:>7,}{row['median_ms']:>11.2f}"
            f"{row['p95_ms']:>9.2f}{row['ratio_to_trivial'] or 0:>11.1f}{row['queries']:>9}"
        )
    grows = [page for page, same in result["query_counts_constant"].items() if not same]
    lines.append(
        "  query counts the same at both sizes"
        if not grows
        else f"  query counts GROW with the data: {', '.join(grows)}"
    )
    return lines
