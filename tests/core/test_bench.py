"""The benchmark harness runs end to end at tiny sizes; its timings are never asserted."""

import json
import os
import subprocess
import sys

from metodset.bench.report import report_table

PAGES = {
    "trivial",
    "partners",
    "partners_filtered",
    "partners_search",
    "home_coordinator",
    "home_teacher",
    "catalogue",
    "catalogue_filtered",
    "catalogue_search",
    "event_page",
    "event_attendance",
    "my_events",
    "survey_results",
    "survey_responses",
}
COMMUNITY_PAGES = {
    "trivial",
    "plan_match",
    "plan_match_coordinator",
    "plan",
    "plan_docx",
    "community",
    "community_analysis",
    "cycle",
}


def test_quick_bench_writes_every_figure_and_drops_its_database(tmp_path):
    output = tmp_path / "results" / "quick.json"
    env = {
        **os.environ,
        "METODSET_VAR": str(tmp_path / "var"),
        "METODSET_BENCH_OUTPUT": str(output),
        "REDIS_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-m", "metodset.cli", "bench", "--quick"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,  # against a hang only: it takes 1.5 minutes alone, more on a busy machine
    )
    assert result.returncode == 0, result.stdout + result.stderr

    data = json.loads(output.read_text(encoding="utf-8"))
    assert data["quick"] is True
    assert data["ok"] is True
    assert {"date", "machine", "software", "sizes", "generation", "import", "pages"} <= set(data)
    assert {"python", "django", "database"} <= set(data["software"])
    assert data["software"]["database"]["vendor"] in {"sqlite", "postgresql"}
    assert data["machine"]["cpus"] >= 1
    assert data["generation"]["organizations"] == 12
    assert data["generation"]["people"] == 12 * 4
    assert data["generation"]["events"] == 160  # 40 for every 3 organisations
    assert data["generation"]["registrations"] >= 160 * 3
    assert data["generation"]["responses"] == (3 + 12) * 5
    assert data["teaming"]["sizes_within_bounds"] is True
    assert data["teaming"]["small_cases"]["cases"] >= 1
    assert data["expertise"]["valid"] is True and data["expertise"]["exact"] is True
    database = data["expertise"]["database"]  # campaign_assign on rows, at two tiny sizes
    assert [run["items"] for run in database["sizes"]] == [100, 300]
    for run in database["sizes"]:
        assert run["valid"] is True and run["reassigned"] is True, run
        assert run["reviews"] == run["items"] * 3
        assert run["objective"] <= run["bound"] and run["conflicts"]["coauthorship"] > 0
    assert database["query_counts_constant"] is True

    imported = data["import"]
    assert imported["rows"] == 40
    assert imported["first"]["created"] == 40
    assert imported["first"]["rejected"] == 0
    assert imported["second"]["unchanged"] == 40
    assert imported["second"]["created"] == 0
    assert imported["first"]["rows_per_second"] > 0

    assert {(p["page"], p["organizations"]) for p in data["pages"]} == {
        (page, size) for page in PAGES for size in (3, 12)
    }
    for row in data["pages"]:
        assert row["status"] == 200, row
        assert row["median_ms"] > 0 and row["p95_ms"] >= row["median_ms"] * 0.5
        assert row["queries"] >= 1
        assert row["ratio_to_trivial"] > 0
    assert data["query_counts_constant"] == dict.fromkeys(PAGES, True)

    communities = data["communities"]  # the plan against deficits and a ПОС, at both sizes
    assert {(p["page"], p["organizations"]) for p in communities["pages"]} == {
        (page, size) for page in COMMUNITY_PAGES for size in (3, 12)
    }
    assert all(row["status"] == 200 for row in communities["pages"])
    assert communities["query_counts_constant"] == dict.fromkeys(COMMUNITY_PAGES, True)
    assert data["diagnostics"]["generation"]["participants"] == 12 * 4 + 2

    assert "Query counts do not grow with the data." in result.stdout
    assert str(output) in result.stdout
    if data["software"]["database"]["vendor"] == "sqlite":
        assert not (tmp_path / "var" / "bench" / "bench.sqlite3").exists()


def test_table_names_pages_that_failed_and_counts_that_grow():
    page = {
        "page": "partners",
        "url": "/networks/1/",
        "median_ms": 2.0,
        "p95_ms": 3.0,
        "ratio_to_trivial": 4.0,
    }
    results = {
        "quick": True,
        "date": "2025-09-01T00:00:00+00:00",
        "machine": {"processor": "CPU", "cpus": 2},
        "software": {
            "python": "3.11",
            "django": "5.2",
            "database": {"vendor": "sqlite", "version": "3"},
        },
        "generation": {"organizations": 12, "people": 48, "seconds": 0.5, "people_per_second": 96},
        "import": {"rows": 40, "sheet_seconds": 0.1, "error": "ImportFileError: broken"},
        "pages": [
            {**page, "organizations": 3, "status": 200, "queries": 10},
            {**page, "organizations": 12, "status": 500, "queries": 11},
        ],
        "query_counts_constant": {"partners": False},
        "seconds": 3,
    }
    table = report_table(results)
    assert "FAILED: ImportFileError: broken" in table
    assert "network partners, page 1 [HTTP 500]" in table
    assert "Query counts GROW with the data: partners" in table
