"""Issuers and their templates: the shipped wording, what a page prints, previews."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metodset.accounts.audit import audit_record, diff_fields
from metodset.accounts.models import Organization, User
from metodset.accounts.services import Action

from .. import rendering
from ..models import CertificateTemplate, Issuer, Kind, Signatory
from ..rendering import CertificateData, Signature

# The shipped wording of each kind; an issuer edits its own copies.
DEFAULTS: dict[str, dict[str, str]] = {
    Kind.QUALIFICATION: {
        "heading": "Удостоверение",
        "subheading": "о повышении квалификации",
        "lead": "",
        "body": "{passed} повышение квалификации в {issuer} по дополнительной профессиональной "
        "программе «{title}» в объёме {hours}, {dates}.",
    },
    Kind.DEVELOPMENT: {
        "heading": "Сертификат",
        "subheading": "о профессиональном развитии",
        "lead": "подтверждает, что",
        "body": "{passed} программу «{title}» в объёме {hours}, {dates}.",
    },
    Kind.PARTICIPATION: {
        "heading": "Сертификат",
        "subheading": "участника",
        "lead": "подтверждает, что",
        "body": "{took_part} в мероприятии «{title}», {dates}.",
    },
    Kind.DIPLOMA: {
        "heading": "Диплом",
        "subheading": "",
        "lead": "награждается",
        "body": "за участие в конкурсе «{title}», {dates}.",
    },
    Kind.THANKS: {
        "heading": "Благодарственное письмо",
        "subheading": "",
        "lead": "выражает благодарность",
        "body": "за активное участие и вклад в «{title}» и в развитие профессионального "
        "сообщества педагогов.",
    },
}


# --- issuers and templates --------------------------------------------------------------


@transaction.atomic
def issuer_for(*, organization: Organization) -> Issuer:
    """The organisation's issuer details, created with its templates on first use."""
    issuer, created = Issuer.objects.get_or_create(
        organization=organization,
        defaults={"name": organization.name, "city": organization.city},
    )
    if created:
        templates_ensure(issuer=issuer)
    return issuer


@transaction.atomic
def issuer_save(*, issuer: Issuer, by: User | None) -> Issuer:
    """Store the issuer's details as edited (the form has set them, logo included)."""
    _save_audited(issuer, ISSUER_FIELDS, by=by)
    return issuer


@transaction.atomic
def signatory_add(*, issuer: Issuer, signatory: Signatory, by: User | None) -> Signatory:
    """Add a signatory (name, position, facsimile) printed on the issuer's documents."""
    signatory.issuer = issuer
    signatory.save()
    audit_record(actor=by, action=Action.CREATED, target=signatory)
    return signatory


@transaction.atomic
def signatory_delete(*, signatory: Signatory, by: User | None) -> None:
    """Remove a signatory: documents issued from now on no longer carry their signature."""
    audit_record(actor=by, action=Action.REMOVED, target=signatory)
    signatory.delete()


@transaction.atomic
def template_save(*, template: CertificateTemplate, by: User | None) -> CertificateTemplate:
    """Store a template's wording and design as edited."""
    _save_audited(template, TEMPLATE_FIELDS, by=by)
    return template


ISSUER_FIELDS = ("name", "city", "logo", "number_pattern", "license_number", "license_issued_on")
TEMPLATE_FIELDS = ("name", "heading", "subheading", "lead", "body", "source", "is_active")


def _save_audited(
    instance: Issuer | CertificateTemplate, fields: tuple[str, ...], *, by: User | None
) -> None:
    """Save an instance a form has edited, with an audit entry of what changed."""
    stored = type(instance).objects.get(pk=instance.pk)
    changes = diff_fields(stored, {field: getattr(instance, field) for field in fields})
    instance.save()
    if changes:
        audit_record(actor=by, action=Action.UPDATED, target=instance, changes=changes)


def templates_ensure(*, issuer: Issuer) -> None:
    """Give the issuer a template of every kind it does not have yet."""
    have = set(issuer.templates.values_list("kind", flat=True))
    with translation.override(settings.LANGUAGE_CODE):  # the names are stored
        CertificateTemplate.objects.bulk_create(
            CertificateTemplate(
                issuer=issuer,
                kind=kind,
                name=str(Kind(kind).label).capitalize(),
                source=rendering.default_source(kind),
                **DEFAULTS[kind],
            )
            for kind in Kind.values
            if kind not in have
        )


def format_number(pattern: str, *, year: int, sequence: int) -> str:
    return pattern.format(year=year, seq=sequence)


def check_number_pattern(pattern: str) -> str:
    """The pattern if it is usable; raises ValueError with a Russian message otherwise."""
    if "{seq" not in pattern:
        raise ValueError(_("The pattern must contain {seq}, the sequence number."))
    try:
        sample = format_number(pattern, year=2026, sequence=123)
    except (KeyError, ValueError, IndexError) as exc:
        raise ValueError(_("The pattern can use only {year} and {seq} (e.g. {seq:06}).")) from exc
    if len(sample) > 50:
        raise ValueError(_("The number is too long."))
    return pattern


def verify_url(code: str) -> str:
    return settings.SITE_URL + reverse("certificates:verify", args=[code])


class Assets:
    """An issuer's images in the render folder, looked up once per batch."""

    def __init__(self, issuer: Issuer) -> None:
        self.logo = rendering.asset_path(issuer.logo.name or "")
        self.signatories = [
            Signature(
                name=s.full_name,
                position=s.position,
                facsimile=rendering.asset_path(s.facsimile.name or ""),
            )
            for s in issuer.signatories.all()
        ]
        with translation.override(settings.LANGUAGE_CODE):  # printed on stored PDFs
            self.license = (
                _("Licence for educational activity No. %(number)s of %(date)s")
                % {
                    "number": issuer.license_number,
                    "date": issuer.license_issued_on.strftime("%d.%m.%Y")
                    if issuer.license_issued_on
                    else "",
                }
                if issuer.licensed
                else ""
            )


def certificate_data(
    *,
    template: CertificateTemplate,
    issuer: Issuer,
    assets: Assets,
    last_name: str,
    first_name: str,
    middle_name: str,
    title: str,
    hours: Decimal,
    starts_on: date | None,
    ends_on: date | None,
    number: str,
    issued_on: date,
    heading: str | None = None,
    subheading: str | None = None,
    lead: str | None = None,
    body: str | None = None,
) -> CertificateData:
    """What is printed; the template's wording unless the caller (a preview) gives its own."""
    values = rendering.placeholder_values(
        last_name=last_name,
        first_name=first_name,
        middle_name=middle_name,
        title=title,
        hours=hours,
        starts_on=starts_on,
        ends_on=ends_on,
        issuer=issuer.name,
    )
    kind = template.kind
    return CertificateData(
        kind=kind,
        heading=template.heading if heading is None else heading,
        subheading=template.subheading if subheading is None else subheading,
        lead=rendering.fill_placeholders(template.lead if lead is None else lead, values),
        name=values["name_dative"] if kind == Kind.THANKS else values["name"],
        body=rendering.fill_placeholders(template.body if body is None else body, values),
        number=number,
        issued_on=rendering.unbreakable(rendering.long_date(issued_on)),
        place=issuer.city,
        issuer=issuer.name,
        logo=assets.logo,
        license=assets.license if kind == Kind.QUALIFICATION else "",
        accent=rendering.ACCENTS.get(Kind(kind), "#1f5c99"),
        signatories=assets.signatories,
    )


SAMPLE = {
    "last_name": "Иванова",
    "first_name": "Мария",
    "middle_name": "Петровна",
    "title": "Цифровая педагогическая интернатура",
    "hours": Decimal(72),
}


def template_preview(
    *, template: CertificateTemplate, source: str | None = None, fmt: str = "png", **wording: str
) -> bytes:
    """The template (with unsaved edits) on sample data: a PNG of the page, or a PDF."""
    issuer = template.issuer
    today = timezone.localdate()
    data = certificate_data(
        template=template,
        issuer=issuer,
        assets=Assets(issuer),
        starts_on=today.replace(day=1),
        ends_on=today,
        number=format_number(issuer.number_pattern, year=today.year, sequence=123),
        issued_on=today,
        **SAMPLE,  # type: ignore[arg-type]
        **wording,  # type: ignore[arg-type]
    )
    return rendering.render(
        template.source if source is None else source,
        data,
        verify_url=verify_url("образец"),
        fmt=fmt,
    )


PREVIEW_KEEP = 600  # seconds a finished preview waits for the page to fetch it


def preview_key(*, template_id: int, job: str) -> str:
    return f"certificates:preview:{template_id}:{job}"


def template_preview_store(
    *, template_id: int, job: str, edits: dict[str, str], language: str
) -> None:
    """Render a preview away from the web request; the page fetches it from the cache."""
    template = CertificateTemplate.objects.select_related("issuer").get(pk=template_id)
    result: dict[str, bytes | str]
    with translation.override(language):
        try:
            result = {"png": template_preview(template=template, **edits)}
        except rendering.TemplateError as exc:
            result = {"error": str(exc)}
    cache.set(preview_key(template_id=template_id, job=job), result, PREVIEW_KEEP)
