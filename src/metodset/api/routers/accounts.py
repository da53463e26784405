"""People, organisations and networks in the JSON API, as permissions allow.

Access follows the pages: a network or organisation the caller may not view is 403, a person
they may not see is 404 (whether someone is registered is not the caller's business).
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import CharField, F, QuerySet, Value
from ninja import Router, Schema
from ninja.pagination import paginate

from metodset.accounts import permissions, selectors
from metodset.accounts.models import Membership, Network, Organization, Region, User
from metodset.api.auth import ApiRequest

from ..enums import choices_enum
from ..params import Id, Pagination

router = Router(tags=["people and organisations"])
# To mypy an enum made at run time is no type; it has the values of these choices.
if TYPE_CHECKING:
    MembershipRole = Membership.Role
    OrganizationKind = Organization.Kind
else:
    MembershipRole = choices_enum("MembershipRole", Membership.Role)
    OrganizationKind = choices_enum("OrganizationKind", Organization.Kind)
Role = Membership.Role


# --- schemas ----------------------------------------------------------------------------


class RegionOut(Schema):
    id: int
    name: str
    time_zone: str


class OrganizationRef(Schema):
    id: int
    short_name: str


class NetworkRef(Schema):
    id: int
    name: str


class PersonRef(Schema):
    id: int
    full_name: str
    position: str

    @staticmethod
    def resolve_full_name(obj: User) -> str:
        return obj.get_full_name()


class MembershipOut(Schema):
    role: MembershipRole
    role_label: str
    organization: OrganizationRef | None
    network: NetworkRef | None

    @staticmethod
    def resolve_role_label(obj: Membership) -> str:
        return str(obj.get_role_display())


class PersonOut(Schema):
    id: int
    email: str
    full_name: str
    last_name: str
    first_name: str
    middle_name: str
    position: str
    specialisation: str
    experience_years: int | None
    time_zone: str
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_full_name(obj: User) -> str:
        return obj.get_full_name()

    @staticmethod
    def resolve_memberships(obj: User) -> list[Membership]:
        return list(selectors.person_memberships(person=obj))


class NetworkOut(Schema):
    id: int
    name: str
    description: str
    lead_organization: OrganizationRef | None
    partner_count: int
    people_count: int


class NetworkDetailOut(NetworkOut):
    coordinators: list[PersonRef]
    council: list[PersonRef]

    @staticmethod
    def resolve_coordinators(obj: Network) -> list[User]:
        return _staff(obj, Role.NETWORK_COORDINATOR)

    @staticmethod
    def resolve_council(obj: Network) -> list[User]:
        return _staff(obj, Role.COUNCIL_MEMBER)


def _staff(network: Network, role: str) -> list[User]:
    return [m.user for m in selectors.network_staff(network=network).filter(role=role)]


class OrganizationOut(Schema):
    id: int
    kind: OrganizationKind
    kind_label: str
    name: str
    short_name: str
    region: RegionOut
    city: str
    time_zone: str
    website: str
    members_count: int

    @staticmethod
    def resolve_kind_label(obj: Organization) -> str:
        return str(obj.get_kind_display())


class OrganizationDetailOut(OrganizationOut):
    email: str
    phone: str
    contact_person: str
    networks: list[NetworkRef]

    @staticmethod
    def resolve_networks(obj: Organization) -> list[Network]:
        return list(selectors.organization_networks(organization=obj))


class MemberOut(Schema):
    """A member of an organisation; ``email`` only for those who may see members' contacts."""

    id: int
    full_name: str
    last_name: str
    first_name: str
    middle_name: str
    position: str
    specialisation: str
    roles: list[MembershipRole]
    email: str | None = None

    @staticmethod
    def resolve_full_name(obj: User) -> str:
        return obj.get_full_name()

    @staticmethod
    def resolve_roles(obj: User) -> list[str]:
        return [m.role for m in obj.org_memberships]  # type: ignore[attr-defined]

    @staticmethod
    def resolve_email(obj: User) -> str | None:
        return obj.shown_email  # type: ignore[attr-defined]


# --- access helpers ---------------------------------------------------------------------


# --- endpoints --------------------------------------------------------------------------


@router.get("/me", response=PersonOut, summary="The person the request is authenticated as")
def me(request: ApiRequest):
    return request.auth


@router.get("/networks", response=list[NetworkOut], summary="Networks the caller belongs to")
@paginate(Pagination, page_size=settings.PAGE_SIZE)
def network_list(request: ApiRequest):
    return selectors.networks_with_counts(networks=permissions.visible_networks(request.auth))


@router.get("/networks/{network_id}", response=NetworkDetailOut, summary="A network")
def network_detail(request: ApiRequest, network_id: int):
    return selectors.network_for_viewer(viewer=request.auth, network_id=network_id)


@router.get(
    "/networks/{network_id}/organizations",
    response=list[OrganizationOut],
    summary="Partner organisations of a network, filtered by region, kind and text",
)
@paginate(Pagination, page_size=settings.PAGE_SIZE)
def network_organizations(
    request: ApiRequest,
    network_id: int,
    region: Id | None = None,
    kind: OrganizationKind | None = None,
    q: str = "",
):
    network = selectors.network_for_viewer(viewer=request.auth, network_id=network_id)
    region_obj = Region.objects.filter(pk=region).first() if region is not None else None
    if region is not None and region_obj is None:
        return Organization.objects.none()
    return selectors.network_partners(network=network, region=region_obj, kind=kind or "", text=q)


@router.get(
    "/organizations/{organization_id}", response=OrganizationDetailOut, summary="An organisation"
)
def organization_detail(request: ApiRequest, organization_id: int):
    return selectors.organization_for_viewer(viewer=request.auth, organization_id=organization_id)


@router.get(
    "/organizations/{organization_id}/people",
    response=list[MemberOut],
    exclude_none=True,
    summary="Members of an organisation (e-mail only for those who may see contacts)",
)
@paginate(Pagination, page_size=settings.PAGE_SIZE)
def organization_people(request: ApiRequest, organization_id: int) -> QuerySet[User]:
    organization = selectors.organization_for_viewer(
        viewer=request.auth, organization_id=organization_id
    )
    show_email = permissions.can_see_member_contacts(request.auth, organization)
    return selectors.organization_people(organization=organization).annotate(
        shown_email=F("email") if show_email else Value(None, output_field=CharField())
    )


@router.get("/people/{person_id}", response=PersonOut, summary="A person")
def person_detail(request: ApiRequest, person_id: int):
    return permissions.person_for_viewer(viewer=request.auth, pk=person_id)
