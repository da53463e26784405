"""Pages of routes: the teacher's own (``mine``), the organisation's (``organization``)."""

from .mine import (  # noqa: F401
    from_profile,
    my_routes,
    route_detail,
    route_draft,
    route_edit,
    route_export,
    route_review,
    route_submit,
    step_add,
    step_alternatives,
    step_done,
    step_edit,
    step_evidence,
    step_remove,
    step_status,
    step_swap,
    step_teach,
)
from .organization import (  # noqa: F401
    activity_edit,
    board,
    catalogue,
    catalogue_add_from_platform,
    cyclogram,
    horizontal_credit,
    layout,
    organization_routes,
    review_queue,
)
