"""The routes section of the bench runs at tiny sizes; its timings are never asserted."""

from metodset.bench import routes as bench_routes
from metodset.bench.runner import SECTIONS


def test_quick_routes_bench_reports_coverage_hours_and_the_gap_to_the_optimum():
    results = bench_routes.routes_bench_quick()
    assert results["ok"] is True
    assert results["teachers"] == 300 and results["drafts_over_budget"] == 0
    assert 0 < results["mean_coverage"] <= 1
    assert 0 < results["mean_hours"] <= results["hours_budget"]
    small = results["small_cases"]
    assert small["cases"] == 10 and small["exact_proven"] == 10
    assert 0 <= small["mean_gap"] <= small["max_gap"] < 1
    lines = bench_routes.report_lines(results)
    assert lines[0].startswith("Route drafting: 300 teachers")
    assert "routes" in SECTIONS
