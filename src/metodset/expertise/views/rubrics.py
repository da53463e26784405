"""The rubric editor (листы экспертизы) for whoever runs campaigns in a network: the network's
rubrics and the shipped templates, a rubric with its criteria and versions, a copy into the
network, and the editor that saves a rubric in place or as its next version."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metodset.accounts.http import AuthenticatedRequest

from .. import permissions
from ..forms.rubrics import (
    LEVELS,
    RubricCopyForm,
    RubricForm,
    criterion_formset,
    rubric_initial,
)
from ..selectors import rubrics as selectors
from ..services import rubrics as services


def _network_ids(request: AuthenticatedRequest) -> list[int]:
    return list(permissions.rubric_networks(request.user).values_list("pk", flat=True))


@login_required
def rubric_list(request: AuthenticatedRequest) -> HttpResponse:
    """The network's rubrics (latest versions) and the templates, with where each is used."""
    if not permissions.can_create_campaigns(request.user):
        raise PermissionDenied
    rubrics = list(
        selectors.rubrics_for_list(
            permissions.visible_rubrics(request.user), campaign_network_ids=_network_ids(request)
        )[:200]
    )
    coordinated = set(permissions.coordinated_campaigns(request.user).values_list("pk", flat=True))
    return render(
        request,
        "expertise/rubrics/list.html",
        {
            "rubrics": rubrics,
            "coordinated": coordinated,
            "editable": {r.pk for r in rubrics if permissions.rubric_editable_by(request.user, r)},
        },
    )


@login_required
def rubric_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    rubric = permissions.rubric_for_viewer(viewer=request.user, pk=pk)
    criteria = selectors.rubric_criteria(rubric)
    versions = selectors.rubric_versions(rubric)
    return render(
        request,
        "expertise/rubrics/detail.html",
        {
            "rubric": rubric,
            "criteria": criteria,
            "max_total": selectors.max_total(criteria),
            "versions": versions,
            "latest": versions[-1],
            "frozen": selectors.rubric_is_frozen(rubric),
            "campaigns": selectors.rubric_campaigns(rubric, network_ids=_network_ids(request)),
            "coordinated": set(
                permissions.coordinated_campaigns(request.user).values_list("pk", flat=True)
            ),
            "may_copy": permissions.rubric_networks(request.user).exists(),
            "may_edit": permissions.rubric_editable_by(request.user, versions[-1]),
        },
    )


@login_required
def rubric_copy(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Copy a template or a rubric into one of the viewer's networks, then edit the copy."""
    rubric = permissions.rubric_for_viewer(viewer=request.user, pk=pk)
    networks = permissions.rubric_networks(request.user).order_by("name")
    initial = {"title": rubric.title, "network": rubric.network_id or networks.first()}
    form = RubricCopyForm(request.POST or None, networks=networks, initial=initial)
    if request.method == "POST" and form.is_valid():
        made = services.rubric_copy(
            rubric=rubric,
            network=form.cleaned_data["network"],
            title=form.cleaned_data["title"],
            by=request.user,
        )
        messages.success(request, _("The copy is made. Edit it to suit your network."))
        return redirect("expertise:rubric_edit", made.pk)
    return render(
        request,
        "expertise/rubrics/copy.html",
        {"rubric": rubric, "form": form, "has_networks": networks.exists()},
    )


def _saved_message(request: AuthenticatedRequest, saved: services.RubricSaved, old: int) -> None:
    if not saved.new_version:
        messages.success(request, _("The rubric is saved."))
        return
    text = _(
        "Campaigns already work with version %(old)s, so the changes are saved as version "
        "%(new)s. Campaigns that are running keep version %(old)s."
    ) % {"old": old, "new": saved.rubric.version}
    if saved.moved_drafts:
        text += " " + ngettext(
            "%(count)s draft campaign now uses version %(new)s.",
            "%(count)s draft campaigns now use version %(new)s.",
            saved.moved_drafts,
        ) % {"count": saved.moved_drafts, "new": saved.rubric.version}
    messages.success(request, text)


@login_required
def rubric_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Edit a rubric of the viewer's network; one that campaigns work with is saved as the next
    version. An older version sends the editor to the latest."""
    rubric = permissions.rubric_for_editor(viewer=request.user, pk=pk)
    latest = selectors.rubric_versions(rubric)[-1]
    if latest.pk != rubric.pk:
        messages.info(request, _("This is an older version: you edit the latest one."))
        return redirect("expertise:rubric_edit", latest.pk)
    data = request.POST if request.method == "POST" else None
    form = RubricForm(data, initial=rubric_initial(rubric))
    formset = criterion_formset(data, selectors.rubric_criteria(rubric))
    frozen = selectors.rubric_is_frozen(rubric)
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            saved = services.rubric_save(
                rubric=rubric,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                recommend_from=form.cleaned_data["recommend_from"],
                revise_from=form.cleaned_data["revise_from"],
                criteria=formset.drafts(),
                by=request.user,
            )
        except services.RubricError as error:
            form.add_error(None, str(error))
        else:
            _saved_message(request, saved, rubric.version)
            return redirect("expertise:rubric_detail", saved.rubric.pk)
    return render(
        request,
        "expertise/rubrics/edit.html",
        {
            "rubric": rubric,
            "form": form,
            "formset": formset,
            "frozen": frozen,
            "levels": LEVELS,
        },
    )
