"""Certificates: a batch of 10,000 issued in one process, and WeasyPrint beside Typst.

The batch goes through the real service path a worker takes (``batch_create`` then
``batch_run``): number allocation, the wording, the QR code (zxing-cpp), one Typst document a
chunk of ``services.CHUNK`` split into a PDF a certificate (PDFium), the file in
``default_storage`` and the database row, a transaction a chunk; e-mails are off. Light
wrappers add up the time spent in the QR code, in ``rendering.render_many``, in the split and
in ``default_storage.save``, so the total splits into QR, Typst, split, storage and the rest
(database and wording). Then the same certificate is rendered in alternating rounds by Typst and by
WeasyPrint from an HTML/CSS copy of the landscape design, QR code included on both sides.
Files go to a temporary MEDIA_ROOT and CERTIFICATE_RENDER_DIR that are removed afterwards.
"""

from __future__ import annotations

import html
import os
import re
import statistics
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.files.storage import Storage, default_storage
from django.test.utils import override_settings

from metodset.accounts.models import User
from metodset.certificates import rendering, services
from metodset.certificates.models import Certificate, CertificateTemplate, Kind, Signatory
from metodset.certificates.rendering import CertificateData
from metodset.certificates.services import issuing
from metodset.programs.models import Program

from .generate import BenchRegion

COUNT = 10_000  # certificates in the batch
ROUNDS = 200  # renders of the same certificate by each engine
QUICK = {"count": 20, "rounds": 3}
GOAL_PER_SECOND = 100  # certificates a second on one core, storage included
HOURS = Decimal(72)
ISSUED_ON = date(2026, 11, 24)
PROGRAM_TITLE = (
    "Цифровая педагогическая интернатура «Функциональная грамотность: от урока к проекту»"
)
SIGNATORIES = [
    ("И. П. Смирнова", "Ректор"),
    ("О. В. Кузнецова", "Руководитель центра непрерывного повышения мастерства"),
]


def certificates_bench(
    *, bench: BenchRegion, count: int = COUNT, rounds: int = ROUNDS
) -> dict[str, Any]:
    """Issue ``count`` certificates to the region's people, then compare the engines."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="metodset-bench-certificates-") as tmp:
        media, render_dir = Path(tmp) / "media", Path(tmp) / "render"
        with (
            override_settings(MEDIA_ROOT=str(media), CERTIFICATE_RENDER_DIR=str(render_dir)),
            _own_compiler(),
        ):
            result: dict[str, Any] = {"count": count, "rounds": rounds}
            try:
                template, program = _program_with_template(bench)
                result["issue"] = _issue(template, program, bench, count, media)
                result.update(_compare(template, rounds))
            except Exception as exc:  # noqa: BLE001 - a failure is a result to report
                result["error"] = f"{type(exc).__name__}: {exc}"
    result["seconds"] = round(time.perf_counter() - started, 1)  # the whole section
    return result


def certificates_bench_quick(*, bench: BenchRegion) -> dict[str, Any]:
    """The same at sizes that take a few seconds, for a test of the harness."""
    return certificates_bench(bench=bench, **QUICK)


@contextmanager
def _own_compiler() -> Iterator[None]:
    """Typst's compiler is kept per thread with its root folder: give the bench its own, rooted
    in the temporary render folder, and do not leave one pointing there afterwards."""
    rendering._local.__dict__.pop("compiler", None)
    try:
        yield
    finally:
        rendering._local.__dict__.pop("compiler", None)


def _program_with_template(bench: BenchRegion) -> tuple[CertificateTemplate, Program]:
    """A finished programme of the network's lead and its certificate of development."""
    issuer = services.issuer_for(organization=bench.lead)
    Signatory.objects.bulk_create(
        Signatory(issuer=issuer, full_name=name, position=position, order=order)
        for order, (name, position) in enumerate(SIGNATORIES)
    )
    program = Program.objects.create(
        kind=Program.Kind.DIGITAL_INTERNSHIP,
        title=PROGRAM_TITLE,
        organizer=bench.lead,
        network=bench.network,
        status=Program.Status.FINISHED,
        starts_on=date(2026, 9, 28),
        ends_on=date(2026, 11, 20),
        created_by=bench.coordinator,
    )
    template = CertificateTemplate.objects.get(issuer=issuer, kind=Kind.DEVELOPMENT)
    return template, program


@contextmanager
def _one_core() -> Iterator[int | None]:
    """Run this process on one core: every thread, Typst's worker threads included (threads
    started later inherit it). The wall clock then counts one core's work, as the goal asks.
    Yields the core, or None where the system cannot pin (the wall clock is then two cores')."""
    tasks = Path("/proc/self/task")
    if not hasattr(os, "sched_setaffinity") or not tasks.is_dir():
        yield None
        return
    allowed = os.sched_getaffinity(0)
    core = max(allowed)

    def pin(cores: set[int]) -> None:
        for task in tasks.iterdir():
            # A thread that has just ended has nothing to pin.
            with suppress(ProcessLookupError, PermissionError):
                os.sched_setaffinity(int(task.name), cores)

    pin({core})
    try:
        yield core
    finally:
        pin(allowed)


class _Stopwatch:
    """Adds up the time spent in the functions it wraps."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0

    def wrap(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            clock = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - clock
                self.calls += 1

        return timed


class _TimedStorage:
    """``default_storage`` as the issuing code sees it, with ``save`` timed."""

    def __init__(self, storage: Storage, stopwatch: _Stopwatch) -> None:
        self._storage = storage
        self.save = stopwatch.wrap(storage.save)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._storage, name)


def _issue(
    template: CertificateTemplate, program: Program, bench: BenchRegion, count: int, media: Path
) -> dict[str, Any]:
    recipients = list(
        User.objects.exclude(pk__in=[bench.coordinator.pk, bench.teacher.pk])
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    batch = services.batch_create(
        template=template,
        recipients=recipients,
        by=bench.coordinator,
        program=program,
        hours=HOURS,
        issued_on=ISSUED_ON,
        send_email=False,
    )
    qr, render, split, single = _Stopwatch(), _Stopwatch(), _Stopwatch(), _Stopwatch()
    storage, numbering = _Stopwatch(), _Stopwatch()
    with (
        mock.patch.object(issuing, "number_allocate", numbering.wrap(issuing.number_allocate)),
        mock.patch.object(rendering, "qr_svg", qr.wrap(rendering.qr_svg)),
        mock.patch.object(rendering, "render_many", render.wrap(rendering.render_many)),
        mock.patch.object(rendering, "_page", split.wrap(rendering._page)),
        mock.patch.object(rendering, "with_info", split.wrap(rendering.with_info)),
        # One document a certificate: only when a chunk's document fails or runs over.
        mock.patch.object(rendering, "render", single.wrap(rendering.render)),
        mock.patch.object(issuing, "default_storage", _TimedStorage(default_storage, storage)),
        _one_core() as core,
    ):
        clock, cpu_clock = time.perf_counter(), time.process_time()
        batch = services.batch_run(batch_id=batch.pk)
        seconds = time.perf_counter() - clock
        # CPU time of this process: "per core" without the time a shared machine's other
        # tenants take from us, which made wall-clock runs swing between 75 and 106 a second.
        cpu_seconds = time.process_time() - cpu_clock
    issued = batch.issued
    files = [path for path in (media / "certificates").rglob("*.pdf")] if issued else []
    per = 1000 / issued if issued else 0.0
    return {
        "certificates": issued,
        "status": batch.status,
        "error": batch.error,
        "rows": Certificate.objects.filter(batch=batch).count(),
        "files": len(files),
        "pdf_kb_mean": round(sum(p.stat().st_size for p in files) / len(files) / 1024, 1)
        if files
        else None,
        "core": core,  # the one core the process ran on, or None where it could not be pinned
        "seconds": round(seconds, 2),
        "per_second": round(issued / seconds, 1) if seconds else None,
        "ms_per_certificate": round(seconds * per, 2),
        # Where a certificate's time goes; "database_and_rest" is the row, the batch's
        # per-chunk queries and commits, and the wording.
        "split_ms": {
            "qr": round(qr.seconds * per, 2),
            "typst": round((render.seconds - qr.seconds - split.seconds) * per, 2),
            "split": round(split.seconds * per, 2),
            "storage": round(storage.seconds * per, 2),
            "numbering": round(numbering.seconds * per, 2),
            "database_and_rest": round(
                (seconds - render.seconds - storage.seconds - numbering.seconds) * per, 2
            ),
        },
        "render_only_per_second": round(issued / render.seconds, 1) if render.seconds else None,
        "typst_documents": render.calls,
        "single_renders": single.calls,
        "cpu_seconds": round(cpu_seconds, 2),
        "per_cpu_second": round(issued / cpu_seconds, 1) if cpu_seconds else None,
        "goal_per_second": GOAL_PER_SECOND,
        # On one core, by the wall clock and by the CPU time: both must reach the goal.
        "goal_met": bool(seconds and cpu_seconds)
        and min(issued / seconds, issued / cpu_seconds) >= GOAL_PER_SECOND,
    }


# --- Typst and WeasyPrint on the same certificate -----------------------------------------


def _compare(template: CertificateTemplate, rounds: int) -> dict[str, Any]:
    """Render ``rounds`` of the batch's certificates with each engine in turn, QR included.

    Each round is another person's certificate (name, number, QR code): Typst memoises its
    work, and the same inputs again would take it less than half the time.
    """
    issuer = template.issuer
    assets = services.Assets(issuer)
    certificates = list(Certificate.objects.order_by("pk")[: rounds + 1])
    inputs = [
        (
            services.certificate_data(
                template=template,
                issuer=issuer,
                assets=assets,
                last_name=c.last_name,
                first_name=c.first_name,
                middle_name=c.middle_name,
                title=c.title,
                hours=c.hours,
                starts_on=c.starts_on,
                ends_on=c.ends_on,
                number=c.number,
                issued_on=c.issued_on,
            ),
            services.verify_url(c.code),
        )
        for c in certificates
    ]
    first, others = inputs[0], inputs[1:] or inputs
    typst_pdf = rendering.render(template.source, first[0], verify_url=first[1])
    result: dict[str, Any] = {}

    clock = time.perf_counter()
    weasy = _weasyprint(*first)
    if isinstance(weasy, str):
        result["weasyprint"] = {"available": False, "reason": weasy}
        weasy_render = None
    else:
        weasy_render, weasy_pdf, pages, version = weasy
        result["weasyprint"] = {
            "available": True,
            "version": version,
            "first_seconds": round(time.perf_counter() - clock, 2),  # import, fonts, first page
            "pages": pages,
            "pdf_kb": round(len(weasy_pdf) / 1024, 1),
            "fonts": _fonts(weasy_pdf),
        }
    typst_ms: list[float] = []
    weasy_ms: list[float] = []
    for index in range(rounds):
        data, url = others[index % len(others)]
        clock = time.perf_counter()
        rendering.render(template.source, data, verify_url=url)
        typst_ms.append((time.perf_counter() - clock) * 1000)
        if weasy_render is not None:
            clock = time.perf_counter()
            weasy_render(data, url)
            weasy_ms.append((time.perf_counter() - clock) * 1000)
    result["typst"] = {
        "version": _version("typst"),
        "pdf_kb": round(len(typst_pdf) / 1024, 1),
        "fonts": _fonts(typst_pdf),
        **_rate(typst_ms),
    }
    if weasy_ms:
        result["weasyprint"].update(_rate(weasy_ms))
        result["typst_to_weasyprint"] = round(
            result["typst"]["per_second"] / result["weasyprint"]["per_second"], 1
        )
    return result


def _rate(samples: list[float]) -> dict[str, Any]:
    if not samples:
        return {}
    mean = statistics.fmean(samples)
    return {
        "median_ms": round(statistics.median(samples), 2),
        "mean_ms": round(mean, 2),
        "per_second": round(1000 / mean, 1),
    }


def _version(distribution: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


def _fonts(pdf: bytes) -> list[str]:
    """The fonts a PDF names (object streams inflated), without subset prefixes."""
    text = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, flags=re.DOTALL):
        try:
            text.append(zlib.decompress(stream))
        except zlib.error:
            continue
    names = re.findall(rb"/FontName\s*/(?:[A-Z]{6}\+)?([^\s/<>\[\]()]+)", b"\n".join(text))
    return sorted({name.decode("latin-1") for name in names})


WeasyResult = tuple[Callable[[CertificateData, str], bytes], bytes, int, str]


def _weasyprint(data: CertificateData, url: str) -> WeasyResult | str:
    """A function rendering a certificate with WeasyPrint (QR code included), this one's PDF,
    its page count and WeasyPrint's version; or why WeasyPrint cannot run here."""
    try:
        import weasyprint
    except Exception as exc:  # noqa: BLE001 - ImportError, or OSError without Pango
        return (
            f"WeasyPrint cannot be imported ({type(exc).__name__}: {exc}); it is in the "
            "`bench` extra (pip install -e '.[bench]') and needs the Pango libraries"
        )

    def render(data: CertificateData, url: str) -> bytes:
        pdf = weasyprint.HTML(string=certificate_html(data, rendering.qr_svg(url))).write_pdf()
        assert isinstance(pdf, bytes)
        return pdf

    try:
        document = weasyprint.HTML(string=certificate_html(data, rendering.qr_svg(url))).render()
        pdf = document.write_pdf()
    except Exception as exc:  # noqa: BLE001 - report, do not fail the run
        return f"WeasyPrint failed: {type(exc).__name__}: {exc}"
    assert isinstance(pdf, bytes)
    return render, pdf, len(document.pages), str(weasyprint.__version__)


# Absolute positions, a table and inline blocks rather than flex and grid: WeasyPrint lays
# those out three to four times as slowly, and a fair comparison gives each engine its quick way.
CSS = """
@page { size: A4 landscape; margin: 0.8cm; border: 2.5pt solid ACCENT; padding: 0.16cm; }
* { box-sizing: border-box; }
html { font-family: "Libertinus Serif", "DejaVu Serif", serif; font-size: 14pt; }
body { margin: 0; }
.frame { position: relative; height: 18.9cm; border: 0.6pt solid ACCENT; }
.top { position: absolute; top: 0.6cm; left: 3.6cm; right: 3.6cm; text-align: center;
  font-size: 12pt; }
.middle { position: absolute; top: 46%; left: 1.2cm; right: 1.2cm; transform: translateY(-50%);
  text-align: center; line-height: 1.3; }
h1 { margin: 0; font-size: 38pt; color: ACCENT; letter-spacing: 2pt; text-transform: uppercase; }
.sub { margin: 0 0 0.5cm; font-size: 16pt; color: ACCENT; }
.lead { margin: 0 0 0.2cm; }
.name { margin: 0 0 0.4cm; font-size: 28pt; font-style: italic; }
.body { width: 82%; margin: 0 auto; }
.body p { margin: 0 0 0.2em; }
.bottom { position: absolute; bottom: 0.4cm; left: 1.2cm; right: 1.2cm; }
.bottom table { width: 100%; border-collapse: collapse; }
.bottom td { padding: 0; vertical-align: bottom; font-size: 11pt; }
.bottom .signatures { text-align: center; padding: 0 1cm; }
.signature { display: inline-block; width: 4.2cm; margin: 0 0.6cm; text-align: center; }
.signature .space { height: 1.5cm; border-bottom: 0.5pt solid black; margin-bottom: 2pt; }
.signature small { display: block; font-size: 9pt; }
.bottom .qr { width: 2.6cm; text-align: center; font-size: 7pt; }
.qr svg { display: block; width: 2.6cm; height: 2.6cm; margin-bottom: 3pt; }
"""


def certificate_html(data: CertificateData, qr: str) -> str:
    """The landscape certificate (``typst/landscape.typ``) as HTML/CSS, text escaped."""
    e = html.escape
    paragraphs = "".join(f"<p>{e(p.strip())}</p>" for p in data.body.split("\n\n"))
    signatures = "".join(
        f'<div class="signature"><div class="space"></div>{e(s.name)}'
        f"<small>{e(s.position)}</small></div>"
        for s in data.signatories
    )
    place = f"{e(data.place)}, " if data.place else ""
    return (
        f'<!doctype html><html lang="ru"><head><meta charset="utf-8">'
        f"<title>{e(data.heading)} {e(data.number)}</title>"
        f"<style>{CSS.replace('ACCENT', data.accent)}</style></head><body>"
        f'<div class="frame"><div class="top">{e(data.issuer)}</div>'
        f'<div class="middle"><h1>{e(data.heading)}</h1>'
        + (f'<p class="sub">{e(data.subheading)}</p>' if data.subheading else "")
        + (f'<p class="lead">{e(data.lead)}</p>' if data.lead else "")
        + f'<p class="name">{e(data.name)}</p><div class="body">{paragraphs}</div></div>'
        f'<div class="bottom"><table><tr><td>Регистрационный номер: {e(data.number)}<br>'
        f'{place}{e(data.issued_on)}</td><td class="signatures">{signatures}</td>'
        f'<td class="qr">{qr}Проверка подлинности</td></tr></table></div></div>'
        "</body></html>"
    )
