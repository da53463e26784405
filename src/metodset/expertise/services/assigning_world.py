"""The reading side of reviewer assignment: a campaign's rows turned into the solver's problem.

Who may review what (the hard conflicts listed in ``services.assigning``), each reviewer's
load bounds, and how well she suits each item (affinity: matching competencies and subjects,
and her bid). Split from ``assigning`` (the writes) to keep both readable; nothing here writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
from django.db.models import Count, Model, QuerySet
from django.utils.translation import gettext as _

from metodset.accounts.models import Membership, User
from metodset.diagnostics.models import Competency
from metodset.programs.models import ProgramMember, Team

from .. import assignment
from ..models import Bid, Campaign, Conflict, ExpertProfile, Item, ItemAuthor, Review

AFFINITY_COMPETENCY = 10
AFFINITY_SUBJECT = 10
AFFINITY_BID = 20
ASSIGNABLE = (Item.Status.SUBMITTED, Item.Status.REVIEWING)
FEW_ITEMS = 200  # up to this many, a campaign's rows are read by the items' ids
_Row = TypeVar("_Row", bound=Model)


@dataclass
class _World:
    """What the problem is built from, loaded in a fixed number of queries."""

    campaign: Campaign
    items: dict[int, Item]
    reviewers: dict[int, User]
    profiles: dict[int, ExpertProfile]
    bounds: dict[int, tuple[int, int]]
    conflicts: set[tuple[int, int]]
    affinity: _Affinity
    organizations: dict[int, frozenset[int]]
    item_organizations: dict[int, frozenset[int]]


def _words(text: str) -> set[str]:
    return {w.strip().lower() for w in text.split(",") if w.strip()}


def _pool(campaign: Campaign) -> tuple[dict[int, User], dict[int, ExpertProfile]]:
    reviewers: dict[int, User] = {}
    profiles: dict[int, ExpertProfile] = {}
    if campaign.pool in (Campaign.Pool.EXPERTS, Campaign.Pool.BOTH):
        for profile in ExpertProfile.objects.filter(
            network_id=campaign.network_id, available=True, user__is_active=True
        ).select_related("user"):
            reviewers[profile.user_id] = profile.user
            profiles[profile.user_id] = profile
    if campaign.pool in (Campaign.Pool.PEERS, Campaign.Pool.BOTH):
        for author in (
            ItemAuthor.objects.filter(item__campaign=campaign, user__is_active=True)
            .exclude(item__status__in=[Item.Status.WITHDRAWN, Item.Status.DRAFT])
            .select_related("user")
        ):
            assert author.user is not None
            reviewers.setdefault(author.user_id, author.user)  # type: ignore[arg-type]
    return reviewers, profiles


def _bounds(
    campaign: Campaign,
    reviewers: dict[int, User],
    profiles: dict[int, ExpertProfile],
    *,
    with_minimum: bool,
) -> dict[int, tuple[int, int]]:
    taken = dict(
        Review.objects.filter(item__campaign=campaign, status__in=Review.ACTIVE)
        .values_list("expert_id")
        .annotate(n=Count("pk"))
        .values_list("expert_id", "n")
    )
    bounds = {}
    for key in reviewers:
        most = campaign.max_load
        if key in profiles:
            most = min(most, profiles[key].max_load)
        least = campaign.min_load if with_minimum else 0
        done = taken.get(key, 0)
        bounds[key] = (max(0, least - done), max(0, most - done))
    return bounds


@dataclass
class _Authorship:
    """Who wrote each item (accounts and addresses), their organisations, and who co-wrote
    with whom anywhere in the campaign."""

    people: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    emails: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    organizations: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    coauthors: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))


def _authorship(campaign: Campaign, items: dict[int, Item]) -> _Authorship:
    found = _Authorship()
    for item in items.values():
        if item.organization_id:
            found.organizations[item.pk].add(item.organization_id)
    anywhere: dict[int, set[int]] = defaultdict(set)
    for item_id, user_id, user_email, email, organization_id in ItemAuthor.objects.filter(
        item__campaign=campaign
    ).values_list("item_id", "user_id", "user__email", "email", "organization_id"):
        if user_id is not None:
            anywhere[item_id].add(user_id)
        if item_id not in items:
            continue
        if user_id is not None:
            found.people[item_id].add(user_id)
            found.emails[item_id].add(user_email.lower())
        if email:
            found.emails[item_id].add(email.lower())
        if organization_id:
            found.organizations[item_id].add(organization_id)
    for people in anywhere.values():
        for person in people:
            found.coauthors[person] |= people - {person}
    return found


def _load(campaign: Campaign, items: Iterable[Item], *, with_minimum: bool = True) -> _World:
    items_by_id = {item.pk: item for item in items}
    reviewers, profiles = _pool(campaign)
    written = _authorship(campaign, items_by_id)
    authors = set().union(*written.people.values()) if written.people else set()
    organizations: dict[int, set[int]] = defaultdict(set)
    for user_id, org_id in Membership.objects.filter(
        user_id__in=set(reviewers) | authors, organization__isnull=False
    ).values_list("user_id", "organization_id"):
        organizations[user_id].add(org_id)
    item_orgs = written.organizations
    for item_id, people in written.people.items():
        for person in people:
            item_orgs[item_id] |= organizations[person]
    conflicts: set[tuple[int, int]] = set()
    _team_conflicts(items_by_id, written.people, set(reviewers), conflicts)
    _own_work_conflicts(reviewers, written, organizations, item_orgs, conflicts)
    _declared_conflicts(items_by_id, written.people, item_orgs, set(reviewers), conflicts)
    _reviewed_already(campaign, items_by_id, organizations, set(reviewers), conflicts)
    affinity = _affinity(campaign, items_by_id, reviewers, profiles)
    return _World(
        campaign=campaign,
        items=items_by_id,
        reviewers=reviewers,
        profiles=profiles,
        bounds=_bounds(campaign, reviewers, profiles, with_minimum=with_minimum),
        conflicts=conflicts,
        affinity=affinity,
        organizations={k: frozenset(organizations[k]) for k in reviewers},
        item_organizations={k: frozenset(item_orgs[k]) for k in items_by_id},
    )


def _of_items(
    rows: QuerySet[_Row], campaign: Campaign, items: dict[int, Item], *, by: str, through: str
) -> QuerySet[_Row]:
    """The rows of these items: by their ids when they are few (one item reassigned), by
    the campaign when they are many, the caller skipping the others — Django prepares every
    id of an ``IN`` list, 0.4 s for a regional contest's 5,000 in three queries."""
    if len(items) <= FEW_ITEMS:
        return rows.filter(**{f"{by}__in": list(items)})
    return rows.filter(**{through: campaign})


def _own_work_conflicts(
    reviewers: dict[int, User],
    written: _Authorship,
    organizations: dict[int, set[int]],
    item_orgs: dict[int, set[int]],
    conflicts: set[tuple[int, int]],
) -> None:
    """Authors (by account or address), co-authors and the same organisation, found through
    indexes so the work is linear in authors and memberships, not reviewers × items."""
    by_email = {user.email.lower(): key for key, user in reviewers.items()}
    by_organization: dict[int, set[int]] = defaultdict(set)
    for key in reviewers:
        for org in organizations[key]:
            by_organization[org].add(key)
    coauthored_by: dict[int, set[int]] = defaultdict(set)  # author -> reviewers who co-wrote
    for key in reviewers:
        for person in written.coauthors[key]:
            coauthored_by[person].add(key)
    for item_id, people in written.people.items():
        for person in people:
            if person in reviewers:
                conflicts.add((person, item_id))
            conflicts.update((key, item_id) for key in coauthored_by[person])
    for item_id, emails in written.emails.items():
        conflicts.update((by_email[e], item_id) for e in emails if e in by_email)
    for item_id, orgs in item_orgs.items():
        for org in orgs:
            conflicts.update((key, item_id) for key in by_organization[org])


def _team_conflicts(
    items: dict[int, Item],
    authors_by_item: dict[int, set[int]],
    reviewers: set[int],
    conflicts: set[tuple[int, int]],
) -> None:
    """Same programme team as an author (or the item's team), or its tutor."""
    people = set().union(*authors_by_item.values()) if authors_by_item else set()
    teams_of: dict[int, set[int]] = defaultdict(set)
    for user_id, team_id in ProgramMember.objects.filter(
        user_id__in=people | reviewers, team__isnull=False
    ).values_list("user_id", "team_id"):
        teams_of[user_id].add(team_id)
    item_teams: dict[int, set[int]] = {}
    for item_id, item in items.items():
        teams = {item.team_id} if item.team_id else set()
        for person in authors_by_item[item_id]:
            teams |= teams_of[person]
        item_teams[item_id] = teams
    all_teams = set().union(*item_teams.values()) if item_teams else set()
    tutors = dict(Team.objects.filter(pk__in=all_teams).values_list("pk", "tutor_id"))
    # Indexed by team, so the work is linear in memberships and items, not reviewers × items.
    close_to: dict[int, set[int]] = defaultdict(set)  # team -> reviewers in it or tutoring it
    for reviewer in reviewers:
        for team in teams_of[reviewer]:
            close_to[team].add(reviewer)
    for team, tutor in tutors.items():
        if tutor in reviewers:
            close_to[team].add(tutor)
    for item_id, teams in item_teams.items():
        for team in teams:
            conflicts.update((reviewer, item_id) for reviewer in close_to[team])


def _declared_conflicts(
    items: dict[int, Item],
    authors_by_item: dict[int, set[int]],
    item_orgs: dict[int, set[int]],
    reviewers: set[int],
    conflicts: set[tuple[int, int]],
) -> None:
    """An item, a person or an organisation an expert named, looked up through indexes."""
    written_by: dict[int, set[int]] = defaultdict(set)
    for item_id in items:
        for person in authors_by_item[item_id]:
            written_by[person].add(item_id)
    of_organization: dict[int, set[int]] = defaultdict(set)
    for item_id in items:
        for org in item_orgs[item_id]:
            of_organization[org].add(item_id)
    for expert_id, item_id, person_id, organization_id in Conflict.objects.filter(
        expert_id__in=reviewers
    ).values_list("expert_id", "item_id", "person_id", "organization_id"):
        named: set[int] = {item_id} if item_id in items else set()
        if person_id:
            named |= written_by[person_id]
        if organization_id:
            named |= of_organization[organization_id]
        conflicts.update((expert_id, named_id) for named_id in named)


def _reviewed_already(
    campaign: Campaign,
    items: dict[int, Item],
    organizations: dict[int, set[int]],
    reviewers: set[int],
    conflicts: set[tuple[int, int]],
) -> None:
    """Whoever had this version, and everyone of an organisation already reviewing it."""
    versions = {item_id: item.version for item_id, item in items.items()}
    active: dict[int, set[int]] = defaultdict(set)
    for item_id, expert_id, version, status in (
        _of_items(Review.objects.all(), campaign, items, by="item_id", through="item__campaign")
        .order_by()  # the default order joins items and campaigns to sort what needs none
        .values_list("item_id", "expert_id", "version", "status")
    ):
        if item_id not in versions or version != versions[item_id]:
            continue
        conflicts.add((expert_id, item_id))
        if status in Review.ACTIVE:
            active[item_id].add(expert_id)
    experts = set().union(*active.values()) if active else set()
    places: dict[int, set[int]] = defaultdict(set)
    for user_id, org_id in Membership.objects.filter(
        user_id__in=experts, organization__isnull=False
    ).values_list("user_id", "organization_id"):
        places[user_id].add(org_id)
    by_organization: dict[int, set[int]] = defaultdict(set)
    for reviewer in reviewers:
        for org in organizations[reviewer]:
            by_organization[org].add(reviewer)
    for item_id, taken in active.items():
        for org in set().union(*(places[e] for e in taken)):
            conflicts.update((reviewer, item_id) for reviewer in by_organization[org])


def _why(same_subjects: list[str], same_competencies: list[str], bid: int) -> str:
    """The reason the item's page shows for a pair («совпадение по …»)."""
    parts = []
    if same_subjects:
        parts.append(_("matching subjects: %(list)s") % {"list": ", ".join(same_subjects)})
    if same_competencies:
        names = ", ".join(same_competencies)
        parts.append(_("matching competencies: %(list)s") % {"list": names})
    if bid:
        parts.append(_("the expert's wish: %(wish)s") % {"wish": Bid.Level(bid).label})
    return "; ".join(parts)[:300]


@dataclass
class _Affinity:
    """How well each reviewer suits each item, from profiles and bids: every pair's score
    (``assignment.affinity.DenseAffinity``), and what the reason is worded from — only for the
    pairs that become reviews, not for the millions the solver weighs."""

    scores: assignment.DenseAffinity | None = None
    words_of: dict[int, set[str]] = field(default_factory=dict)
    competencies_of: dict[int, set[int]] = field(default_factory=dict)
    item_words: dict[int, set[str]] = field(default_factory=dict)
    item_competencies: dict[int, dict[int, str]] = field(default_factory=dict)
    bids: dict[tuple[int, int], int] = field(default_factory=dict)
    # Worded reasons by what they name: a contest's 15,000 reviews share a few hundred.
    texts: dict[tuple[tuple[str, ...], tuple[str, ...], int], str] = field(default_factory=dict)

    def score(self, reviewer: int, item: int) -> int:
        return self.scores.get((reviewer, item), 0) if self.scores is not None else 0

    def reason(self, reviewer: int, item: int) -> str:
        """«совпадение по …» of the item's page; empty when they share nothing."""
        wanted = self.item_competencies.get(item, {})
        mine = self.competencies_of.get(reviewer, set())
        same = [wanted[c] for c in sorted(mine & wanted.keys())]
        words = self.words_of.get(reviewer, set()) & self.item_words.get(item, set())
        named = (tuple(sorted(words)), tuple(same), self.bids.get((reviewer, item), 0))
        if named not in self.texts:
            self.texts[named] = _why(list(named[0]), list(named[1]), named[2])
        return self.texts[named]


def _affinity_read(
    campaign: Campaign,
    items: dict[int, Item],
    reviewers: dict[int, User],
    profiles: dict[int, ExpertProfile],
) -> _Affinity:
    """The words, competencies and bids affinity is computed from, in four queries."""
    found = _Affinity()
    wanted: dict[int, set[int]] = defaultdict(set)
    for item_id, competency_id in (
        _of_items(Item.objects.all(), campaign, items, by="pk", through="campaign")
        .filter(competencies__isnull=False)
        .order_by()
        .values_list("pk", "competencies")
    ):
        if item_id in items:
            wanted[item_id].add(competency_id)
    names = {
        competency.pk: str(competency)
        for competency in Competency.objects.filter(pk__in=set().union(*wanted.values()))
    }
    for item_id, item in items.items():
        found.item_words[item_id] = _words(item.subjects)
        found.item_competencies[item_id] = {c: names[c] for c in wanted[item_id]}
    profile_users = {profile.pk: key for key, profile in profiles.items()}
    for profile_id, competency_id in ExpertProfile.objects.filter(
        network_id=campaign.network_id, competencies__isnull=False
    ).values_list("pk", "competencies"):
        if profile_id in profile_users:
            found.competencies_of.setdefault(profile_users[profile_id], set()).add(competency_id)
    for key, profile in profiles.items():
        found.words_of[key] = _words(profile.subjects)
    # By the items alone: with the experts too, SQLite probes the (expert, item) index for
    # every pair of the two lists, 7.5 million probes for a regional contest.
    for expert_id, item_id, level in _of_items(
        Bid.objects.all(), campaign, items, by="item_id", through="item__campaign"
    ).values_list("expert_id", "item_id", "level"):
        if expert_id in reviewers and item_id in items:
            found.bids[(expert_id, item_id)] = level
    return found


def _affinity(
    campaign: Campaign,
    items: dict[int, Item],
    reviewers: dict[int, User],
    profiles: dict[int, ExpertProfile],
) -> _Affinity:
    """Every pair's affinity at once: shared subject words and competencies counted as
    products of incidence matrices (``assignment.affinity``), bids added where made."""
    found = _affinity_read(campaign, items, reviewers, profiles)
    item_keys, reviewer_keys = list(items), list(reviewers)
    subjects = assignment.shared_counts(
        [found.item_words[i] for i in item_keys],
        [found.words_of.get(r, set()) for r in reviewer_keys],
    )
    competencies = assignment.shared_counts(
        [found.item_competencies[i].keys() for i in item_keys],
        [found.competencies_of.get(r, set()) for r in reviewer_keys],
    )
    scores = AFFINITY_SUBJECT * subjects + AFFINITY_COMPETENCY * competencies
    if found.bids:
        row = {key: i for i, key in enumerate(item_keys)}
        column = {key: i for i, key in enumerate(reviewer_keys)}
        pairs = list(found.bids.items())
        rows = np.fromiter((row[i] for (_, i), _ in pairs), dtype=np.int64, count=len(pairs))
        cols = np.fromiter((column[r] for (r, _), _ in pairs), dtype=np.int64, count=len(pairs))
        levels = np.fromiter((level for _, level in pairs), dtype=np.int32, count=len(pairs))
        scores[rows, cols] += AFFINITY_BID * levels  # each pair bid on once
    found.scores = assignment.DenseAffinity(
        reviewer_keys=reviewer_keys, paper_keys=item_keys, matrix=scores
    )
    return found


def _problem(world: _World, needs: dict[int, int]) -> assignment.Problem:
    reviewers = tuple(
        assignment.Reviewer(
            key=key,
            organizations=world.organizations[key],
            min_load=world.bounds[key][0],
            max_load=world.bounds[key][1],
        )
        for key in sorted(world.reviewers)
    )
    papers = tuple(
        assignment.Paper(key=item_id, organizations=world.item_organizations[item_id], reviews=n)
        for item_id, n in sorted(needs.items())
        if n > 0
    )
    return assignment.Problem(
        reviewers=reviewers,
        papers=papers,
        conflicts=frozenset(world.conflicts),
        affinity=world.affinity.scores if world.affinity.scores is not None else {},
        one_per_organization=True,
    )
