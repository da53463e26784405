"""A small library world: a network of two schools, an outside school, and a person per role."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile

from metodset.accounts.models import Membership, Network, Organization, User
from metodset.library import services
from metodset.library.models import Material

from .. import factories

Role = Membership.Role
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@dataclass
class LibraryWorld:
    network: Network
    school_a: Organization
    school_b: Organization
    outside: Organization
    coordinator: User  # the network's coordinator: moderates what the network sees
    methodist: User  # school A's methodist: moderates what school A alone sees
    author: User  # a teacher of school A
    colleague: User  # a teacher of school B, in the network
    outsider: User  # a teacher of a school outside the network


def library_world() -> LibraryWorld:
    school_a, school_b, outside = (factories.organization() for _ in range(3))
    network = factories.network(partners=[school_a, school_b])
    return LibraryWorld(
        network=network,
        school_a=school_a,
        school_b=school_b,
        outside=outside,
        coordinator=factories.person(network_=network, role=Role.NETWORK_COORDINATOR),
        methodist=factories.person(organization_=school_a, role=Role.METHODIST),
        author=factories.person(organization_=school_a, last_name="Соколова"),
        colleague=factories.person(organization_=school_b, last_name="Лебедева"),
        outsider=factories.person(organization_=outside, last_name="Чужая"),
    )


def pdf(name: str = "разработка.pdf") -> ContentFile:
    return ContentFile(PDF, name=name)


def material(
    world: LibraryWorld,
    *,
    title: str = "Технологическая карта урока математики",
    kind: str = Material.Kind.TECH_MAP,
    visibility: str = Material.Visibility.NETWORK,
    status: str = "published",
    by: User | None = None,
    **fields,
) -> Material:
    """A material of the author's school in the wanted state, through the services."""
    by = by or world.author
    made = services.material_create(
        by=by,
        title=title,
        kind=kind,
        file=pdf(),
        organization=world.school_a,
        network=world.network,
        visibility=visibility,
        **fields,
    )
    moderator = (
        world.methodist if visibility == Material.Visibility.ORGANIZATION else world.coordinator
    )
    if status in ("submitted", "under_review", "returned", "published", "withdrawn"):
        made = services.material_submit(material=made, by=by)
    if status in ("under_review",):
        made = services.material_take(material=made, by=moderator)
    if status == "returned":
        made = services.material_return(material=made, by=moderator, comment="Добавьте цели.")
    if status in ("published", "withdrawn"):
        made = services.material_publish(material=made, by=moderator)
    if status == "withdrawn":
        made = services.material_withdraw(material=made, by=moderator, reason="Устарел.")
    return made
