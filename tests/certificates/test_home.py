"""«Моя неделя» of issuers: batches being issued with their progress; the network overview's
count of certificates issued this year; the registry in the «Реестры» menu."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from metodset.certificates.models import Certificate, CertificateBatch, Kind

from .. import factories
from ..conftest import client_for
from .conftest import template_of


def _batch(issuer, *, title: str, status=CertificateBatch.Status.RUNNING, issued=0, total=4):
    return CertificateBatch.objects.create(
        issuer=issuer,
        template=template_of(issuer, Kind.PARTICIPATION),
        title=title,
        recipient_ids=list(range(1, total + 1)),
        status=status,
        issued=issued,
    )


def _certificate(issuer, n: int, *, year: int, status=Certificate.Status.VALID) -> Certificate:
    return Certificate.objects.create(
        issuer=issuer,
        kind=Kind.PARTICIPATION,
        last_name=f"Получателева{n}",
        first_name="Анна",
        title="Вебинар",
        issuer_name=issuer.name,
        number=f"{year}-{n:06}",
        year=year,
        sequence=n,
        issued_on=timezone.localdate().replace(year=year),
        status=status,
    )


def _part(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return " ".join(html[start : html.index("</ul>", start)].split())


def test_the_schools_staff_see_batches_in_progress_with_their_progress(world, issuer):
    running = _batch(issuer, title="Вебинар «Игровые технологии»", issued=3, total=4)
    _batch(issuer, title="Готовый выпуск", status=CertificateBatch.Status.DONE, issued=4)
    for person in (world.methodist, world.manager, world.coordinator):
        html = client_for(person).get("/").content.decode()
        part = _part(html, "week-batches")
        assert "Выпуск сертификатов" in html
        assert f'href="/certificates/batches/{running.pk}/"' in part
        assert "Выдаются: 3 из 4" in part
        assert 'aria-valuenow="75"' in part
        assert "Готовый выпуск" not in part


def test_a_failed_batch_stays_on_the_week_for_a_while(world, issuer):
    failed = _batch(issuer, title="Сорвавшийся выпуск", status=CertificateBatch.Status.FAILED)
    old = _batch(issuer, title="Давний сбой", status=CertificateBatch.Status.FAILED)
    CertificateBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    part = _part(client_for(world.methodist).get("/").content.decode(), "week-batches")
    assert f'/certificates/batches/{failed.pk}/"' in part and "Ошибка" in part
    assert "Давний сбой" not in part


def test_teachers_and_other_schools_do_not_see_the_batches(world, issuer):
    _batch(issuer, title="Вебинар «Игровые технологии»")
    for person in (world.teacher, world.outsider, world.council):
        html = client_for(person).get("/").content.decode()
        assert 'data-testid="week-batches"' not in html


def test_batches_cost_the_same_for_one_and_three(world, issuer):
    client = client_for(world.methodist)
    _batch(issuer, title="Первый")
    client.get("/")
    with CaptureQueriesContext(connection) as one:
        client.get("/")
    _batch(issuer, title="Второй")
    _batch(issuer, title="Третий")
    with CaptureQueriesContext(connection) as three:
        html = client.get("/").content.decode()
    assert html.count('data-testid="week-batch"') == 3
    assert len(three.captured_queries) == len(one.captured_queries)


def test_council_sees_how_many_certificates_the_network_issued_this_year(world, issuer):
    year = timezone.localdate().year
    for n in range(3):
        _certificate(issuer, n + 1, year=year)
    _certificate(issuer, 10, year=year, status=Certificate.Status.REVOKED)
    _certificate(issuer, 11, year=year - 1)
    html = client_for(world.council).get("/").content.decode()
    start = html.index('data-testid="overview-certificates"')
    part = " ".join(html[start : html.index("</div>", start)].split())
    assert f"В {year} году выдано 3 сертификата" in part
    assert "Получателева" not in html


def test_council_of_another_network_does_not_count_these_certificates(world, issuer):
    _certificate(issuer, 1, year=timezone.localdate().year)
    other = factories.network(name="Сеть Б", partners=[world.outside_org])
    member = factories.person(network_=other, role="council")
    html = client_for(member).get("/").content.decode()
    start = html.index('data-testid="overview-certificates"')
    part = " ".join(html[start : html.index("</div>", start)].split())
    assert "выдано 0 сертификатов" in part


def test_the_registry_is_in_the_more_menu_of_issuers_only(world):
    for person in (world.methodist, world.manager, world.coordinator, world.superuser):
        html = client_for(person).get("/").content.decode()
        menu = html[html.index('data-testid="nav-more"') :]
        assert 'href="/certificates/">Реестр выданных сертификатов</a>' in menu
    for person in (world.teacher, world.council):
        html = client_for(person).get("/").content.decode()
        assert 'href="/certificates/"' not in html
