"""Who may build questionnaires and see their results.

Built on the roles of ``metodset.accounts.permissions``: managers and methodists of an
organisation and network coordinators create questionnaires; a questionnaire is run by its
author, by those who manage its organisation and by the coordinators of its network.
Answering needs no permission: the invitation's token or the public link is the key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from metodset.accounts import permissions as account_permissions
from metodset.accounts.models import Network, Organization, User

from .models import Invitation, Question, Questionnaire, ResultsExport, Section

if TYPE_CHECKING:
    from .selectors import CountedQuestionnaire


def can_create_questionnaires(user: User) -> bool:
    return account_permissions.is_active_user(user) and (
        user.is_superuser
        or bool(account_permissions.staff_organization_ids(user))
        or bool(account_permissions.coordinated_network_ids(user))
    )


def can_manage_questionnaire(user: User, questionnaire: Questionnaire) -> bool:
    """Build, distribute and see the results of this questionnaire."""
    if not account_permissions.is_active_user(user):
        return False
    if user.is_superuser or (
        questionnaire.created_by_id is not None and questionnaire.created_by_id == user.pk
    ):
        return True
    if (
        questionnaire.network_id
        and questionnaire.network_id in account_permissions.coordinated_network_ids(user)
    ):
        return True
    organization = questionnaire.organization
    return organization is not None and account_permissions.can_manage_organization(
        user, organization
    )


def managed_questionnaires(user: User) -> QuerySet[Questionnaire]:
    """Questionnaires the user runs, for the «Анкеты» list and the API."""
    if not account_permissions.is_active_user(user):
        return Questionnaire.objects.none()
    if user.is_superuser:
        return Questionnaire.objects.all()
    return Questionnaire.objects.filter(
        Q(created_by=user)
        | Q(organization__in=account_permissions.manageable_organizations(user).values("pk"))
        | Q(network_id__in=account_permissions.coordinated_network_ids(user))
    )


def owner_organizations(user: User) -> QuerySet[Organization]:
    """Organisations a new questionnaire may belong to."""
    return account_permissions.manageable_organizations(user).order_by("short_name")


def owner_networks(user: User) -> QuerySet[Network]:
    """Networks a new questionnaire may belong to."""
    if user.is_superuser:
        return Network.objects.order_by("name")
    return Network.objects.filter(
        pk__in=account_permissions.coordinated_network_ids(user)
    ).order_by("name")


# --- access helpers: load one object for a viewer or raise 404/403 --------------------------


def questionnaire_for_manager(*, viewer: User, pk: int) -> CountedQuestionnaire:
    """The questionnaire with its counts; 404 if missing, 403 if the viewer does not run it."""
    from .selectors import with_counts  # selectors builds on this module

    questionnaire = get_object_or_404(with_counts(Questionnaire.objects.all()), pk=pk)
    if not can_manage_questionnaire(viewer, questionnaire):
        raise PermissionDenied
    return questionnaire


def question_of(*, questionnaire: Questionnaire, pk: int) -> Question:
    """A question of a questionnaire already loaded through ``questionnaire_for_manager``."""
    return get_object_or_404(Question, pk=pk, questionnaire=questionnaire)


def section_of(*, questionnaire: Questionnaire, pk: int) -> Section:
    """A section of a questionnaire already loaded through ``questionnaire_for_manager``."""
    return get_object_or_404(Section, pk=pk, questionnaire=questionnaire)


def export_for_requester(*, viewer: User, questionnaire_pk: int, pk: int) -> ResultsExport:
    """An export is seen only by the person who asked for it (and still runs the survey)."""
    questionnaire = questionnaire_for_manager(viewer=viewer, pk=questionnaire_pk)
    return get_object_or_404(
        ResultsExport.objects.select_related("questionnaire"),
        pk=pk,
        questionnaire=questionnaire,
        requested_by=viewer,
    )


def invitation_for_token(*, token: str) -> Invitation:
    """The personal link's invitation: the token is the key, no login needed."""
    return get_object_or_404(
        Invitation.objects.select_related("questionnaire", "user"), token=token
    )


def questionnaire_for_public_link(*, token: str) -> Questionnaire:
    return get_object_or_404(Questionnaire, public_token=token, public_link_enabled=True)
