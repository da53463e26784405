"""An author's work on its path, as the author's pages show it: черновик → на экспертизе →
заключения → доработка → принята → включена в сборник или библиотеку.

A pure function of the item's status, its version and where it was included, so the page and
its tests read the same steps. Decisions an author will ask about:
- A work returned for revision and handed in again is «на экспертизе» again: the step says
  which version is being examined; the revision step then counts as passed.
- A work accepted without revision passes the revision step by («не понадобилась»).
- A work not recommended ends at the conclusions with that decision; a withdrawn one ends
  where it was withdrawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

DRAFT, EXPERTISE, CONCLUSIONS, REVISION, ACCEPTED, INCLUDED = range(6)
DONE, CURRENT, TODO, SKIPPED = "done", "current", "todo", "skipped"

_POSITION = {
    "draft": DRAFT,
    "submitted": EXPERTISE,
    "reviewing": EXPERTISE,
    "reviewed": CONCLUSIONS,
    "revision": REVISION,
    "accepted": ACCEPTED,
}


@dataclass(frozen=True)
class Step:
    label: str | Promise
    state: str  # done, current, todo or skipped
    note: str | Promise = ""

    @property
    def current(self) -> bool:
        return self.state == CURRENT


def _labels(included: str) -> list[str | Promise]:
    last = {
        "proceedings": _("included in the proceedings"),
        "library": _("included in the library"),
    }.get(included, _("included in the proceedings or the library"))
    return [
        pgettext_lazy("the path of a work", "draft"),
        pgettext_lazy("the path of a work", "under expertise"),
        pgettext_lazy("the path of a work", "conclusions"),
        pgettext_lazy("the path of a work", "revision"),
        pgettext_lazy("the path of a work", "accepted"),
        last,
    ]


def item_path(*, status: str, version: int, included: str = "") -> list[Step]:
    """The steps of a work with the current one marked. ``included`` is "proceedings",
    "library" or "" (not included yet)."""
    labels = _labels(included)
    revised = version > 1
    if status == "withdrawn":
        return [
            Step(labels[DRAFT], DONE),
            Step(labels[EXPERTISE], DONE),
            Step(pgettext_lazy("the path of a work", "withdrawn"), CURRENT),
        ]
    if status == "rejected":
        return [
            Step(labels[DRAFT], DONE),
            Step(labels[EXPERTISE], DONE),
            Step(labels[CONCLUSIONS], DONE),
            Step(labels[REVISION], DONE if revised else SKIPPED),
            Step(pgettext_lazy("the path of a work", "not recommended"), CURRENT),
        ]
    position = _POSITION.get(status, EXPERTISE)
    if position == ACCEPTED and included:
        position = INCLUDED
    steps = []
    for index, label in enumerate(labels):
        note: str | Promise = ""
        if index < position:
            state = DONE
            if index == REVISION and not revised:
                state, note = SKIPPED, _("not needed")
        elif index == position:
            state = CURRENT
            if index in (EXPERTISE, CONCLUSIONS) and revised:
                note = _("version %(number)s") % {"number": version}
        else:
            state = DONE if index == REVISION and revised else TODO
        steps.append(Step(label, state, note))
    return steps
