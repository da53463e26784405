"""Contests for the tests: a contest «Дистанционный урок» made through the app's services, its
entries, and the jury's submitted reviews (through the shared factories)."""

from __future__ import annotations

import io
from datetime import timedelta
from itertools import count

import pypdf
from django.utils import timezone

from metodset.accounts.models import Network, Organization, User
from metodset.certificates.models import Certificate
from metodset.expertise.models import Contest, Item, Nomination
from metodset.expertise.services import contests as services

from . import factories

RULES = (
    "Конкурс методических разработок «Дистанционный урок» проводится среди педагогов сети. "
    "На конкурс принимаются разработки уроков с применением дистанционных технологий."
)
CONSENT = "Я согласна с положением о конкурсе и на публикацию работы в методической копилке."
NOMINATIONS = ["Урок в начальной школе", "Урок в основной и старшей школе"]
_experts = count(1)


def contest(
    *,
    network: Network,
    organization: Organization,
    by: User,
    title: str = "Дистанционный урок",
    days: int = 7,
    **fields,
) -> Contest:
    """An open contest of two nominations on a network rubric (3 criteria, the second critical),
    entries accepted for ``days`` more days."""
    now = timezone.now()
    values = {
        "rules": RULES,
        "consent_text": CONSENT,
        "nominations": NOMINATIONS,
        "rubric": factories.rubric(network=network),
        "reviews_per_item": 3,
        "submissions_until": now + timedelta(days=days),
        "reviews_until": now + timedelta(days=days + 14),
        "prize_places": 3,
        **fields,
    }
    return services.contest_create(
        network=network, organization=organization, title=title, by=by, **values
    )


def nomination(contest_: Contest, index: int = 0) -> Nomination:
    return contest_.nominations.order_by("order")[index]


def entry(contest_: Contest, *, author: User, title: str, index: int = 0, **fields) -> Item:
    return services.contest_enter(
        contest=contest_,
        nomination=nomination(contest_, index),
        title=title,
        annotation="Урок с использованием платформы дистанционного обучения.",
        url="https://example.ru/urok",
        consent=True,
        by=author,
        **fields,
    )


def judged(item: Item, *reviews: list[int], network: Network) -> Item:
    """The item with one submitted review per list of scores, each by a new expert."""
    for number, scores in enumerate(reviews, start=1):
        expert = factories.expert(
            network=network, email=f"jury{next(_experts)}@example.ru", last_name="Эксперт"
        )
        factories.review(item_=item, expert_=expert, number=number, scores=scores)
    return item


def pdf_text(certificate: Certificate) -> str:
    """The stored PDF's text with its runs of white space made single spaces."""
    with certificate.pdf.open("rb") as f:
        reader = pypdf.PdfReader(io.BytesIO(f.read()))
        return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
