"""Run the benchmarks in a throwaway database and report them as JSON and as a table.

The database is created beside the real one (``var/bench/bench.sqlite3``, or ``<name>_bench``
on PostgreSQL) with Django's test-database machinery, migrated, and dropped at the end, so the
real data are never touched. Page times are measured through Django's test ``Client`` (the
whole middleware stack, no network) and divided by a trivial view's time measured in the same
run, which makes the figures comparable across machines.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from metodset.accounts.models import Organization, User
from metodset.events.models import Event, Registration
from metodset.surveys.models import Response

from . import certificates as bench_certificates
from . import communities as bench_communities
from . import diagnostics as bench_diagnostics
from . import events as bench_events
from . import expertise as bench_expertise
from . import expertise_database as bench_expertise_database
from . import generate
from . import routes as bench_routes
from .report import REPORT_COUNTS, report_table
from .surveys import survey_results_start
from .teaming import teaming_bench, teaming_bench_quick


@dataclass(frozen=True)
class Sizes:
    small: int  # organisations at the first measurement
    large: int  # organisations at the second: a region of realistic size
    per_organization: int  # people in each
    registrations_per_event: int
    responses_per_organization: int  # 20: 30,000 responses of one questionnaire at 1,500
    import_rows: int
    requests: int  # timed requests per page


FULL = Sizes(
    small=150,
    large=1500,
    per_organization=20,
    registrations_per_event=20,
    responses_per_organization=20,
    import_rows=30_000,
    requests=30,
)
QUICK = Sizes(
    small=3,
    large=12,
    per_organization=4,
    registrations_per_event=3,
    responses_per_organization=5,
    import_rows=40,
    requests=3,
)
TRIVIAL_REPEAT = 5

SETTINGS = {
    "ROOT_URLCONF": "metodset.bench.urls",
    "DEBUG": False,
    "ALLOWED_HOSTS": ["testserver"],
    "SECURE_SSL_REDIRECT": False,
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    # Queued work stays in the throwaway database instead of reaching a live Redis queue.
    "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}},
}
# Sections that run alone with ``metodset bench --only NAME``, in a region just big enough.
SECTIONS = ("certificates", "routes", "diagnostics", "communities", "expertise")


def run(*, quick: bool = False, output: Path | str | None = None, only: str | None = None) -> int:
    if only is not None and only not in SECTIONS:
        raise ValueError(f"unknown section {only!r}; sections: {', '.join(SECTIONS)}")
    sizes = QUICK if quick else FULL
    work_dir = Path(settings.VAR_DIR) / "bench"
    if only:  # a section alone is for trying things out: its results stay in var/
        default = work_dir / f"{only}{'-quick' if quick else ''}.json"
    else:
        default = (
            Path(settings.BASE_DIR)
            / "bench"
            / "results"
            / ("quick.json" if quick else "latest.json")
        )
    target = Path(output or os.environ.get("METODSET_BENCH_OUTPUT") or default)
    work_dir.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    with _throwaway_database(work_dir) as database, override_settings(**SETTINGS):
        results: dict[str, Any] = {
            "benchmark": "metodset",
            "quick": quick,
            **({"only": only} if only else {}),
            "date": started.isoformat(timespec="seconds"),
            "machine": _machine(),
            "software": {
                "python": platform.python_version(),
                "django": django.get_version(),
                "database": database,
            },
            "sizes": {
                "organizations": [sizes.small, sizes.large],
                "people_per_organization": sizes.per_organization,
                "import_rows": sizes.import_rows,
                "requests_per_page": sizes.requests,
            },
        }
        results.update(_measure_section(only, sizes) if only else _measure(sizes, work_dir))
    results["seconds"] = round((datetime.now(UTC) - started).total_seconds(), 1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(report_table(results))
    print(f"\nResults written to {target}")
    return 0 if results["ok"] else 1


@contextmanager
def _throwaway_database(work_dir: Path) -> Iterator[dict[str, str]]:
    """Create, migrate and finally drop a database of our own on the default connection."""
    connection = connections[DEFAULT_DB_ALIAS]
    test_settings = connection.settings_dict.setdefault("TEST", {})
    saved = dict(test_settings)
    if connection.vendor == "sqlite":
        test_settings["NAME"] = str(work_dir / "bench.sqlite3")
    else:
        test_settings["NAME"] = f"{connection.settings_dict['NAME']}_bench"
    print(f"Creating a throwaway {connection.vendor} database {test_settings['NAME']}…", flush=True)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        version = ".".join(str(part) for part in connection.get_database_version())
        yield {"vendor": connection.vendor, "version": version}
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        test_settings.clear()
        test_settings.update(saved)


def _machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor(),
        "cpus": os.cpu_count(),
    }
    if hasattr(os, "getloadavg"):  # a busy machine explains noisy figures
        info["load_average"] = [round(load, 2) for load in os.getloadavg()]
    for path, key, label in (
        ("/proc/cpuinfo", "model name", "processor"),
        ("/proc/meminfo", "MemTotal", "memory"),
    ):
        try:
            with open(path, encoding="utf-8") as lines:
                for line in lines:
                    if line.startswith(key):
                        info[label] = line.split(":", 1)[1].strip()
                        break
        except OSError:
            pass
    return info


# --- measurements ------------------------------------------------------------------------


def _measure(sizes: Sizes, work_dir: Path) -> dict[str, Any]:
    names = generate.NameSource()
    generation_seconds = 0.0
    pages: list[dict[str, Any]] = []
    communities = bench_communities.CommunitiesRun()

    print("Generating the region…", flush=True)
    clock = time.perf_counter()
    bench = generate.region_start(names=names)
    generation_seconds += time.perf_counter() - clock
    for size in (sizes.small, sizes.large):
        clock = time.perf_counter()
        generate.region_grow(
            bench=bench, names=names, organizations=size, per_organization=sizes.per_organization
        )
        events = bench_events.events_grow(
            bench=bench,
            total=round(size * bench_events.EVENTS_PER_ORGANIZATION),
            per_event=sizes.registrations_per_event,
        )
        survey = survey_results_start(
            organization=bench.lead,
            created_by=bench.coordinator,
            responses=size * sizes.responses_per_organization,
        )
        bench.survey_id = survey.pk
        generation_seconds += time.perf_counter() - clock
        print(
            f"  {size} organisations, {bench.people} people, {events} events, a questionnaire "
            f"with {size * sizes.responses_per_organization} responses; measuring pages…",
            flush=True,
        )
        cache.clear()  # nothing cached at the smaller size serves the larger one
        pages += _measure_pages(bench, size, sizes.requests)
        bench_communities.communities_measure(
            run=communities, bench=bench, requests=sizes.requests, measure_pages=_measure_pages
        )

    generation = {
        "organizations": bench.organizations,
        "people": bench.people,
        "events": Event.objects.count(),
        "registrations": Registration.objects.count(),
        "responses": Response.objects.count(),
        "seconds": round(generation_seconds, 2),
        "people_per_second": round(bench.people / generation_seconds)
        if generation_seconds
        else None,
    }
    diagnostics = _measure_diagnostics(bench, sizes, communities)
    plc = bench_communities.results(communities, _query_counts_constant(communities.pages))
    print("Forming teams…", flush=True)
    teams = teaming_bench_quick() if sizes is QUICK else teaming_bench(applicants=2000)
    print(f"Importing {sizes.import_rows} people from XLSX…", flush=True)
    imported = _measure_import(bench, names, sizes.import_rows, work_dir)
    certificates = _measure_certificates(bench, quick=sizes is QUICK)
    routes = _measure_routes(quick=sizes is QUICK)
    expertise = _measure_expertise(quick=sizes is QUICK)
    constant = _query_counts_constant(pages)
    ok = (
        all(p["status"] == 200 for p in pages)
        and "error" not in imported
        and teams["sizes_within_bounds"]
        and _certificates_ok(certificates)
        and routes["ok"]
        and expertise["ok"]
        and _diagnostics_ok(diagnostics)
        and bench_communities.communities_ok(plc)
        and all(constant.values())
    )
    return {
        "generation": generation,
        "import": imported,
        "teaming": teams,
        "certificates": certificates,
        "routes": routes,
        "expertise": expertise,
        "diagnostics": diagnostics,
        "communities": plc,
        "pages": pages,
        "query_counts_constant": constant,
        "ok": ok,
    }


def _measure_section(section: str, sizes: Sizes) -> dict[str, Any]:
    """One section alone, in a region with just the people it needs."""
    if section == "routes":  # plain data, no region in the database
        routes = _measure_routes(quick=sizes is QUICK)
        people = {"organizations": bench_routes.ORGANIZATIONS, "people": routes["teachers"]}
        return {"generation": {**people, "seconds": 0.0}, "routes": routes, "ok": routes["ok"]}
    if section == "expertise":  # the solver on plain data, then the service in the database
        expertise = _measure_expertise(quick=sizes is QUICK)
        people = {"organizations": expertise["organizations"], "people": expertise["experts"]}
        return {
            "generation": {**people, "seconds": expertise["problem_seconds"]},
            "expertise": expertise,
            "ok": expertise["ok"],
        }
    if section == "diagnostics":
        return _diagnostics_section(sizes)
    if section == "communities":
        return _communities_section(sizes)
    assert section == "certificates"
    quick = sizes is QUICK
    count = bench_certificates.QUICK["count"] if quick else bench_certificates.COUNT
    names = generate.NameSource()
    print("Generating the region…", flush=True)
    clock = time.perf_counter()
    bench = generate.region_start(names=names)
    generate.region_grow(
        bench=bench,
        names=names,
        organizations=-(-count // sizes.per_organization),
        per_organization=sizes.per_organization,
    )
    seconds = time.perf_counter() - clock
    certificates = _measure_certificates(bench, quick=quick)
    return {
        "generation": {
            "organizations": bench.organizations,
            "people": bench.people,
            "seconds": round(seconds, 2),
            "people_per_second": round(bench.people / seconds) if seconds else None,
        },
        "certificates": certificates,
        "ok": _certificates_ok(certificates),
    }


def _measure_certificates(bench: generate.BenchRegion, *, quick: bool) -> dict[str, Any]:
    if quick:
        print("Issuing certificates…", flush=True)
        return bench_certificates.certificates_bench_quick(bench=bench)
    print(
        f"Issuing {bench_certificates.COUNT:,} certificates, then Typst and WeasyPrint "
        f"{bench_certificates.ROUNDS} times each…",
        flush=True,
    )
    return bench_certificates.certificates_bench(bench=bench)


def _measure_routes(*, quick: bool) -> dict[str, Any]:
    print("Drafting routes…", flush=True)
    return bench_routes.routes_bench_quick() if quick else bench_routes.routes_bench()


def _measure_expertise(*, quick: bool) -> dict[str, Any]:
    """The solver alone on plain data, then the whole service through the database."""
    print("Assigning experts…", flush=True)
    pure = bench_expertise.expertise_bench_quick if quick else bench_expertise.expertise_bench
    result = pure()
    result["database"] = bench_expertise_database.database_bench(quick=quick)
    result["ok"] = result["ok"] and result["database"]["ok"]
    return result


def _certificates_ok(certificates: dict[str, Any]) -> bool:
    issue = certificates.get("issue", {})
    return (
        "error" not in certificates
        and issue.get("status") == "done"
        and issue.get("certificates") == issue.get("files") == certificates["count"]
    )


def _diagnostics_section(sizes: Sizes) -> dict[str, Any]:
    """Diagnostics alone, in the region of the full run's second size."""
    names = generate.NameSource()
    print("Generating the region…", flush=True)
    clock = time.perf_counter()
    bench = generate.region_start(names=names)
    generate.region_grow(
        bench=bench,
        names=names,
        organizations=sizes.large,
        per_organization=sizes.per_organization,
    )
    seconds = time.perf_counter() - clock
    diagnostics = _measure_diagnostics(bench, sizes)
    return {
        "generation": {
            "organizations": bench.organizations,
            "people": bench.people,
            "seconds": round(seconds, 2),
            "people_per_second": round(bench.people / seconds) if seconds else None,
        },
        "diagnostics": diagnostics,
        "ok": _diagnostics_ok(diagnostics),
    }


def _communities_section(sizes: Sizes) -> dict[str, Any]:
    """The communities pages alone, in a region that grows from the small size to the large."""
    names = generate.NameSource()
    print("Generating the region…", flush=True)
    bench = generate.region_start(names=names)
    run = bench_communities.CommunitiesRun()
    seconds = 0.0
    for size in (sizes.small, sizes.large):
        clock = time.perf_counter()
        generate.region_grow(
            bench=bench, names=names, organizations=size, per_organization=sizes.per_organization
        )
        seconds += time.perf_counter() - clock
        bench_communities.communities_measure(
            run=run, bench=bench, requests=sizes.requests, measure_pages=_measure_pages
        )
    plc = bench_communities.results(run, _query_counts_constant(run.pages))
    return {
        "generation": {
            "organizations": bench.organizations,
            "people": bench.people,
            "seconds": round(seconds, 2),
            "people_per_second": round(bench.people / seconds) if seconds else None,
        },
        "communities": plc,
        "ok": bench_communities.communities_ok(plc),
    }


def _measure_diagnostics(
    bench: generate.BenchRegion,
    sizes: Sizes,
    communities: bench_communities.CommunitiesRun | None = None,
) -> dict[str, Any]:
    """Two campaigns of the whole region (``bench/diagnostics.py``), then the heat maps; the
    campaigns the communities section assessed everybody in, if it did."""
    clock = time.perf_counter()
    if communities is not None and communities.made is not None and not communities.error:
        made, generation = communities.made, communities.diagnostics
    else:
        print("Assessing everybody twice for the diagnostics heat maps…", flush=True)
        try:
            made, generation = bench_diagnostics.diagnostics_generate(bench=bench)
        except Exception as exc:  # noqa: BLE001 - a failure is a result to report
            return {"error": f"{type(exc).__name__}: {exc}"}
    print(
        f"  {generation['indicator_scores']:,} indicator scores, "
        f"{generation['competency_scores']:,} competency scores; measuring heat maps…",
        flush=True,
    )
    urls = bench_diagnostics.page_urls(bench, made)
    pages = _measure_pages(bench, bench.organizations, sizes.requests, urls)
    cold = bench_diagnostics.cold_timings(urls, trivial_ms=pages[0]["median_ms"])
    return {
        "generation": generation,
        "pages": pages,
        "cold": cold,
        "seconds": round(time.perf_counter() - clock, 1),
    }


def _diagnostics_ok(diagnostics: dict[str, Any]) -> bool:
    return "error" not in diagnostics and all(p["status"] == 200 for p in diagnostics["pages"])


def _page_urls(bench: generate.BenchRegion) -> list[tuple[str, str, User]]:
    """(name, url, viewer) of every page measured; the trivial view comes first."""
    network = f"/networks/{bench.network.pk}/"
    first_event = Event.objects.order_by("pk").values_list("pk", flat=True).first()
    return [
        ("trivial", "/bench/trivial/", bench.coordinator),
        ("partners", network, bench.coordinator),
        (
            "partners_filtered",
            f"{network}?region={bench.region.pk}&kind={Organization.Kind.KINDERGARTEN}",
            bench.coordinator,
        ),
        ("partners_search", f"{network}?q=Екатеринбург", bench.coordinator),
        ("home_coordinator", "/", bench.coordinator),
        ("home_teacher", "/", bench.teacher),
        ("catalogue", "/events/", bench.teacher),
        (
            "catalogue_filtered",
            f"/events/?kind=webinar&region={bench.region.pk}&audience=primary",
            bench.teacher,
        ),
        ("catalogue_search", "/events/?q=чтение", bench.teacher),
        ("event_page", f"/events/{first_event}/", bench.teacher),
        ("event_attendance", f"/events/{first_event}/attendance/", bench.coordinator),
        ("my_events", "/events/mine/", bench.teacher),
        ("survey_results", f"/surveys/{bench.survey_id}/results/", bench.coordinator),
        ("survey_responses", f"/surveys/{bench.survey_id}/results/responses/", bench.coordinator),
    ]


def _measure_pages(
    bench: generate.BenchRegion,
    size: int,
    requests: int,
    pages: list[tuple[str, str, User]] | None = None,
) -> list[dict[str, Any]]:
    """Count each page's queries, then time the pages in rounds (each page once a round, the
    trivial view five times) so that whatever else the machine does slows every page alike.
    ``pages`` (the trivial view first) default to the region's common pages."""
    clients: dict[int, Client] = {}
    pages = pages or _page_urls(bench)
    rows: list[dict[str, Any]] = []
    for name, url, viewer in pages:
        if viewer.pk not in clients:
            # A failing page is reported as its status (its traceback goes to the log).
            clients[viewer.pk] = Client(raise_request_exception=False)
            clients[viewer.pk].force_login(viewer)
        status, queries = _first_request(clients[viewer.pk], url)
        rows.append(
            {"page": name, "url": url, "organizations": size, "status": status, "queries": queries}
        )
    timings: list[list[float]] = [[] for _ in pages]
    for _ in range(requests):
        for index, (timing, (_name, url, viewer)) in enumerate(zip(timings, pages, strict=True)):
            # The yardstick takes a millisecond: more samples of it cost little and steady it.
            for _repeat in range(TRIVIAL_REPEAT if index == 0 else 1):
                clock = time.perf_counter()
                clients[viewer.pk].get(url)
                timing.append((time.perf_counter() - clock) * 1000)
    trivial_median = statistics.median(timings[0])
    for row, timing in zip(rows, timings, strict=True):
        median = statistics.median(timing)
        row["median_ms"] = round(median, 2)
        row["p95_ms"] = round(_percentile(timing, 95), 2)
        row["ratio_to_trivial"] = round(median / trivial_median, 1)
    return rows


def _first_request(client: Client, url: str) -> tuple[int, int]:
    """Status and SQL query count of a page in the steady state: one request warms caches
    (the catalogue's filter options, template loading), the next one is counted."""
    client.get(url)
    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as queries:
        status = client.get(url).status_code
    return status, len(queries)


def _percentile(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    rank = (len(ordered) - 1) * percent / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _query_counts_constant(pages: list[dict[str, Any]]) -> dict[str, bool]:
    counts: dict[str, set[int]] = {}
    for row in pages:
        counts.setdefault(row["page"], set()).add(row["queries"])
    return {page: len(found) == 1 for page, found in counts.items()}


def _measure_import(
    bench: generate.BenchRegion, names: generate.NameSource, rows: int, work_dir: Path
) -> dict[str, Any]:
    path = work_dir / "people.xlsx"
    clock = time.perf_counter()
    generate.people_sheet_write(path=path, bench=bench, names=names, rows=rows)
    result: dict[str, Any] = {"rows": rows, "sheet_seconds": round(time.perf_counter() - clock, 2)}
    try:
        from metodset.accounts.importing import import_file
    except ImportError as exc:
        result["error"] = f"the importer is not available: {exc}"
        return result
    for attempt in ("first", "second"):
        clock = time.perf_counter()
        try:
            report = import_file(kind="people", file=path, filename="people.xlsx", by=None)
        except Exception as exc:  # noqa: BLE001 - a failed import is a result to report
            result["error"] = f"{type(exc).__name__}: {exc}"
            break
        seconds = time.perf_counter() - clock
        result[attempt] = {
            "seconds": round(seconds, 2),
            "rows_per_second": round(rows / seconds),
            **{key: _count(getattr(report, key, None)) for key in REPORT_COUNTS},
        }
    path.unlink(missing_ok=True)
    return result


def _count(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    return len(value)  # type: ignore[arg-type]
