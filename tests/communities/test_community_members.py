"""Members of a community: adding from the organisation, inviting a specialist, leaving and
removing, roles, and the members' election of the chair."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metodset.accounts.models import AuditEntry, Membership
from metodset.communities.models import Community, CoordinatorVote, Member
from metodset.communities.services import members as services

from .. import factories as base
from ..conftest import client_for
from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    kindergarten = factories.kindergarten()
    chair = factories.teacher_of(kindergarten, last_name="Смирнова", first_name="Ольга")
    member = factories.teacher_of(kindergarten, last_name="Кузнецова", first_name="Анна")
    colleague = factories.teacher_of(kindergarten, last_name="Попова", first_name="Елена")
    stranger = factories.teacher_of(factories.kindergarten(), last_name="Орлова")
    community = factories.community(organization=kindergarten, chair=chair, members=[member])
    return SimpleNamespace(
        kindergarten=kindergarten,
        chair=chair,
        member=member,
        colleague=colleague,
        stranger=stranger,
        community=community,
    )


def _member(community: Community, user) -> Member:
    return Member.objects.get(community=community, user=user)


# --- the members page and adding ---------------------------------------------------------------


def test_a_coordinator_finds_a_colleague_by_name_and_adds_her(world):
    client = client_for(world.chair)
    page = client.get(f"/communities/{world.community.pk}/members/", {"q": "попова"})
    assert page.status_code == 200 and "Попова Елена" in page.text
    assert "Орлова" not in page.text  # another kindergarten's teacher is not offered
    response = client.post(
        f"/communities/{world.community.pk}/members/add/", {"person": world.colleague.pk}
    )
    assert response.status_code == 302
    assert _member(world.community, world.colleague).role == Member.Role.MEMBER
    entry = AuditEntry.objects.get(action="community.member_add")
    assert entry.changes["member"] == [None, world.colleague.pk]


def test_a_person_of_another_organisation_cannot_be_added(world):
    response = client_for(world.chair).post(
        f"/communities/{world.community.pk}/members/add/", {"person": world.stranger.pk}
    )
    assert response.status_code == 400
    assert "Этого человека нельзя добавить в сообщество." in response.text
    assert not Member.objects.filter(user=world.stranger).exists()


def test_the_members_page_is_403_to_a_member_and_404_to_others(world):
    url = f"/communities/{world.community.pk}/members/"
    assert client_for(world.member).get(url).status_code == 403
    assert client_for(world.colleague).get(url).status_code == 404
    assert client_for(world.stranger).get(url).status_code == 404
    add = f"/communities/{world.community.pk}/members/add/"
    assert client_for(world.member).post(add, {"person": world.colleague.pk}).status_code == 403


def test_a_network_community_adds_people_of_the_partners(world):
    school = base.organization()
    network = base.network(partners=[world.kindergarten, school])
    teacher = factories.teacher_of(school, last_name="Зайцева")
    outsider = factories.teacher_of(base.organization(), last_name="Белова")
    community = factories.community(organization=None, network=network, chair=world.chair)
    page = client_for(world.chair).get(f"/communities/{community.pk}/members/")
    assert "Зайцева" in page.text and "Попова" in page.text and "Белова" not in page.text
    assert outsider.pk and teacher.pk


def test_the_members_page_costs_the_same_queries_at_two_sizes(world):
    client = client_for(world.chair)
    url = f"/communities/{world.community.pk}/members/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _n in range(5):
        Member.objects.create(
            community=world.community, user=factories.teacher_of(world.kindergarten)
        )
        factories.teacher_of(world.kindergarten)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


# --- inviting ----------------------------------------------------------------------------------


def test_a_specialist_from_elsewhere_is_invited_by_the_email_of_her_account(world):
    methodist = base.person(email="metodist@imc.example.ru", last_name="Лебедева")
    response = client_for(world.chair).post(
        f"/communities/{world.community.pk}/members/invite/",
        {"email": "Metodist@IMC.example.ru"},
    )
    assert response.status_code == 302
    assert _member(world.community, methodist).role == Member.Role.INVITED
    page = client_for(methodist).get(f"/communities/{world.community.pk}/")
    assert page.status_code == 200 and "приглашённый специалист" in page.text


def test_an_unknown_email_is_refused_and_no_account_is_created(world):
    response = client_for(world.chair).post(
        f"/communities/{world.community.pk}/members/invite/", {"email": "nobody@example.ru"}
    )
    assert response.status_code == 400
    assert "Учётной записи с такой электронной почтой нет" in response.text
    assert 'value="nobody@example.ru"' in response.text
    assert not Membership.objects.filter(user__email="nobody@example.ru").exists()


def test_inviting_is_403_to_a_member(world):
    response = client_for(world.member).post(
        f"/communities/{world.community.pk}/members/invite/", {"email": world.stranger.email}
    )
    assert response.status_code == 403


# --- leaving, removing, roles ------------------------------------------------------------------


def test_a_member_leaves(world):
    response = client_for(world.member).post(f"/communities/{world.community.pk}/leave/")
    assert response.status_code == 302 and response["Location"] == "/communities/"
    assert not Member.objects.filter(user=world.member).exists()


def test_the_last_coordinator_cannot_leave_without_handing_over(world):
    client = client_for(world.chair)
    response = client.post(f"/communities/{world.community.pk}/leave/", follow=True)
    assert "Сообщество останется без координатора" in response.text
    assert _member(world.community, world.chair).role == Member.Role.CHAIR
    # She appoints an administrator, and then she may leave.
    member = _member(world.community, world.member)
    client.post(f"/communities/members/{member.pk}/role/", {"role": "administrator"})
    assert client.post(f"/communities/{world.community.pk}/leave/").status_code == 302
    assert list(world.community.members.values_list("role", flat=True)) == ["administrator"]


def test_the_last_coordinator_cannot_step_down_to_a_member(world):
    services.member_role_set(
        member=_member(world.community, world.member), role="administrator", by=world.chair
    )
    Member.objects.filter(user=world.chair).update(role=Member.Role.MEMBER)
    administrator = _member(world.community, world.member)
    with pytest.raises(services.MemberError):
        services.member_role_set(member=administrator, role="member", by=world.member)


def test_a_coordinator_removes_a_member_but_not_the_chair(world):
    services.member_add(community=world.community, user=world.colleague, by=world.chair)
    services.member_role_set(
        member=_member(world.community, world.member), role="administrator", by=world.chair
    )
    administrator = client_for(world.member)
    chair = _member(world.community, world.chair)
    response = administrator.post(f"/communities/members/{chair.pk}/remove/", follow=True)
    assert "Председателя избирают участники" in response.text
    colleague = _member(world.community, world.colleague)
    assert administrator.post(f"/communities/members/{colleague.pk}/remove/").status_code == 302
    assert not Member.objects.filter(user=world.colleague).exists()


def test_removing_is_403_to_a_member_and_404_outside(world):
    services.member_add(community=world.community, user=world.colleague, by=world.chair)
    target = _member(world.community, world.colleague)
    url = f"/communities/members/{target.pk}/remove/"
    assert client_for(world.member).post(url).status_code == 403
    assert client_for(world.stranger).post(url).status_code == 404
    assert (
        client_for(world.stranger)
        .post(f"/communities/members/{target.pk}/role/", {"role": "member"})
        .status_code
        == 404
    )


def test_leaving_is_404_to_a_non_member(world):
    assert (
        client_for(world.colleague).post(f"/communities/{world.community.pk}/leave/").status_code
        == 404
    )


# --- the election ------------------------------------------------------------------------------


@pytest.fixture
def four(world):
    """A community of four: the chair, the member and two colleagues."""
    third = factories.teacher_of(world.kindergarten, last_name="Волкова")
    services.member_add(community=world.community, user=world.colleague, by=world.chair)
    services.member_add(community=world.community, user=third, by=world.chair)
    return SimpleNamespace(third=third)


def test_more_than_half_of_the_members_elect_the_chair(world, four):
    candidate = _member(world.community, world.member)
    for voter in (world.member, world.colleague):
        client_for(voter).post(
            f"/communities/{world.community.pk}/vote/", {"candidate": candidate.pk}
        )
    # Two of four is half, not more than half: the chair stays.
    assert _member(world.community, world.chair).role == Member.Role.CHAIR
    page = client_for(world.chair).get(f"/communities/{world.community.pk}/")
    assert "2 голоса за председателя" in page.text and "Подано 2 голоса." in page.text
    response = client_for(four.third).post(
        f"/communities/{world.community.pk}/vote/", {"candidate": candidate.pk}, follow=True
    )
    assert "избран(а) председателем" in response.text
    assert _member(world.community, world.member).role == Member.Role.CHAIR
    assert _member(world.community, world.chair).role == Member.Role.MEMBER
    assert AuditEntry.objects.filter(action="community.chair_elected").count() == 1


def test_a_vote_can_be_changed_and_counts_once(world, four):
    first = _member(world.community, world.member)
    second = _member(world.community, world.colleague)
    client = client_for(world.chair)
    client.post(f"/communities/{world.community.pk}/vote/", {"candidate": first.pk})
    client.post(f"/communities/{world.community.pk}/vote/", {"candidate": second.pk})
    vote = CoordinatorVote.objects.get()
    assert vote.candidate == second


def test_voting_for_a_member_of_another_community_is_refused(world):
    other = factories.community(organization=world.kindergarten, chair=world.colleague)
    outsider = _member(other, world.colleague)
    response = client_for(world.member).post(
        f"/communities/{world.community.pk}/vote/", {"candidate": outsider.pk}, follow=True
    )
    assert "Выберите участника сообщества." in response.text
    assert not CoordinatorVote.objects.exists()


def test_voting_is_404_to_a_non_member(world):
    candidate = _member(world.community, world.member)
    response = client_for(world.colleague).post(
        f"/communities/{world.community.pk}/vote/", {"candidate": candidate.pk}
    )
    assert response.status_code == 404


def test_when_a_member_leaves_the_remaining_votes_may_elect(world, four):
    candidate = _member(world.community, world.member)
    services.coordinator_vote(
        voter=_member(world.community, world.member), candidate=candidate, by=world.member
    )
    services.coordinator_vote(
        voter=_member(world.community, world.colleague), candidate=candidate, by=world.colleague
    )
    assert candidate.role == Member.Role.MEMBER
    services.member_leave(member=_member(world.community, four.third), by=four.third)
    assert _member(world.community, world.member).role == Member.Role.CHAIR
