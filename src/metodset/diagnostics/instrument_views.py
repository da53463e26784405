"""Pages of the instruments: tests with keys (build, import, take) and children's results.

Views are thin: permissions and writes are in ``instruments``. Objects the user may not see
answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts import permissions as roles
from metodset.accounts.models import Membership, Organization, User
from metodset.core.spreadsheets import xlsx_response

from . import instruments, permissions
from .instrument_forms import (
    ItemForm,
    ResultRowForm,
    ResultsImportForm,
    ResultsTableForm,
    SpreadsheetForm,
    TestCreateForm,
    TestTakeForm,
)
from .models import Campaign, Framework, Participant, ResultRow, ResultsTable, Test, TestItem

# --- tests ------------------------------------------------------------------------------------


def _create_form(request: HttpRequest, data=None) -> TestCreateForm:
    organizations, networks = instruments.test_owners(request.user)
    return TestCreateForm(
        data,
        frameworks=permissions.visible_frameworks(request.user).filter(
            status=Framework.Status.PUBLISHED
        ),
        organizations=organizations,
        networks=networks,
        allow_platform=request.user.is_superuser,
    )


@login_required
def test_list(request: HttpRequest) -> HttpResponse:
    """The tests the user builds, and a form for a new one."""
    if not instruments.can_create_test(request.user):
        raise Http404
    form = _create_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            test = instruments.test_create(
                framework=form.cleaned_data["framework"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                by=request.user,
                **form.owner_objects(),
            )
        except ValidationError as exc:
            form.add_error("title" if hasattr(exc, "error_dict") else None, exc.messages)
        else:
            messages.success(request, _("The test is created. Add its items."))
            return redirect("diagnostics:test_detail", test_id=test.pk)
    tests = (
        instruments.tests_managed(request.user)
        .select_related("framework", "organization", "network")
        .annotate(item_count=Count("items", distinct=True))
        .annotate(attempt_count=Count("attempts", distinct=True))
        .order_by("title", "pk")
    )
    return render(
        request,
        "diagnostics/test_list.html",
        {"tests": tests, "form": form},
        status=400 if form.errors else 200,
    )


def _test(request: HttpRequest, test_id: int) -> Test:
    test = (
        instruments.tests_managed(request.user)
        .select_related("framework", "organization", "network")
        .filter(pk=test_id)
        .first()
    )
    if test is None:
        raise Http404
    return test


def _detail(
    request: HttpRequest,
    test: Test,
    *,
    item_form: ItemForm | None = None,
    import_form: SpreadsheetForm | None = None,
    report: instruments.ImportReport | None = None,
    status: int = 200,
) -> HttpResponse:
    stats = instruments.item_stats(test)
    items = [s.item for s in stats]
    used_in = Campaign.objects.filter(test=test).order_by("-starts_on")
    return render(
        request,
        "diagnostics/test_detail.html",
        {
            "test": test,
            "items": items,
            "stats": stats,
            "total_points": sum(i.points for i in items),
            "indicator_count": len({i.indicator_id for i in items}),
            "locked": instruments.test_locked(test),
            "attempt_count": test.attempts.count(),
            "campaigns": used_in,
            "item_form": item_form or ItemForm(test=test),
            "import_form": import_form or SpreadsheetForm(),
            "report": report,
        },
        status=status,
    )


@login_required
def test_detail(request: HttpRequest, test_id: int) -> HttpResponse:
    """The test's items with their keys; a form to add one. ``?format=template`` gives the
    XLSX layout of the import."""
    test = _test(request, test_id)
    if request.GET.get("format") == "template":
        return xlsx_response(instruments.items_template_xlsx(), "test-items.xlsx")
    if request.method != "POST":
        return _detail(request, test)
    form = ItemForm(request.POST, test=test)
    if form.is_valid():
        try:
            instruments.item_add(test=test, **form.values())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The item is added."))
            return redirect("diagnostics:test_detail", test_id=test.pk)
    return _detail(request, test, item_form=form, status=400)


@login_required
def test_item(request: HttpRequest, test_id: int, item_id: int) -> HttpResponse:
    test = _test(request, test_id)
    item = TestItem.objects.filter(test=test, pk=item_id).first()
    if item is None:
        raise Http404
    form = ItemForm(request.POST or None, test=test, initial=ItemForm.initial_of(item))
    if request.method == "POST" and form.is_valid():
        try:
            instruments.item_update(item=item, **form.values())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The item is saved."))
            return redirect("diagnostics:test_detail", test_id=test.pk)
    return render(
        request,
        "diagnostics/test_item.html",
        {"test": test, "item": item, "form": form, "locked": instruments.test_locked(test)},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def test_item_delete(request: HttpRequest, test_id: int, item_id: int) -> HttpResponse:
    test = _test(request, test_id)
    item = TestItem.objects.filter(test=test, pk=item_id).first()
    if item is None:
        raise Http404
    try:
        instruments.item_delete(item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The item is deleted."))
    return redirect("diagnostics:test_detail", test_id=test.pk)


@login_required
@require_POST
def test_import(request: HttpRequest, test_id: int) -> HttpResponse:
    """Items from XLSX: good rows are added, bad rows listed with their reason."""
    test = _test(request, test_id)
    form = SpreadsheetForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = instruments.items_import(test=test, data=upload.read(), filename=upload.name)
        except instruments.FileError as exc:
            form.add_error("file", str(exc))
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            return _detail(request, test, report=report)
    return _detail(request, test, import_form=form, status=400)


@login_required
def test_take(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The participant's test: the items, one submission, then the result.

    Right after, the points in total and by competency; the key with the person's own answers
    only after the campaign is closed.
    """
    # By the campaign's own key: an id beyond 64 bits finds nothing instead of overflowing.
    participant = (
        Participant.objects.select_related("campaign__framework", "campaign__test")
        .filter(campaign__pk=campaign_id, user=request.user)
        .exclude(campaign__status=Campaign.Status.DRAFT)
        .first()
    )
    if participant is None or participant.campaign.test is None:
        raise Http404
    campaign = participant.campaign
    test = campaign.test
    assert test is not None
    attempt = instruments.attempt_of(participant)
    items = list(test.items.order_by("order", "pk"))
    form = None
    status = 200
    if attempt is None and campaign.status == Campaign.Status.OPEN and items:
        form = TestTakeForm(request.POST or None, items=items)
        if request.method == "POST":
            if form.is_valid():
                try:
                    attempt = instruments.test_submit(
                        participant=participant, answers=form.answers()
                    )
                except instruments.InstrumentError as exc:
                    messages.error(request, exc.message)
                    return redirect("diagnostics:test_take", campaign_id=campaign.pk)
                except ValidationError as exc:
                    for name, errors in exc.message_dict.items():
                        form.add_error(name if name in form.fields else None, errors)
                else:
                    messages.success(request, _("Your answers are saved. Here is your result."))
                    return redirect("diagnostics:test_take", campaign_id=campaign.pk)
            status = 400
    elif request.method == "POST":
        if attempt is not None:
            messages.error(request, _("You have already taken this test; it is taken once."))
        else:
            messages.error(request, _("The campaign is not open: the test cannot be taken now."))
        return redirect("diagnostics:test_take", campaign_id=campaign.pk)
    result = (
        instruments.test_result(attempt, max_level=campaign.framework.max_level)
        if attempt
        else None
    )
    return render(
        request,
        "diagnostics/test_take.html",
        {
            "campaign": campaign,
            "test": test,
            "form": form,
            "result": result,
            "show_key": result is not None and campaign.status == Campaign.Status.CLOSED,
            "item_count": len(items),
        },
        status=status,
    )


# --- children's results ------------------------------------------------------------------------


def _org_scope(request: HttpRequest) -> tuple[Organization, str]:
    """The organisation of the results pages and how much the user sees of it:
    "full" (its staff), "own" (a teacher: her own tables) or "aggregate" (network staff)."""
    user = request.user
    uploadable = instruments.results_upload_organizations(user)
    aggregate = instruments.results_aggregate_organization_ids(user)
    org_id = request.GET.get("org") or request.POST.get("org")
    if org_id:
        if not str(org_id).isdigit():
            raise Http404
        org = Organization.objects.filter(pk=int(org_id)).first()
    else:
        staff = roles.staff_organization_ids(user)
        org = (
            uploadable.filter(pk__in=staff).order_by("pk").first()
            or uploadable.order_by("pk").first()
        )
        if org is None and aggregate:
            org = Organization.objects.filter(pk__in=aggregate).order_by("short_name", "pk").first()
    if org is None:
        raise Http404
    if instruments.results_is_staff(user, org):
        return org, "full"
    if uploadable.filter(pk=org.pk).exists():
        return org, "own"
    if org.pk in aggregate:
        return org, "aggregate"
    raise Http404


@login_required
def results_list(request: HttpRequest) -> HttpResponse:
    """An organisation's tables of children's results, those with falling areas first."""
    org, mode = _org_scope(request)
    mine = set(instruments.results_upload_organizations(request.user).values_list("pk", flat=True))
    mine |= instruments.results_aggregate_organization_ids(request.user)
    others = (
        Organization.objects.filter(pk__in=mine).exclude(pk=org.pk).order_by("short_name", "name")
    )
    context = {"organization": org, "mode": mode, "others": others}
    if mode == "aggregate":
        context["aggregate"] = instruments.organization_aggregate(org)
    else:
        tables = ResultsTable.objects.filter(organization=org)
        if mode == "own":
            tables = tables.filter(teacher=request.user)
        summaries = instruments.tables_summary(tables)
        context["summaries"] = summaries
        context["falling"] = [s for s in summaries if s.falling]
    return render(request, "diagnostics/results_list.html", context)


def _table(request: HttpRequest, table_id: int) -> ResultsTable:
    table = (
        instruments.results_tables_visible(request.user)
        .select_related("organization", "teacher")
        .filter(pk=table_id)
        .first()
    )
    if table is None:
        raise Http404
    return table


def _chart(trends: list[instruments.AreaTrend]) -> dict:
    dates = sorted({p.measured_on for t in trends for p in t.points})
    labels = [d.strftime("%d.%m.%Y") for d in dates]
    datasets = []
    for trend in sorted(trends, key=lambda t: t.area.lower()):
        values = {p.measured_on: p.value for p in trend.points}
        datasets.append(
            {
                "label": trend.area,
                "data": [values.get(d) for d in dates],
                "falling": trend.falling,
            }
        )
    return {"labels": labels, "datasets": datasets}


@login_required
def results_detail(request: HttpRequest, table_id: int) -> HttpResponse:
    """One table: the chart, the trends with the falling areas highlighted, all measurements;
    a form to add a measurement; ``?format=xlsx`` downloads it in the import layout."""
    table = _table(request, table_id)
    if request.GET.get("format") == "xlsx":
        name = f"results-{table.pk}.xlsx"
        return xlsx_response(instruments.results_xlsx(table), name)
    editable = instruments.results_editable(request.user, table)
    form = ResultRowForm(request.POST or None) if editable else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                _row, created = instruments.result_row_save(table=table, **form.cleaned_data)
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    _("The measurement is added.")
                    if created
                    else _("The measurement is replaced."),
                )
                return redirect("diagnostics:results_detail", table_id=table.pk)
        status = 400
    trends = instruments.table_trends(table)
    return render(
        request,
        "diagnostics/results_detail.html",
        {
            "table": table,
            "trends": trends,
            "falling": [t for t in trends if t.falling],
            "rows": table.rows.order_by("area", "measured_on"),
            "chart": _chart(trends),
            "form": form,
            "editable": editable,
            "fall_points": instruments.fall_points_for(p.value for t in trends for p in t.points),
        },
        status=status,
    )


@login_required
@require_POST
def results_row_delete(request: HttpRequest, table_id: int, row_id: int) -> HttpResponse:
    table = _table(request, table_id)
    if not instruments.results_editable(request.user, table):
        raise Http404
    row = ResultRow.objects.filter(table=table, pk=row_id).first()
    if row is None:
        raise Http404
    instruments.result_row_delete(row=row)
    messages.success(request, _("The measurement is deleted."))
    return redirect("diagnostics:results_detail", table_id=table.pk)


def _teachers(request: HttpRequest, organizations) -> object:
    """Teachers a staff member may assign a table to; None for a teacher (she is the teacher)."""
    staff = roles.staff_organization_ids(request.user)
    if not (request.user.is_superuser or staff):
        return None
    org_ids = list(organizations.values_list("pk", flat=True))
    return (
        User.objects.filter(
            memberships__organization_id__in=org_ids, memberships__role=Membership.Role.TEACHER
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


@login_required
def results_import(request: HttpRequest) -> HttpResponse:
    """Upload a file of children's results, or start a table typed in by hand."""
    organizations = instruments.results_upload_organizations(request.user)
    if not organizations.exists():
        raise Http404
    if request.GET.get("format") == "template":
        return xlsx_response(instruments.results_template_xlsx(), "children-results.xlsx")
    action = request.POST.get("action", "import") if request.method == "POST" else ""
    teachers = _teachers(request, organizations)
    import_form = ResultsImportForm(
        request.POST if action == "import" else None,
        request.FILES if action == "import" else None,
        organizations=organizations,
        teachers=teachers,
    )
    table_form = ResultsTableForm(
        request.POST if action == "table" else None, organizations=organizations
    )
    report = None
    status = 200
    if action == "import":
        if import_form.is_valid():
            data = import_form.cleaned_data
            org = data["organization"]
            staff = instruments.results_is_staff(request.user, org)
            teacher = data.get("teacher") if staff else request.user
            if (
                staff
                and teacher is not None
                and not teacher.memberships.filter(organization=org).exists()
            ):
                import_form.add_error(
                    "teacher", _("This teacher does not work in the organisation.")
                )
            else:
                upload = data["file"]
                try:
                    report = instruments.results_import(
                        organization=org,
                        data=upload.read(),
                        filename=upload.name,
                        by=request.user,
                        teacher=teacher,
                        scale=data["scale"],
                        only_own=not staff,
                    )
                except instruments.FileError as exc:
                    import_form.add_error("file", str(exc))
        if import_form.errors:
            status = 400
    elif action == "table":
        if table_form.is_valid():
            data = table_form.cleaned_data
            org = data["organization"]
            staff = instruments.results_is_staff(request.user, org)
            table = instruments.results_table_create(
                organization=org,
                group=data["group"],
                subject=data["subject"],
                scale=data["scale"],
                by=request.user,
                teacher=None if staff else request.user,
            )
            if instruments.results_editable(request.user, table):
                return redirect("diagnostics:results_detail", table_id=table.pk)
            table_form.add_error(
                None,
                _("The table «%(group)s, %(subject)s» already exists and belongs to another "
                  "teacher.") % {"group": table.group, "subject": table.subject},
            )  # fmt: skip
        status = 400
    return render(
        request,
        "diagnostics/results_import.html",
        {"import_form": import_form, "table_form": table_form, "report": report},
        status=status,
    )
