"""Writes of a community itself: founding it, its charter, line of change, goal, strategy,
tactics and openness. Every change of what the members agreed is in the audit log.

Decisions:
- the community is self-organised (seed 004: «педагоги сами выступают организаторами»): any
  member edits the charter, the line of change, the goal, the strategy and the tactics;
  coordinators change the members and the openness;
- a strategy pair a community adds goes to the library of its network (of the network it
  works across, or of the first network its organisation is a partner of, as the member
  chooses); a community whose organisation is in no network writes its own strategy in
  ``strategy_note``, since the library holds only shipped and network pairs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from metodset.accounts.audit import audit_record, choice_change, diff_fields
from metodset.accounts.models import Network, Organization, User

from ..models import Community, Member, Strategy, Tactic


def community_audit(
    *, community: Community, by: User | None, action: str, changes: dict[str, Any] | None = None
) -> None:
    audit_record(actor=by, action=action, target=community, changes=changes)


def community_create(
    *,
    name: str,
    kind: str,
    organization: Organization | None = None,
    network: Network | None = None,
    direction: str = "",
    educational_areas: str = "",
    by: User,
) -> Community:
    """Found a community in an organisation or across a network; its founder chairs it."""
    if (organization is None) == (network is None):
        raise ValueError("a community lives in one organisation or across one network")
    with transaction.atomic():
        community = Community.objects.create(
            name=name,
            kind=kind,
            organization=organization,
            network=network,
            direction=direction,
            educational_areas=educational_areas,
            created_by=by,
        )
        Member.objects.create(community=community, user=by, role=Member.Role.CHAIR)
        community_audit(community=community, by=by, action="community.create")
    return community


def _update(*, community: Community, values: dict[str, Any], action: str, by: User) -> None:
    changes = diff_fields(community, values)
    if not changes:
        return
    with transaction.atomic():
        for field, value in values.items():
            setattr(community, field, value)
        community.updated_at = timezone.now()
        community.save(update_fields=[*values, "updated_at"])
        community_audit(community=community, by=by, action=action, changes=changes)


def community_charter_update(
    *,
    community: Community,
    idea: str,
    vision: str,
    values: str,
    line_of_change: str,
    educational_areas: str,
    direction: str,
    by: User,
) -> None:
    """The shared idea, vision and values, and the agreed line of change."""
    _update(
        community=community,
        values={
            "idea": idea,
            "vision": vision,
            "values": values,
            "line_of_change": line_of_change,
            "educational_areas": educational_areas,
            "direction": direction,
        },
        action="community.charter",
        by=by,
    )


def community_goal_update(
    *, community: Community, goal: str, goal_measure: str, strategy_note: str, by: User
) -> None:
    """The result to reach, its measure, and how the strategy is applied."""
    _update(
        community=community,
        values={"goal": goal, "goal_measure": goal_measure, "strategy_note": strategy_note},
        action="community.goal",
        by=by,
    )


def community_strategy_choose(*, community: Community, strategy: Strategy, by: User) -> None:
    """Take a pair of the library as the community's strategy."""
    _update(
        community=community,
        values={"strategy": strategy},
        action="community.strategy",
        by=by,
    )


def strategy_add(
    *,
    community: Community,
    network: Network,
    problem: str,
    strategy: str,
    description: str = "",
    by: User,
) -> Strategy:
    """Add the community's own pair to its network's library and choose it."""
    with transaction.atomic():
        pair = Strategy.objects.create(
            problem=problem,
            strategy=strategy,
            description=description,
            network=network,
            created_by=by,
        )
        community_strategy_choose(community=community, strategy=pair, by=by)
    return pair


def community_openness_set(*, community: Community, openness: str, by: User) -> None:
    """Open the community's records to the organisation, the network or everyone (or close)."""
    if openness == community.openness:
        return
    change = choice_change(Community.Openness, community.openness, openness)
    with transaction.atomic():
        community.openness = openness
        community.updated_at = timezone.now()
        community.save(update_fields=["openness", "updated_at"])
        community_audit(
            community=community, by=by, action="community.openness", changes={"openness": change}
        )


# --- tactics ----------------------------------------------------------------------------------


def _check_dates(starts_on: dt.date | None, due_on: dt.date | None) -> None:
    if starts_on and due_on and due_on < starts_on:
        raise ValueError("a tactic cannot end before it starts")  # the form says so first


def tactic_add(
    *,
    community: Community,
    action: str,
    resources: str = "",
    responsible: list[User] | None = None,
    starts_on: dt.date | None = None,
    due_on: dt.date | None = None,
    by: User,
) -> Tactic:
    _check_dates(starts_on, due_on)
    with transaction.atomic():
        tactic = Tactic.objects.create(
            community=community,
            action=action,
            resources=resources,
            starts_on=starts_on,
            due_on=due_on,
        )
        tactic.responsible.set(responsible or [])
        community_audit(
            community=community,
            by=by,
            action="community.tactic_add",
            changes={"tactic": [None, action]},
        )
    return tactic


def tactic_update(
    *,
    tactic: Tactic,
    action: str,
    resources: str,
    responsible: list[User],
    starts_on: dt.date | None,
    due_on: dt.date | None,
    by: User,
) -> None:
    _check_dates(starts_on, due_on)
    with transaction.atomic():
        tactic.action = action
        tactic.resources = resources
        tactic.starts_on = starts_on
        tactic.due_on = due_on
        tactic.save(update_fields=["action", "resources", "starts_on", "due_on"])
        tactic.responsible.set(responsible)


def tactic_done_set(*, tactic: Tactic, done: bool, by: User) -> None:
    with transaction.atomic():
        tactic.done = done
        tactic.save(update_fields=["done"])


def tactic_delete(*, tactic: Tactic, by: User) -> None:
    with transaction.atomic():
        community_audit(
            community=tactic.community,
            by=by,
            action="community.tactic_delete",
            changes={"tactic": [tactic.action, None]},
        )
        tactic.delete()
