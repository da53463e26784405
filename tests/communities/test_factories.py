"""The shared factories make what the other tests rely on."""

import pytest

from metodset.communities import permissions
from metodset.communities.models import Community

from . import factories

pytestmark = pytest.mark.django_db


def test_a_closed_community_is_seen_by_its_members_only():
    kindergarten = factories.kindergarten()
    chair = factories.teacher_of(kindergarten)
    member = factories.teacher_of(kindergarten)
    colleague = factories.teacher_of(kindergarten)
    community = factories.community(organization=kindergarten, chair=chair, members=[member])
    cycle = factories.cycle(community_=community)

    assert set(permissions.visible_communities(member)) == {community}
    assert set(permissions.visible_communities(colleague)) == set()
    assert permissions.is_coordinator(chair, community)
    assert not permissions.is_coordinator(member, community)
    assert cycle.versions.get().stages.count() == 4
    assert list(cycle.case_children.values_list("code", flat=True)) == ["Р-1", "Р-2"]


def test_opening_to_the_organisation_shows_the_community_to_its_people():
    kindergarten = factories.kindergarten()
    colleague = factories.teacher_of(kindergarten)
    stranger = factories.teacher_of(factories.kindergarten())
    community = factories.community(
        organization=kindergarten, openness=Community.Openness.ORGANIZATION
    )

    assert set(permissions.visible_communities(colleague)) == {community}
    assert set(permissions.visible_communities(stranger)) == set()
    assert not permissions.member_communities(colleague).exists()
