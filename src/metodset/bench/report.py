"""The benchmark's table on screen, from the results ``runner.run`` measured."""

from __future__ import annotations

from typing import Any

from . import communities as bench_communities
from . import diagnostics as bench_diagnostics
from . import expertise as bench_expertise
from . import routes as bench_routes

# The import report's counts, in the order the table shows them.
REPORT_COUNTS = ("created", "updated", "unchanged", "rejected")


PAGE_TITLES = {
    "trivial": "trivial view",
    "partners": "network partners, page 1",
    "partners_filtered": "partners: region + kind",
    "partners_search": "partners: text search",
    "home_coordinator": "home, coordinator",
    "home_teacher": "home, teacher",
    "catalogue": "events catalogue, page 1",
    "catalogue_filtered": "catalogue: kind+region+aud.",
    "catalogue_search": "catalogue: text search",
    "event_page": "an event's page",
    "event_attendance": "attendance, organiser",
    "my_events": "my events, teacher",
    "survey_results": "questionnaire results",
    "survey_responses": "questionnaire answers table",
}


def report_table(results: dict[str, Any]) -> str:
    software = results["software"]
    db = software["database"]
    gen = results["generation"]
    lines = [
        "",
        f"Metodset benchmark{' (quick)' if results['quick'] else ''}"
        + (f", section {results['only']}" if results.get("only") else "")
        + f" — {results['date']}",
        f"{db['vendor']} {db['version']}, Python {software['python']}, Django "
        f"{software['django']}, {results['machine'].get('processor') or '?'} "
        f"× {results['machine'].get('cpus')}"
        + (f", load average {load[0]}" if (load := results["machine"].get("load_average")) else ""),
        "",
        f"Generated {gen['organizations']:,} organisations, {gen['people']:,} people"
        + (
            f", {gen['events']:,} events with {gen.get('registrations', 0):,} registrations"
            if "events" in gen
            else ""
        )
        + f" in {gen['seconds']:.1f} s",
    ]
    imported = results.get("import")
    if imported:
        lines.append(
            f"Import of a {imported['rows']:,}-row people XLSX "
            f"(written in {imported['sheet_seconds']:.1f} s):"
        )
        for attempt in ("first", "second"):
            if attempt in imported:
                run = imported[attempt]
                counts = ", ".join(
                    f"{key} {run[key]:,}" for key in REPORT_COUNTS if run.get(key) is not None
                )
                lines.append(
                    f"  {attempt:<7} {run['seconds']:>8.2f} s {run['rows_per_second']:>8,} "
                    f"rows/s   ({counts})"
                )
        if "error" in imported:
            lines.append(f"  FAILED: {imported['error']}")
    teams = results.get("teaming")
    if teams:
        small = teams["small_cases"]
        lines += [
            f"Team formation: {teams['applicants']:,} applicants into {teams['teams']:,} teams "
            f"in {teams['seconds']:.2f} s, sizes within bounds: "
            f"{'yes' if teams['sizes_within_bounds'] else 'NO'}",
            f"  pairs from one organisation {teams['same_organization_share']:.2%} "
            f"(random {teams['random_same_organization_share']:.2%}), from one city "
            f"{teams['same_city_share']:.2%} (random {teams['random_same_city_share']:.2%}), "
            f"wishes honoured {teams['wishes_honoured']}/{teams['wishes']}",
            f"  {small['cases']} small cases ({small['applicants']} people): optimum reached "
            f"{small['optimal_reached']}/{small['cases']}, gap mean {small['mean_gap']:.1%} "
            f"max {small['max_gap']:.1%}; per case: heuristic "
            f"{small['heuristic_mean_seconds'] * 1000:.1f} ms, "
            f"CP-SAT {small['exact_mean_seconds'] * 1000:.0f} ms",
        ]
    if "certificates" in results:
        lines += _certificates_lines(results["certificates"])
    if "routes" in results:
        lines += bench_routes.report_lines(results["routes"])
    if "expertise" in results:
        lines += bench_expertise.report_lines(results["expertise"])
    if "diagnostics" in results:
        lines += bench_diagnostics.report_lines(results["diagnostics"])
    if "communities" in results:
        lines += bench_communities.report_lines(results["communities"])
    if "pages" in results:
        lines += [
            "",
            f"{'page':<28}{'orgs':>7}{'median ms':>11}{'p95 ms':>9}{'× trivial':>11}{'queries':>9}",
        ]
        for row in results["pages"]:
            title = PAGE_TITLES.get(row["page"], row["page"])
            if row["status"] != 200:
                title = f"{title} [HTTP {row['status']}]"
            lines.append(
                f"{title:<28}{row['organizations']:>7,}{row['median_ms']:>11.2f}"
                f"{row['p95_ms']:>9.2f}{row['ratio_to_trivial'] or 0:>11.1f}{row['queries']:>9}"
            )
        grows = [page for page, same in results["query_counts_constant"].items() if not same]
        lines += [
            "",
            "Query counts do not grow with the data."
            if not grows
            else f"Query counts GROW with the data: {', '.join(grows)}",
        ]
    lines.append(f"Total {results.get('seconds', 0):.0f} s.")
    return "\n".join(lines)


def _certificates_lines(certificates: dict[str, Any]) -> list[str]:
    issue = certificates.get("issue")
    lines = []
    if issue:
        split = issue["split_ms"]
        lines += [
            f"Certificates: a batch of {issue['certificates']:,} (Typst, QR, PDF to storage, "
            f"database row; one process, "
            f"{'on one core' if issue.get('core') is not None else 'not pinned to a core'}) "
            f"in {issue['seconds']:.1f} s, {issue.get('typst_documents', 0):,} Typst documents: "
            f"{issue['per_second'] or 0:,.1f}/s, {issue['ms_per_certificate']:.2f} ms each; "
            f"{issue.get('per_cpu_second') or 0:,.1f} per CPU-second "
            f"(goal {issue['goal_per_second']} per core: "
            f"{'met' if issue['goal_met'] else 'NOT met'})",
            f"  per certificate: QR {split['qr']:.2f} ms, Typst {split['typst']:.2f} ms, "
            f"split into one PDF each {split.get('split', 0):.2f} ms, "
            f"storage {split['storage']:.2f} ms, numbering {split.get('numbering', 0):.2f} ms, "
            f"database and the rest "
            f"{split['database_and_rest']:.2f} ms; {issue['files']:,} files of "
            f"{issue['pdf_kb_mean'] or 0:.0f} KB",
        ]
        if issue["status"] != "done":
            lines.append(f"  batch {issue['status'].upper()}: {issue['error']}")
    typst = certificates.get("typst")
    weasy = certificates.get("weasyprint")
    if typst and weasy:
        rounds = certificates["rounds"]
        if weasy["available"]:
            lines.append(
                f"  one document a certificate, {rounds} of them: "
                f"Typst {typst['per_second']:,.1f}/s "
                f"({typst['median_ms']:.1f} ms), WeasyPrint {weasy['version']} "
                f"{weasy['per_second']:,.1f}/s ({weasy['median_ms']:.1f} ms): Typst "
                f"{certificates['typst_to_weasyprint']}× faster"
            )
        else:
            lines.append(
                f"  one document a certificate, {rounds} of them: "
                f"Typst {typst['per_second']:,.1f}/s; "
                f"WeasyPrint not measured: {weasy['reason']}"
            )
    if "error" in certificates:
        lines.append(f"  FAILED: {certificates['error']}")
    if "seconds" in certificates:
        lines.append(f"  the certificates section took {certificates['seconds']:.0f} s")
    return lines
