"""The collective product (seed 002, «коллективный инновационный продукт»): a campaign's
recommended works gathered into one document with contents and authors, compiled into
versions and published to the library. One view per action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.core.uploads import file_response

from .. import permissions
from ..forms.collective import CollectiveProductForm
from ..selectors import collective as selectors
from ..services import collective as services


@login_required
def collective_create(request: AuthenticatedRequest, campaign_id: int) -> HttpResponse:
    campaign = permissions.campaign_for_coordinator(viewer=request.user, pk=campaign_id)
    form = CollectiveProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        product = services.collective_product_create(
            campaign=campaign, by=request.user, **form.cleaned_data
        )
        return redirect("expertise:collective_detail", product.pk)
    return render(request, "expertise/collective/form.html", {"form": form, "campaign": campaign})


@login_required
def collective_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    product = permissions.collective_product_for_compiler(viewer=request.user, pk=pk)
    return render(
        request,
        "expertise/collective/detail.html",
        {
            "product": product,
            "works": selectors.parts_in_order(product),
            "versions": product.versions.order_by("-number"),
        },
    )


@login_required
def collective_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    product = permissions.collective_product_for_compiler(viewer=request.user, pk=pk)
    form = CollectiveProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        services.collective_product_edit(product=product, by=request.user, **form.cleaned_data)
        return redirect("expertise:collective_detail", product.pk)
    return render(
        request,
        "expertise/collective/form.html",
        {"form": form, "campaign": product.campaign, "product": product},
    )


@login_required
@require_POST
def collective_refresh(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    product = permissions.collective_product_for_compiler(viewer=request.user, pk=pk)
    added, removed = services.collective_parts_refresh(product=product)
    messages.success(
        request,
        ngettext("%(n)d work added", "%(n)d works added", added) % {"n": added}
        + "; "
        + ngettext("%(n)d work removed", "%(n)d works removed", removed) % {"n": removed},
    )
    return redirect("expertise:collective_detail", product.pk)


@login_required
@require_POST
def collective_move(request: AuthenticatedRequest, product_id: int, part_id: int) -> HttpResponse:
    part = permissions.collective_part_for_compiler(
        viewer=request.user, product_id=product_id, pk=part_id
    )
    services.collective_part_move(part=part, up=request.POST.get("direction") != "down")
    return redirect("expertise:collective_detail", part.product.pk)


@login_required
@require_POST
def collective_compile(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    product = permissions.collective_product_for_compiler(viewer=request.user, pk=pk)
    try:
        version = services.collective_product_compile(product=product, by=request.user)
    except services.CollectiveError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Version %(number)d is compiled.") % {"number": version.number})
    return redirect("expertise:collective_detail", product.pk)


@login_required
@require_POST
def collective_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    product = permissions.collective_product_for_compiler(viewer=request.user, pk=pk)
    try:
        services.collective_product_publish(product=product, by=request.user)
    except services.CollectiveError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The product is published to the library."))
    return redirect("expertise:collective_detail", product.pk)


@login_required
def collective_version_file(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    version = permissions.collective_version_for_compiler(viewer=request.user, pk=pk)
    return file_response(
        version.file,
        filename=f"{version.product.title[:80]} v{version.number}.pdf",
        inline=True,
    )
