"""URLs of the community itself: lists, founding, the page, charter, goal, strategy, tactics,
members, the election of the chair and openness (included by urls/__init__.py)."""

from django.urls import URLPattern, path

from ..views import community, members

urlpatterns: list[URLPattern] = [
    path("", community.community_list, name="list"),
    path("directory/", community.directory, name="directory"),
    path("new/", community.community_create, name="create"),
    path("<int:pk>/", community.community_detail, name="detail"),
    path("<int:pk>/charter/", community.charter_edit, name="charter_edit"),
    path("<int:pk>/goal/", community.goal_edit, name="goal_edit"),
    path("<int:pk>/openness/", community.community_openness, name="openness"),
    path("<int:pk>/strategy/", community.strategy, name="strategy"),
    path("<int:pk>/strategy/choose/", community.strategy_choose, name="strategy_choose"),
    path("<int:pk>/strategy/add/", community.strategy_add, name="strategy_add"),
    path("<int:pk>/tactics/new/", community.tactic_add, name="tactic_add"),
    path("tactics/<int:tactic_id>/edit/", community.tactic_edit, name="tactic_edit"),
    path("tactics/<int:tactic_id>/done/", community.tactic_done, name="tactic_done"),
    path("tactics/<int:tactic_id>/delete/", community.tactic_delete, name="tactic_delete"),
    path("<int:pk>/members/", members.members, name="members"),
    path("<int:pk>/members/add/", members.member_add, name="member_add"),
    path("<int:pk>/members/invite/", members.member_invite, name="member_invite"),
    path("<int:pk>/leave/", members.member_leave, name="member_leave"),
    path("<int:pk>/vote/", members.vote, name="vote"),
    path("members/<int:member_id>/remove/", members.member_remove, name="member_remove"),
    path("members/<int:member_id>/role/", members.member_role, name="member_role"),
]
