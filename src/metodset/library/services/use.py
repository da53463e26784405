"""Writes of what readers do with a published material: say they used it, ask its author to
teach the practice («Хочу научиться»), complain; and an organisation adopting a model act."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from metodset.accounts.audit import audit_record
from metodset.accounts.models import Organization, User

from ..models import AdoptedAct, Complaint, LearnRequest, Material, MaterialUse


def _published(material: Material) -> None:
    if not material.is_published:
        raise ValidationError(_("The material is not published."))


@transaction.atomic
def use_mark(
    *,
    material: Material,
    by: User,
    note: str = "",
    used_on: datetime.date | None = None,
    organization: Organization | None = None,
) -> MaterialUse:
    """«Использовал(а) на занятии» with a short note: counted in the dissemination report."""
    _published(material)
    today = timezone.localdate()
    used_on = used_on or today
    if used_on > today:
        raise ValidationError({"used_on": _("The date of use cannot be in the future.")})
    return MaterialUse.objects.create(
        material=material, person=by, note=note.strip(), used_on=used_on, organization=organization
    )


@transaction.atomic
def learn_request(*, material: Material, by: User, message: str = "") -> LearnRequest:
    """A colleague asks the author of a quantum of practice to show it; one open request each."""
    _published(material)
    if material.kind != Material.Kind.QUANTUM:
        raise ValidationError(_("Only a quantum of practice can be asked for."))
    if material.created_by_id == by.pk:
        raise ValidationError(_("This is your own practice."))
    try:
        with transaction.atomic():
            request = LearnRequest.objects.create(
                material=material, person=by, message=message.strip()
            )
    except IntegrityError:
        raise ValidationError(_("You have already asked; wait for the author's answer.")) from None
    audit_record(actor=by, action="library.learn_request", target=material)
    return request


@transaction.atomic
def learn_answer(*, request: LearnRequest, by: User, agree: bool, answer: str = "") -> LearnRequest:
    """The author agrees (and says when and where) or declines."""
    if request.status != LearnRequest.Status.OPEN:
        raise ValidationError(_("The request has already been answered."))
    if agree and not answer.strip():
        raise ValidationError({"answer": _("Say when and where you will show the practice.")})
    request.status = LearnRequest.Status.AGREED if agree else LearnRequest.Status.DECLINED
    request.answer = answer.strip()
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answer", "answered_at"])
    audit_record(
        actor=by,
        action="library.learn_agree" if agree else "library.learn_decline",
        target=request.material,
    )
    return request


@transaction.atomic
def complaint_send(*, material: Material, by: User, text: str) -> Complaint:
    _published(material)
    if not text.strip():
        raise ValidationError({"text": _("Say what is wrong with the material.")})
    complaint = Complaint.objects.create(material=material, person=by, text=text.strip())
    audit_record(actor=by, action="library.complaint", target=material)
    return complaint


@transaction.atomic
def complaint_resolve(*, complaint: Complaint, by: User, resolution: str) -> Complaint:
    if complaint.resolved_at is not None:
        raise ValidationError(_("The complaint has already been dealt with."))
    if not resolution.strip():
        raise ValidationError({"resolution": _("Say what was done.")})
    complaint.resolved_at = timezone.now()
    complaint.resolved_by = by
    complaint.resolution = resolution.strip()
    complaint.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    audit_record(actor=by, action="library.complaint_resolve", target=complaint.material)
    return complaint


@transaction.atomic
def act_adopt(
    *,
    model: Material,
    organization: Organization,
    by: User,
    title: str,
    order_number: str,
    order_date: datetime.date,
    file: File[Any] | None = None,
) -> AdoptedAct:
    """The organisation's own act after a model one, by its order's number and date."""
    if not model.is_act:
        raise ValidationError(_("Only a model local act can be adopted."))
    _published(model)
    if order_date > timezone.localdate():
        raise ValidationError({"order_date": _("The order's date cannot be in the future.")})
    act = AdoptedAct(
        model=model,
        organization=organization,
        title=title.strip() or model.title,
        order_number=order_number.strip(),
        order_date=order_date,
        created_by=by,
    )
    if file is not None:
        act.file = file
    act.full_clean(exclude=["file"])
    act.save()
    audit_record(actor=by, action="library.act_adopt", target=model)
    return act
