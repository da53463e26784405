"""The catalogue with its search and facets, the quanta of practice, the model local acts and
the dissemination report."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import ModelChoiceField
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metodset.accounts.http import AuthenticatedRequest

from .. import permissions, search, selectors, services
from ..forms import AdoptForm, CatalogueForm
from ..models import Material

PAGE_SIZE = 20


def _query_without_page(request: AuthenticatedRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _page_number(request: AuthenticatedRequest) -> int:
    text = request.GET.get("page", "1")
    return int(text) if text.isdigit() and 0 < len(text) <= 6 else 1


@login_required
def catalogue(
    request: AuthenticatedRequest,
    *,
    kinds: tuple[str, ...] = (),
    template: str = "library/catalogue.html",
    tab: str = "catalogue",
) -> HttpResponse:
    """Published materials the viewer may read: found by words (Russian morphology, ranked,
    with snippets) or the newest first, narrowed by facets with their counts."""
    form = CatalogueForm(request.GET)
    readable = permissions.readable_materials(request.user)
    if kinds:
        readable = readable.filter(kind__in=kinds)
    narrowed = form.filtered(readable)
    number = _page_number(request)
    found = selectors.catalogue_page(narrowed, query=form.query, page=number, per_page=PAGE_SIZE)
    context = {
        "form": form,
        "query": form.query,
        "materials": found.materials,
        "snippets": found.snippets,
        "total": found.total,
        "page": Paginator(range(found.total), PAGE_SIZE).get_page(number),
        "suggestion": found.suggestion,
        "facets": _facet_groups(search.facets(found.facet_base)),
        "selected": request.GET,
        "url_query": _query_without_page(request),
        "shelf": selectors.shelf_material_ids(request.user),
        "tab": tab,
    }
    return render(request, template, context)


FACET_LABELS = (
    ("kind", gettext_lazy("Kind")),
    ("competency", gettext_lazy("Competency")),
    ("audience", gettext_lazy("Level of education")),
    ("organization", gettext_lazy("Organisation")),
    ("year", gettext_lazy("Year")),
    ("licence", gettext_lazy("Licence")),
)


def _facet_groups(facets: search.Facets) -> list[dict]:
    """The facets as the template lists them: a group a facet, ``(value, label, count)``."""
    return [
        {
            "name": name,
            "label": label,
            "options": [(v.value, v.label, v.count) for v in getattr(facets, name)][:30],
        }
        for name, label in FACET_LABELS
    ]


@login_required
def quanta(request: AuthenticatedRequest) -> HttpResponse:
    """Quanta of practice (seed 003): short practices colleagues may ask to be shown."""
    return catalogue(
        request, kinds=(Material.Kind.QUANTUM,), template="library/quanta.html", tab="quanta"
    )


@login_required
def acts(request: AuthenticatedRequest) -> HttpResponse:
    """The network's base of model local acts and how many organisations adopted each."""
    return catalogue(request, kinds=Material.ACT_KINDS, template="library/acts.html", tab="acts")


@login_required
def act_adopt(request: AuthenticatedRequest, material_id: int) -> HttpResponse:
    material = permissions.material_for_reader(viewer=request.user, pk=material_id)
    if not material.is_act:
        raise PermissionDenied
    form = AdoptForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"title": material.title},
    )
    organizations = cast(ModelChoiceField, form.fields["organization"]).queryset
    if organizations is None or not organizations.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.act_adopt(
                model=material,
                organization=data["organization"],
                by=request.user,
                title=data["title"],
                order_number=data["order_number"],
                order_date=data["order_date"],
                file=data.get("upload") or None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The adopted act is recorded."))
            return redirect("library:material", material_id=material.pk)
    return render(request, "library/act_adopt.html", {"form": form, "material": material})


@login_required
def report(request: AuthenticatedRequest) -> HttpResponse:
    """Dissemination: what was published, viewed, downloaded and used, per author and per
    organisation, over the materials the viewer moderates (a moderator's own network and
    organisations)."""
    if not permissions.is_moderator(request.user):
        raise PermissionDenied
    scope = permissions.visible_materials(request.user)
    sections = [
        (_("By author"), selectors.dissemination(scope, by="author")[:200], "by-author"),
        (
            _("By organisation"),
            selectors.dissemination(scope, by="organization")[:200],
            "by-organization",
        ),
    ]
    return render(request, "library/report.html", {"sections": sections, "tab": "report"})
