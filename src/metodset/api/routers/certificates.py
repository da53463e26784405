"""Certificates in the JSON API: the registry of what the caller administers, their own
certificates, and one certificate, as the pages allow.

The registry holds the certificates of the issuers whose organisation the caller manages, and
those of the programmes they coordinate and the events they organise (as on the «Certificates»
page). A certificate that is neither the caller's own nor administered by them is 404.

Personal data: ``birth_date`` is given to those who may see the certificate at all — its
holder, and its administrators, who have it in the registry's XLSX and the ФИС ФРДО upload
anyway (a legal certificate's record needs it). The recipient's e-mail is never given: it is
a contact kept to deliver the document, not part of the document.

``verify_url`` is the public verification page the QR code opens; ``download_url`` is the
PDF, for the holder and the administrators (a browser session or the same token).
"""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import paginate

from metodset.api.auth import ApiRequest
from metodset.certificates import permissions, selectors, services
from metodset.certificates.models import Certificate, Kind

from ..enums import choices_enum
from ..params import Id, Pagination, Year

router = Router(tags=["certificates"])
# To mypy an enum made at run time is no type; it has the values of these choices.
if TYPE_CHECKING:
    CertificateKind = Kind
    CertificateStatus = Certificate.Status
else:
    CertificateKind = choices_enum("CertificateKind", Kind)
    CertificateStatus = choices_enum("CertificateStatus", Certificate.Status)


class CertificateOut(Schema):
    id: int
    number: str
    kind: CertificateKind
    kind_label: str
    status: CertificateStatus
    status_label: str
    full_name: str
    last_name: str
    first_name: str
    middle_name: str
    birth_date: date | None
    title: str
    hours: Decimal
    starts_on: date | None
    ends_on: date | None
    issued_on: date
    issuer_name: str
    program_id: int | None
    event_id: int | None
    revoked_at: datetime | None
    revoke_reason: str
    replaced_by_id: int | None
    verify_url: str
    download_url: str

    @staticmethod
    def resolve_kind_label(obj: Certificate) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_label(obj: Certificate) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_verify_url(obj: Certificate) -> str:
        return services.verify_url(obj.code)

    @staticmethod
    def resolve_download_url(obj: Certificate) -> str:
        return settings.SITE_URL + reverse("certificates:download", args=[obj.pk])


@router.get(
    "/certificates",
    response=list[CertificateOut],
    summary="The registry: certificates the caller administers, filtered",
)
@paginate(Pagination, page_size=settings.PAGE_SIZE)
def certificate_list(
    request: ApiRequest,
    status: CertificateStatus | None = None,
    kind: CertificateKind | None = None,
    year: Year | None = None,
    program: Id | None = None,
    event: Id | None = None,
    q: str = "",
) -> QuerySet[Certificate]:
    filters = selectors.RegistryFilters(
        q=q.strip(),
        status=status or "",
        kind=kind or "",
        year=year,
        program_id=program,
        event_id=event,
    )
    return selectors.registry(viewer=request.auth, filters=filters)


@router.get(
    "/certificates/mine",
    response=list[CertificateOut],
    summary="Certificates issued to the caller",
)
@paginate(Pagination, page_size=settings.PAGE_SIZE)
def certificate_mine(request: ApiRequest) -> QuerySet[Certificate]:
    return selectors.my_certificates(user=request.auth)


@router.get(
    "/certificates/{certificate_id}",
    response=CertificateOut,
    summary="A certificate: the caller's own or one they administer",
)
def certificate_detail(request: ApiRequest, certificate_id: int) -> Certificate:
    return permissions.certificate_for_holder(viewer=request.auth, pk=certificate_id)
