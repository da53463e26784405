"""Pages of the instruments: tests with keys (build, import, take) and the observation protocol.

Objects the user may not see answer 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest
from metodset.core.spreadsheets import xlsx_response
from metodset.diagnostics.campaigns.selectors import indicators_of
from metodset.diagnostics.forms import SpreadsheetForm
from metodset.diagnostics.frameworks.permissions import visible_frameworks
from metodset.diagnostics.importing import FileError, ImportReport
from metodset.diagnostics.instruments.forms import (
    ItemForm,
    ObservationForm,
    TestCreateForm,
    TestTakeForm,
)
from metodset.diagnostics.models import (
    Campaign,
    Framework,
    Participant,
    Test,
    TestAttempt,
    TestItem,
)
from metodset.diagnostics.permissions import participant_for_observer

from . import permissions, selectors, services, spreadsheets


def _create_form(request: AuthenticatedRequest, data=None) -> TestCreateForm:
    organizations, networks = permissions.test_owners(request.user)
    return TestCreateForm(
        data,
        frameworks=visible_frameworks(request.user).filter(status=Framework.Status.PUBLISHED),
        organizations=organizations,
        networks=networks,
        allow_platform=request.user.is_superuser,
    )


@login_required
def test_list(request: AuthenticatedRequest) -> HttpResponse:
    """The tests the user builds, and a form for a new one."""
    if not permissions.can_create_test(request.user):
        raise Http404
    form = _create_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            test = services.test_create(
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
    tests = selectors.tests_listed(permissions.tests_managed(request.user))
    return render(
        request,
        "diagnostics/test_list.html",
        {"tests": tests, "form": form},
        status=400 if form.errors else 200,
    )


def _detail(
    request: AuthenticatedRequest,
    test: Test,
    *,
    item_form: ItemForm | None = None,
    import_form: SpreadsheetForm | None = None,
    report: ImportReport | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "diagnostics/test_detail.html",
        selectors.test_page(test)
        | {
            "item_form": item_form or ItemForm(test=test),
            "import_form": import_form or SpreadsheetForm(),
            "report": report,
        },
        status=status,
    )


@login_required
def test_detail(request: AuthenticatedRequest, test_id: int) -> HttpResponse:
    """The test's items with their keys; a form to add one. ``?format=template`` gives the
    XLSX layout of the import."""
    test = permissions.test_for_manager(viewer=request.user, pk=test_id)
    if request.GET.get("format") == "template":
        return xlsx_response(spreadsheets.items_template_xlsx(), "test-items.xlsx")
    if request.method != "POST":
        return _detail(request, test)
    form = ItemForm(request.POST, test=test)
    if form.is_valid():
        try:
            services.item_add(test=test, **form.values())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The item is added."))
            return redirect("diagnostics:test_detail", test_id=test.pk)
    return _detail(request, test, item_form=form, status=400)


@login_required
def test_item(request: AuthenticatedRequest, test_id: int, item_id: int) -> HttpResponse:
    item = permissions.item_for_manager(viewer=request.user, test_id=test_id, pk=item_id)
    test = item.test
    form = ItemForm(request.POST or None, test=test, initial=ItemForm.initial_of(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(item=item, **form.values())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The item is saved."))
            return redirect("diagnostics:test_detail", test_id=test.pk)
    return render(
        request,
        "diagnostics/test_item.html",
        {"test": test, "item": item, "form": form, "locked": selectors.test_locked(test)},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def test_item_delete(request: AuthenticatedRequest, test_id: int, item_id: int) -> HttpResponse:
    item = permissions.item_for_manager(viewer=request.user, test_id=test_id, pk=item_id)
    test = item.test
    try:
        services.item_delete(item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The item is deleted."))
    return redirect("diagnostics:test_detail", test_id=test.pk)


@login_required
@require_POST
def test_import(request: AuthenticatedRequest, test_id: int) -> HttpResponse:
    """Items from XLSX: good rows are added, bad rows listed with their reason."""
    test = permissions.test_for_manager(viewer=request.user, pk=test_id)
    form = SpreadsheetForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = spreadsheets.items_import(test=test, data=upload.read(), filename=upload.name)
        except FileError as exc:
            form.add_error("file", str(exc))
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            return _detail(request, test, report=report)
    return _detail(request, test, import_form=form, status=400)


@login_required
def test_take(request: AuthenticatedRequest, campaign_id: int) -> HttpResponse:
    """The participant's test: the items, one submission, then the result.

    Right after, the points in total and by competency; the key with the person's own answers
    only after the campaign is closed.
    """
    participant = permissions.participant_for_test_taker(
        viewer=request.user, campaign_id=campaign_id
    )
    campaign = participant.campaign
    attempt = selectors.attempt_of(participant)
    items = selectors.test_items(participant)
    if attempt is not None or campaign.status != Campaign.Status.OPEN or not items:
        if request.method == "POST":
            messages.error(
                request,
                _("You have already taken this test; it is taken once.")
                if attempt is not None
                else _("The campaign is not open: the test cannot be taken now."),
            )
            return redirect("diagnostics:test_take", campaign_id=campaign.pk)
        return _take_page(request, participant, items, attempt=attempt)
    form = TestTakeForm(request.POST or None, items=items)
    if request.method != "POST":
        return _take_page(request, participant, items, form=form)
    if form.is_valid() and _submitted(request, participant, form):
        return redirect("diagnostics:test_take", campaign_id=campaign.pk)
    return _take_page(request, participant, items, form=form, status=400)


def _submitted(request: AuthenticatedRequest, participant: Participant, form: TestTakeForm) -> bool:
    """Submit the answers; False when the service names unanswered items (shown by the form)."""
    try:
        services.test_submit(participant=participant, answers=form.answers())
    except services.InstrumentError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return False
    else:
        messages.success(request, _("Your answers are saved. Here is your result."))
    return True


def _take_page(
    request: AuthenticatedRequest,
    participant: Participant,
    items: list[TestItem],
    *,
    attempt: TestAttempt | None = None,
    form: TestTakeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    campaign = participant.campaign
    result = (
        selectors.test_result(attempt, max_level=campaign.framework.max_level) if attempt else None
    )
    return render(
        request,
        "diagnostics/test_take.html",
        {
            "campaign": campaign,
            "test": campaign.test,
            "form": form,
            "result": result,
            "show_key": result is not None and campaign.status == Campaign.Status.CLOSED,
            "item_count": len(items),
        },
        status=status,
    )


@login_required
def observe(request: AuthenticatedRequest, participant_id: int) -> HttpResponse:
    """The expert observation protocol: levels of the indicators seen at a lesson or event."""
    participant = participant_for_observer(viewer=request.user, pk=participant_id)
    campaign = participant.campaign
    form = ObservationForm(
        request.POST or None,
        framework=campaign.framework,
        indicators=indicators_of(campaign).order_by(
            "competency__area__order", "competency__order", "order", "pk"
        ),
        initial={"observed_on": None},
    )
    if request.method == "POST" and form.is_valid():
        services.observation_record(
            participant=participant,
            observer=request.user,
            subject=form.cleaned_data["subject"],
            observed_on=form.cleaned_data["observed_on"],
            notes=form.cleaned_data["notes"],
            values=form.values(),
        )
        messages.success(request, _("The observation protocol is saved."))
        return redirect("diagnostics:profile", participant_id=participant.pk)
    return render(
        request,
        "diagnostics/observe.html",
        {"participant": participant, "campaign": campaign, "form": form},
        status=400 if form.errors else 200,
    )
