"""Conference pages: the list, creation, the programme by sections in the viewer's zone, a
section's defences with the moderator's actions, the jury's protocol form and its PDF, the
proceedings, and an accepted article's inclusion."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts import permissions as roles
from metodset.accounts.http import AuthenticatedRequest
from metodset.accounts.models import Network
from metodset.programs import permissions as program_permissions

from .. import permissions
from ..forms.conference import (
    ArticleIncludeForm,
    ConferenceForm,
    DefenceForm,
    ProtocolForm,
    SectionForm,
)
from ..models import Conference, Defence
from ..selectors import conference as selectors
from ..services import conference as services
from ..services.conference import ConferenceError


def _networks(request: AuthenticatedRequest):
    if request.user.is_superuser:
        return Network.objects.order_by("name")
    return Network.objects.filter(pk__in=roles.coordinated_network_ids(request.user)).order_by(
        "name"
    )


@login_required
def conference_list(request: AuthenticatedRequest) -> HttpResponse:
    conferences = permissions.conferences_visible(request.user).select_related("network")
    return render(
        request,
        "expertise/conference/list.html",
        {
            "conferences": list(conferences[:200]),
            "can_create": permissions.can_create_conference(request.user),
        },
    )


@login_required
def conference_create(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.can_create_conference(request.user):
        raise PermissionDenied
    form = ConferenceForm(request.POST or None, networks=_networks(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conference = services.conference_create(by=request.user, **data)
        except ConferenceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The conference is created with its call for papers."))
            return redirect("expertise:conference_detail", conference_id=conference.pk)
    status = 400 if form.errors else 200
    return render(request, "expertise/conference/create.html", {"form": form}, status=status)


def _detail_context(request: AuthenticatedRequest, conference: Conference) -> dict[str, Any]:
    manages = permissions.can_manage_conference(request.user, conference)
    return {
        "conference": conference,
        "programme": selectors.programme(conference),
        "manages": manages,
        "papers": selectors.papers_accepted(conference) if manages else [],
        "section_form": SectionForm(conference=conference) if manages else None,
    }


@login_required
def conference_detail(request: AuthenticatedRequest, conference_id: int) -> HttpResponse:
    """The programme by sections, the slots in the viewer's zone."""
    conference = permissions.conference_for_viewer(viewer=request.user, pk=conference_id)
    context = _detail_context(request, conference)
    return render(request, "expertise/conference/detail.html", context)


@login_required
@require_POST
def conference_publish(request: AuthenticatedRequest, conference_id: int) -> HttpResponse:
    conference = permissions.conference_for_manager(viewer=request.user, pk=conference_id)
    services.conference_publish(conference=conference, by=request.user)
    messages.success(request, _("The programme is published to the network."))
    return redirect("expertise:conference_detail", conference_id=conference.pk)


@login_required
@require_POST
def section_add(request: AuthenticatedRequest, conference_id: int) -> HttpResponse:
    conference = permissions.conference_for_manager(viewer=request.user, pk=conference_id)
    form = SectionForm(request.POST, conference=conference)
    if form.is_valid():
        section = services.section_add(conference=conference, by=request.user, **form.cleaned_data)
        messages.success(request, _("The section is added."))
        return redirect("expertise:conference_section", section_id=section.pk)
    context = _detail_context(request, conference)
    context["section_form"] = form
    return render(request, "expertise/conference/detail.html", context, status=400)


def _section_context(request: AuthenticatedRequest, section, form=None) -> dict[str, Any]:
    runs = permissions.can_run_section(request.user, section)
    return {
        "section": section,
        "conference": section.conference,
        "rows": selectors.section_rows(section, request.user),
        "runs": runs,
        "judges": permissions.is_juror(request.user, section),
        "jury": selectors.jury(section),
        "form": form or (DefenceForm(conference=section.conference) if runs else None),
    }


@login_required
def section_detail(request: AuthenticatedRequest, section_id: int) -> HttpResponse:
    """The section's defences in the order of their slots."""
    section = permissions.section_for_viewer(viewer=request.user, pk=section_id)
    return render(request, "expertise/conference/section.html", _section_context(request, section))


@login_required
@require_POST
def defence_add(request: AuthenticatedRequest, section_id: int) -> HttpResponse:
    section = permissions.section_for_moderator(viewer=request.user, pk=section_id)
    form = DefenceForm(request.POST, conference=section.conference)
    if form.is_valid():
        try:
            services.defence_schedule(section=section, by=request.user, **form.cleaned_data)
        except ConferenceError as error:
            form.add_error("starts_at", str(error))
        else:
            messages.success(request, _("The defence is put into the programme."))
            return redirect("expertise:conference_section", section_id=section.pk)
    context = _section_context(request, section, form)
    return render(request, "expertise/conference/section.html", context, status=400)


@login_required
@require_POST
def defence_start(request: AuthenticatedRequest, defence_id: int) -> HttpResponse:
    """The moderator starts the defence: the live session with its timer and questions."""
    defence = permissions.defence_for_moderator(viewer=request.user, pk=defence_id)
    try:
        session = services.defence_start(defence=defence, by=request.user)
    except ConferenceError as error:
        messages.error(request, str(error))
        return redirect("expertise:conference_section", section_id=defence.section_id)
    if program_permissions.can_run_session(request.user, session):
        return redirect("programs:session_control", session_id=session.pk)
    return redirect("programs:session", session_id=session.pk)


@login_required
@require_POST
def defence_mark(request: AuthenticatedRequest, defence_id: int) -> HttpResponse:
    defence = permissions.defence_for_moderator(viewer=request.user, pk=defence_id)
    try:
        services.defence_mark(
            defence=defence, status=request.POST.get("status", ""), by=request.user
        )
    except ConferenceError as error:
        messages.error(request, str(error))
    return redirect("expertise:conference_section", section_id=defence.section_id)


def _criteria(defence: Defence) -> list:
    rubric = selectors.rubric_of(defence.section)
    return list(rubric.criteria.order_by("order", "pk")) if rubric else []


@login_required
def defence_protocol(request: AuthenticatedRequest, defence_id: int) -> HttpResponse:
    """A juror's protocol: a score per criterion, the decision and a comment."""
    defence = permissions.defence_for_juror(viewer=request.user, pk=defence_id)
    mine = defence.protocols.filter(juror=request.user).first()
    initial: dict[str, Any] = {}
    if mine is not None:
        initial = {"decision": mine.decision, "comment": mine.comment}
        initial |= {f"c{s.criterion_id}": s.score for s in mine.scores.all()}
    form = ProtocolForm(request.POST or None, criteria=_criteria(defence), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.protocol_save(
                defence=defence,
                juror=request.user,
                scores=form.scores(),
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
        except ConferenceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The protocol is saved."))
            return redirect("expertise:conference_section", section_id=defence.section_id)
    context = {"defence": defence, "form": form, "speakers": selectors.speakers_line(defence)}
    status = 400 if form.errors else 200
    return render(request, "expertise/conference/protocol.html", context, status=status)


@login_required
def defence_protocol_pdf(request: AuthenticatedRequest, defence_id: int) -> HttpResponse:
    defence = permissions.defence_for_protocol_reader(viewer=request.user, pk=defence_id)
    response = HttpResponse(services.protocol_render(defence), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="protocol-{defence.pk}.pdf"'
    return response


@login_required
@require_POST
def proceedings_compile(request: AuthenticatedRequest, conference_id: int) -> HttpResponse:
    conference = permissions.conference_for_manager(viewer=request.user, pk=conference_id)
    try:
        services.proceedings_compile(conference=conference, by=request.user)
    except ConferenceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The proceedings are compiled."))
    return redirect("expertise:conference_detail", conference_id=conference.pk)


@login_required
@require_POST
def proceedings_publish(request: AuthenticatedRequest, conference_id: int) -> HttpResponse:
    conference = permissions.conference_for_manager(viewer=request.user, pk=conference_id)
    try:
        services.proceedings_publish(conference=conference, by=request.user)
    except ConferenceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The proceedings are in the library."))
    return redirect("expertise:conference_detail", conference_id=conference.pk)


@login_required
def proceedings_download(request: AuthenticatedRequest, conference_id: int) -> HttpResponseBase:
    conference = permissions.conference_for_viewer(viewer=request.user, pk=conference_id)
    if not conference.proceedings:
        messages.info(request, _("The proceedings are not compiled yet."))
        return redirect("expertise:conference_detail", conference_id=conference.pk)
    name = f"proceedings-{conference.pk}-v{conference.proceedings_version}.pdf"
    return FileResponse(conference.proceedings.open("rb"), as_attachment=True, filename=name)


@login_required
def article_include(request: AuthenticatedRequest, item_id: int) -> HttpResponse:
    """An accepted article into a conference's proceedings or the library."""
    item = permissions.article_for_includer(viewer=request.user, pk=item_id)
    conferences = permissions.conferences_visible(request.user).filter(
        network_id=item.campaign.network_id
    )
    managed = Conference.objects.filter(
        pk__in=[c.pk for c in conferences if permissions.can_manage_conference(request.user, c)]
    )
    form = ArticleIncludeForm(request.POST or None, conferences=managed)
    if request.method == "POST" and form.is_valid():
        try:
            services.article_include(item=item, by=request.user, conference=form.conference())
        except ConferenceError as error:
            form.add_error("target", str(error))
        else:
            messages.success(request, _("The article is included."))
            return redirect("expertise:article_include", item_id=item.pk)
    status = 400 if form.errors else 200
    context = {"item": item, "form": form}
    return render(request, "expertise/conference/article_include.html", context, status=status)
