"""Applications (заявки): from the public page, then the coordinator's decisions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from metodset.accounts import consent
from metodset.accounts import services as account_services
from metodset.accounts.audit import audit_record, choice_change
from metodset.accounts.models import Organization, User
from metodset.accounts.services import Action, password_set_link
from metodset.accounts.timezones import DEFAULT_TIME_ZONE, RUSSIAN_TIME_ZONES, zone_for_place
from metodset.core.services import email_queue
from metodset.events import services as event_services
from metodset.events.models import Event

from ..models import Application, Program, ProgramMember, Stage
from .errors import ProgramError

Status = Application.Status


def _subject(text: Any, program: Program) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # letters are stored in Russian
        return str(text) % {"title": program.title}


@transaction.atomic
def application_submit(
    *,
    program: Program,
    email: str,
    last_name: str,
    first_name: str,
    city: str,
    user: User | None = None,
    middle_name: str = "",
    organization: Organization | None = None,
    organization_name: str = "",
    position: str = "",
    motivation: str = "",
    together_with: str = "",
    consent_given: bool = False,
    time_zone: str = "",
) -> Application:
    """Record an application; the same e-mail cannot apply twice to one programme.

    The time zone is the one chosen; if none is, a signed-in person's own, else the zone of
    the city typed, of the organisation chosen, of a place in the organisation's name, and
    Moscow time last: the acceptance letter must already give times in the reader's zone.
    """
    if time_zone and time_zone not in dict(RUSSIAN_TIME_ZONES):
        raise ProgramError(_("Choose a time zone from the list."))
    today = timezone.localdate()
    if not program.applications_open(today):
        if program.applications_open_on and today < program.applications_open_on:
            raise ProgramError(_("Applications are not accepted yet."))
        raise ProgramError(_("Applications are closed."))
    email = email.strip().lower()
    existing = Application.objects.filter(program=program, email__iexact=email).first()
    if existing is not None and existing.status != Status.WITHDRAWN:
        raise ProgramError(
            _("An application from %(email)s was already received on %(date)s.")
            % {"email": email, "date": timezone.localtime(existing.created_at).strftime("%d.%m.%Y")}
        )
    has_consent = user is not None and user.consent_given_at is not None
    if not consent_given and not has_consent:
        raise ProgramError(_("Consent to personal-data processing is needed to apply."))
    application = existing or Application(program=program, email=email)
    application.user = user
    application.last_name = last_name.strip()
    application.first_name = first_name.strip()
    application.middle_name = middle_name.strip()
    application.organization = organization
    application.organization_name = "" if organization else organization_name.strip()
    application.position = position.strip()
    application.city = city.strip()
    application.time_zone = (
        time_zone
        or (user.time_zone if user is not None else "")
        or zone_for_place(application.city)
        or (organization.region.time_zone if organization is not None else "")
        or zone_for_place(application.organization_name)
        or DEFAULT_TIME_ZONE
    )
    application.motivation = motivation.strip()
    application.together_with = together_with.strip()
    application.status = Status.NEW
    application.created_at = timezone.now()
    if consent_given:
        application.consent_at = timezone.now()
        application.consent_version = consent.CURRENT_VERSION
    application.save()
    email_queue(
        to=email,
        subject=_subject(gettext_lazy("Your application is received: %(title)s"), program),
        template="programs/email/application_received",
        context={"application": application, "program": program},
    )
    return application


@dataclass
class Decisions:
    """What a bulk decision did, for the message on the page."""

    done: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, str]] = field(default_factory=list)


def _interns(program: Program) -> int:
    return ProgramMember.objects.filter(program=program, role=ProgramMember.Role.INTERN).count()


@transaction.atomic
def applications_decide(
    *, program: Program, applications: list[Application], decision: str, by: User
) -> Decisions:
    """Accept, reject or put on the waiting list; acceptance respects the places. Each
    decision is audited in the name of ``by``."""
    if decision not in (Status.ACCEPTED, Status.REJECTED, Status.WAITLISTED):
        raise ValueError(decision)
    Program.objects.select_for_update().filter(pk=program.pk).first()  # one decision at a time
    result = Decisions()
    for application in applications:
        if application.program_id != program.pk:
            raise ValueError("an application of another programme")
        if application.status == decision:
            continue
        old = application.status
        if decision == Status.ACCEPTED:
            if program.capacity is not None and _interns(program) >= program.capacity:
                result.refused.append((application, _("no places left")))
                continue
            _accept(application, by=by)
        else:
            if application.status == Status.ACCEPTED:
                result.refused.append((application, _("already accepted")))
                continue
            application.status = decision
            application.decided_by = by
            application.decided_at = timezone.now()
            application.save(update_fields=["status", "decided_by", "decided_at"])
            template = "rejected" if decision == Status.REJECTED else "waitlisted"
            subject = (
                gettext_lazy("About your application: %(title)s")
                if decision == Status.REJECTED
                else gettext_lazy("You are on the waiting list: %(title)s")
            )
            email_queue(
                to=application.email,
                subject=_subject(subject, program),
                template=f"programs/email/{template}",
                context={"application": application, "program": program},
            )
        # Named by number and programme: the applicant's name stays out of the log, which
        # outlives the person's data.
        audit_record(
            actor=by,
            action=Action.STATUS_CHANGED,
            target=application,
            changes={"status": choice_change(Status, old, application.status)},
            target_repr=f"№ {application.pk}, {program}",
        )
        result.done.append(application)
    return result


def _person_for(application: Application, *, by: User) -> User:
    """The applicant's account: found by e-mail, or created without a password."""
    person = application.user or User.objects.filter(email__iexact=application.email).first()
    if person is None:
        zone = application.time_zone or (
            application.organization.region.time_zone
            if application.organization
            else DEFAULT_TIME_ZONE
        )
        person = account_services.person_create(
            email=application.email,
            by=by,
            changes={"program": [None, str(application.program)]},
            last_name=application.last_name,
            first_name=application.first_name,
            middle_name=application.middle_name,
            position=application.position,
            time_zone=zone,
            consent_given_at=application.consent_at,
            consent_version=application.consent_version,
        )
    elif application.consent_at:
        account_services.person_consent_record(
            person=person, given_at=application.consent_at, version=application.consent_version
        )
    return person


def _accept(application: Application, *, by: User) -> None:
    program = application.program
    person = _person_for(application, by=by)
    ProgramMember.objects.get_or_create(
        program=program, user=person, role=ProgramMember.Role.INTERN
    )
    events = list(Event.objects.filter(program_stages__program=program).order_by("starts_at"))
    event_services.registrations_ensure(events=events, user_ids=[person.pk])
    application.user = person
    application.status = Status.ACCEPTED
    application.decided_by = by
    application.decided_at = timezone.now()
    application.save(update_fields=["user", "status", "decided_by", "decided_at"])
    now = timezone.now()
    first_event = next((e for e in events if e.ends_at > now), None)
    email_queue(
        to=person.email,
        subject=_subject(gettext_lazy("You are accepted: %(title)s"), program),
        template="programs/email/accepted",
        context={
            "user": person,
            "program": program,
            "stages": list(Stage.objects.filter(program=program).order_by("order")),
            "first_event": first_event,
            "program_url": settings.SITE_URL + reverse("programs:detail", args=[program.pk]),
            "profile_url": settings.SITE_URL + reverse("accounts:profile"),
            "event_url": settings.SITE_URL + reverse("events:detail", args=[first_event.pk])
            if first_event
            else "",
            "password_link": password_set_link(person) if not person.has_usable_password() else "",
        },
    )
