"""Writes of routes: drafting from diagnostics, editing, approval, following the steps, the
organisation's catalogue and document layout, and horizontal learning.

The demo loader and the pages call the same functions: ``route_draft_for``, ``route_submit``,
``route_approve``, ``route_return``, ``step_mark_done``; callers use
``from metodset.routes import services``.
"""

from .catalogue import (
    activity_create,
    activity_from_platform,
    activity_update,
    competencies_from_codes,
    layout_set,
)
from .common import (
    DEFAULT_HOURS_BUDGET,
    RouteError,
    default_year,
    drafting_window,
    workplace_of,
)
from .drafts import (
    MODULE_FORM_OF_PROGRAM_KIND,
    module_activity,
    program_modules_for,
    route_draft_for,
)
from .editing import (
    route_approve,
    route_return,
    route_submit,
    route_update,
    step_add,
    step_mark_done,
    step_remove,
    step_set_status,
    step_swap,
    step_update,
)
from .horizontal import horizontal_credit, lesson_description, step_teach_colleagues

__all__ = [
    "DEFAULT_HOURS_BUDGET",
    "MODULE_FORM_OF_PROGRAM_KIND",
    "RouteError",
    "activity_create",
    "activity_from_platform",
    "activity_update",
    "competencies_from_codes",
    "default_year",
    "drafting_window",
    "horizontal_credit",
    "layout_set",
    "lesson_description",
    "module_activity",
    "program_modules_for",
    "route_approve",
    "route_draft_for",
    "route_return",
    "route_submit",
    "route_update",
    "step_add",
    "step_mark_done",
    "step_remove",
    "step_set_status",
    "step_swap",
    "step_teach_colleagues",
    "step_update",
    "workplace_of",
]
