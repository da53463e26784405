"""The audit log: who changed which person or organisation, and when (152-ФЗ)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.functional import Promise

from .models import AuditEntry, User


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model,
    changes: dict[str, Any] | None = None,
    target_repr: str | None = None,
) -> AuditEntry:
    """Write one audit entry. ``changes`` maps a field to ``[old, new]``.

    ``target_repr`` replaces the target's name where the actor may not learn it.
    """
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target_type_of(target),
        target_id=str(target.pk),
        target_repr=(str(target) if target_repr is None else target_repr)[:300],
        changes=changes or {},
    )


def diff_fields(instance: models.Model, new_values: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value differs, as ``{field: [old, new]}`` with JSON-safe values."""
    changes = {}
    for field, new in new_values.items():
        old = getattr(instance, field)
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
    return changes


def choice_change(choices: type[models.Choices], old: Any, new: Any) -> list[str | None]:
    """``[old, new]`` of a choice field as the labels a person reads, stored in Russian like
    every text the audit page shows (the keys would be English words)."""
    with translation.override(settings.LANGUAGE_CODE):
        return [None if value is None else str(choices(value).label) for value in (old, new)]


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def target_type_of(model: type[models.Model] | models.Model) -> str:
    """The name entries store for a model's objects: its model name, unique across the apps,
    or the ``audit_type`` the model declares where another app's model already has the name
    (expertise's ``Campaign`` is «expertise.campaign»: «campaign» is diagnostics'). A model
    or an object (``request.user`` is a lazy object, whose type is not the model)."""
    return getattr(model, "audit_type", None) or model._meta.model_name or ""


# What the audit page calls an app's actions and objects. The apps above accounts register
# theirs from ``AppConfig.ready`` (accounts does not know them); a code without a label is
# shown as it is stored.
ACTION_LABELS: dict[str, str | Promise] = {}
TYPE_LABELS: dict[str, str | Promise] = {}
FIELD_LABELS: dict[str, str | Promise] = {}  # what an app records that is not a model field


def labels_register(
    *,
    actions: Mapping[str, str | Promise] | None = None,
    types: Mapping[str, str | Promise] | None = None,
    fields: Mapping[str, str | Promise] | None = None,
) -> None:
    ACTION_LABELS.update(actions or {})
    TYPE_LABELS.update(types or {})
    FIELD_LABELS.update(fields or {})
