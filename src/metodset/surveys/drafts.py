"""A questionnaire answered section by section, with a draft kept on the server.

Decisions people will ask about:

- **Every questionnaire with two or more sections is answered one section a page** (the
  self-assessment of diagnostics has one per competency area, the shipped reflection three):
  «Раздел 3 из 6» with a progress bar, «Назад», «Далее» and «Отправить ответы» on the last page.
  A questionnaire without sections, or with one, stays one page. The builder's preview shows
  every question on one page, as the author checks them all at once.
- «Далее» checks the required answers of the page it leaves and stays there with the messages
  beside the questions; «Назад» saves without checking. «Отправить ответы» checks everything
  and, if something is missing on an earlier page, opens that page with its messages. A form
  posted whole (no ``page`` field) is taken as a whole, as before the pages existed.
- **The draft** holds the raw values as the form posted them, merged page by page, and the
  page she was on. It is saved on every move between pages, and by ``static/surveys/draft.js``
  a moment after each change, every 30 seconds while something is unsaved and when the page is
  hidden or closed. It lives on the server, so it survives closing the browser and follows her
  to another device: an invitation's draft belongs to the invitation (the personal link is
  the key, as it is for the answers themselves; «Моя неделя» and «Диагностика» lead to the
  same link), a public-link draft to the browser's signed cookie id, stored only as its HMAC.
  Sending the answers deletes the draft in the same transaction (``responding.py``). An
  anonymous questionnaire's draft is linked to the invitation only until then; the response
  itself is linked to nobody.
- Drafts are never shown to those who run the questionnaire and never counted in results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone

from .answering import LONG_TEXT_MAX, AnswerForm, field_name
from .models import Draft, Invitation, Question, Questionnaire
from .selectors import Block

MAX_VALUES = 50  # more values for one field than any question has options: not a real form


@dataclass(frozen=True)
class Owner:
    """Whose draft: an invitation, or a browser on the public link (the HMAC of its id)."""

    questionnaire: Questionnaire
    invitation: Invitation | None = None
    browser_hash: str = ""

    def lookup(self) -> dict[str, object]:
        if self.invitation is not None:
            return {"invitation": self.invitation}
        return {"questionnaire": self.questionnaire, "browser_hash": self.browser_hash}

    @property
    def known(self) -> bool:
        return self.invitation is not None or bool(self.browser_hash)


# --- pages ------------------------------------------------------------------------------------


def pages(blocks: Sequence[Block]) -> list[list[Block]]:
    """The pages of the answer form: a section each, or all on one page if there is one."""
    filled = [block for block in blocks if block.questions]
    if len(filled) <= 1:
        return [filled]
    return [[block] for block in filled]


def questions_of(page: Sequence[Block]) -> list[Question]:
    return [question for block in page for question in block.questions]


def field_names(questions: Sequence[Question]) -> list[str]:
    names: list[str] = []
    for question in questions:
        if question.kind == Question.Kind.MATRIX:
            names.extend(field_name(question, row) for row in range(len(question.rows)))
        else:
            names.append(field_name(question))
    return names


def posted(post: QueryDict, questions: Sequence[Question]) -> dict[str, list[str]]:
    """The values of these questions' fields as posted; an absent field is an empty answer."""
    return {
        name: [value[: LONG_TEXT_MAX + 1] for value in post.getlist(name)[:MAX_VALUES]]
        for name in field_names(questions)
    }


def as_data(saved: dict[str, list[str]]) -> QueryDict:
    """Saved values as form data, to bind an ``AnswerForm``."""
    data = QueryDict(mutable=True)
    for name, values in saved.items():
        data.setlist(name, list(values))
    return data


def initial(form: AnswerForm, saved: dict[str, list[str]]) -> dict[str, object]:
    """Saved values as a form's initial data: shown checked and filled in, not yet checked."""
    found: dict[str, object] = {}
    for name, field in form.fields.items():
        values = saved.get(name) or []
        if isinstance(field, forms.MultipleChoiceField):
            found[name] = list(values)
        elif values:
            found[name] = values[0]
    return found


# --- reads and writes -------------------------------------------------------------------------


def draft_find(*, owner: Owner) -> Draft | None:
    if not owner.known:
        return None
    return Draft.objects.filter(**owner.lookup()).first()  # type: ignore[arg-type]


@transaction.atomic
def draft_save(
    *,
    owner: Owner,
    answers: dict[str, list[str]],
    page: int,
    now: datetime | None = None,
) -> Draft | None:
    """Merge the answers of one page (or of the whole form) into the draft; remember the page."""
    if not owner.known:
        return None
    now = now or timezone.now()
    lookup = owner.lookup()
    draft = Draft.objects.select_for_update().filter(**lookup).first()  # type: ignore[arg-type]
    if draft is None:
        try:
            with transaction.atomic():
                return Draft.objects.create(
                    questionnaire=owner.questionnaire,
                    invitation=owner.invitation,
                    browser_hash="" if owner.invitation else owner.browser_hash,
                    data=answers,
                    page=page,
                    updated_at=now,
                )
        except IntegrityError:  # an autosave and a move between pages at the same moment
            draft = Draft.objects.select_for_update().get(**lookup)  # type: ignore[arg-type]
    draft.data = {**draft.data, **answers}
    draft.page = page
    draft.updated_at = now
    draft.save(update_fields=["data", "page", "updated_at"])
    return draft
