"""Who sees which material: unpublished and organisation-only materials never reach those who
may not see them, in lists, pages or the moderation queue."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from metodset.library import permissions, services
from metodset.library.models import Collection, Material

from .world import library_world, material

V = Material.Visibility


@pytest.fixture
def world(db):
    return library_world()


def _sees(user, made) -> bool:
    return permissions.readable_materials(user).filter(pk=made.pk).exists()


def test_a_published_materials_visibility_decides_its_readers(world):
    school = material(world, visibility=V.ORGANIZATION, title="Для своей школы")
    shared = material(world, visibility=V.NETWORK, title="Для сети")
    public = material(world, visibility=V.PUBLIC, title="Для всех")
    anonymous = AnonymousUser()
    assert [
        _sees(u, school)
        for u in (world.author, world.methodist, world.colleague, world.outsider, anonymous)
    ] == [True, True, False, False, False]
    assert [
        _sees(u, shared)
        for u in (world.author, world.coordinator, world.colleague, world.outsider, anonymous)
    ] == [True, True, True, False, False]
    assert [_sees(u, public) for u in (world.colleague, world.outsider, anonymous)] == [
        True,
        True,
        True,
    ]


@pytest.mark.parametrize("status", ["draft", "submitted", "under_review", "returned", "withdrawn"])
def test_an_unpublished_material_is_read_by_nobody(world, status):
    made = material(world, visibility=V.PUBLIC, status=status)
    for user in (world.author, world.colleague, world.outsider, world.coordinator, AnonymousUser()):
        assert not _sees(user, made)
    # its author still opens her own, in every status
    assert permissions.material_for_viewer(viewer=world.author, pk=made.pk) == made
    with pytest.raises(Http404):
        permissions.material_for_viewer(viewer=world.colleague, pk=made.pk)
    with pytest.raises(Http404):
        permissions.material_for_viewer(viewer=None, pk=made.pk)


def test_moderators_see_what_waits_for_them_and_never_a_draft(world):
    shared = material(world, status="submitted", title="Сетевой")
    school = material(world, status="submitted", visibility=V.ORGANIZATION, title="Школьный")
    draft = material(world, status="draft", title="Черновик")
    assert set(permissions.moderation_queue(world.coordinator)) == {shared}
    assert set(permissions.moderation_queue(world.methodist)) == {school}
    assert not permissions.moderation_queue(world.colleague).exists()
    assert permissions.can_moderate(world.coordinator, shared)
    assert not permissions.can_moderate(world.coordinator, school)
    assert not permissions.can_moderate(world.author, shared)
    with pytest.raises(Http404):
        permissions.material_for_viewer(viewer=world.coordinator, pk=draft.pk)


def test_the_author_edits_unless_it_waits_for_moderation(world):
    made = material(world, status="draft")
    assert permissions.can_edit(world.author, made)
    assert not permissions.can_edit(world.colleague, made)
    made = services.material_submit(material=made, by=world.author)
    assert not permissions.can_edit(world.author, made)
    assert permissions.can_edit(world.coordinator, made)


def test_collections_by_visibility_and_a_shelf_by_its_owner(world):
    public = services.collection_create(
        title="Кейс",
        by=world.coordinator,
        network=world.network,
        kind=Collection.Kind.CASE,
        visibility=Collection.Visibility.PUBLIC,
    )
    network = services.collection_create(
        title="Сетевой",
        by=world.coordinator,
        network=world.network,
        visibility=Collection.Visibility.NETWORK,
    )
    shelf = services.shelf_of(world.colleague)
    assert set(permissions.visible_collections(None)) == {public}
    assert set(permissions.visible_collections(world.outsider)) == {public}
    assert set(permissions.visible_collections(world.colleague)) == {public, network, shelf}
    assert shelf not in permissions.visible_collections(world.author)
    assert permissions.can_curate(world.coordinator, public)
    assert not permissions.can_curate(world.colleague, public)
    assert permissions.can_curate(world.colleague, shelf)
