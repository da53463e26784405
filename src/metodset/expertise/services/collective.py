"""Writes of collective products: gather recommended works, order them, compile, publish."""

from __future__ import annotations

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from metodset.accounts.audit import audit_record
from metodset.accounts.models import User
from metodset.library import services as library
from metodset.library.models import Material

from ..compilation import Compilation, Part, render_pdf
from ..models import Campaign, CollectivePart, CollectiveProduct, CollectiveVersion, Item
from ..selectors import collective as selectors


class CollectiveError(ValueError):
    """A collective product can't be compiled or published as asked; the message says why."""


@transaction.atomic
def collective_product_create(
    *,
    campaign: Campaign,
    title: str,
    by: User,
    kind: str = "",
    introduction: str = "",
    editors: str = "",
) -> CollectiveProduct:
    """A new collective product with every work the campaign recommended, in the items' order."""
    product = CollectiveProduct.objects.create(
        campaign=campaign,
        title=title,
        kind=kind,
        introduction=introduction,
        editors=editors,
        created_by=by,
    )
    collective_parts_refresh(product=product)
    audit_record(actor=by, action="collective.create", target=product)
    return product


@transaction.atomic
def collective_product_edit(
    *,
    product: CollectiveProduct,
    by: User,
    title: str,
    kind: str,
    introduction: str,
    editors: str,
) -> CollectiveProduct:
    values = {"title": title, "kind": kind, "introduction": introduction, "editors": editors}
    changes = {k: [getattr(product, k), v] for k, v in values.items() if getattr(product, k) != v}
    if changes:
        for field, value in values.items():
            setattr(product, field, value)
        product.save(update_fields=list(values))
        audit_record(actor=by, action="collective.edit", target=product, changes=changes)
    return product


@transaction.atomic
def collective_parts_refresh(*, product: CollectiveProduct) -> tuple[int, int]:
    """Add the works recommended since, at the end; drop works no longer recommended.

    Returns how many parts were added and removed.
    """
    accepted = set(
        Item.objects.filter(campaign=product.campaign, status=Item.Status.ACCEPTED).values_list(
            "pk", flat=True
        )
    )
    present = set(product.parts.values_list("item_id", flat=True))
    removed, _ = product.parts.exclude(item_id__in=accepted).delete()
    last = product.parts.aggregate(n=Max("order"))["n"]
    start = 0 if last is None else last + 1
    new = sorted(accepted - present)
    CollectivePart.objects.bulk_create(
        CollectivePart(product=product, item_id=item_id, order=start + index)
        for index, item_id in enumerate(new)
    )
    return len(new), removed


@transaction.atomic
def collective_part_move(*, part: CollectivePart, up: bool) -> None:
    """Swap the part with its neighbour above (``up``) or below; the ends stay put."""
    parts = list(part.product.parts.select_for_update().order_by("order", "pk"))
    index = next(i for i, p in enumerate(parts) if p.pk == part.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(parts):
        return
    parts[index], parts[other] = parts[other], parts[index]
    for order, each in enumerate(parts):
        each.order = order
    CollectivePart.objects.bulk_update(parts, ["order"])


def compilation_of(product: CollectiveProduct, *, version: int) -> Compilation:
    """The document to render: title page facts, introduction and the parts in order."""
    campaign = product.campaign
    publisher = campaign.organization or campaign.network
    city = campaign.organization.city if campaign.organization else ""
    year = str(timezone.localdate().year)
    return Compilation(
        title=product.title,
        kind=product.kind or _("Collective innovative product"),
        publisher=str(publisher),
        place_and_year=f"{city}, {year}" if city else year,
        version=version,
        introduction=product.introduction,
        editors=product.editors,
        parts=[
            Part(
                title=work.title,
                authors=work.authors,
                annotation=work.annotation,
                text=work.text,
                attachments=work.attachments,
            )
            for work in selectors.parts_in_order(product)
        ],
    )


@transaction.atomic
def collective_product_compile(*, product: CollectiveProduct, by: User) -> CollectiveVersion:
    """Compile the current parts into a new version, kept beside the earlier ones."""
    product = CollectiveProduct.objects.select_for_update().get(pk=product.pk)
    compilation = compilation_of(product, version=product.version + 1)
    if not compilation.parts:
        raise CollectiveError(_("There is no recommended work to compile yet."))
    pdf = render_pdf(compilation)
    product.version += 1
    product.save(update_fields=["version"])
    version = CollectiveVersion(
        product=product, number=product.version, parts=len(compilation.parts), created_by=by
    )
    version.file.save(f"collective-{product.pk}-v{product.version}.pdf", ContentFile(pdf))
    audit_record(
        actor=by,
        action="collective.compile",
        target=product,
        changes={"version": [product.version - 1 or None, product.version]},
    )
    return version


@transaction.atomic
def collective_product_publish(*, product: CollectiveProduct, by: User) -> Material:
    """Put the latest version into the library, and into the programme's final case if any."""
    latest = product.versions.order_by("-number").first()
    if latest is None:
        raise CollectiveError(_("Compile the product before publishing it."))
    campaign = product.campaign
    material = library.material_create(
        by=by,
        title=product.title,
        kind=Material.Kind.COLLECTION,
        description=product.introduction[:2000],
        authors=", ".join(selectors.author_names(product))[:500],
        organization=campaign.organization,
        network=campaign.network,
        visibility=Material.Visibility.NETWORK,
        published=True,
        file=File(latest.file.open("rb"), name=f"{product.title[:80]} v{latest.number}.pdf"),
    )
    program = campaign.program
    if program is not None and program.final_case is not None:
        library.collection_add(collection=program.final_case, material=material)
    product.material = material
    product.published_at = timezone.now()
    product.save(update_fields=["material", "published_at"])
    audit_record(
        actor=by,
        action="collective.publish",
        target=product,
        changes={"version": [None, latest.number]},
    )
    return material
