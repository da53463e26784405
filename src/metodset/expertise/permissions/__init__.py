"""Who runs expertise campaigns and who sees which item, review and name.

- Campaigns are run by their coordinators: for a network's campaign, the network's
  coordinators and council members; for a campaign an organisation organises, also that
  organisation's manager and methodist. A platform administrator runs every campaign.
- An item is seen by the campaign's coordinators, by its authors, and by the experts assigned
  to it (a review assigned, in draft or submitted; one declined or withdrawn no longer opens
  it). Anyone else gets 404, as for every object a person may not see.
- Blindness: in a blind or double-blind campaign the author never learns who reviewed
  («Эксперт 1, 2…»); in a double-blind one the expert doesn't see the authors either.
  Coordinators always see both sides.

The rules live in modules by area (``campaigns``: campaigns, items, reviews, the collective
product, the expert community; ``conference``; ``contests``; ``rubrics``: the network's
rubrics and the templates) and are used as ``permissions.<rule>``.
"""

from .audits import audit_readable_organizations, organization_for_audit_reader
from .calls import call_for_entrant, open_calls
from .campaigns import (
    authors_hidden_from,
    campaign_for_coordinator,
    campaign_for_editor,
    campaign_networks,
    can_create_campaigns,
    collective_part_for_compiler,
    collective_product_for_compiler,
    collective_version_for_compiler,
    community_networks,
    coordinated_campaigns,
    coordinated_items,
    coordinates_campaign,
    draft_for_author,
    expert_hidden_from,
    expert_networks,
    is_coordinator_of,
    item_for_author,
    item_for_bidding,
    item_for_coordinator,
    items_of_author,
    may_organize,
    network_for_community_viewer,
    organizing_organizations,
    review_for_conclusion,
    review_for_coordinator,
    review_for_expert,
    reviews_of_expert,
    sees_author_names,
    sees_expert_names,
    version_for_reader,
    visible_items,
)
from .conference import (
    article_for_includer,
    can_create_conference,
    can_include_article,
    can_manage_conference,
    can_read_protocol,
    can_run_section,
    conference_for_manager,
    conference_for_viewer,
    conferences_visible,
    defence_for_juror,
    defence_for_moderator,
    defence_for_protocol_reader,
    is_juror,
    section_for_moderator,
    section_for_viewer,
)
from .contests import (
    can_create_contest,
    can_run_contest,
    contest_for_organiser,
    contest_for_results,
    contest_for_viewer,
    contest_organizations,
    is_contest_jury,
    visible_contests,
)
from .rubrics import editable_by as rubric_editable_by
from .rubrics import rubric_for_editor, rubric_for_viewer, rubric_networks, visible_rubrics

__all__ = [
    "call_for_entrant",
    "open_calls",
    "audit_readable_organizations",
    "organization_for_audit_reader",
    "article_for_includer",
    "authors_hidden_from",
    "campaign_for_coordinator",
    "campaign_for_editor",
    "campaign_networks",
    "can_create_campaigns",
    "can_create_conference",
    "can_create_contest",
    "can_include_article",
    "can_manage_conference",
    "can_read_protocol",
    "can_run_contest",
    "can_run_section",
    "collective_part_for_compiler",
    "collective_product_for_compiler",
    "collective_version_for_compiler",
    "community_networks",
    "conference_for_manager",
    "conference_for_viewer",
    "conferences_visible",
    "contest_for_organiser",
    "contest_for_results",
    "contest_for_viewer",
    "contest_organizations",
    "coordinated_campaigns",
    "coordinated_items",
    "coordinates_campaign",
    "defence_for_juror",
    "defence_for_moderator",
    "defence_for_protocol_reader",
    "draft_for_author",
    "expert_hidden_from",
    "expert_networks",
    "is_contest_jury",
    "is_coordinator_of",
    "is_juror",
    "item_for_author",
    "item_for_bidding",
    "item_for_coordinator",
    "items_of_author",
    "may_organize",
    "network_for_community_viewer",
    "organizing_organizations",
    "review_for_conclusion",
    "review_for_coordinator",
    "review_for_expert",
    "rubric_editable_by",
    "rubric_for_editor",
    "rubric_for_viewer",
    "rubric_networks",
    "reviews_of_expert",
    "section_for_moderator",
    "section_for_viewer",
    "sees_author_names",
    "sees_expert_names",
    "version_for_reader",
    "visible_contests",
    "visible_items",
    "visible_rubrics",
]
