"""Who may build questionnaires and see their results.

Built on the roles of ``metodset.accounts.permissions``: managers and methodists of an
organisation and network coordinators create questionnaires; a questionnaire is run by its
author, by those who manage its organisation and by the coordinators of its network.
Answering needs no permission: the invitation's token or the public link is the key.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from metodset.accounts import permissions as roles
from metodset.accounts.models import Network, Organization, User

from .models import Questionnaire


def can_create_questionnaires(user: User) -> bool:
    return roles.is_active_user(user) and (
        user.is_superuser
        or bool(roles.staff_organization_ids(user))
        or bool(roles.coordinated_network_ids(user))
    )


def can_manage_questionnaire(user: User, questionnaire: Questionnaire) -> bool:
    """Build, distribute and see the results of this questionnaire."""
    if not roles.is_active_user(user):
        return False
    if user.is_superuser or (
        questionnaire.created_by_id is not None and questionnaire.created_by_id == user.pk
    ):
        return True
    if questionnaire.network_id and questionnaire.network_id in roles.coordinated_network_ids(user):
        return True
    organization = questionnaire.organization
    return organization is not None and roles.can_manage_organization(user, organization)


def managed_questionnaires(user: User) -> QuerySet[Questionnaire]:
    """Questionnaires the user runs, for the «Анкеты» list and the API."""
    if not roles.is_active_user(user):
        return Questionnaire.objects.none()
    if user.is_superuser:
        return Questionnaire.objects.all()
    return Questionnaire.objects.filter(
        Q(created_by=user)
        | Q(organization__in=roles.manageable_organizations(user).values("pk"))
        | Q(network_id__in=roles.coordinated_network_ids(user))
    )


def owner_organizations(user: User) -> QuerySet[Organization]:
    """Organisations a new questionnaire may belong to."""
    return roles.manageable_organizations(user).order_by("short_name")


def owner_networks(user: User) -> QuerySet[Network]:
    """Networks a new questionnaire may belong to."""
    if user.is_superuser:
        return Network.objects.order_by("name")
    return Network.objects.filter(pk__in=roles.coordinated_network_ids(user)).order_by("name")
