"""People: profile, own personal data, deletion requests, invitations, the audit log."""

from __future__ import annotations

import functools
import json
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Field, Model, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from metodset.accounts.http import AuthenticatedRequest

from .. import audit, consent, permissions, services
from ..forms import AuditFilterForm, InviteForm, ProfileForm
from ..models import AuditEntry, Membership, User
from ..selectors import pending_invitations, person_memberships
from ..services import Action

# --- profile and own data ----------------------------------------------------------------


@login_required
def profile(request: AuthenticatedRequest):
    person = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.person_update(person=person, by=person, **form.cleaned_data)
            messages.success(request, _("Profile saved"))
            return redirect("accounts:profile")
    else:
        form = ProfileForm.for_person(person)
    return render(
        request,
        "accounts/people/profile.html",
        {
            "form": form,
            "invitations": pending_invitations(person=person),
            **_consent_context(person),
        },
    )


def _consent_context(person: User) -> dict[str, Any]:
    """The current wording of the consent and whether the person has accepted it."""
    version_date = parse_date(consent.CURRENT_VERSION)
    return {
        "consent_current": person.consent_given_at is not None
        and person.consent_version == consent.CURRENT_VERSION,
        "consent_version": date_format(version_date, "d.m.Y")
        if version_date
        else consent.CURRENT_VERSION,
        "consent_text": consent.current_text(),
    }


@login_required
@require_POST
def consent_give(request: AuthenticatedRequest):
    services.person_give_consent(person=request.user)
    messages.success(request, _("Thank you: your consent is recorded."))
    return redirect("accounts:profile")


@login_required
def my_data(request: AuthenticatedRequest):
    person = request.user
    return render(
        request,
        "accounts/people/my_data.html",
        {"memberships": person_memberships(person=person), **_consent_context(person)},
    )


@login_required
def my_data_download(request: AuthenticatedRequest):
    data = services.person_data_export(person=request.user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="metodset-my-data.json"'
    return response


@login_required
def deletion_request(request: AuthenticatedRequest):
    """A confirmation page; the request is made by its POST."""
    if request.method == "POST":
        services.person_request_deletion(person=request.user)
        messages.success(
            request,
            _(
                "Your request to delete your data is recorded. A network coordinator will "
                "complete it; you will then no longer be able to log in."
            ),
        )
        return redirect("accounts:my_data")
    return render(request, "accounts/people/deletion_confirm.html")


# --- invitations to organisations, answered by the invited person ---------------------------


@login_required
@require_POST
def invitation_accept(request: AuthenticatedRequest, invitation_id: int):
    invitation = permissions.membership_invitation_for_invitee(
        viewer=request.user, pk=invitation_id
    )
    try:
        services.membership_invitation_accept(invitation=invitation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("You have joined %(organization)s.") % {"organization": invitation.organization},
        )
    return redirect("accounts:profile")


@login_required
@require_POST
def invitation_decline(request: AuthenticatedRequest, invitation_id: int):
    invitation = permissions.membership_invitation_for_invitee(
        viewer=request.user, pk=invitation_id
    )
    try:
        services.membership_invitation_decline(invitation=invitation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("You have declined the invitation to %(organization)s.")
            % {"organization": invitation.organization},
        )
    return redirect("accounts:profile")


# --- deletion requests (coordinators) ------------------------------------------------------


def _check_handles_deletions(user: User) -> None:
    if not permissions.can_handle_deletion_requests(user):
        raise PermissionDenied


@login_required
def deletion_requests(request: AuthenticatedRequest):
    _check_handles_deletions(request.user)
    people = (
        permissions.manageable_people(request.user)
        .filter(deletion_requested_at__isnull=False, is_active=True)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("organization", "network").order_by(
                    "organization__short_name", "network__name"
                ),
            )
        )
        .order_by("deletion_requested_at", "pk")
    )
    page = Paginator(people, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/people/deletion_requests.html", {"page": page})


@login_required
@require_POST
def deletion_complete(request: AuthenticatedRequest, person_id: int):
    _check_handles_deletions(request.user)
    person = permissions.person_for_manager(viewer=request.user, pk=person_id)
    if person.deletion_requested_at is None:
        raise Http404
    name = person.get_full_name()
    services.person_delete(person=person, by=request.user)
    messages.success(request, _("The data of %(name)s has been deleted.") % {"name": name})
    return redirect("accounts:deletion_requests")


# --- invitations ----------------------------------------------------------------------------


@login_required
def person_invite(request: AuthenticatedRequest, organization_id: int):
    organization = permissions.organization_for_manager(viewer=request.user, pk=organization_id)
    if request.method == "POST":
        form = InviteForm(request.POST)
        if form.is_valid():
            try:
                person = services.person_invite(
                    organization=organization, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(
                    request,
                    _("The invitation has been sent to %(email)s.") % {"email": person.email},
                )
                if pending_invitations(person=person).filter(organization=organization).exists():
                    messages.info(
                        request,
                        _(
                            "This person already has an account: they will join the "
                            "organisation once they accept the invitation."
                        ),
                    )
                return redirect("accounts:person_invite", organization_id=organization.pk)
    else:
        form = InviteForm()
    return render(
        request, "accounts/people/invite.html", {"form": form, "organization": organization}
    )


# --- audit log -------------------------------------------------------------------------------

ACTION_LABELS = {
    Action.UPDATED: gettext_lazy("changed"),
    Action.INVITED: gettext_lazy("invited"),
    Action.INVITATION_RESENT: gettext_lazy("invitation sent again"),
    Action.MEMBERSHIP_PROPOSED: gettext_lazy("invited to an organisation"),
    Action.MEMBERSHIP_ACCEPTED: gettext_lazy("invitation to an organisation accepted"),
    Action.MEMBERSHIP_DECLINED: gettext_lazy("invitation to an organisation declined"),
    Action.CONSENT_GIVEN: gettext_lazy("consent to personal-data processing given"),
    Action.DELETION_REQUESTED: gettext_lazy("deletion of data requested"),
    Action.DELETED: gettext_lazy("personal data deleted"),
    Action.CREATED: gettext_lazy("created"),
    Action.REMOVED: gettext_lazy("removed"),
    Action.ISSUED: gettext_lazy("issued"),
    Action.REVOKED: gettext_lazy("revoked"),
    Action.REISSUED: gettext_lazy("re-issued"),
    Action.BATCH_QUEUED: gettext_lazy("batch issue started"),
    Action.SUBMITTED: gettext_lazy("submitted for approval"),
    Action.APPROVED: gettext_lazy("approved"),
    Action.RETURNED: gettext_lazy("returned for revision"),
    Action.STATUS_CHANGED: gettext_lazy("status changed"),
    Action.MOVED: pgettext_lazy("audit action", "moved"),
    Action.TEAMS_FORMED: gettext_lazy("teams formed"),
    Action.TUTORS_ASSIGNED: gettext_lazy("tutors assigned to the teams"),
    "imported": pgettext_lazy("audit action", "import from a file"),  # accounts.importing
}
TYPE_LABELS = {
    "user": gettext_lazy("person"),
    "organization": gettext_lazy("organisation"),
    "network": gettext_lazy("network"),
    "importbatch": gettext_lazy("imported file"),
    "certificate": gettext_lazy("certificate"),
    "certificatebatch": gettext_lazy("batch of certificates"),
    "issuer": gettext_lazy("issuer details"),
    "signatory": gettext_lazy("signatory"),
    "certificatetemplate": gettext_lazy("certificate template"),
    "route": gettext_lazy("individual route"),
    "program": gettext_lazy("programme"),
    "campaign": gettext_lazy("assessment campaign"),
    "participant": gettext_lazy("assessed person"),
    "step": gettext_lazy("route step"),
    "application": gettext_lazy("application"),
    "programmember": gettext_lazy("programme member"),
    "stage": gettext_lazy("stage"),
}
EXTRA_FIELD_LABELS = {
    "membership": gettext_lazy("membership"),
    "membership_invitation": gettext_lazy("invitation to an organisation"),
    "organization": gettext_lazy("organisation"),
    # the summary of an import
    "file": gettext_lazy("file"),
    "created": pgettext_lazy("import", "created"),
    "updated": pgettext_lazy("import", "updated"),
    "unchanged": pgettext_lazy("import", "unchanged"),
    "rejected": pgettext_lazy("import", "rejected"),
    "invited": pgettext_lazy("import", "invited"),
    "participants": gettext_lazy("people in the campaign"),
    "status": gettext_lazy("status"),
    "teams": gettext_lazy("teams"),
    "interns": gettext_lazy("interns"),
}


@functools.cache
def _models_by_type() -> dict[str, type[Model]]:
    """Every model by the name entries store (unique across apps), for its fields' labels; the
    registry, not imports, so the apps above accounts are named without accounts knowing them."""
    return {audit.target_type_of(model): model for model in apps.get_models()}


def _type_label(target_type: str) -> str:
    """The object's kind: named here or by an app, else by its model's verbose name."""
    label = TYPE_LABELS.get(target_type) or audit.TYPE_LABELS.get(target_type)
    if label is None and (model := _models_by_type().get(target_type)) is not None:
        label = model._meta.verbose_name
    return str(label if label is not None else target_type)


def _field_label(target_type: str, field: str) -> str:
    model = _models_by_type().get(target_type)
    if model is not None:
        try:
            model_field = model._meta.get_field(field)
        except Exception:  # noqa: BLE001 - not a model field: use our own labels
            model_field = None
        if isinstance(model_field, Field):  # a reverse relation has no label of its own
            return str(model_field.verbose_name)
    return str(EXTRA_FIELD_LABELS.get(field) or audit.FIELD_LABELS.get(field, field))


def _shown_value(target_type: str, field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    model = _models_by_type().get(target_type)
    model_field = None
    if model is not None:
        try:
            model_field = model._meta.get_field(field)
        except Exception:  # noqa: BLE001
            model_field = None
    if isinstance(model_field, Field) and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and (moment := parse_datetime(value)) is not None:
        return date_format(localtime(moment), "d.m.Y H:i")
    return str(value)


def _change_rows(entry: AuditEntry) -> list[dict[str, Any]]:
    rows = []
    for field, values in (entry.changes or {}).items():
        label = _field_label(entry.target_type, field)
        if not isinstance(values, list | tuple) or len(values) != 2:
            rows.append({"field": label, "erased": True})
            continue
        old, new = values
        rows.append(
            {
                "field": label,
                "old": _shown_value(entry.target_type, field, old),
                "new": _shown_value(entry.target_type, field, new),
                "same": old == new,
            }
        )
    return rows


@login_required
def audit_log(request: AuthenticatedRequest):
    if not permissions.can_view_audit_log(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET)
    entries = permissions.visible_audit_entries(request.user).select_related("actor")
    target_type = form.cleaned_data.get("type") if form.is_valid() else ""
    if target_type:
        entries = entries.filter(target_type=target_type)
    page = Paginator(entries.order_by("-at", "-id"), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "entry": entry,
            "action": ACTION_LABELS.get(entry.action)
            or audit.ACTION_LABELS.get(entry.action, entry.action),
            "type": _type_label(entry.target_type),
            "changes": _change_rows(entry),
        }
        for entry in page
    ]
    return render(
        request,
        "accounts/people/audit_log.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": f"type={target_type}" if target_type else "",
        },
    )
