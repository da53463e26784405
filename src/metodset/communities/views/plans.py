"""An organisation's methodical plans: the list, a plan by month with its topics, the match
against the measured deficits with the three questions, next year's draft and the DOCX."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.accounts.models import Organization, User
from metodset.core.fields import id_or_none
from metodset.routes.services import default_year

from .. import matching, permissions, plan_documents
from ..forms.plans import PlanForm, QuestionsForm, ThresholdForm, TopicForm, school_year_label
from ..models import MethodicalPlan
from ..selectors import plans as selectors
from ..services import plans as services


def _chosen_organization(request: AuthenticatedRequest) -> Organization:
    """The organisation asked for, else the viewer's own (where she works first)."""
    value = request.GET.get("organization", "")
    if value:
        pk = id_or_none(value)
        if pk is None:
            raise Http404
        return permissions.organization_for_plan_viewer(viewer=request.user, pk=pk)
    own = permissions.plan_organizations(request.user)
    mine = own.filter(memberships__user=request.user).order_by("pk").first()
    organization = mine or own.order_by("pk").first()
    if organization is None:
        raise Http404
    return organization


@login_required
def plans(request: AuthenticatedRequest) -> HttpResponse:
    """The organisation's plans by school year."""
    organization = _chosen_organization(request)
    others = permissions.plan_organizations(request.user).exclude(pk=organization.pk)
    return render(
        request,
        "communities/plan_list.html",
        {
            "organization": organization,
            "plans": [
                (plan, school_year_label(plan.year))
                for plan in selectors.organization_plans(organization).order_by("-year")
            ],
            "others": others.order_by("short_name", "name")[:50],
            "can_edit": permissions.can_edit_plans(request.user, organization),
        },
    )


@login_required
def plan_create(request: AuthenticatedRequest, organization_id: int) -> HttpResponse:
    organization = permissions.organization_for_plan_editor(viewer=request.user, pk=organization_id)
    form = PlanForm(request.POST or None, current_year=default_year())
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                organization=organization,
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except services.PlanExists:
            form.add_error("year", _("The organisation already has a plan for this school year."))
        else:
            return redirect("communities:plan", plan.pk)
    return render(
        request, "communities/plan_create.html", {"organization": organization, "form": form}
    )


def _plan_context(plan: MethodicalPlan, user: User) -> dict[str, Any]:
    return {
        "plan": plan,
        "organization": plan.organization,
        "year_label": school_year_label(plan.year),
        "can_edit": permissions.can_edit_plans(user, plan.organization),
        "can_see_match": permissions.can_see_match(user, plan.organization),
    }


@login_required
def plan(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """The plan by month, September to August: topics with form, responsible, competencies."""
    plan = permissions.plan_for_viewer(viewer=request.user, pk=plan_id)
    context = _plan_context(plan, request.user) | {
        "months": selectors.topics_by_month(plan),
        "drafted_from_label": (
            school_year_label(plan.drafted_from.year) if plan.drafted_from else ""
        ),
    }
    return render(request, "communities/plan_detail.html", context)


@login_required
def plan_topic_add(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = permissions.plan_for_editor(viewer=request.user, pk=plan_id)
    form = TopicForm(
        request.POST or None, competencies=selectors.plan_competencies(plan.organization)
    )
    if request.method == "POST" and form.is_valid():
        services.topic_add(plan=plan, by=request.user, **form.cleaned_data)
        messages.success(request, _("The topic is added to the plan."))
        return redirect("communities:plan", plan.pk)
    context = _plan_context(plan, request.user) | {"form": form, "topic": None}
    return render(request, "communities/plan_topic_form.html", context)


@login_required
def plan_topic_edit(request: AuthenticatedRequest, topic_id: int) -> HttpResponse:
    topic = permissions.topic_for_editor(viewer=request.user, pk=topic_id)
    plan = topic.plan
    form = TopicForm(
        request.POST or None,
        instance=topic,
        competencies=selectors.plan_competencies(plan.organization, topic=topic),
    )
    if request.method == "POST" and form.is_valid():
        services.topic_update(topic=topic, by=request.user, **form.cleaned_data)
        messages.success(request, _("The topic is saved."))
        return redirect("communities:plan", plan.pk)
    context = _plan_context(plan, request.user) | {"form": form, "topic": topic}
    return render(request, "communities/plan_topic_form.html", context)


@login_required
@require_POST
def plan_topic_delete(request: AuthenticatedRequest, topic_id: int) -> HttpResponse:
    topic = permissions.topic_for_editor(viewer=request.user, pk=topic_id)
    plan_id = topic.plan_id
    services.topic_delete(topic=topic, by=request.user)
    messages.success(request, _("The topic is removed from the plan."))
    return redirect("communities:plan", plan_id)


def _threshold(data: Any) -> ThresholdForm:
    """The threshold of a trend from the query or the form; a value not offered is a 400."""
    form = ThresholdForm(data)
    if not form.is_valid():
        raise BadRequest
    return form


def _table(
    plan: MethodicalPlan, user: User, threshold: float = matching.SHARE_THRESHOLD
) -> tuple[selectors.Trends, matching.Match]:
    return selectors.plan_match_table(plan=plan, viewer=user, threshold=threshold)


@login_required
def plan_match(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """«Выявленные тенденции | Темы методической работы | Выявленное соответствие»."""
    plan = permissions.plan_for_match(viewer=request.user, pk=plan_id)
    chosen = _threshold(request.GET)
    trends, table = _table(plan, request.user, chosen.share())
    context = _plan_context(plan, request.user) | {
        "threshold_form": chosen,
        "trends": trends,
        "rows": plan_documents.shown_rows(table) if trends.measured else [],
        "threshold_percent": round(table.threshold * 100),
        "tolerance_points": round(table.tolerance * 100),
        "questions": QuestionsForm(instance=plan),
    }
    return render(request, "communities/plan_match.html", context)


@login_required
@require_POST
def plan_questions(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """The three questions of the analysis, recorded beside the table."""
    plan = permissions.plan_for_editor(viewer=request.user, pk=plan_id)
    form = QuestionsForm(request.POST, instance=plan)
    if not form.is_valid():
        return HttpResponse(status=400)
    services.plan_questions_record(plan=plan, by=request.user, **form.cleaned_data)
    messages.success(request, _("The answers are saved."))
    return redirect("communities:plan_match", plan.pk)


@login_required
@require_POST
def plan_draft_next(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = permissions.plan_for_editor(viewer=request.user, pk=plan_id)
    trends, table = _table(plan, request.user, _threshold(request.POST).share())
    try:
        new = services.plan_draft_next(
            plan=plan, table=table, keep_unbacked=not trends.measured, by=request.user
        )
    except services.PlanExists as exists:
        messages.error(
            request,
            _("The plan for %(year)s already exists: edit it instead.")
            % {"year": school_year_label(plan.year + 1)},
        )
        return redirect("communities:plan", exists.plan.pk)
    messages.success(request, _("Next year's plan is drafted: edit its topics."))
    return redirect("communities:plan", new.pk)


@login_required
def plan_docx(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """The plan by month and the match table with the three answers, as DOCX."""
    plan = permissions.plan_for_match(viewer=request.user, pk=plan_id)
    trends, table = _table(plan, request.user, _threshold(request.GET).share())
    doc = plan_documents.build(plan, selectors.topics_by_month(plan), trends, table)
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(plan_documents.to_docx(doc), content_type=content_type)
    filename = f"plan-{plan.year}-{plan.year + 1}.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
