"""Individual routes of the demo: the teachers of school 161 and kindergarten 12 with routes of
this school year in every state — drafts, sent for approval, returned with a comment, and
approved ones being followed, with steps done (evidence and reflection), in progress and
overdue — so that the methodist's board shows who is moving and who is stuck.

Routes are drafted by ``routes.services.route_draft_for`` from each teacher's latest profile
(the spring campaign of the demo's diagnostics), the path a teacher's «Составить черновик»
takes. The autumn has passed for the steps of approved routes: their first steps are moved
back to September–November, the way a route begun in September would look now. ``teacher@``
is left without a route: drafting hers is the demo's journey. Recognised by (teacher, year):
a second load adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from metodset.accounts.models import Membership, Organization, User
from metodset.diagnostics.profiles.selectors import latest_participation
from metodset.routes import services
from metodset.routes.models import Route, Step

from .data import DEMO_DOMAIN

ORGANIZATIONS = ("sch161", "ds12")
RETURN_COMMENT = (
    "Добавьте, пожалуйста, шаг по работе с родителями и уточните форму предъявления "
    "результата по курсу: открытый урок или выступление на методическом объединении?"
)
REFLECTIONS = (
    "Применила на уроках приёмы формирующего оценивания, дети стали точнее оценивать свои работы.",
    "Разработала серию заданий с цифровым тренажёром, поделилась на методическом объединении.",
    "Провела открытое занятие, коллеги отметили удачную организацию групповой работы.",
)


def demo_routes_load(
    *, organizations: dict[str, Organization], today: dt.date | None = None
) -> tuple[str, int]:
    """Create the demo's routes where missing; return a Russian line and how many."""
    today = today or timezone.localdate()
    year = services.default_year(today)
    rng = random.Random(20261125)
    created = 0
    with transaction.atomic():
        for key in ORGANIZATIONS:
            organization = organizations[key]
            reviewer = _reviewer(organization)
            teachers = (
                User.objects.filter(
                    memberships__organization=organization,
                    memberships__role=Membership.Role.TEACHER,
                )
                .exclude(email=f"teacher@{DEMO_DOMAIN}")
                .order_by("email")
                .distinct()
            )
            for n, teacher in enumerate(teachers):
                if Route.objects.filter(user=teacher, year=year).exists():
                    continue
                if latest_participation(teacher) is None:
                    continue
                route = services.route_draft_for(
                    user=teacher, organization=organization, year=year, today=today
                )
                created += 1
                _advance(route, n, reviewer, today, rng)
    counts = {
        status: Route.objects.filter(year=year, status=status).count()
        for status in Route.Status.values
    }
    done = Step.objects.filter(route__year=year, status=Step.Status.DONE).count()
    return (
        f"Маршруты {year}/{str(year + 1)[-2:]}: черновики — {counts['draft']}, на утверждении — "
        f"{counts['submitted']}, возвращены — {counts['returned']}, утверждены — "
        f"{counts['approved']} (выполнено шагов: {done}); табло — у методиста школы № 161 и "
        f"заведующего детским садом № 12; добавлено сейчас: {created}.",
        created,
    )


def _reviewer(organization: Organization) -> User:
    membership = (
        Membership.objects.filter(
            organization=organization,
            role__in=[Membership.Role.METHODIST, Membership.Role.MANAGER],
        )
        .select_related("user")
        .order_by("role", "user__email")
        .first()
    )
    assert membership is not None
    return membership.user


def _advance(route: Route, n: int, reviewer: User, today: dt.date, rng: random.Random) -> None:
    """Move the n-th teacher's route to its state: 0 draft, 1 submitted, 2 returned, the rest
    approved and under way (every fourth behind with its first step, half of the second steps
    overdue, some in progress)."""
    if not route.steps.exists() or n == 0:
        return
    services.route_submit(route=route)
    if n == 1:
        return
    if n == 2:
        services.route_return(route=route, by=reviewer, comment=RETURN_COMMENT)
        return
    services.route_approve(route=route, by=reviewer, comment="Согласовано.")
    steps = list(route.steps.order_by("starts_on", "order", "pk"))
    september = dt.date(route.year, 9, 15)
    for i, step in enumerate(steps[:2]):
        # The autumn's steps: one finished in October, one due by mid-November.
        starts = september + dt.timedelta(days=14 * i)
        ends = min(today - dt.timedelta(days=3), starts + dt.timedelta(days=45 + 10 * i))
        if i == 1 and n % 2 == 0:  # half of the second steps are still within their dates
            ends = today + dt.timedelta(days=25)
        Step.objects.filter(pk=step.pk).update(starts_on=starts, ends_on=ends)
        step.refresh_from_db()
        if i == 0 and n % 4 != 3:  # every fourth teacher has not finished even the first
            services.step_mark_done(
                step=step,
                by=route.user,
                evidence_text="Конспект открытого урока и материалы к нему — на сайте школы.",
                reflection=rng.choice(REFLECTIONS),
            )
            done_at = timezone.make_aware(
                dt.datetime.combine(ends - dt.timedelta(days=2), dt.time(15))
            )
            Step.objects.filter(pk=step.pk).update(done_at=done_at)
        elif i == 1 and n % 3 == 0:
            services.step_set_status(step=step, status=Step.Status.IN_PROGRESS)
