"""Heat maps of a campaign: the organisations of a network, the teachers of an organisation,
the change since another campaign, and the whole map as XLSX.

Who sees what (the rule of ``permissions``, applied to maps; ``heatmaps`` has the details):
the campaign's pages are open to the staff of its organisation, of its network, and of the
organisations whose people took part; a network map shows the organisations whose aggregates
the viewer may see; a map of teachers shows names to whoever may see that organisation's
people by name and «Педагог 1»… to the network's other staff. Teachers see their own profile,
never a map. Anybody else gets 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metodset.accounts import permissions as roles
from metodset.accounts.models import Organization, User
from metodset.core.spreadsheets import xlsx_response

from . import heatmaps, permissions
from .heatmaps import Cell, Filters, HeatMap, Row
from .models import Campaign, Participant

PAGE_SIZE = 100  # rows of a map on one page; the XLSX has them all
NAMED_PERMISSION = "diagnostics.view_named_results"


# --- who may see what ------------------------------------------------------------------------


def _visible(user: User, campaign: Campaign) -> bool:
    """``permissions.campaigns_visible`` for one campaign, without joining its participants."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    staff_orgs = roles.staff_organization_ids(user)
    if campaign.organization_id in staff_orgs or campaign.network_id in roles.staff_network_ids(
        user
    ):
        return True
    return (
        bool(staff_orgs)
        and campaign.network_id is not None
        and Participant.objects.filter(campaign=campaign, organization_id__in=staff_orgs).exists()
    )


def _network_staff(user: User, campaign: Campaign) -> bool:
    return campaign.network_id is not None and campaign.network_id in roles.staff_network_ids(user)


def _aggregate_ids(user: User, campaign: Campaign) -> set[int] | None:
    """Organisations whose aggregates the user may see in this campaign; None: all of it.

    The staff of a campaign's network see all of the campaign (its people came from the
    network's partners), which spares a list of 1,500 ids."""
    if user.is_superuser or _network_staff(user, campaign):
        return None
    return permissions.aggregate_organization_ids(user)


def _named_ids(user: User, campaign: Campaign) -> set[int] | None:
    """Organisations whose people the user may see by name in this campaign; None: all."""
    if user.is_superuser or (_network_staff(user, campaign) and user.has_perm(NAMED_PERMISSION)):
        return None
    return permissions.named_organization_ids(user)


def _campaign(request: HttpRequest, campaign_id: int) -> Campaign:
    campaign = (
        Campaign.objects.select_related("framework", "network", "organization")
        .filter(pk=campaign_id)
        .first()
    )
    if campaign is None or not _visible(request.user, campaign):
        raise Http404
    return campaign


def _related(user: User, campaign: Campaign, organization: Organization | None) -> QuerySet:
    """The campaigns a viewer may switch to or compare with from this map: the network's
    campaigns for a network map; for an organisation's map its own campaigns and the network
    campaigns it took part in."""
    campaigns = Campaign.objects.select_related("framework")
    staff_orgs = roles.staff_organization_ids(user)
    if organization is None:
        campaigns = campaigns.filter(network_id=campaign.network_id)
        if not (user.is_superuser or _network_staff(user, campaign)):
            campaigns = campaigns.filter(
                Exists(
                    Participant.objects.filter(
                        campaign=OuterRef("pk"), organization_id__in=staff_orgs
                    )
                )
            )
    else:
        took_part = Exists(
            Participant.objects.filter(campaign=OuterRef("pk"), organization=organization)
        )
        own = Q(organization=organization)
        if user.is_superuser or organization.pk in staff_orgs:
            campaigns = campaigns.filter(own | Q(network__isnull=False) & took_part)
        else:
            campaigns = campaigns.filter(
                took_part, network_id__in=roles.staff_network_ids(user) or {0}
            )
    return campaigns.order_by("-starts_on", "-pk")


# --- the filter form ----------------------------------------------------------------------


def _campaign_label(campaign: Campaign) -> str:
    return f"{campaign.title} ({campaign.starts_on:%d.%m.%Y} — {campaign.ends_on:%d.%m.%Y})"


class HeatmapForm(forms.Form):
    """What the map shows, all by GET so that links and the XLSX keep it."""

    campaign = forms.TypedChoiceField(label=gettext_lazy("Campaign"), coerce=int)
    compare = forms.TypedChoiceField(
        label=gettext_lazy("Compare with"), coerce=int, required=False, empty_value=None
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind of organisation"), required=False)
    position = forms.ChoiceField(label=gettext_lazy("Position"), required=False)
    experience = forms.ChoiceField(label=gettext_lazy("Experience"), required=False)
    order = forms.ChoiceField(label=gettext_lazy("Order"), required=False)

    def __init__(
        self,
        data: QueryDict,
        *,
        current: Campaign,
        related: list[Campaign],
        positions: list[str],
        kinds: bool,
    ) -> None:
        data = data.copy()
        data.setdefault("campaign", str(current.pk))
        super().__init__(data)
        self.kinds = kinds
        self.fields["campaign"].choices = [(c.pk, _campaign_label(c)) for c in related]
        self.fields["compare"].choices = [("", _("— nothing —"))] + [
            (c.pk, _campaign_label(c))
            for c in related
            if c.pk != current.pk and c.framework.slug == current.framework.slug
        ]
        self.fields["kind"].choices = [("", _("all kinds"))] + list(Organization.Kind.choices)
        self.fields["position"].choices = [("", _("all positions"))] + [(p, p) for p in positions]
        self.fields["experience"].choices = [("", _("any experience"))] + list(
            heatmaps.EXPERIENCE_LABELS.items()
        )
        self.fields["order"].choices = list(heatmaps.ORDERS.items())
        if not kinds:
            del self.fields["kind"]

    def _value(self, name: str) -> Any:
        """A field's cleaned value; an invalid field counts as not set (its error is shown)."""
        if self.is_valid() or name not in self.errors:
            return self.cleaned_data.get(name)
        return None

    def filters(self) -> Filters:
        return Filters(
            kind=(self._value("kind") or "") if self.kinds else "",
            position=self._value("position") or "",
            experience=self._value("experience") or "",
        )

    def ordering(self) -> str:
        return self._value("order") or "name"

    def compare_id(self) -> int | None:
        return self._value("compare")


# --- presentation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownCell:
    text: str
    style: str
    title: str


@dataclass(frozen=True)
class ShownRow:
    row: Row
    cells: SafeString  # the row's <td>s: 2,000 cells through template tags took 0.1 s
    link: str | None


class _Formatter:
    """Cells as text, colour and title; numbers with the language's decimal separator.

    A page has a few thousand cells, so the wording is translated once, not per cell."""

    def __init__(self, heatmap: HeatMap) -> None:
        self.separator = formats.get_format("DECIMAL_SEPARATOR")
        self.threshold, self.max_level = heatmap.threshold, heatmap.max_level
        self.dynamics = heatmap.compare is not None
        self.no_levels = _("%(competency)s: no levels")
        self.title = _(
            "%(competency)s: mean level %(mean)s; with a deficit %(deficits)s of %(count)s "
            "(%(percent)s)"
        )
        self.nothing_before = "; " + _("nothing to compare with")
        self.before = "; " + _("was %(mean)s, with a deficit %(percent)s")
        self.percent_format = _("%(percent)s%%")

    def level(self, value: float) -> str:
        return f"{value:.1f}".replace(".", self.separator)

    def change(self, value: float) -> str:
        if round(value, 1) == 0:
            return "= " + self.level(0.0)
        return ("▲ " if value > 0 else "▼ ") + self.level(abs(value))

    def percent(self, share: float) -> str:
        return self.percent_format % {"percent": round(share * 100)}

    def cell(self, cell: Cell | None, heading: str) -> ShownCell:
        if cell is None or not cell.count:
            return ShownCell("", EMPTY_STYLE, self.no_levels % {"competency": heading})
        mean = cell.total / cell.count
        title = self.title % {
            "competency": heading,
            "mean": self.level(mean),
            "deficits": cell.deficits,
            "count": cell.count,
            "percent": self.percent(cell.deficits / cell.count),
        }
        if not self.dynamics:
            colour = heatmaps.level_colour(mean, threshold=self.threshold, max_level=self.max_level)
            return ShownCell(self.level(mean), f"background: {colour}", title)
        change = cell.change
        if change is None:
            return ShownCell("—", EMPTY_STYLE, title + self.nothing_before)
        title += self.before % {
            "mean": self.level(cell.before_mean or 0.0),
            "percent": self.percent(cell.before_share or 0.0),
        }
        colour = heatmaps.change_colour(change, max_level=self.max_level)
        return ShownCell(self.change(change), f"background: {colour}", title)


EMPTY_STYLE = "background: hsl(0 0% 97%)"


def _shown(heatmap: HeatMap, rows: list[Row], link: str | None) -> list[ShownRow]:
    fmt = _Formatter(heatmap)
    columns = [(c.competency_id, f"{c.code} {c.title}") for c in heatmap.columns]
    overall = _("All competencies")
    shown = []
    for row in rows:
        if row.hidden:
            shown.append(ShownRow(row, mark_safe(""), None))
            continue
        cells = row.cells
        html = [_td(fmt.cell(cells.get(key), heading)) for key, heading in columns]
        html.append(_td(fmt.cell(row.overall, overall), "overall"))
        shown.append(
            ShownRow(
                row=row,
                cells=mark_safe("".join(html)),  # noqa: S308 - every part escaped in _td
                link=link.replace("/0/", f"/{row.key}/") if link and row.key else None,
            )
        )
    return shown


def _td(cell: ShownCell, css: str = "") -> str:
    """A cell's HTML; the style and text are ours, the title holds a competency's title."""
    attributes = f' class="{css}"' if css else ""
    return (
        f'<td{attributes} style="{escape(cell.style)}" title="{escape(cell.title)}">'
        f"{escape(cell.text)}</td>"
    )


def _url_or_none(name: str, *args: int) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# --- the pages --------------------------------------------------------------------------------


@login_required
def heatmap(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Organisations of a network campaign; teachers of an organisation's own campaign."""
    campaign = _campaign(request, campaign_id)
    if campaign.organization is not None:
        return _organization_page(request, campaign, campaign.organization)
    return _network_page(request, campaign)


@login_required
def heatmap_org(request: HttpRequest, campaign_id: int, organization_id: int) -> HttpResponse:
    """Teachers of one organisation in a network campaign."""
    campaign = _campaign(request, campaign_id)
    if campaign.organization_id is not None:
        if campaign.organization_id != organization_id:
            raise Http404
        return redirect(reverse("diagnostics:heatmap", args=[campaign.pk]) + _query(request))
    organization = Organization.objects.filter(pk=organization_id).first()
    allowed = _aggregate_ids(request.user, campaign)
    if (
        organization is None
        or (allowed is not None and organization.pk not in allowed)
        or not Participant.objects.filter(campaign=campaign, organization=organization).exists()
    ):
        raise Http404
    return _organization_page(request, campaign, organization)


def _query(request: HttpRequest, *, drop: tuple[str, ...] = ("page", "format")) -> str:
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    return f"?{query.urlencode()}" if query else ""


def _switch(
    request: HttpRequest,
    form: HeatmapForm,
    related: list[Campaign],
    campaign: Campaign,
    organization: Organization | None,
) -> HttpResponse | None:
    """Another campaign chosen in the form: the same map of that campaign."""
    wanted = form._value("campaign")
    other = next((c for c in related if c.pk == wanted), None)
    if other is None or other.pk == campaign.pk:
        return None
    query = request.GET.copy()
    for key in ("campaign", "page", "format"):
        query.pop(key, None)
    if query.get("compare") == str(other.pk):
        query.pop("compare")
    if organization is not None and other.network_id is not None:
        url = reverse("diagnostics:heatmap_org", args=[other.pk, organization.pk])
    else:
        url = reverse("diagnostics:heatmap", args=[other.pk])
    return redirect(url + (f"?{query.urlencode()}" if query else ""))


def _compare(form: HeatmapForm, related: list[Campaign]) -> Campaign | None:
    wanted = form.compare_id()
    return next((c for c in related if c.pk == wanted), None)


def _network_page(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    user = request.user
    related = list(_related(user, campaign, None))
    form = HeatmapForm(
        request.GET,
        current=campaign,
        related=related,
        positions=heatmaps.positions(campaign),
        kinds=True,
    )
    if (switched := _switch(request, form, related, campaign, None)) is not None:
        return switched
    aggregate_ids = _aggregate_ids(user, campaign)
    heatmap = heatmaps.network_map(
        campaign=campaign,
        filters=form.filters(),
        compare=_compare(form, related),
        organization_ids=aggregate_ids,
        named_ids=_named_ids(user, campaign),
        order=form.ordering(),
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(heatmaps.to_xlsx(heatmap), f"heatmap-{campaign.pk}.xlsx")
    # An organisation's row leads to its map with the same filters (but the kind).
    row_query = request.GET.copy()
    for key in ("campaign", "kind", "page", "format"):
        row_query.pop(key, None)
    link = reverse("diagnostics:heatmap_org", args=[campaign.pk, 0])
    link += f"?{row_query.urlencode()}" if row_query else ""
    return _render(request, form, heatmap, link)


def _organization_page(
    request: HttpRequest, campaign: Campaign, organization: Organization
) -> HttpResponse:
    user = request.user
    related = list(_related(user, campaign, organization))
    form = HeatmapForm(
        request.GET,
        current=campaign,
        related=related,
        positions=heatmaps.positions(campaign, organization),
        kinds=False,
    )
    if (switched := _switch(request, form, related, campaign, organization)) is not None:
        return switched
    named_ids = _named_ids(user, campaign)
    named = named_ids is None or organization.pk in named_ids
    heatmap = heatmaps.organization_map(
        campaign=campaign,
        organization=organization,
        filters=form.filters(),
        compare=_compare(form, related),
        named=named,
        order=form.ordering(),
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            heatmaps.to_xlsx(heatmap), f"heatmap-{campaign.pk}-{organization.pk}.xlsx"
        )
    link = _url_or_none("diagnostics:profile", 0) if named else None
    return _render(request, form, heatmap, link)


def _render(request: HttpRequest, form: HeatmapForm, heatmap: HeatMap, link: str | None):  # type: ignore[no-untyped-def]
    page = Paginator(heatmap.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    campaign = heatmap.campaign
    network_map = None
    if heatmap.organization is not None and campaign.network_id is not None:
        network_map = reverse("diagnostics:heatmap", args=[campaign.pk]) + _query(request)
    query = _query(request)
    return render(
        request,
        "diagnostics/heatmap.html",
        {
            "campaign": campaign,
            "heatmap": heatmap,
            "form": form,
            "page": page,
            "rows": _shown(heatmap, list(page.object_list), link),
            "total": _shown(heatmap, [heatmap.total], None)[0],
            "query": query.removeprefix("?"),
            "xlsx_url": f"{query}{'&' if query else '?'}format=xlsx",
            "campaign_url": _url_or_none("diagnostics:campaign", campaign.pk),
            "network_map_url": network_map,
            "min_group": heatmaps.MIN_GROUP,
            "legend": _legend(heatmap),
        },
        status=400 if form.errors else 200,
    )


def _legend(heatmap: HeatMap) -> list[ShownCell]:
    """Sample cells: the scale of levels, or of changes."""
    fmt = _Formatter(heatmap)
    if heatmap.compare is not None:
        changes = [-1.0, -0.5, -0.2, 0.0, 0.2, 0.5, 1.0]
        top = heatmap.max_level
        return [
            ShownCell(fmt.change(c), f"background: {heatmaps.change_colour(c, max_level=top)}", "")
            for c in changes
        ]
    low, top = heatmap.threshold, heatmap.max_level
    steps = [low * k / 4 for k in range(4)] + [max(low - 0.1, 0.0)]
    steps += [low + (top - low) * k / 2 for k in range(3)]
    return [
        ShownCell(
            fmt.level(v),
            "background: "
            + heatmaps.level_colour(v, threshold=heatmap.threshold, max_level=heatmap.max_level),
            _("deficit") if v < heatmap.threshold else "",
        )
        for v in steps
    ]
