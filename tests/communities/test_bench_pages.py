"""The communities section of the bench at tiny sizes: the region grows, the two campaigns
cover everyone at both sizes, the pages answer, their query counts stay; timings never
asserted."""

from django.test import Client
from django.test.utils import override_settings

from metodset.accounts.models import Membership, NetworkPartner
from metodset.bench import communities as bench_communities
from metodset.bench import generate
from metodset.bench.runner import QUICK, SECTIONS, SETTINGS, _measure_pages, _query_counts_constant
from metodset.diagnostics.models import Participant

PAGES = {
    "trivial",
    "plan_match",
    "plan_match_coordinator",
    "plan",
    "plan_docx",
    "community",
    "community_analysis",
    "cycle",
}


def _everybody(bench: generate.BenchRegion) -> set[int]:
    partners = NetworkPartner.objects.filter(network=bench.network).values("organization_id")
    return set(
        Membership.objects.filter(organization_id__in=partners).values_list("user_id", flat=True)
    )


@override_settings(**SETTINGS)
def test_quick_communities_bench_measures_the_pages_at_two_sizes(db):
    names = generate.NameSource()
    bench = generate.region_start(names=names)
    run = bench_communities.CommunitiesRun()
    for size in (QUICK.small, QUICK.large):
        generate.region_grow(
            bench=bench, names=names, organizations=size, per_organization=QUICK.per_organization
        )
        bench_communities.communities_measure(
            run=run, bench=bench, requests=1, measure_pages=_measure_pages
        )
        assert run.made is not None
        for campaign in (run.made.autumn, run.made.spring):  # two campaigns of everybody
            assessed = set(
                Participant.objects.filter(campaign=campaign).values_list("user_id", flat=True)
            )
            assert assessed == _everybody(bench)

    result = bench_communities.results(run, _query_counts_constant(run.pages))
    assert {(p["page"], p["organizations"]) for p in result["pages"]} == {
        (page, size) for page in PAGES for size in (QUICK.small, QUICK.large)
    }
    assert all(row["status"] == 200 for row in result["pages"]), result["pages"]
    assert result["query_counts_constant"] == dict.fromkeys(PAGES, True)
    assert bench_communities.communities_ok(result)
    assert [s["assessed"] for s in result["sizes"]] == [
        QUICK.small * QUICK.per_organization + 2,  # the coordinator and the teacher of the lead
        (QUICK.large - QUICK.small) * QUICK.per_organization,
    ]
    assert result["diagnostics"]["participants"] == QUICK.large * QUICK.per_organization + 2
    assert run.plan is not None and run.plan.topics.count() == bench_communities.TOPICS

    # The table matches topics, shows the deficits no topic covers and the topics no deficit backs.
    methodist = Client()
    methodist.force_login(run.made.methodist)
    page = methodist.get(f"/communities/plans/{run.plan.pk}/match/").content.decode()
    assert "Сравнение с диагностикой «Диагностика профессиональных дефицитов, осень 2025»" in page
    for kind in ("matched", "gap", "unbacked"):
        assert f'data-kind="{kind}"' in page, kind

    lines = bench_communities.report_lines(result)
    assert lines[1].startswith("Communities: a plan of 30 topics")
    assert "query counts the same at both sizes" in lines[-1]
    assert "communities" in SECTIONS
