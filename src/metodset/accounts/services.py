"""Writes about people and organisations; every change leaves an entry in the audit log.

Personal data (152-ФЗ): consent is recorded with its version, a person can download
what we hold and ask for deletion, which a coordinator completes by anonymising the record.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from metodset.core.models import OutgoingEmail
from metodset.core.services import email_queue, emails_forget

from . import consent
from .audit import audit_record, diff_fields
from .models import AuditEntry, Membership, MembershipInvitation, Organization, User
from .permissions import forget_roles
from .timezones import DEFAULT_TIME_ZONE


class Action:
    """Values of ``AuditEntry.action`` written here; the audit page labels them in Russian."""

    UPDATED = "updated"
    INVITED = "invited"
    INVITATION_RESENT = "invitation_resent"
    MEMBERSHIP_PROPOSED = "membership_proposed"
    MEMBERSHIP_ACCEPTED = "membership_accepted"
    MEMBERSHIP_DECLINED = "membership_declined"
    CONSENT_GIVEN = "consent_given"
    DELETION_REQUESTED = "deletion_requested"
    DELETED = "deleted"
    # written by the apps above accounts, labelled on the same page
    CREATED = "created"
    REMOVED = "removed"
    ISSUED = "issued"
    REVOKED = "revoked"
    REISSUED = "reissued"
    BATCH_QUEUED = "batch_queued"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    STATUS_CHANGED = "status_changed"
    MOVED = "moved"
    TEAMS_FORMED = "teams_formed"
    TUTORS_ASSIGNED = "tutors_assigned"


# Stored in the record itself, so it is data rather than interface text.
DELETED_NAME = "Удалённый пользователь"

PERSON_FIELDS = frozenset(
    {
        "email",
        "last_name",
        "first_name",
        "middle_name",
        "birth_date",
        "position",
        "specialisation",
        "experience_years",
        "time_zone",
    }
)
ORGANIZATION_FIELDS = frozenset(
    {
        "kind",
        "name",
        "short_name",
        "inn",
        "region",
        "city",
        "website",
        "email",
        "phone",
        "contact_person",
    }
)

# Hooks for apps built on accounts (teams, submissions, certificates...), which accounts
# must not import: receivers of ``person_data_exporting`` return ``(section, json_data)``
# to add to a person's export; receivers of ``person_deleted`` erase what they hold.
person_data_exporting = Signal()  # kwargs: person
person_deleted = Signal()  # kwargs: person_id, email (the address the person had)


def _check_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Fields that may not be changed here: {', '.join(sorted(unknown))}")


# --- people ----------------------------------------------------------------------------


@transaction.atomic
def person_update(*, person: User, by: User | None, **fields: Any) -> User:
    """Change profile fields; the audit entry keeps each field's old and new value."""
    _check_fields(fields, PERSON_FIELDS)
    if "email" in fields:
        fields["email"] = fields["email"].strip().lower()
    changes = diff_fields(person, fields)
    if not changes:
        return person
    for field in changes:
        setattr(person, field, fields[field])
    person.save(update_fields=list(changes))
    audit_record(actor=by, action=Action.UPDATED, target=person, changes=changes)
    return person


@transaction.atomic
def person_give_consent(*, person: User) -> User:
    """Record consent to personal-data processing in the current wording."""
    if person.consent_given_at and person.consent_version == consent.CURRENT_VERSION:
        return person
    new = {"consent_given_at": timezone.now(), "consent_version": consent.CURRENT_VERSION}
    changes = diff_fields(person, new)
    for field, value in new.items():
        setattr(person, field, value)
    person.save(update_fields=list(new))
    audit_record(actor=person, action=Action.CONSENT_GIVEN, target=person, changes=changes)
    return person


@transaction.atomic
def person_create(*, email: str, by: User | None, changes: dict[str, Any], **fields: Any) -> User:
    """A new account without a password (she sets one from her letter), audited as invited.

    ``changes`` adds to the audit entry what the creation came from (a programme, say).
    """
    person = User.objects.create_user(email=email, password=None, **fields)
    audit_record(
        actor=by, action="invited", target=person, changes={"email": [None, email], **changes}
    )
    return person


@transaction.atomic
def person_consent_record(*, person: User, given_at: Any, version: str) -> User:
    """Record a consent she gave elsewhere (on an application form), if she has none yet."""
    if person.consent_given_at is not None:
        return person
    person.consent_given_at, person.consent_version = given_at, version
    person.save(update_fields=["consent_given_at", "consent_version"])
    return person


def password_set_link(user: User) -> str:
    """A path that lets the person set a password; valid for PASSWORD_RESET_TIMEOUT (7 days)."""
    return reverse(
        "accounts:password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


@transaction.atomic
def person_invite(
    *,
    organization: Organization,
    email: str,
    last_name: str,
    first_name: str,
    middle_name: str = "",
    position: str = "",
    role: str = Membership.Role.TEACHER,
    by: User | None,
) -> User:
    """Invite a person to an organisation by e-mail with a link to set a password.

    A new person gets the account and the membership at once. A person already known
    by e-mail keeps their own name and profile and is never attached without her
    consent: she gets an invitation to accept or decline (``membership_propose``); a
    member already in that role just gets the letter again.
    """
    if role not in Membership.ORGANIZATION_ROLES:
        raise ValueError(f"{role!r} is not a role in an organisation")
    email = email.strip().lower()
    person = User.objects.filter(email__iexact=email).first()
    changes: dict[str, list[Any]] = {}
    if person is None:
        person = User.objects.create_user(
            email=email,
            password=None,
            last_name=last_name.strip(),
            first_name=first_name.strip(),
            middle_name=middle_name.strip(),
            position=position.strip(),
            time_zone=organization.region.time_zone or DEFAULT_TIME_ZONE,
        )
        changes = {
            f: [None, getattr(person, f)]
            for f in ("email", "last_name", "first_name", "middle_name", "position", "time_zone")
            if getattr(person, f)
        }
    elif not person.is_active:
        raise ValidationError(
            _("The account with this e-mail is disabled; it cannot be invited."), code="inactive"
        )
    elif not Membership.objects.filter(user=person, organization=organization, role=role).exists():
        membership_propose(person=person, organization=organization, role=role, by=by)
        return person
    membership, added = Membership.objects.get_or_create(
        user=person, organization=organization, role=role
    )
    with translation.override(settings.LANGUAGE_CODE):  # the log is kept in one language
        where = f"{organization} — {membership.get_role_display()}"
    if added:
        forget_roles(person)
        changes["membership"] = [None, where]
        action = Action.INVITED
    else:
        changes["membership"] = [where, where]
        action = Action.INVITATION_RESENT
    audit_record(actor=by, action=action, target=person, changes=changes)
    email_queue(
        to=person.email,
        subject=_("Invitation to Metodset"),
        template="accounts/email/invitation",
        context={
            "user": person,
            "organization": organization,
            "membership": membership,
            "by": by,
            "link": password_set_link(person),
            "login_link": reverse("accounts:login"),
            "has_password": person.has_usable_password(),
        },
    )
    return person


def _membership_label(organization: Organization, role: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # the log is kept in one language
        return f"{organization} — {Membership.Role(role).label}"


@transaction.atomic
def membership_propose(
    *,
    person: User,
    organization: Organization,
    role: str,
    by: User | None,
    resend: bool = True,
) -> MembershipInvitation:
    """Invite a person already on the platform to an organisation; she joins only if she accepts.

    Until then nothing of hers changes and the inviter does not manage her. A pending
    invitation is reused; its letter goes again only with ``resend`` (an invitation form
    sent twice), not when the same file is imported again.
    """
    if role not in Membership.ORGANIZATION_ROLES:
        raise ValueError(f"{role!r} is not a role in an organisation")
    invitation, created = MembershipInvitation.objects.get_or_create(
        user=person,
        organization=organization,
        role=role,
        status=MembershipInvitation.Status.PENDING,
        defaults={"invited_by": by},
    )
    if not created and not resend:
        return invitation
    # The inviter sees her own entries in the log: name the person by the e-mail she typed,
    # not by the name she would learn only once the person accepts.
    audit_record(
        actor=by,
        action=Action.MEMBERSHIP_PROPOSED,
        target=person,
        target_repr=person.email,
        changes={"membership_invitation": [None, _membership_label(organization, role)]},
    )
    email_queue(
        to=person.email,
        subject=_("Invitation to join an organisation in Metodset"),
        template="accounts/email/membership_invitation",
        context={
            "user": person,
            "organization": organization,
            "role_label": Membership.Role(role).label,
            "by": by,
            "link": reverse("accounts:profile") + "#invitations",
            "has_password": person.has_usable_password(),
            "password_link": password_set_link(person),
        },
    )
    return invitation


def _pending(invitation: MembershipInvitation) -> MembershipInvitation:
    """The invitation read again under a lock; answered already -> a message for the person."""
    fresh = MembershipInvitation.objects.select_for_update().get(pk=invitation.pk)
    if fresh.status != MembershipInvitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been answered."), code="answered")
    return fresh


@transaction.atomic
def membership_invitation_accept(*, invitation: MembershipInvitation) -> Membership:
    """The invited person accepts: from now on she is a member of the organisation."""
    invitation = _pending(invitation)
    person = invitation.user
    membership, _added = Membership.objects.get_or_create(
        user=person, organization=invitation.organization, role=invitation.role
    )
    invitation.status = MembershipInvitation.Status.ACCEPTED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    forget_roles(person)
    audit_record(
        actor=person,
        action=Action.MEMBERSHIP_ACCEPTED,
        target=person,
        changes={"membership": [None, _membership_label(invitation.organization, invitation.role)]},
    )
    return membership


@transaction.atomic
def membership_invitation_decline(*, invitation: MembershipInvitation) -> MembershipInvitation:
    """The invited person declines: nothing of hers changes."""
    invitation = _pending(invitation)
    invitation.status = MembershipInvitation.Status.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    audit_record(
        actor=invitation.user,
        action=Action.MEMBERSHIP_DECLINED,
        target=invitation.user,
        changes={
            "membership_invitation": [
                _membership_label(invitation.organization, invitation.role),
                None,
            ]
        },
    )
    return invitation


@transaction.atomic
def person_request_deletion(*, person: User) -> User:
    """The person asks to delete their data; a coordinator completes the request."""
    if person.deletion_requested_at:
        return person
    person.deletion_requested_at = timezone.now()
    person.save(update_fields=["deletion_requested_at"])
    audit_record(
        actor=person,
        action=Action.DELETION_REQUESTED,
        target=person,
        changes={"deletion_requested_at": [None, person.deletion_requested_at.isoformat()]},
    )
    return person


@transaction.atomic
def person_delete(*, person: User, by: User | None) -> User:
    """Complete a deletion request: anonymise the record and erase what we hold about them.

    The row stays so that foreign keys and the audit log hold together; the audit
    entries keep *that* something was changed and deleted, never the values.
    """
    old_email = person.email
    person.last_name = DELETED_NAME
    person.first_name = ""
    person.middle_name = ""
    person.email = f"deleted-{person.pk}@deleted.invalid"
    person.position = ""
    person.specialisation = ""
    person.experience_years = None
    person.birth_date = None
    person.time_zone = DEFAULT_TIME_ZONE
    person.consent_given_at = None
    person.consent_version = ""
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.set_unusable_password()  # also ends every open session of theirs
    person.save()
    person.groups.clear()
    person.user_permissions.clear()
    person.memberships.all().delete()
    person.membership_invitations.all().delete()
    person.api_tokens.all().delete()
    forget_roles(person)
    emails_forget(address=old_email)

    entries = list(AuditEntry.objects.filter(target_type="user", target_id=str(person.pk)))
    for entry in entries:
        entry.target_repr = DELETED_NAME
        entry.changes = {field: None for field in entry.changes}
    AuditEntry.objects.bulk_update(entries, ["target_repr", "changes"])
    audit_record(actor=by, action=Action.DELETED, target=person)
    person_deleted.send(sender=User, person_id=person.pk, email=old_email)
    return person


def iso(value: Any) -> str | None:
    """A date or time in a person's data export: ISO 8601, or None."""
    return value.isoformat() if value is not None else None


def person_data_export(*, person: User) -> dict[str, Any]:
    """Everything we hold about the person, as JSON-safe data (152-ФЗ, ст. 14)."""
    memberships = Membership.objects.filter(user=person).select_related(
        "organization__region", "network"
    )
    audit = (
        AuditEntry.objects.filter(target_type="user", target_id=str(person.pk))
        .select_related("actor")
        .order_by("at", "id")
    )
    emails = OutgoingEmail.objects.filter(to__iexact=person.email).order_by("created_at", "id")
    data: dict[str, Any] = {
        "exported_at": iso(timezone.now()),
        "profile": {
            "email": person.email,
            "last_name": person.last_name,
            "first_name": person.first_name,
            "middle_name": person.middle_name,
            "birth_date": iso(person.birth_date),
            "position": person.position,
            "specialisation": person.specialisation,
            "experience_years": person.experience_years,
            "time_zone": person.time_zone,
            "date_joined": iso(person.date_joined),
            "last_login": iso(person.last_login),
            "deletion_requested_at": iso(person.deletion_requested_at),
        },
        "consent": {
            "given_at": iso(person.consent_given_at),
            "version": person.consent_version,
            "text": consent.TEXTS.get(person.consent_version, ""),
        }
        if person.consent_given_at
        else None,
        "memberships": [
            {
                "role": m.role,
                "role_label": str(m.get_role_display()),
                "organization": {
                    "name": m.organization.name,
                    "short_name": m.organization.short_name,
                    "city": m.organization.city,
                    "region": m.organization.region.name,
                }
                if m.organization
                else None,
                "network": m.network.name if m.network else None,
                "since": iso(m.created_at),
            }
            for m in memberships
        ],
        "membership_invitations": [
            {
                "organization": i.organization.name,
                "role": i.role,
                "status": i.status,
                "invited_at": iso(i.created_at),
                "answered_at": iso(i.answered_at),
            }
            for i in person.membership_invitations.select_related("organization").order_by(
                "created_at", "id"
            )
        ],
        "audit_log": [
            {
                "at": iso(e.at),
                "action": e.action,
                "by": None
                if e.actor is None
                else ("self" if e.actor_id == person.pk else e.actor.get_full_name()),
                "changes": e.changes,
            }
            for e in audit
        ],
        "emails": [
            {
                "created_at": iso(e.created_at),
                "subject": e.subject,
                "body": e.body,
                "status": e.status,
                "sent_at": iso(e.sent_at),
            }
            for e in emails
        ],
    }
    for _receiver, section in person_data_exporting.send(sender=User, person=person):
        if section:
            key: str = section[0]
            data[key] = section[1]
    return data


# --- organisations ---------------------------------------------------------------------


@transaction.atomic
def organization_update(
    *, organization: Organization, by: User | None, **fields: Any
) -> Organization:
    """Change an organisation's card; the audit entry keeps old and new values."""
    _check_fields(fields, ORGANIZATION_FIELDS)
    changes = diff_fields(organization, fields)
    if not changes:
        return organization
    for field in changes:
        setattr(organization, field, fields[field])
    organization.save(update_fields=list(changes))
    audit_record(actor=by, action=Action.UPDATED, target=organization, changes=changes)
    return organization
