"""Contest diplomas (диплом победителя, призёра, участника) issued at once to a contest's
authors.

A contest is not a programme or an event, so its diplomas are issued here rather than by a
batch: the organiser's «Диплом» template (its heading, lead and design) with the degree as the
subheading and the place, nomination and work in the text, one certificate per author, each
with its number and verification page. The contest app above (expertise) says who gets which
degree; this module knows nothing of contests but the words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from metodset.accounts.audit import audit_record, choice_change
from metodset.accounts.models import Organization, User
from metodset.accounts.services import Action

from ..models import Certificate, CertificateTemplate, Kind
from .issuing import Recipient, _issue_many, _workplaces
from .templates import Assets, issuer_for, templates_ensure

# The degree's subheading and text; {title} and {dates} are the template's placeholders,
# %(place)s, %(nomination)s and %(work)s are filled here. Printed in Russian, as every
# stored document is.
DEGREES: dict[str, tuple[str, str]] = {
    "winner": (
        "победителя",
        "за %(place)s место в номинации «%(nomination)s» конкурса «{title}», {dates}."
        "\n\nКонкурсная работа «%(work)s».",
    ),
    "prize_winner": (
        "призёра",
        "за %(place)s место в номинации «%(nomination)s» конкурса «{title}», {dates}."
        "\n\nКонкурсная работа «%(work)s».",
    ),
    "participant": (
        "участника",
        "за участие в конкурсе «{title}» в номинации «%(nomination)s», {dates}."
        "\n\nКонкурсная работа «%(work)s».",
    ),
}

_ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    """A place as printed on diplomas: I, II, III… (numbers from 1 to 39)."""
    digits = []
    for value, letters in _ROMAN:
        while number >= value:
            digits.append(letters)
            number -= value
    return "".join(digits)


@dataclass(frozen=True)
class DiplomaAward:
    """One author's diploma: the degree (a key of ``DEGREES``), the place if any, the
    nomination and the work."""

    user: User
    degree: str
    nomination: str
    work: str
    place: int | None = None


def _plain(text: str) -> str:
    """A name put inside the diploma's «…»: nested quotes as „…“, no template braces."""
    return text.replace("«", "„").replace("»", "“").replace("{", "(").replace("}", ")").strip()


def diploma_wording(award: DiplomaAward) -> dict[str, str]:
    """The subheading and text of the award's diploma (the template's placeholders kept)."""
    if award.degree not in DEGREES:
        raise ValueError(f"unknown diploma degree {award.degree!r}")
    subheading, body = DEGREES[award.degree]
    values = {
        "place": roman(award.place) if award.place else "",
        "nomination": _plain(award.nomination),
        "work": _plain(award.work),
    }
    return {"subheading": subheading, "body": body % values}


def diploma_template(*, organization: Organization) -> CertificateTemplate:
    """The organiser's diploma template in use (made with the issuer's details if missing)."""
    issuer = issuer_for(organization=organization)
    templates_ensure(issuer=issuer)
    template = (
        issuer.templates.filter(kind=Kind.DIPLOMA, is_active=True).order_by("pk").first()
        or issuer.templates.filter(kind=Kind.DIPLOMA).order_by("pk").first()
    )
    assert template is not None  # templates_ensure made one
    return template


@transaction.atomic
def diplomas_issue(
    *,
    organization: Organization,
    title: str,
    awards: Sequence[DiplomaAward],
    by: User | None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    issued_on: date | None = None,
    send_email: bool = True,
) -> list[Certificate]:
    """Issue the diplomas now, one per award, in the awards' order; returns the certificates.

    ``title`` is the contest's name as printed; the organisation is the issuer. Each diploma
    is audited in the name of ``by``: unlike a batch's, they have no batch to be named by.
    """
    template = diploma_template(organization=organization)
    issuer = template.issuer
    places = _workplaces([award.user.pk for award in awards])
    recipients = [
        Recipient(
            user=award.user,
            workplace=places.get(award.user.pk, ""),
            wording=diploma_wording(award),
        )
        for award in awards
    ]
    issued = _issue_many(
        recipients,
        issuer=issuer,
        template=template,
        assets=Assets(issuer),
        title=title,
        hours=Decimal(0),
        starts_on=starts_on,
        ends_on=ends_on,
        issued_on=issued_on or timezone.localdate(),
        send_email=send_email,
    )
    for certificate in issued:
        audit_record(
            actor=by,
            action=Action.ISSUED,
            target=certificate,
            changes={"kind": choice_change(Kind, None, certificate.kind)},
        )
    return issued
