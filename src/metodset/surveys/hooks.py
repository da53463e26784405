"""Hooks for the apps built on questionnaires (they may not be imported from here).

- ``response_submitted``: a signal sent inside the transaction that stores a response, with
  ``questionnaire`` and ``response``. Diagnostics turns a self-assessment into scores with it.
- ``register_followup``: a function ``(questionnaire, user) -> (label, url) | None`` that may
  offer the next step on the thank-you page (e.g. «Мой профиль компетенций»).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.dispatch import Signal

response_submitted = Signal()

Followup = Callable[[Any, Any], "tuple[str, str] | None"]
_followups: list[Followup] = []


def register_followup(followup: Followup) -> None:
    if followup not in _followups:
        _followups.append(followup)


def followups(questionnaire: Any, user: Any) -> list[tuple[str, str]]:
    """The next steps the higher apps offer after this questionnaire."""
    return [step for f in _followups if (step := f(questionnaire, user)) is not None]
