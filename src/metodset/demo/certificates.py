"""Certificates of the demo: the lead gymnasium's details as an issuer (with a logo and its
director's facsimile, drawn here with Pillow), certificates of professional development for
those who completed last season's internship — one of them since revoked — and certificates
of participation for those who attended the season's first webinar.

Issued through ``certificates.services.issue_now``, the path a batch takes, without e-mails,
and dated as they would have been: a week after the internship ended, two days after the
webinar. Recognised by programme and event: a second load issues nothing.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from metodset.accounts.models import Organization, User
from metodset.certificates import services
from metodset.certificates.models import Certificate, Issuer, Kind, Signatory
from metodset.events.models import Event, Registration
from metodset.programs.models import Program
from metodset.programs.services.completion import completion

from .data import DEMO_DOMAIN
from .programs import FINISHED_TITLE

ISSUER = "gim53"
SIGNATORY_NAME = "И. П. Смирнова"
SIGNATORY_POSITION = "Директор"
WEBINAR_TITLE = "Формирующее оценивание на уроке: приёмы обратной связи"
REVOKE_REASON = (
    "Выдан ошибочно: стажёр не завершил программу (присутствие на онлайн-событии "
    "отмечено по ошибке)."
)
INK = (24, 42, 120, 255)
BLUE = (31, 92, 153, 255)


def demo_certificates_load(*, organizations: dict[str, Organization]) -> tuple[str, int]:
    """Give the demo its certificates where missing; return a Russian line and how many."""
    organization = organizations[ISSUER]
    coordinator = User.objects.get(email=f"coordinator@{DEMO_DOMAIN}")
    created = 0
    with transaction.atomic():
        issuer, details_added = _issuer(organization)
        program = Program.objects.filter(title=FINISHED_TITLE, organizer=organization).first()
        if program is not None and not Certificate.objects.filter(program=program).exists():
            created += _program_certificates(issuer, program, by=coordinator)
        webinar = Event.objects.filter(title=WEBINAR_TITLE, organizer=organization).first()
        if webinar is not None and not Certificate.objects.filter(event=webinar).exists():
            created += _webinar_certificates(issuer, webinar)
    counts = Counter(
        Certificate.objects.filter(issuer=issuer).values_list("kind", "status").order_by()
    )
    development = sum(n for (kind, _s), n in counts.items() if kind == Kind.DEVELOPMENT)
    revoked = counts[(Kind.DEVELOPMENT, Certificate.Status.REVOKED)]
    participation = sum(n for (kind, _s), n in counts.items() if kind == Kind.PARTICIPATION)
    return (
        f"Сертификаты {organization.short_name}: {development} о профессиональном развитии "
        f"интернам завершённой интернатуры (отозвано: {revoked}) и {participation} участника "
        f"вебинара «{WEBINAR_TITLE}»; выдано сейчас: {created}.",
        created + details_added,
    )


# --- the issuer --------------------------------------------------------------------------


def _issuer(organization: Organization) -> tuple[Issuer, int]:
    """The organisation's issuer details with a logo and a signatory; how many were added."""
    issuer = services.issuer_for(organization=organization)
    added = 0
    if not issuer.city or not issuer.logo:
        issuer.city = issuer.city or organization.city
        if not issuer.logo:
            issuer.logo.save("gimnaziya-53.png", ContentFile(_logo_png()), save=False)
        issuer.save()
        added += 1
    if not issuer.signatories.exists():
        signatory = Signatory(
            issuer=issuer, full_name=SIGNATORY_NAME, position=SIGNATORY_POSITION, order=1
        )
        signatory.facsimile.save("smirnova.png", ContentFile(_facsimile_png()), save=False)
        signatory.save()
        added += 1
    return issuer, added


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _facsimile_png() -> bytes:
    """A signature in blue ink on a transparent ground: a capital, looped letters and a
    flourish sweeping back under them."""
    image = Image.new("RGBA", (560, 220), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    capital = [
        (95 + 60 * math.cos(a), 95 - 70 * math.sin(a))
        for a in (math.radians(40 + 1.5 * i) for i in range(161))
    ]
    draw.line(capital, fill=INK, width=6, joint="curve")
    # A prolate cycloid writes loops like a hand; the letters vary in height and fade.
    letters = []
    steps = 500
    for i in range(steps + 1):
        t = 6.5 * math.pi * i / steps
        height = (34 + 14 * math.sin(t / 2.3)) * (1 - 0.35 * i / steps)
        letters.append((120 + 14 * t - 22 * math.sin(t), 118 - height * math.cos(t)))
    draw.line(letters, fill=INK, width=5, joint="curve")
    # The flourish: from the last letter down and back to the left under the name.
    x0, y0 = letters[-1]
    flourish = _bezier((x0, y0), (x0 + 60, y0 + 70), (300, 200), (60, 175))
    draw.line(flourish, fill=INK, width=4, joint="curve")
    return _png(image)


def _bezier(*points: tuple[float, float], steps: int = 120) -> list[tuple[float, float]]:
    """A cubic Bézier curve through four control points, as a polyline."""
    p0, p1, p2, p3 = points
    curve = []
    for i in range(steps + 1):
        u = i / steps
        weights = ((1 - u) ** 3, 3 * (1 - u) ** 2 * u, 3 * (1 - u) * u**2, u**3)
        curve.append(
            (
                sum(w * p[0] for w, p in zip(weights, (p0, p1, p2, p3), strict=True)),
                sum(w * p[1] for w, p in zip(weights, (p0, p1, p2, p3), strict=True)),
            )
        )
    return curve


def _logo_png() -> bytes:
    """An emblem: a ring in the certificates' blue around an open book under a star."""
    size = 400
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((12, 12, size - 12, size - 12), fill=(255, 255, 255, 255), outline=BLUE, width=18)
    draw.ellipse((48, 48, size - 48, size - 48), outline=BLUE, width=4)
    # The open book: two pages meeting at the spine.
    left = [(96, 170), (196, 196), (196, 300), (96, 274)]
    right = [(304, 170), (204, 196), (204, 300), (304, 274)]
    for page in (left, right):
        draw.polygon(page, fill=(232, 240, 250, 255), outline=BLUE, width=6)
    for n in range(3):  # lines of text on each page
        y = 214 + 24 * n
        draw.line([(116, y - 10), (182, y + 6)], fill=BLUE, width=4)
        draw.line([(284, y - 10), (218, y + 6)], fill=BLUE, width=4)
    # A five-pointed star above the book.
    cx, cy, outer, inner = 200, 112, 50, 20
    star = [
        (
            cx + (outer if k % 2 == 0 else inner) * math.sin(math.pi * k / 5),
            cy - (outer if k % 2 == 0 else inner) * math.cos(math.pi * k / 5),
        )
        for k in range(10)
    ]
    draw.polygon(star, fill=(232, 170, 40, 255), outline=BLUE, width=3)
    return _png(image)


# --- certificates ------------------------------------------------------------------------


def _at(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(11, 0), tzinfo=ZoneInfo(zone))


def _backdate(certificates: list[Certificate], created_at: datetime) -> None:
    """The day of issue, rather than the day the demo was loaded."""
    Certificate.objects.filter(pk__in=[c.pk for c in certificates]).update(created_at=created_at)


def _program_certificates(issuer: Issuer, program: Program, *, by: User) -> int:
    """Everyone who completed the internship; one certificate revoked afterwards."""
    assert program.ends_on is not None
    eligible = [row.user for row in completion(program=program) if row.eligible]
    issued_on = program.ends_on + timedelta(days=7)
    certificates = services.issue_now(
        template=issuer.templates.get(kind=Kind.DEVELOPMENT),
        users=eligible,
        program=program,
        hours=program.hours,
        issued_on=issued_on,
        send_email=False,
    )
    zone = program.organizer.region.time_zone
    _backdate(certificates, _at(issued_on, zone))
    _revoke_one(program, certificates, by=by, when=_at(issued_on + timedelta(days=12), zone))
    return len(certificates)


def _revoke_one(
    program: Program, certificates: list[Certificate], *, by: User, when: datetime
) -> None:
    """The coordinator found that an intern's attendance was marked by mistake: corrected,
    the intern has not completed the programme, and her certificate is revoked."""
    events = list(Event.objects.filter(program_stages__program=program).order_by("starts_at"))
    attended = Counter(
        Registration.objects.filter(event__in=events, attended_at__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    others = sorted(
        (c for c in certificates if c.email != f"teacher@{DEMO_DOMAIN}"),  # keeps hers
        key=lambda c: (c.last_name, c.first_name, c.pk),
    )
    if not others or len(events) < 2:
        return
    # Preferably one who missed an event anyway: then one wrong mark made the difference.
    target = next((c for c in others if attended[c.user_id or 0] == len(events) - 1), others[-1])
    holder = target.user_id
    assert holder is not None  # issued just now to an existing person
    Registration.objects.filter(user_id=holder, event__in=events[1:]).update(
        attended_at=None, attendance_marked_by=None
    )
    services.certificate_revoke(certificate=target, reason=REVOKE_REASON, by=by)
    Certificate.objects.filter(pk=target.pk).update(revoked_at=when)


def _webinar_certificates(issuer: Issuer, webinar: Event) -> int:
    """Everyone who attended the webinar; two days after it."""
    attendees = list(
        User.objects.filter(
            registrations__event=webinar,
            registrations__status=Registration.Status.REGISTERED,
            registrations__attended_at__isnull=False,
        ).order_by("last_name", "first_name", "middle_name", "pk")
    )
    issued_on = timezone.localtime(webinar.starts_at, ZoneInfo(webinar.time_zone)).date()
    issued_on += timedelta(days=2)
    certificates = services.issue_now(
        template=issuer.templates.get(kind=Kind.PARTICIPATION),
        users=attendees,
        event=webinar,
        hours=webinar.hours,
        issued_on=issued_on,
        send_email=False,
    )
    _backdate(certificates, _at(issued_on, webinar.time_zone))
    return len(certificates)
