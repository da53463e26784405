"""Calls for works (приём работ): open campaigns a person may hand a work in to — her network's
campaigns of programmes, conference papers and articles, and a programme's products if she is
one of its interns. Contests have their own entry (``contests``)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from metodset.accounts import permissions as roles
from metodset.accounts.models import User
from metodset.programs.models import ProgramMember

from ..models import Campaign

ENTERABLE = (
    Campaign.Kind.PRODUCTS,
    Campaign.Kind.PROGRAMS,
    Campaign.Kind.CONFERENCE,
    Campaign.Kind.ARTICLES,
)


def open_calls(user: User) -> QuerySet[Campaign]:
    if not roles.is_active_user(user):
        return Campaign.objects.none()
    programs = ProgramMember.objects.filter(user=user, role=ProgramMember.Role.INTERN).values(
        "program_id"
    )
    return Campaign.objects.filter(
        Q(program__isnull=True) | Q(program_id__in=programs),
        status=Campaign.Status.OPEN,
        kind__in=ENTERABLE,
        network_id__in=roles.member_network_ids(user),
    ).filter(Q(submissions_until__isnull=True) | Q(submissions_until__gt=timezone.now()))


def call_for_entrant(*, viewer: User, pk: int) -> Campaign:
    campaign = open_calls(viewer).select_related("network").filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign
