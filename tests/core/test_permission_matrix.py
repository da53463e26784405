"""The permission matrix: every page and API operation, with ids of the demo network's objects,
requested as anonymous, as each role of that network and as the staff of a second network and
an organisation outside both.

Generated from the URL resolver and the OpenAPI schema: a new view or operation is requested
the day it is added, and a page name missing from ``ALLOWED`` (or ``PUBLIC``/``EXEMPT``) fails
the test, so whoever adds a view says who may open it. One test function walks the whole
matrix over one loaded world and reports every mismatch in a single table.

Set ``PERMISSION_MATRIX_PROBE=1`` to print the observed matrix as a starting table.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from metodset.accounts.importing import PEOPLE
from metodset.accounts.importing.batches import import_batch_check, import_batch_create
from metodset.accounts.models import Membership, MembershipInvitation, Network, User
from metodset.accounts.services import person_request_deletion
from metodset.accounts.tokens import token_create
from metodset.accounts.views.imports import EXAMPLES_DIR
from metodset.certificates import services as certificate_services
from metodset.certificates.models import Kind
from metodset.communities.models import Community, LearningItem, Lesson
from metodset.communities.services import lessons, observation, work
from metodset.demo.loader import demo_load
from metodset.diagnostics.campaigns import services as campaign_services
from metodset.diagnostics.instruments import services as instruments
from metodset.diagnostics.models import Campaign, Framework, Indicator, Participant
from metodset.diagnostics.results import services as results
from metodset.events import services as event_services
from metodset.events.models import Event, Registration
from metodset.expertise.models import Campaign as ExpertiseCampaign
from metodset.expertise.models import ExpertProfile, Item, ItemAuthor, ItemVersion, Review
from metodset.expertise.services import assigning as expertise_assigning
from metodset.expertise.services import authoring as expertise_authoring
from metodset.expertise.services import campaigns as expertise_campaigns
from metodset.expertise.services import collective
from metodset.expertise.services import contests as contest_services
from metodset.expertise.services import items as expertise_items
from metodset.expertise.services import reviews as review_services
from metodset.library import services as library
from metodset.programs import services as program_services
from metodset.programs.models import (
    Assignment,
    LiveSession,
    PlanStep,
    Program,
    ProgramMember,
    Stage,
    Team,
)
from metodset.programs.services import sessions, teamwork
from metodset.routes import selectors as route_selectors
from metodset.routes import services as route_services
from metodset.routes.models import Route, Step
from metodset.surveys import exports as survey_exports
from metodset.surveys.models import Questionnaire

from .. import factories
from ..expertise import factories as expertise_factories

Role = Membership.Role
DEMO = "demo.metodset.ru"

# --- identities -------------------------------------------------------------------------

# route_owner: the teacher whose draft route the route pages show; route_follower: a teacher
# of the same school whose route is approved, so the pages of following a route have an owner
WORLD1 = (
    "coordinator",
    "council",
    "manager",
    "methodist",
    "teacher",
    "route_owner",
    "route_follower",
    "expert",
    "admin",
)
FOREIGN = ("outsider", "n2_coordinator", "n2_methodist", "n2_teacher")
IDENTITIES = ("anonymous", *WORLD1, *FOREIGN)

# --- the table --------------------------------------------------------------------------

# Pages anyone may open, signed in or not; requested anonymously only (no 500).
PUBLIC = {
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_set_done",
    "core:healthz",
    "javascript-catalog",
    "set_language",
}

# Pages of the demo network's objects that are open to anonymous visitors too: the published
# event (its page, calendar file and materials, for sharing) and a programme's open call.
ANONYMOUS_TOO = {
    "library:collection",  # the network's e-case «Образование без границ» is public
    "events:catalogue",
    "events:detail",
    "events:ics",
    "events:material_file",
    "expertise:contest_results",
    "programs:applied",
    "programs:invitation",
}

# Pages not requested here, with the reason.
EXEMPT = {
    "accounts:logout": "ends the session the matrix is using",
    "accounts:password_set": "a signed one-time link: tests/accounts",
    "events:feed": "the calendar token is the key: tests/events",
    "programs:session_screen": "the screen token is the key: tests/programs",
    "programs:session_screen_state": "the screen token is the key: tests/programs",
    "surveys:answer_invited": "the invitation token is the key: tests/surveys",
    "surveys:thanks_invited": "the invitation token is the key: tests/surveys",
    "surveys:draft_invited": "the invitation token is the key: tests/surveys",
    "surveys:answer_public": "the public link is the key: tests/surveys",
    "surveys:thanks_public": "the public link is the key: tests/surveys",
    "surveys:draft_public": "the public link is the key: tests/surveys",
    "certificates:verify": "public verification by the code on the paper: tests/certificates",
}

EVERYONE = frozenset((*WORLD1, *FOREIGN))  # every signed-in person
WORLD1_ALL = frozenset(WORLD1)  # every person of the demo network, and the platform admin
# the people of methodist@'s school (СОШ № 161), and the platform admin
SCHOOL = frozenset(("admin", "methodist", "teacher", "route_owner", "route_follower"))
NOBODY: frozenset[str] = frozenset()
COORDINATION = frozenset(("coordinator", "admin"))  # the network's coordinator, the platform admin
# whoever runs the methodical work of some organisation or network: the page is about their own
ANY_STAFF = frozenset(("coordinator", "council", "manager", "methodist", "admin", *FOREIGN)) - {
    "n2_teacher"
}


def _s(*names: str) -> frozenset[str]:
    return frozenset(names)


# who runs the demo contest: its creator (the school's methodist), the network's coordinator
# (the demo's manager heads the kindergarten, not the school)
CONTEST_ORGANISERS = frozenset(("admin", "coordinator", "methodist"))


# Who gets the page (2xx, or a redirect that is not to the login page) with the demo network's
# ids; everyone else signed in must be refused with 403/404/405 and the anonymous visitor sent
# to the login page. POST-only views answer 405 to GET: they are then POSTed (empty, or with
# POST_DATA) and kept for the refused identities only (nothing may change).
# Every page has an allowed identity: what the demo lacks (a test and its campaign, children's
# results, import and certificate batches, an export, files of a thread, a work, a plan, a case
# and a route step, a session question) is made in the world's set-up, and pages acting on
# another object than the first of its kind get it from OBJECTS. NOBODY is for a page nobody
# may open in the world's state, with the reason beside it; none is so today.
ALLOWED: dict[str, frozenset[str]] = {
    # the library (its objects: _library_objects). Every signed-in person has the catalogue,
    # her shelf and materials, and adds one; a material of teacher@ published to the network
    # is read, used, saved and complained about by the network's people and the admin
    "library:catalogue": EVERYONE,
    "library:quanta": EVERYONE,
    "library:acts": EVERYONE,
    "library:collections": EVERYONE,
    "library:create": EVERYONE,
    "library:mine": EVERYONE,
    "library:shelf": EVERYONE,
    "library:material": WORLD1_ALL,
    "library:file": WORLD1_ALL,
    "library:version_file": WORLD1_ALL,
    "library:use": WORLD1_ALL,
    "library:complaint": WORLD1_ALL,
    "library:shelf_toggle": WORLD1_ALL,
    "library:learn": WORLD1_ALL,  # methodist@'s quantum: her own request is refused by a rule
    # the network's e-case is public; its moderators (coordinator, council) curate it
    "library:collection": EVERYONE,
    "library:collection_add": _s("admin", "coordinator", "council"),
    "library:collection_move": _s("admin", "coordinator", "council"),
    "library:collection_remove": _s("admin", "coordinator", "council"),
    # teacher@'s draft: hers to edit, give a version and submit (the admin corrects anything)
    "library:edit": _s("admin", "teacher"),
    "library:version_add": _s("admin", "teacher"),
    "library:submit": _s("teacher"),
    # what waits for the network's moderators, and withdrawing a published material
    "library:take": _s("admin", "coordinator", "council"),
    "library:decide": _s("admin", "coordinator", "council"),
    "library:withdraw": _s("admin", "coordinator", "council"),
    "library:complaint_resolve": _s("admin", "coordinator", "council"),
    # the queue and the report: whoever moderates somewhere sees her own scope
    "library:moderation": ANY_STAFF,
    "library:report": ANY_STAFF,
    # a model act is adopted by those who run an organisation
    "library:act_adopt": _s("admin", "coordinator", "council", "manager", "methodist"),
    # a «Хочу научиться» request is answered by the quantum's author, methodist@
    "library:learn_answer": _s("methodist"),
    "accounts:api_token_revoke": _s("teacher"),
    "accounts:api_tokens": EVERYONE,
    "accounts:audit_log": ANY_STAFF,
    "accounts:consent_give": EVERYONE,
    "accounts:deletion_complete": COORDINATION,
    "accounts:deletion_request": EVERYONE,
    "accounts:deletion_requests": _s("admin", "coordinator", "n2_coordinator"),
    "accounts:import_batch": _s("methodist"),
    "accounts:import_cancel": _s("methodist"),
    "accounts:import_confirm": _s("methodist"),
    "accounts:import_example": ANY_STAFF,
    "accounts:import_start": ANY_STAFF,
    "accounts:invitation_accept": _s("teacher"),
    "accounts:invitation_decline": _s("teacher"),
    "accounts:my_data": EVERYONE,
    "accounts:my_data_download": EVERYONE,
    "accounts:network_detail": _s(
        "admin",
        "coordinator",
        "council",
        "expert",
        "manager",
        "methodist",
        "route_follower",
        "route_owner",
        "teacher",
    ),
    "accounts:network_list": EVERYONE,
    "accounts:organization_detail": _s(
        "admin",
        "coordinator",
        "council",
        "expert",
        "manager",
        "methodist",
        "route_follower",
        "route_owner",
        "teacher",
    ),
    "accounts:person_invite": COORDINATION,
    "accounts:profile": EVERYONE,
    "certificates:batch": COORDINATION,
    "certificates:detail": COORDINATION,
    "certificates:download": COORDINATION,
    "certificates:event": COORDINATION,
    "certificates:facsimile": COORDINATION,
    "certificates:issuer": COORDINATION,
    "certificates:logo": COORDINATION,
    "certificates:mine": EVERYONE,
    "certificates:program": COORDINATION,
    "certificates:progress": COORDINATION,
    "certificates:registry": EVERYONE,
    "certificates:reissue": COORDINATION,
    "certificates:revoke": COORDINATION,
    "certificates:signatories": COORDINATION,
    "certificates:signatory_delete": COORDINATION,
    "certificates:template": COORDINATION,
    "certificates:template_preview": COORDINATION,
    # expertise, the coordinator's side: a campaign of the demo network made by its coordinator
    # (_expertise_campaign_objects), run by the network's coordinator and council; the expert
    # assigned to its item and the item's author are refused the coordinator's pages
    "expertise:campaigns": ANY_STAFF,
    "expertise:campaign_create": ANY_STAFF,
    **{
        f"expertise:{name}": _s("admin", "coordinator", "council")
        for name in (
            "campaign_assign",
            "campaign_close",
            "campaign_detail",
            "campaign_edit",
            "campaign_items",
            "campaign_items_audit",
            "campaign_items_materials",
            "campaign_items_program",
            "campaign_open",
            "campaign_results",
            "item_decide",
            "item_detail",
            "item_extra_review",
            "review_extend",
            "review_reassign",
        )
    },
    # expertise, the rubric editor: the demo network's sheet (the campaign's copy of the
    # template, _expertise_campaign_objects) is read and copied by whoever may open a campaign
    # in the network: its coordinator and council, and the staff of its partner organisations;
    # it is changed only by the network's coordinator and council (and the admin): the partner
    # schools' staff did not make it (403)
    "expertise:rubrics": ANY_STAFF,
    **{
        f"expertise:{name}": _s("admin", "coordinator", "council", "manager", "methodist")
        for name in ("rubric_copy", "rubric_detail")
    },
    "expertise:rubric_edit": _s("admin", "coordinator", "council"),
    # communities: the first community is the kindergarten's ПОС, closed to its members, whose
    # chair is manager@ (the head): every other identity, the platform admin included, is
    # refused. Pages of a round act on rounds made for them (_communities_objects). The
    # kindergarten's methodical plan: its head writes it; the network's coordinator and council
    # see a partner's match, the admin everything.
    # expertise: the collective product of a campaign the demo network runs, made in
    # _expertise_collective_objects; its coordinator and council compile it
    "expertise:collective_compile": _s("coordinator", "council", "admin"),
    "expertise:collective_create": _s("coordinator", "council", "admin"),
    "expertise:collective_detail": _s("coordinator", "council", "admin"),
    "expertise:collective_edit": _s("coordinator", "council", "admin"),
    "expertise:collective_move": _s("coordinator", "council", "admin"),
    "expertise:collective_publish": _s("coordinator", "council", "admin"),
    "expertise:collective_refresh": _s("coordinator", "council", "admin"),
    "expertise:collective_version_file": _s("coordinator", "council", "admin"),
    # the expert community: each person sees her own network's (the outsider has none); a
    # profile is the expert's own
    "expertise:expert_profile": _s("expert"),
    "expertise:calls": EVERYONE,
    "expertise:home": EVERYONE,
    # an open call for articles of the demo network (_expertise_collective_objects)
    "expertise:item_enter": _s(
        "coordinator",
        "council",
        "expert",
        "manager",
        "methodist",
        "route_follower",
        "route_owner",
        "teacher",
    ),
    "expertise:item_draft_create": _s(
        "coordinator",
        "council",
        "expert",
        "manager",
        "methodist",
        "route_follower",
        "route_owner",
        "teacher",
    ),
    # teacher@'s draft for that call: hers alone, the call's coordinators included get 404
    "expertise:item_draft": _s("teacher"),
    "expertise:item_draft_delete": _s("teacher"),
    "expertise:item_draft_submit": _s("teacher"),
    # the methodist's school: its staff and the network's coordination read its audits
    "expertise:organization_audit": _s("admin", "coordinator", "council", "methodist"),
    "expertise:experts": EVERYONE - {"outsider"},
    "communities:analysis": _s("manager"),
    "communities:analysis_add": _s("manager"),
    "communities:analysis_delete": _s("manager"),
    "communities:analysis_edit": _s("manager"),
    "communities:analysis_finish": _s("manager"),
    "communities:analysis_lesson": _s("manager"),
    "communities:analysis_save": _s("manager"),
    "communities:case_child_add": _s("manager"),
    "communities:case_child_edit": _s("manager"),
    "communities:case_child_remove": _s("manager"),
    "communities:case_children": _s("manager"),
    "communities:charter_edit": _s("manager"),
    "communities:correct": _s("manager"),
    "communities:create": EVERYONE,
    "communities:cycle": _s("manager"),
    "communities:cycle_close": _s("manager"),
    "communities:cycle_create": _s("manager"),
    "communities:cycle_report_docx": _s("manager"),
    "communities:cycle_report_pdf": _s("manager"),
    "communities:detail": _s("manager"),
    "communities:directory": EVERYONE - {"outsider"},
    "communities:goal_edit": _s("manager"),
    "communities:guest_remove": _s("manager"),
    "communities:guests": _s("manager"),
    "communities:learning": _s("manager"),
    "communities:learning_add": _s("manager"),
    "communities:learning_delete": _s("manager"),
    "communities:learning_edit": _s("manager"),
    "communities:learning_to_route": _s("manager"),
    "communities:lesson_schedule": _s("manager"),
    "communities:lesson_start": _s("manager"),
    "communities:list": EVERYONE,
    "communities:map": _s("manager"),
    "communities:map_edit": _s("manager"),
    "communities:meeting": _s("manager"),
    "communities:meeting_edit": _s("manager"),
    "communities:meeting_material_add": _s("manager"),
    "communities:meetings": _s("manager"),
    "communities:meetings_schedule": _s("manager"),
    "communities:meetings_sync": _s("manager"),
    "communities:member_add": _s("manager"),
    "communities:member_invite": _s("manager"),
    "communities:member_leave": _s("manager"),
    "communities:member_remove": _s("manager"),
    "communities:member_role": _s("manager"),
    "communities:members": _s("manager"),
    "communities:observe": _s("manager"),
    "communities:observe_entry": _s("manager"),
    "communities:observe_entry_delete": _s("manager"),
    "communities:observe_entry_edit": _s("manager"),
    "communities:observe_finish": _s("manager"),
    "communities:observe_notes": _s("manager"),
    "communities:openness": _s("manager"),
    "communities:plan": _s("admin", "coordinator", "council", "manager"),
    "communities:plan_create": _s("admin", "manager"),
    "communities:plan_docx": _s("admin", "coordinator", "council", "manager"),
    "communities:plan_draft_next": _s("admin", "manager"),
    "communities:plan_match": _s("admin", "coordinator", "council", "manager"),
    "communities:plan_questions": _s("admin", "manager"),
    "communities:plan_topic_add": _s("admin", "manager"),
    "communities:plan_topic_delete": _s("admin", "manager"),
    "communities:plan_topic_edit": _s("admin", "manager"),
    "communities:plans": EVERYONE,
    "communities:predictions": _s("manager"),
    "communities:stage_comment": _s("manager"),
    "communities:strategy": _s("manager"),
    "communities:strategy_add": _s("manager"),
    "communities:strategy_choose": _s("manager"),
    "communities:tactic_add": _s("manager"),
    "communities:tactic_delete": _s("manager"),
    "communities:tactic_done": _s("manager"),
    "communities:tactic_edit": _s("manager"),
    "communities:versions": _s("manager"),
    "communities:vote": _s("manager"),
    "core:outbox": _s("admin"),
    "core:outbox_detail": _s("admin"),
    "dashboards:home": EVERYONE,
    "diagnostics:campaign": _s("admin", "coordinator", "council", "manager", "methodist"),
    "diagnostics:campaign_add_people": COORDINATION,
    "diagnostics:campaign_close": COORDINATION,
    "diagnostics:campaign_create": ANY_STAFF,
    "diagnostics:campaign_edit": COORDINATION,
    "diagnostics:campaign_open": COORDINATION,
    "diagnostics:campaigns": EVERYONE,
    "diagnostics:framework": EVERYONE,
    "diagnostics:framework_import": _s("admin", "coordinator", "n2_coordinator"),
    "diagnostics:frameworks": EVERYONE,
    "diagnostics:heatmap": _s("admin", "coordinator", "council", "manager", "methodist"),
    "diagnostics:heatmap_org": _s("admin", "coordinator", "council"),
    "diagnostics:my_profile": EVERYONE,
    "diagnostics:observe": _s("admin", "coordinator", "expert"),
    "diagnostics:participant_remove": COORDINATION,
    "diagnostics:profile": _s("admin"),
    "diagnostics:results_detail": _s("admin", "methodist", "teacher"),
    "diagnostics:results_import": _s(
        "admin",
        "coordinator",
        "council",
        "expert",
        "manager",
        "methodist",
        "n2_methodist",
        "n2_teacher",
        "outsider",
        "route_follower",
        "route_owner",
        "teacher",
    ),
    "diagnostics:results_list": EVERYONE,
    "diagnostics:results_row_delete": _s("admin", "methodist", "teacher"),
    # the import page's second form: a table typed in by hand (same people as the import)
    "diagnostics:results_table_create": _s(
        "admin",
        "coordinator",
        "council",
        "expert",
        "manager",
        "methodist",
        "n2_methodist",
        "n2_teacher",
        "outsider",
        "route_follower",
        "route_owner",
        "teacher",
    ),
    "diagnostics:test_detail": _s("admin", "methodist"),
    "diagnostics:test_import": _s("admin", "methodist"),
    "diagnostics:test_item": _s("admin", "methodist"),
    "diagnostics:test_item_delete": _s("admin", "methodist"),
    "diagnostics:test_list": ANY_STAFF,
    "diagnostics:test_take": _s("teacher"),
    # expertise, the expert's and the author's side: a blind campaign of the demo network
    # (_expertise_review_objects) with a review assigned to expert@ and another submitted by
    # them, on works by teacher@; an open campaign's work for bids.
    "expertise:bid_set": _s("expert"),
    "expertise:item_mine": _s("teacher"),
    "expertise:item_revise": _s("teacher"),
    # a version's file: its author, and whoever runs its campaign (a contest's organisers
    # read the entries); the assigned expert opens hers through the review (review_file)
    "expertise:item_version_file": _s("teacher", "admin", "coordinator", "council"),
    "expertise:my_items": EVERYONE,
    "expertise:my_reviews": EVERYONE,
    "expertise:review_conclusion": _s("admin", "coordinator", "council", "expert", "teacher"),
    "expertise:review_decline": _s("expert"),
    "expertise:review_file": _s("expert"),
    "expertise:review_form": _s("expert"),
    "expertise:review_save": _s("expert"),
    "expertise:review_submit": _s("expert"),
    # expertise, the conference (_expertise_conference_objects): a conference of the demo
    # network, unpublished, run by its coordinator; its section is moderated by methodist@
    # with expert@ on the jury; an accepted article of the network's articles campaign
    "expertise:article_include": _s("admin", "coordinator"),
    "expertise:conference_create": _s("admin", "coordinator", "n2_coordinator"),
    "expertise:conference_detail": _s("admin", "coordinator", "expert", "methodist"),
    "expertise:conference_publish": _s("admin", "coordinator"),
    "expertise:conference_section": _s("admin", "coordinator", "expert", "methodist"),
    "expertise:conference_section_add": _s("admin", "coordinator"),
    "expertise:conferences": EVERYONE,
    "expertise:defence_add": _s("admin", "coordinator", "methodist"),
    "expertise:defence_mark": _s("admin", "coordinator", "methodist"),
    "expertise:defence_protocol": _s("expert", "methodist"),
    "expertise:defence_protocol_pdf": _s("admin", "coordinator", "expert", "methodist"),
    "expertise:defence_start": _s("admin", "coordinator", "methodist"),
    "expertise:proceedings_compile": _s("admin", "coordinator"),
    "expertise:proceedings_download": _s("admin", "coordinator", "expert", "methodist"),
    "expertise:proceedings_publish": _s("admin", "coordinator"),
    "events:attendance": COORDINATION,
    "events:attendance_mark": COORDINATION,
    "events:attendance_xlsx": COORDINATION,
    "events:cancel": COORDINATION,
    "events:catalogue": EVERYONE,
    "events:check_in": EVERYONE,
    "events:check_in_screen": COORDINATION,
    "events:create": ANY_STAFF,
    "events:detail": EVERYONE,
    "events:edit": COORDINATION,
    "events:feed_reset": EVERYONE,
    "events:ics": EVERYONE,
    "events:join": EVERYONE,
    "events:managed": ANY_STAFF,
    "events:material_add": COORDINATION,
    "events:material_delete": COORDINATION,
    "events:material_file": EVERYONE,
    "events:mine": EVERYONE,
    "events:register": EVERYONE,
    "events:register_series": EVERYONE,
    "events:unregister": EVERYONE,
    # contests: the demo network's people see and enter; the organisers run it (the methodist
    # who created it, the network's coordinator); published results are public
    "expertise:contest_create": _s(  # who runs an organisation of a network (council: a head)
        "admin", "coordinator", "council", "manager", "methodist", "n2_coordinator", "n2_methodist"
    ),
    "expertise:contest_detail": _s(
        "admin",
        "coordinator",
        "council",
        "expert",
        "manager",
        "methodist",
        "route_follower",
        "route_owner",
        "teacher",
    ),
    "expertise:contest_diplomas": CONTEST_ORGANISERS,
    "expertise:contest_edit": CONTEST_ORGANISERS,
    "expertise:contest_enter": _s(
        "admin",
        "coordinator",
        "council",
        "expert",
        "manager",
        "methodist",
        "route_follower",
        "route_owner",
        "teacher",
    ),
    "expertise:contest_entries": CONTEST_ORGANISERS,
    "expertise:contest_publish": CONTEST_ORGANISERS,
    "expertise:contest_results": EVERYONE,
    "expertise:contests": EVERYONE,
    "programs:applications": COORDINATION,
    "programs:applied": EVERYONE,
    "programs:assignment_add": COORDINATION,
    "programs:assignment_delete": COORDINATION,
    "programs:assignment_edit": COORDINATION,
    "programs:calendar_entry_add": COORDINATION,
    "programs:calendar_entry_delete": COORDINATION,
    "programs:case_file": COORDINATION,
    # the cohort feed of the running internship: its coordinators and tutors (methodist@ tutors
    # a team), the interns too, who are not identities here; the first post is an intern's,
    # removed only by her and the coordinators
    "programs:cohort": _s("admin", "coordinator", "methodist"),
    "programs:cohort_post": _s("admin", "coordinator", "methodist"),
    "programs:cohort_post_delete": COORDINATION,
    "programs:cohort_post_file": _s("admin", "coordinator", "methodist"),
    "programs:completion": COORDINATION,
    "programs:coordinator_add": COORDINATION,
    "programs:create": ANY_STAFF,
    "programs:dashboard": COORDINATION,
    "programs:detail": _s("admin", "coordinator", "methodist"),
    "programs:edit": COORDINATION,
    "programs:feedback": COORDINATION,
    "programs:feedback_add": COORDINATION,
    "programs:final_case": COORDINATION,
    "programs:final_case_remove": COORDINATION,
    "programs:final_case_show": COORDINATION,
    "programs:finish": COORDINATION,
    "programs:intern_submission": _s("admin", "coordinator", "methodist"),
    "programs:intern_submission_accept": _s("admin", "coordinator", "methodist"),
    "programs:intern_submission_return": _s("admin", "coordinator", "methodist"),
    "programs:invitation": EVERYONE,
    "programs:list": EVERYONE,
    "programs:member_move": COORDINATION,
    "programs:module_choose": _s("route_owner", "teacher"),
    "programs:my_submission": _s("route_owner", "teacher"),
    "programs:my_submission_save": _s("route_owner", "teacher"),
    "programs:my_submission_submit": _s("route_owner", "teacher"),
    "programs:my_teams": _s("admin", "coordinator", "methodist"),
    "programs:plan": _s("admin", "coordinator", "methodist"),
    "programs:plan_evidence": _s("admin", "coordinator", "teacher"),
    "programs:plan_step_done": _s("route_owner", "teacher"),
    "programs:plan_step_undo": _s("route_owner", "teacher"),
    "programs:publish": COORDINATION,
    "programs:reflection_send": COORDINATION,
    "programs:session": _s("admin", "coordinator", "methodist"),
    "programs:session_add_time": COORDINATION,
    "programs:session_ask": _s("admin", "coordinator", "methodist"),
    "programs:session_back": COORDINATION,
    "programs:session_control": COORDINATION,
    "programs:session_next": COORDINATION,
    "programs:session_order": COORDINATION,
    "programs:session_pause": COORDINATION,
    "programs:session_question_answered": COORDINATION,
    "programs:session_regulation": COORDINATION,
    "programs:session_resume": COORDINATION,
    "programs:session_shuffle": COORDINATION,
    "programs:session_start": COORDINATION,
    "programs:session_state": _s("admin", "coordinator", "methodist"),
    "programs:sessions": _s("admin", "coordinator", "methodist"),
    "programs:stage_add": COORDINATION,
    "programs:stage_delete": COORDINATION,
    "programs:stage_down": COORDINATION,
    "programs:stage_edit": COORDINATION,
    "programs:stage_event_add": COORDINATION,
    "programs:stage_up": COORDINATION,
    "programs:start": COORDINATION,
    "programs:team": _s("admin", "coordinator", "methodist"),
    "programs:team_add": COORDINATION,
    # the team's audience questionnaire: its page for the team and its tutor, made by the
    # team's interns and the coordinators
    "programs:team_audience": _s("admin", "coordinator", "methodist"),
    "programs:team_audience_create": COORDINATION,
    "programs:team_edit": COORDINATION,
    "programs:team_message_file": _s("admin", "coordinator", "methodist"),
    "programs:team_message_post": _s("admin", "coordinator", "methodist"),
    "programs:team_message_resolve": _s("admin", "coordinator", "methodist"),
    "programs:team_submission": _s("admin", "coordinator", "methodist"),
    "programs:team_submission_accept": _s("admin", "coordinator", "methodist"),
    "programs:team_submission_return": _s("admin", "coordinator", "methodist"),
    # the team's interns and the coordinators write the work; its tutor (methodist) reviews it
    "programs:team_submission_save": COORDINATION,
    "programs:team_submission_submit": COORDINATION,
    # the team shares its video (its interns, the coordinators); an accepted product goes into
    # the final case by the coordinators' click
    "programs:team_submission_to_case": COORDINATION,
    "programs:team_video_share": COORDINATION,
    "programs:teams": COORDINATION,
    "programs:teams_form": COORDINATION,
    "programs:tutor_add": COORDINATION,
    "programs:tutors_assign": COORDINATION,
    "programs:version_file": _s("admin", "coordinator", "methodist"),
    "routes:activity_edit": _s("admin"),
    "routes:alternatives": _s("admin", "methodist", "route_owner"),
    "routes:board": COORDINATION,
    "routes:catalogue": COORDINATION,
    "routes:catalogue_platform": COORDINATION,
    "routes:cyclogram": COORDINATION,
    "routes:draft": EVERYONE,
    "routes:export_docx": _s("admin", "methodist", "route_owner"),
    "routes:export_pdf": _s("admin", "methodist", "route_owner"),
    "routes:from_profile": EVERYONE,
    "routes:horizontal_credit": _s("admin", "coordinator", "methodist", "route_follower"),
    "routes:layout": COORDINATION,
    "routes:mine": EVERYONE,
    "routes:organization": COORDINATION,
    "routes:review": _s("admin", "methodist"),
    "routes:review_queue": EVERYONE,
    "routes:route": _s("admin", "methodist", "route_owner"),
    "routes:route_edit": _s("admin", "methodist", "route_owner"),
    "routes:step_add": _s("admin", "methodist", "route_owner"),
    "routes:step_done": _s("route_follower"),
    "routes:step_edit": _s("admin", "methodist", "route_owner"),
    "routes:step_evidence": _s("admin", "methodist", "route_follower"),
    "routes:step_remove": _s("admin", "methodist", "route_owner"),
    "routes:step_status": _s("route_follower"),
    "routes:step_teach": _s("route_follower"),
    "routes:submit": _s("route_owner"),
    "routes:swap": _s("admin", "methodist", "route_owner"),
    "surveys:close": COORDINATION,
    "surveys:create": ANY_STAFF,
    "surveys:create_from_template": ANY_STAFF,
    "surveys:delete": COORDINATION,
    "surveys:detail": COORDINATION,
    "surveys:distribute": COORDINATION,
    "surveys:export_download": _s("coordinator"),
    "surveys:export_start": COORDINATION,
    "surveys:export_status": _s("coordinator"),
    "surveys:list": ANY_STAFF,
    "surveys:open": COORDINATION,
    "surveys:preview": COORDINATION,
    "surveys:question_add": COORDINATION,
    "surveys:question_delete": COORDINATION,
    "surveys:question_edit": COORDINATION,
    "surveys:question_move": COORDINATION,
    "surveys:remind": COORDINATION,
    "surveys:responses": COORDINATION,
    "surveys:results": COORDINATION,
    "surveys:section_add": COORDINATION,
    "surveys:section_delete": COORDINATION,
    "surveys:section_edit": COORDINATION,
    "surveys:section_move": COORDINATION,
    "surveys:settings": COORDINATION,
    "surveys:text_answers": COORDINATION,
}

# (url name, identity) pairs that get a page they should not: each with its cause, fixed soon.
KNOWN_LEAKS: dict[tuple[str, str], str] = {}


# --- the world --------------------------------------------------------------------------


def _named_patterns(
    resolver=None, namespace="", prefix=""
) -> Iterator[tuple[str, str, URLPattern]]:
    """(name, full route, pattern) of every named page outside the admin and the API."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            if entry.namespace in {"admin", "api"}:
                continue  # the admin has its own login; the API is walked through OpenAPI
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry, ns, route)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", route, entry


# kwarg -> model label, overridden per namespace where one name means two things
MODEL_OF = {
    "activity_id": "routes.Activity",
    "assignment_id": "programs.Assignment",
    "campaign_id": "diagnostics.Campaign",
    "certificate_id": "certificates.Certificate",
    "child_id": "communities.CaseChild",
    "community_id": "communities.Community",
    "cycle_id": "communities.Cycle",
    "entry_id": "communities.ProtocolEntry",
    "guest_id": "communities.CycleGuest",
    "lesson_id": "communities.Lesson",
    "link_id": "communities.AnalysisLink",
    "meeting_id": "communities.Meeting",
    "plan_id": "communities.MethodicalPlan",
    "tactic_id": "communities.Tactic",
    "topic_id": "communities.PlanTopic",
    "email_id": "core.OutgoingEmail",
    "event_id": "events.Event",
    "contest_id": "expertise.Contest",
    "export_id": "surveys.ResultsExport",
    "framework_id": "diagnostics.Framework",
    "invitation_id": "accounts.MembershipInvitation",
    "item_id": "diagnostics.TestItem",
    "member_id": "programs.ProgramMember",
    "message_id": "programs.TeamMessage",
    "network_id": "accounts.Network",
    "organization_id": "accounts.Organization",
    "participant_id": "diagnostics.Participant",
    "person_id": "accounts.User",
    "program_id": "programs.Program",
    "progress_id": "programs.PlanProgress",
    "question_id": "surveys.Question",
    "questionnaire_id": "surveys.Questionnaire",
    "registration_id": "events.Registration",
    "route_id": "routes.Route",
    "row_id": "diagnostics.ResultRow",
    "section_id": "surveys.Section",
    "series_id": "events.EventSeries",
    "session_id": "programs.LiveSession",
    "signatory_id": "certificates.Signatory",
    "stage_id": "programs.Stage",
    "step_id": "routes.Step",
    "table_id": "diagnostics.ResultsTable",
    "team_id": "programs.Team",
    "template_id": "certificates.CertificateTemplate",
    "test_id": "diagnostics.Test",
    "token_id": "accounts.ApiToken",
    "user_id": "accounts.User",
    "version_id": "programs.SubmissionVersion",
}
MODEL_IN = {
    ("communities", "pk"): "communities.Community",
    ("communities", "member_id"): "communities.Member",
    ("communities", "item_id"): "communities.LearningItem",
    ("communities", "stage_id"): "communities.MapStage",
    ("communities", "organization_id"): "accounts.Organization",
    ("accounts", "batch_id"): "accounts.ImportBatch",
    ("certificates", "batch_id"): "certificates.CertificateBatch",
    ("events", "material_id"): "events.EventMaterial",
    ("programs", "material_id"): "library.Material",
    ("library", "material_id"): "library.Material",
    ("library", "request_id"): "library.LearnRequest",
    ("library", "complaint_id"): "library.Complaint",
    ("library", "collection_id"): "library.Collection",
    ("programs", "post_id"): "programs.CohortPost",
    ("programs", "question_id"): "programs.SessionQuestion",
    ("routes", "participant_id"): "diagnostics.Participant",
}


# string kwargs that name something other than a row
VALUE_OF = {("accounts", "name"): "import_people_example.csv", ("library", "number"): "1"}


def _model(namespace: str, kwarg: str) -> type[models.Model] | None:
    label = MODEL_IN.get((namespace, kwarg)) or MODEL_OF.get(kwarg)
    if label is None:
        return None
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _path(name: str, route: str) -> str:
    """The page's path with world-1 ids: the innermost object is chosen first and its parents
    follow from it (a question and its own questionnaire), so nested pages are reachable."""
    namespace = name.split(":")[0] if ":" in name else ""
    kwargs = re.findall(r"<(?:\w+:)?(\w+)>", route)
    values: dict[str, str] = {}
    for kwarg in reversed(kwargs):
        if kwarg in values:
            continue
        model = _model(namespace, kwarg)
        obj = OBJECTS.get(name, {}).get(kwarg) or (None if model is None else _pick(model))
        if isinstance(obj, models.Model):
            values[kwarg] = str(obj.pk)
            for other in kwargs:
                parent = getattr(obj, other, None)
                if other not in values and isinstance(parent, int):
                    values[other] = str(parent)
        else:
            values[kwarg] = VALUE_OF.get((namespace, kwarg), "x")
    for kwarg in kwargs:
        route = re.sub(rf"<(?:\w+:)?{kwarg}>", values[kwarg], route)
    return "/" + route


_picked: dict[type, models.Model | None] = {}

# Where the first object of its kind is not the one a page acts on (a test the campaign gives,
# an approved route's step): url name or API operation -> {kwarg: object}, set by the world.
OBJECTS: dict[str, dict[str, models.Model]] = {}
# What a POST-only view needs to act at all (else it answers 404 to everyone); the refused
# identities send it too, and it must change nothing for them.
POST_DATA: dict[str, dict[str, str]] = {}
# Fragments polled by htmx, refused to a plain request.
HTMX = {"certificates:progress"}


def _pick(model: type[models.Model]) -> models.Model | None:
    if model not in _picked:
        _picked[model] = model.objects.order_by("pk").first()
    return _picked[model]


@pytest.fixture
def world2(db, settings, tmp_path):
    """The demo network (world 1) with everything loaded, and a second network with its own
    partner and staff, and an organisation outside both."""
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_load()
    _picked.clear()
    OBJECTS.clear()
    POST_DATA.clear()
    people = {
        role: User.objects.get(email=f"{role}@{DEMO}")
        for role in WORLD1
        if role not in ("route_owner", "route_follower")
    }
    partner2 = factories.organization(short_name="МБОУ «Лицей № 2»")
    network2 = factories.network(name="Вторая сеть", partners=[partner2])
    people["n2_coordinator"] = factories.person(
        email="n2-coord@example.ru", network_=network2, role=Role.NETWORK_COORDINATOR
    )
    people["n2_methodist"] = factories.person(
        email="n2-method@example.ru", organization_=partner2, role=Role.METHODIST
    )
    people["n2_teacher"] = factories.person(email="n2-teacher@example.ru", organization_=partner2)
    step = Step.objects.select_related("route__user").order_by("pk").first()
    _picked[Route] = step.route  # the route pages show the first step's own route
    people["route_owner"] = step.route.user
    token_create(user=people["teacher"], name="Старая интеграция")  # the token pages revoke
    # what the demo lacks: an invitation of the teacher, a material of the first event
    MembershipInvitation.objects.create(
        user=people["teacher"],
        organization=people["methodist"]
        .memberships.exclude(organization=None)
        .first()
        .organization,
        role=Role.TEACHER,
        invited_by=people["methodist"],
    )
    event = Event.objects.order_by("pk").first()
    event_services.material_add(
        event=event, by=people["methodist"], title="Презентация", url="https://example.ru/slides"
    )
    # a file of its own: deleting the first material (rolled back) deletes its file for good
    handout = event_services.material_add(
        event=event, by=people["methodist"], title="Раздаточный материал", file=_pdf("handout.pdf")
    )
    OBJECTS["events:material_file"] = {"material_id": handout}
    OBJECTS["GET /api/events/{event_id}/materials/{material_id}/file"] = {"material_id": handout}
    people["outsider"] = factories.person(
        email="outsider@example.ru", organization_=factories.organization(), role=Role.MANAGER
    )
    _lacking_objects_create(people)
    _communities_objects(people)
    _expertise_collective_objects(people)
    _expertise_campaign_objects(people)
    _expertise_review_objects(people)
    _expertise_conference_objects(people)
    _expertise_contest_objects(people)
    _library_objects(people)
    return people


def _library_objects(people: dict[str, User]) -> None:
    """teacher@'s materials in each state, made through the library's services: a draft (hers
    to edit and submit), one waiting for the network's moderators, one published to the
    network (read by the network, used, saved, complained about; withdrawn by a moderator);
    methodist@'s quantum of practice teacher@ asked to learn; a model act; a complaint."""
    from metodset.library.models import Collection, Material

    teacher, methodist, coordinator = people["teacher"], people["methodist"], people["coordinator"]
    school = Membership.objects.get(user=methodist, role=Role.METHODIST).organization
    network = Network.objects.get(memberships__user=coordinator)
    shared = {"organization": school, "network": network, "visibility": "network"}

    def made(by: User, title: str, kind: str = "development", **fields) -> Material:
        return library.material_create(
            by=by, title=title, kind=kind, file=_pdf("material.pdf"), **shared, **fields
        )

    draft = made(teacher, "Черновик учителя")
    waiting = library.material_submit(material=made(teacher, "На модерации"), by=teacher)
    published = made(teacher, "Опубликованная разработка")
    library.material_submit(material=published, by=teacher)
    library.material_publish(material=published, by=coordinator)
    quantum = made(methodist, "Квант практики методиста", kind="quantum", result="Итог", minutes=15)
    library.material_submit(material=quantum, by=methodist)
    library.material_publish(material=quantum, by=coordinator)
    request = library.learn_request(material=quantum, by=teacher)
    act = made(coordinator, "Модельное положение", kind="act_regulation")
    library.material_submit(material=act, by=coordinator)
    library.material_publish(material=act, by=coordinator)
    complaint = library.complaint_send(material=published, by=teacher, text="Не открывается")
    case = Collection.objects.get(kind=Collection.Kind.CASE)
    for name in ("library:material", "library:file", "library:version_file", "library:use",
                 "library:complaint", "library:shelf_toggle", "library:withdraw"):  # fmt: skip
        OBJECTS[name] = {"material_id": published}
    for name in ("library:edit", "library:version_add", "library:submit"):
        OBJECTS[name] = {"material_id": draft}
    for name in ("library:take", "library:decide"):
        OBJECTS[name] = {"material_id": waiting}
    OBJECTS["library:learn"] = {"material_id": quantum}
    OBJECTS["library:act_adopt"] = {"material_id": act}
    OBJECTS["library:learn_answer"] = {"request_id": request}
    OBJECTS["library:complaint_resolve"] = {"complaint_id": complaint}
    for name in ("library:collection", "library:collection_add"):
        OBJECTS[name] = {"collection_id": case}
    case_item = case.items.order_by("order", "pk").first()
    for name in ("library:collection_move", "library:collection_remove"):
        OBJECTS[name] = {"collection_id": case, "material_id": case_item.material}
    OBJECTS["GET /api/library/materials/{material_id}"] = {"material_id": published}
    OBJECTS["GET /api/library/collections/{collection_id}"] = {"collection_id": case}
    POST_DATA["library:use"] = {"used_on": timezone.localdate().isoformat(), "note": "Урок"}
    POST_DATA["library:complaint"] = {"text": "Опечатка"}
    POST_DATA["library:learn"] = {"message": "Покажете?"}
    POST_DATA["library:withdraw"] = {"reason": "Устарел"}
    POST_DATA["library:decide"] = {"decision": "publish"}
    POST_DATA["library:collection_add"] = {"material": str(published.pk)}
    POST_DATA["library:collection_move"] = {"direction": "up"}
    POST_DATA["library:complaint_resolve"] = {"resolution": "Файл заменён"}


def _expertise_collective_objects(people: dict[str, User]) -> None:
    """A peer expertise of the demo network with one recommended work, and its collective
    product compiled once, made through the app's services by the network's coordinator."""
    coordinator = people["coordinator"]
    network = Network.objects.get(memberships__user=coordinator)
    campaign = ExpertiseCampaign.objects.create(
        title="Взаимоэкспертиза разработок",
        kind=ExpertiseCampaign.Kind.PRODUCTS,
        network=network,
        rubric=expertise_factories.shipped_rubric(),
    )
    work = Item.objects.create(
        campaign=campaign, title="Урок-исследование", status=Item.Status.ACCEPTED
    )
    ItemAuthor.objects.create(item=work, user=people["teacher"])
    ItemVersion.objects.create(item=work, number=1, text="Конспект урока.")
    product = collective.collective_product_create(
        campaign=campaign, title="Региональная модель", by=coordinator
    )
    collective.collective_parts_refresh(product=product)
    version = collective.collective_product_compile(product=product, by=coordinator)
    for name in ("expertise:collective_create",):
        OBJECTS[name] = {"campaign_id": campaign}
    for name in (
        "expertise:collective_compile",
        "expertise:collective_detail",
        "expertise:collective_edit",
        "expertise:collective_publish",
        "expertise:collective_refresh",
    ):
        OBJECTS[name] = {"pk": product}
    OBJECTS["expertise:collective_move"] = {"part_id": product.parts.get()}
    OBJECTS["expertise:collective_version_file"] = {"pk": version}
    school = Membership.objects.get(user=people["methodist"], role=Role.METHODIST).organization
    OBJECTS["expertise:organization_audit"] = {"organization_id": school}
    call = ExpertiseCampaign.objects.create(
        title="Статьи в сборник сети",
        kind=ExpertiseCampaign.Kind.ARTICLES,
        network=network,
        rubric=expertise_factories.shipped_rubric(),
        status=ExpertiseCampaign.Status.OPEN,
    )
    for name in ("item_enter", "item_draft_create"):
        OBJECTS[f"expertise:{name}"] = {"pk": call}
    draft = expertise_authoring.item_draft_create(
        campaign=call, author=people["teacher"], title="Смысловое чтение на уроках математики"
    )
    for name in ("item_draft", "item_draft_delete", "item_draft_submit"):
        OBJECTS[f"expertise:{name}"] = {"item_id": draft}
    POST_DATA["expertise:collective_move"] = {"direction": "down"}


def _expertise_campaign_objects(people: dict[str, User]) -> None:
    """A campaign of the network made by its coordinator on the shipped rubric, the teacher's
    product handed in and assigned to one of the network's experts (one of the demo's, not
    expert@, who is given a profile here), all through the app's services."""
    network = Network.objects.get(memberships__user=people["coordinator"])
    ExpertProfile.objects.get_or_create(
        user=people["expert"], network=network, defaults={"subjects": "Математика"}
    )
    campaign = expertise_campaigns.campaign_create(
        network=network,
        title="Экспертиза методических разработок",
        kind=ExpertiseCampaign.Kind.PRODUCTS,
        rubric=expertise_factories.shipped_rubric(),
        by=people["coordinator"],
        reviews_per_item=1,
        reviews_until=timezone.now() + dt.timedelta(days=14),
    )
    expertise_campaigns.campaign_open(campaign=campaign, by=people["coordinator"])
    item = expertise_items.item_submit(
        campaign=campaign,
        author=people["teacher"],
        title="Урок-исследование «Дроби вокруг нас»",
        url="https://example.ru/lesson",
        consent=True,
    )
    assigned = expertise_assigning.campaign_assign(campaign=campaign, by=people["coordinator"])
    assert assigned.ok, assigned.problems
    review = assigned.reviews[0]
    for name in (
        "campaign_assign",
        "campaign_close",
        "campaign_detail",
        "campaign_edit",
        "campaign_items",
        "campaign_items_audit",
        "campaign_items_materials",
        "campaign_items_program",
        "campaign_open",
        "campaign_results",
    ):
        OBJECTS[f"expertise:{name}"] = {"pk": campaign}
    for name in ("item_decide", "item_detail", "item_extra_review"):
        OBJECTS[f"expertise:{name}"] = {"pk": item}
    for name in ("rubric_copy", "rubric_detail", "rubric_edit"):
        OBJECTS[f"expertise:{name}"] = {"pk": campaign.rubric}
    for name in ("review_extend", "review_reassign"):
        OBJECTS[f"expertise:{name}"] = {"pk": review}
    # the API's operations act on this campaign, its item and review, not on the demo's first
    campaigns = "/api/expertise/campaigns/{expertise_campaign_id}"
    for key in (f"GET {campaigns}", f"GET {campaigns}/items", f"GET {campaigns}/results"):
        OBJECTS[key] = {"expertise_campaign_id": campaign}
    OBJECTS["GET /api/expertise/items/{item_id}"] = {"item_id": item}


def _communities_objects(people: dict[str, User]) -> None:
    """The API's community operations act on the network's creative group (opened to the
    network), the pages on the first community (the kindergarten's closed ПОС) and on rounds
    of its cycles at each step, made here through the app's services by its chair."""
    group = Community.objects.get(network__isnull=False)
    for key in (
        "GET /api/communities/{community_id}",
        "GET /api/communities/{community_id}/cycles",
    ):
        OBJECTS[key] = {"community_id": group}
    OBJECTS["GET /api/cycles/{cycle_id}"] = {"cycle_id": group.cycles.order_by("pk").first()}
    chair = people["manager"]
    plc = Community.objects.order_by("pk").first()
    observing = Lesson.objects.get(cycle__community=plc, stage=Lesson.Stage.OBSERVING)
    child = observing.cycle.case_children.order_by("order").first()
    entry, _new = observation.entry_add(
        lesson=observing,
        case_child=child,
        stage=observing.version.stages.first(),
        minute=3,
        text="Отвечает на вопрос о письме.",
        client_key=uuid.uuid4(),
        by=chair,
    )
    for name in ("observe", "observe_entry", "observe_notes", "observe_finish"):
        OBJECTS[f"communities:{name}"] = {"lesson_id": observing}
    for name in ("observe_entry_edit", "observe_entry_delete"):
        OBJECTS[f"communities:{name}"] = {"entry_id": entry}
    POST_DATA["communities:observe_entry"] = {"case_child": str(child.pk), "text": "Слушает"}
    POST_DATA["communities:observe_notes"] = {"case_child": str(child.pk), "notes": "Спокоен"}
    own = work.learning_item_create(
        community=plc,
        member=chair,
        kind=LearningItem.Kind.INTERNET,
        title="Вебинары о продуктивном чтении",
        by=chair,
    )
    OBJECTS["communities:learning_to_route"] = {"item_id": own}
    analysing = _round_at(plc, chair, "Анализ")
    for name in ("analysis_lesson", "analysis_save", "analysis_finish"):
        OBJECTS[f"communities:{name}"] = {"lesson_id": analysing}
    correcting = _round_at(plc, chair, "Корректировка", conclusions="Опора на картинки помогает.")
    OBJECTS["communities:correct"] = {"lesson_id": correcting}
    planning = lessons.cycle_create(community=plc, title="Новый цикл", group="Б", by=chair)
    OBJECTS["communities:lesson_start"] = {"lesson_id": planning.lessons.get()}
    OBJECTS["communities:plan_create"] = {"organization_id": plc.organization}


def _expertise_review_objects(people: dict[str, User]) -> None:
    """A blind campaign of the demo network on the shipped rubric, with three works by
    teacher@ — one returned for revision, whose review expert@ has open, one reviewed by them
    with its conclusion, one whose review they have drafted in full — and an open campaign's
    work to bid on."""
    network = Network.objects.get(
        memberships__user=people["coordinator"], memberships__role=Role.NETWORK_COORDINATOR
    )
    expert, teacher = people["expert"], people["teacher"]
    ExpertProfile.objects.get_or_create(
        user=expert, network=network, defaults={"competence": "Учитель-методист"}
    )
    rubric = expertise_factories.shipped_rubric()
    campaign = ExpertiseCampaign.objects.create(
        title="Взаимоэкспертиза разработок",
        kind=ExpertiseCampaign.Kind.PRODUCTS,
        network=network,
        rubric=rubric,
        status=ExpertiseCampaign.Status.REVIEWING,
        created_by=people["coordinator"],
    )

    def work(title: str, status: str, campaign_: ExpertiseCampaign = campaign) -> Item:
        item = Item.objects.create(campaign=campaign_, title=title, status=status)
        ItemAuthor.objects.create(item=item, user=teacher)
        ItemVersion.objects.create(item=item, number=1, text="Конспект", file=_pdf("work.pdf"))
        return item

    returned = work("Урок-исследование", Item.Status.REVISION)
    open_review = Review.objects.create(item=returned, expert=expert, number=1)
    reviewed = work("Квест по финансовой грамотности", Item.Status.REVIEWING)
    done = Review.objects.create(item=reviewed, expert=expert, number=1)
    criteria = list(rubric.criteria.order_by("order", "pk"))
    review_services.review_draft_save(
        review=done,
        scores={c.pk: (c.max_score, "") for c in criteria},
        strengths="Структура",
        shortcomings="",
        recommendations="",
        verdict=Item.Verdict.RECOMMENDED,
        by=expert,
    )
    review_services.review_submit(review=done, by=expert)
    # the API's operations on one's own review: a complete draft, which she may submit
    drafted = Review.objects.create(
        item=work("Рабочий лист «Дроби»", Item.Status.REVIEWING), expert=expert, number=1
    )
    review_services.review_draft_save(
        review=drafted,
        scores={c.pk: (c.max_score, "") for c in criteria},
        strengths="Структура",
        shortcomings="",
        recommendations="",
        verdict=Item.Verdict.RECOMMENDED,
        by=expert,
    )
    reviews = "/api/expertise/reviews/{review_id}"
    for key in (f"GET {reviews}", f"PUT {reviews}/draft", f"POST {reviews}/submit"):
        OBJECTS[key] = {"review_id": drafted}
    OBJECTS[f"POST {reviews}/decline"] = {"review_id": drafted}
    for name in ("review_form", "review_save", "review_submit", "review_decline", "review_file"):
        OBJECTS[f"expertise:{name}"] = {"review_id": open_review}
    POST_DATA["expertise:review_decline"] = {"reason": "Конфликт интересов"}
    OBJECTS["expertise:review_conclusion"] = {"review_id": done}
    for name in ("item_mine", "item_revise"):
        OBJECTS[f"expertise:{name}"] = {"item_id": returned}
    POST_DATA["expertise:item_revise"] = {"note": "Доработано", "text": "Новый конспект"}
    OBJECTS["expertise:item_version_file"] = {"version_id": returned.versions.get()}
    collecting = ExpertiseCampaign.objects.create(
        title="Приём работ",
        kind=ExpertiseCampaign.Kind.PRODUCTS,
        network=network,
        rubric=rubric,
        status=ExpertiseCampaign.Status.OPEN,
    )
    OBJECTS["expertise:bid_set"] = {"item_id": work("Лэпбук", Item.Status.SUBMITTED, collecting)}
    POST_DATA["expertise:bid_set"] = {"level": "1"}


def _expertise_conference_objects(people: dict[str, User]) -> None:
    """A conference of the demo network made by its coordinator through the services: a
    section moderated by methodist@ with expert@ on the jury, an accepted paper of the teacher
    under defence there, and an accepted article of the network's articles campaign."""
    from metodset.expertise.models import Campaign as ExpertiseCampaign
    from metodset.expertise.models import Item as ExpertiseItem
    from metodset.expertise.services import conference as conferences

    from ..expertise import factories as expertise

    coordinator = people["coordinator"]
    network = coordinator.memberships.exclude(network=None).first().network
    starts = timezone.now() + dt.timedelta(days=30)
    conference = conferences.conference_create(
        network=network,
        title="Научно-практическая конференция стажёров",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=6),
        by=coordinator,
        rubric=expertise.shipped_rubric(),
    )
    section = conferences.section_add(
        conference=conference,
        title="Секция защит",
        by=coordinator,
        moderator=people["methodist"],
        jury=[people["expert"]],
    )
    paper = expertise.item(
        campaign_=conference.call_for_papers,
        authors=[people["teacher"]],
        status=ExpertiseItem.Status.ACCEPTED,
    )
    defence = conferences.defence_schedule(
        section=section, item=paper, starts_at=starts, by=coordinator
    )
    articles = expertise.campaign(
        network=network, kind=ExpertiseCampaign.Kind.ARTICLES, created_by=coordinator
    )
    article = expertise.item(
        campaign_=articles, authors=[people["teacher"]], status=ExpertiseItem.Status.ACCEPTED
    )
    for name in (
        "conference_detail",
        "conference_publish",
        "conference_section_add",
        "proceedings_compile",
        "proceedings_download",
        "proceedings_publish",
    ):
        OBJECTS[f"expertise:{name}"] = {"conference_id": conference}
    for name in ("conference_section", "defence_add"):
        OBJECTS[f"expertise:{name}"] = {"section_id": section}
    for name in ("defence_start", "defence_mark", "defence_protocol", "defence_protocol_pdf"):
        OBJECTS[f"expertise:{name}"] = {"defence_id": defence}
    OBJECTS["expertise:article_include"] = {"item_id": article}
    POST_DATA["expertise:defence_mark"] = {"status": "held"}


def _expertise_contest_objects(people: dict[str, User]) -> None:
    """Two contests «Дистанционный урок» of the demo network, made through the app's services by
    the methodist: one with a reviewed entry to publish (every page acts on it, the first), one
    with published results (their page and the diplomas)."""
    methodist = people["methodist"]
    school = methodist.memberships.exclude(organization=None).first().organization
    network = people["coordinator"].memberships.exclude(network=None).first().network
    contests = []
    for title in ("Дистанционный урок", "Дистанционный урок — итоги"):
        contest = contest_services.contest_create(
            network=network,
            organization=school,
            title=title,
            rules="Положение о конкурсе методических разработок.",
            consent_text="Согласна с положением о конкурсе.",
            nominations=["Урок в начальной школе"],
            rubric=expertise_factories.rubric(network=network),
            reviews_per_item=1,
            submissions_until=timezone.now() + dt.timedelta(days=7),
            reviews_until=timezone.now() + dt.timedelta(days=14),
            prize_places=3,
            by=methodist,
        )
        item = contest_services.contest_enter(
            contest=contest,
            nomination=contest.nominations.get(),
            title="Урок-квест «Дроби»",
            annotation="Урок математики в 5 классе.",
            url="https://example.ru/urok",
            consent=True,
            by=people["teacher"],
        )
        expertise_factories.review(item_=item, expert_=people["expert"], scores=[3, 2, 3])
        contests.append(contest)
    published = contests[1]
    contest_services.contest_results_publish(contest=published, by=methodist)
    for name in ("contest_results", "contest_diplomas"):
        OBJECTS[f"expertise:{name}"] = {"contest_id": published}


def _round_at(community: Community, chair: User, title: str, conclusions: str = "") -> Lesson:
    """A round of a new cycle, taught by the chair, past its observation (and its analysis
    when ``conclusions`` are given)."""
    cycle = lessons.cycle_create(community=community, title=title, group="Б", by=chair)
    lessons.map_save(
        cycle=cycle, base_number=1, stages=[lessons.StageInput("Чтение", 10)], by=chair
    )
    for code in ("Р-1", "Р-2"):
        lessons.case_child_add(cycle=cycle, code=code, by=chair)
    lesson = lessons.lesson_schedule(cycle=cycle, teacher=chair, starts_at=None, by=chair)
    lessons.lesson_start(lesson=lesson, by=chair)
    observation.observation_finish(lesson=lesson, by=chair)
    if conclusions:
        observation.analysis_save(lesson=lesson, texts={"conclusions": conclusions}, by=chair)
        observation.analysis_finish(lesson=lesson, by=chair)
    return lesson


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _lacking_objects_create(people: dict[str, User]) -> None:
    """What the demo has none of, made through our services, and the route of a teacher who
    follows an approved one (she joins the identities): each page then has a real allowed case."""
    methodist, teacher, coordinator = people["methodist"], people["teacher"], people["coordinator"]
    school = Membership.objects.get(user=methodist, role=Role.METHODIST).organization
    today = timezone.localdate()  # the world's dates follow the day the test runs

    # accounts: the methodist's checked upload of people; a teacher of hers asks for deletion
    upload = (EXAMPLES_DIR / "import_people_example.csv").read_bytes()
    batch = import_batch_create(
        by=methodist,
        kind=PEOPLE,
        upload=SimpleUploadedFile("people.csv", upload, content_type="text/csv"),
        organization=school,
    )
    import_batch_check(batch_id=batch.pk)
    leaving = (
        User.objects.filter(memberships__organization=school, memberships__role=Role.TEACHER)
        .exclude(pk__in=[p.pk for p in people.values()])
        .order_by("email")
        .first()
    )
    person_request_deletion(person=leaving)
    OBJECTS["accounts:deletion_complete"] = {"person_id": leaving}

    # certificates: a finished batch for the attendees of the first attended event
    registration = (
        Registration.objects.filter(attended_at__isnull=False)
        .exclude(event__certificates__isnull=False)
        .select_related("event__organizer")
        .order_by("event__pk", "pk")
        .first()
    )
    event = registration.event
    template = certificate_services.issuer_for(organization=event.organizer).templates.get(
        kind=Kind.PARTICIPATION
    )
    batch = certificate_services.batch_create(
        template=template,
        recipients=event.registrations.filter(attended_at__isnull=False)
        .order_by("pk")
        .values_list("user_id", flat=True)[:2],
        by=coordinator,
        event=event,
        hours=event.hours,
        issued_on=today,
        send_email=False,
    )
    certificate_services.batch_run(batch_id=batch.pk)

    # diagnostics: the school's test with an item, taken in an open campaign of the school
    framework = Framework.objects.filter(slug="pedagog-544n").order_by("-version").first()
    test = instruments.test_create(
        framework=framework, title="Тест по оцениванию", by=methodist, organization=school
    )
    instruments.item_add(
        test=test,
        indicator=Indicator.objects.filter(competency__area__framework=framework)
        .order_by("pk")
        .first(),
        text="Какой приём относится к формирующему оцениванию?",
        options=["Лист самооценки", "Итоговая контрольная"],
        key=[0],
    )
    campaign = Campaign.objects.create(
        title="Тест педагогов школы",
        framework=framework,
        organization=school,
        starts_on=today,
        ends_on=today + dt.timedelta(days=30),
        self_assessment=False,
        test=test,
        created_by=methodist,
    )
    campaign_services.participants_add(campaign=campaign, people=[teacher])
    campaign_services.campaign_open(campaign=campaign, by=methodist)
    OBJECTS["diagnostics:test_take"] = {"campaign_id": campaign}
    table = results.results_table_create(
        organization=school, group="3 «А»", subject="Математика", by=methodist, teacher=teacher
    )
    row, _created = results.result_row_save(
        table=table,
        area="Вычисления",
        measured_on=today - dt.timedelta(days=30),
        value=72.0,
        children=25,
    )
    # the school's table (the demo's own is the kindergarten's, of its community)
    OBJECTS["diagnostics:results_detail"] = {"table_id": table}
    OBJECTS["diagnostics:results_row_delete"] = {"table_id": table, "row_id": row}
    OBJECTS["GET /api/diagnostics/profiles/{participant_id}"] = {
        "participant_id": Participant.objects.filter(user=teacher, scored_at__isnull=False)
        .order_by("pk")
        .first()
    }

    # programmes: a team's file in its thread and in its work, an intern's personal work,
    # a file in the final case, an evidence file of the individual plan, a question in the
    # session, a variative module
    program = _pick(Program)
    team = Team.objects.filter(program=program, tutor=methodist).order_by("pk").first()
    intern = (
        ProgramMember.objects.filter(program=program, team=team, role=ProgramMember.Role.INTERN)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    message = teamwork.message_post(
        team=team,
        author=intern.user,
        text="Посмотрите черновик",
        file=_pdf("draft.pdf"),
        to_tutor=True,
    )
    for kwarg_of in ("programs:team_message_file", "programs:team_message_resolve"):
        OBJECTS[kwarg_of] = {"team_id": team, "message_id": message}
    OBJECTS["programs:member_move"] = {"program_id": program, "member_id": intern}
    personal = program_services.assignment_save(
        stage=Stage.objects.filter(program=program).order_by("order").first(),
        title="Рефлексивное эссе",
        scope=Assignment.Scope.PERSON,
    )
    essay = teamwork.submission_for(assignment=personal, user=intern.user)
    version = teamwork.submission_save(
        submission=essay, by=intern.user, text="Моё эссе", file=_pdf("essay.pdf")
    )
    OBJECTS["programs:version_file"] = {"version_id": version}
    for name in ("intern_submission", "intern_submission_accept", "intern_submission_return"):
        OBJECTS[f"programs:{name}"] = {
            "team_id": team,
            "assignment_id": personal,
            "user_id": intern.user,
        }
    material = library.material_create(
        by=coordinator,
        title="Сборник игр",
        kind="presentation",
        organization=program.organizer,
        file=_pdf("games.pdf"),
    )
    library.collection_add(collection=program.final_case, material=material)
    OBJECTS["programs:case_file"] = {"program_id": program, "material_id": material}
    memo = program_services.cohort_post_create(
        program=program, by=coordinator, text="Памятка", file=_pdf("memo.pdf")
    )
    OBJECTS["programs:cohort_post_file"] = {"program_id": program, "post_id": memo}
    POST_DATA["programs:cohort_post"] = {
        "text": "Полезная ссылка",
        "url": "https://disk.yandex.ru/d/x",
    }
    POST_DATA["programs:feedback_add"] = {"team": str(team.pk), "text": "Сильная работа"}
    video_task = Assignment.objects.get(stage__program=program, kind=Assignment.Kind.VIDEO)
    OBJECTS["programs:team_video_share"] = {"team_id": team, "assignment_id": video_task}
    OBJECTS["programs:final_case_remove"] = {"program_id": program}
    POST_DATA["programs:final_case_remove"] = {"material": str(material.pk)}
    site = Program.objects.filter(
        members__user=teacher,
        members__role=ProgramMember.Role.INTERN,
        kind=Program.Kind.INTERNSHIP_SITE,
    ).get()
    module = site.stages.order_by("order").last()
    program_services.stage_update(stage=module, by=None, variative=True)
    OBJECTS["programs:module_choose"] = {"program_id": site, "stage_id": module}
    POST_DATA["programs:module_choose"] = {"chosen": "1"}
    for name in ("my_submission", "my_submission_save", "my_submission_submit"):
        OBJECTS[f"programs:{name}"] = {
            "assignment_id": Assignment.objects.filter(
                stage__program=site, scope=Assignment.Scope.PERSON
            )
            .order_by("pk")
            .first()
        }
    progress = program_services.plan_step_done(
        step=PlanStep.objects.filter(program=site).order_by("pk").first(),
        user=teacher,
        evidence_file=_pdf("plan.pdf"),
    )
    OBJECTS["programs:plan_evidence"] = {"program_id": site, "progress_id": progress}
    for name in ("programs:plan_step_done", "programs:plan_step_undo"):
        OBJECTS[name] = {"program_id": site}
        POST_DATA[name] = {"step": str(progress.step_id)}
    session = LiveSession.objects.filter(stage__program=program).order_by("pk").first()
    sessions.session_start(session=session)
    question = sessions.question_ask(session=session, author=intern.user, text="Как играть?")
    OBJECTS["programs:session_question_answered"] = {"session_id": session, "question_id": question}

    # routes: a teacher following her approved route marks a step done with a file and offers
    # to teach colleagues what another step taught her
    route = next(
        r
        for r in Route.objects.filter(organization=school, status=Route.Status.APPROVED)
        .select_related("user")
        .order_by("pk")
        if r.steps.filter(status=Step.Status.DONE).exists()
        and r.steps.filter(status=Step.Status.PLANNED).count() >= 2
    )
    people["route_follower"] = route.user
    done = route.steps.filter(status=Step.Status.DONE).order_by("pk").first()
    planned = list(route.steps.filter(status=Step.Status.PLANNED).order_by("pk"))
    with_file = route_services.step_mark_done(
        step=planned[0],
        by=route.user,
        evidence_file=_pdf("lesson.pdf"),
        reflection="Провела урок с листами самооценки.",
    )
    lesson = route_services.step_teach_colleagues(
        step=done, by=route.user, starts_at=timezone.now() + dt.timedelta(days=7)
    )
    for name in ("routes:step_evidence", "routes:step_teach"):
        OBJECTS[name] = {"step_id": with_file}
    OBJECTS["GET /api/routes/steps/{step_id}/evidence"] = {"step_id": with_file}
    for name in ("routes:step_done", "routes:step_status"):
        OBJECTS[name] = {"step_id": planned[1]}
    POST_DATA["routes:step_status"] = {"status": Step.Status.IN_PROGRESS}
    OBJECTS["routes:horizontal_credit"] = {"event_id": lesson}
    # the API's registration acts on this lesson: the school's own event, open for registration
    for method in ("POST", "DELETE"):
        OBJECTS[f"{method} /api/events/{{event_id}}/registration"] = {"event_id": lesson}
    step = _picked[Route].steps.order_by("pk").first()
    POST_DATA["routes:swap"] = {
        "activity": str(
            route_selectors.catalogue_for(step.route.organization)
            .exclude(pk=step.activity_id)
            .order_by("pk")
            .first()
            .pk
        )
    }

    # surveys: the coordinator's finished export of the first questionnaire's results
    export = survey_exports.export_create(
        questionnaire=_pick(Questionnaire), by=coordinator, language="ru"
    )
    survey_exports.export_run(export_id=export.pk)


# --- the walk ---------------------------------------------------------------------------


def _outcome(response) -> str:
    code = response.status_code
    if code == 405:
        return "405"
    if code == 400:
        return "invalid"
    if code >= 500:
        return f"error {code}"
    if code in (301, 302, 303):
        return "login" if response.headers["Location"].startswith("/login/") else "ok"
    if code < 300:
        return "ok"
    return "refused"


class _Undo(Exception):
    pass


def _post(client: Client, path: str, *, keep: bool, data: dict[str, str]) -> str:
    """POST to a POST-only view (empty, or what it needs to act). A refused identity's request
    is kept (it must change nothing, checked at the end); an allowed one's is rolled back."""
    if keep:
        return _outcome(client.post(path, data)) + " POST"
    try:
        with transaction.atomic():
            got = _outcome(client.post(path, data)) + " POST"
            raise _Undo
    except _Undo:
        return got


# Rows an allowed GET may add: one's calendar feed token is issued when one's calendar is shown.
CREATED_ON_VIEW = {"events.CalendarToken"}


def _fingerprint() -> dict[str, int]:
    """Rows per table: refused requests are kept, and must change none of them."""
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.managed and m._meta.label not in CREATED_ON_VIEW
    }


def test_permission_matrix(world2):
    people = world2
    clients = {"anonymous": Client()}
    for identity, person in people.items():
        clients[identity] = Client()
        clients[identity].force_login(person)

    patterns = sorted(_named_patterns())
    unlisted = [
        n for n, _r, _p in patterns if n not in ALLOWED and n not in PUBLIC and n not in EXEMPT
    ]
    probe = os.environ.get("PERMISSION_MATRIX_PROBE")
    if unlisted and not probe:
        pytest.fail(
            "Pages missing from the permission matrix (add them to ALLOWED, PUBLIC or EXEMPT "
            "in tests/core/test_permission_matrix.py):\n  " + "\n  ".join(unlisted)
        )

    headers = _bearer_headers(people)
    before = _fingerprint()
    mismatches: list[tuple[str, str, str, str, str]] = []
    observed: dict[str, dict[str, str]] = {}
    for name, route, _pattern in patterns:
        if name in EXEMPT:
            continue
        path = _path(name, route)
        if name in PUBLIC:
            got = _outcome(clients["anonymous"].get(path))
            if got.startswith("error"):
                mismatches.append((name, path, "anonymous", "no error", got))
            continue
        allowed = EVERYONE if probe else ALLOWED.get(name, NOBODY)
        row: dict[str, str] = {}
        headers_for = {"HX-Request": "true"} if name in HTMX else {}
        for identity in IDENTITIES:
            client = clients[identity]
            got = _outcome(client.get(path, headers=headers_for))
            if got == "405":
                got = _post(
                    client, path, keep=identity not in allowed, data=POST_DATA.get(name, {})
                )
            row[identity] = got
            if identity == "anonymous":
                expected = {"ok"} if name in ANONYMOUS_TOO else {"login", "refused"}
            elif identity in allowed:
                expected = {"ok", "ok POST", "invalid POST"}
            else:
                expected = {"refused", "refused POST"}
            if got not in expected and (name, identity) not in KNOWN_LEAKS:
                mismatches.append((name, path, identity, "/".join(sorted(expected)), got))
        observed[name] = row

    mismatches += _walk_api(headers)
    if probe:
        for name, row in observed.items():
            ok = sorted(
                i for i, o in row.items() if o.startswith(("ok", "invalid")) and i != "anonymous"
            )
            print(f"    {name!r}: _s({', '.join(repr(i) for i in ok)}),  # {row}")
    changed = {k: (before[k], v) for k, v in _fingerprint().items() if before.get(k) != v}
    report = "\n".join(
        f"{n:55} {i:15} {e:30} {g:14} {p}"
        for n, p, i, e, g in [("page or operation", "path", "identity", "expected", "got")]
        + mismatches
    )
    assert not mismatches, f"{len(mismatches)} mismatches:\n{report}"
    assert not changed, f"refused requests changed data: {changed}"


# --- the API ----------------------------------------------------------------------------

# Who gets 200 from each operation with the demo network's ids, among the identities of the
# pages' walk; anonymous must get 401, everyone else 401/403/404 (a write also 400/409/422:
# refused by a rule, with its message; that it changed nothing is checked at the end). A write
# sends API_DATA (an empty object by default). An operation missing here fails the test.
API_ALLOWED: dict[str, frozenset[str]] = {
    "GET /api/me": EVERYONE,
    # the library: everyone searches what she may read; teacher@'s material published to the
    # network is the network's; the public e-case is everyone's
    "GET /api/library/materials": EVERYONE,
    "GET /api/library/facets": EVERYONE,
    "GET /api/library/materials/{material_id}": WORLD1_ALL,
    "GET /api/library/collections": EVERYONE,
    "GET /api/library/collections/{collection_id}": EVERYONE,
    "GET /api/library/shelf": EVERYONE,
    "GET /api/networks": EVERYONE,  # each her own networks (the outsider none)
    # the demo network and its first partner, the gymnasium: every person of the network and
    # the admin; the second network's staff and the outsider get 403
    "GET /api/networks/{network_id}": WORLD1_ALL,
    "GET /api/networks/{network_id}/organizations": WORLD1_ALL,
    "GET /api/organizations/{organization_id}": WORLD1_ALL,
    # the members' names to the network's people, their e-mails only to the network's staff
    # (coordinator, council), the organisation's own staff and the admin
    "GET /api/organizations/{organization_id}/people": WORLD1_ALL,
    # the gymnasium's head, on the network's council: those who manage her (coordinator@, the
    # gymnasium's methodist and the network's coordinator) and the admin; a fellow council
    # member and everyone else get 404
    "GET /api/people/{person_id}": COORDINATION,
    "GET /api/events": EVERYONE,
    # the first event is public (as its page): everyone signed in sees it and its material
    "GET /api/events/{event_id}": EVERYONE,
    "GET /api/events/{event_id}/materials/{material_id}/file": EVERYONE,
    # route_follower's lesson for colleagues, an event of her school's only (the first event's
    # registration is closed: a rule's 400 to all would show nothing): the school's people, the
    # network's coordinator (who manages its partners' events) and the admin register and
    # cancel; anyone else, the council and the other schools' staff included, gets 404
    "POST /api/events/{event_id}/registration": SCHOOL | {"coordinator"},
    "DELETE /api/events/{event_id}/registration": SCHOOL | {"coordinator"},
    "GET /api/programs": EVERYONE,
    # the first internship: who runs it (coordinator@), a team's tutor (methodist@) and the
    # admin, as its pages
    "GET /api/programs/{program_id}": _s("admin", "coordinator", "methodist"),
    "GET /api/programs/{program_id}/teams": _s("admin", "coordinator", "methodist"),
    "GET /api/programs/{program_id}/completion": COORDINATION,
    "GET /api/questionnaires/": EVERYONE,
    "GET /api/questionnaires/{questionnaire_id}/results": COORDINATION,
    "GET /api/certificates": EVERYONE,
    "GET /api/certificates/mine": EVERYONE,
    # the gymnasium's certificate of an intern none of these is: who manages its issuer
    # (coordinator@) and the admin
    "GET /api/certificates/{certificate_id}": COORDINATION,
    "GET /api/diagnostics/frameworks": EVERYONE,
    "GET /api/diagnostics/frameworks/{framework_id}": EVERYONE,
    # one's own latest scored profile: the teachers assessed (expert@ is also a teacher of the
    # lyceum); 404 to those never assessed
    "GET /api/diagnostics/profile": _s("expert", "route_follower", "route_owner", "teacher"),
    # teacher@'s own profile: herself, her school's methodist and the admin; the network's
    # coordinator and council see aggregates, not a person's profile (404)
    "GET /api/diagnostics/profiles/{participant_id}": _s("admin", "methodist", "teacher"),
    # the network's campaign: those who see some organisation's profiles by name, each only
    # her own organisation's (the coordinator and council their schools', the manager her
    # kindergarten's), the admin all; teachers and other networks get 404
    "GET /api/diagnostics/campaigns/{campaign_id}/profiles": _s(
        "admin", "coordinator", "council", "manager", "methodist"
    ),
    "GET /api/routes": EVERYONE,
    # route_owner's draft route and route_follower's evidence, as the routes pages
    "GET /api/routes/{route_id}": _s("admin", "methodist", "route_owner"),
    "GET /api/routes/steps/{step_id}/evidence": _s("admin", "methodist", "route_follower"),
    "GET /api/communities": EVERYONE,
    # the network's creative group, opened to the network: every person of the network; the
    # platform admin gets no exception in communities (communities/permissions.py), and the
    # first community, the kindergarten's closed ПОС, is the pages' object
    "GET /api/communities/{community_id}": WORLD1_ALL - {"admin"},
    "GET /api/communities/{community_id}/cycles": WORLD1_ALL - {"admin"},
    "GET /api/cycles/{cycle_id}": WORLD1_ALL - {"admin"},
    # the kindergarten's plan: its head (manager@), the network's coordinator and council who
    # see a partner's aggregates, and the admin
    "GET /api/plans": EVERYONE,
    "GET /api/plans/{plan_id}": _s("admin", "coordinator", "council", "manager"),
    "GET /api/plans/{plan_id}/match": _s("admin", "coordinator", "council", "manager"),
    # expertise: the demo network's campaign (_expertise_campaign_objects) is run by the
    # network's coordinator and council; teacher@ wrote its item and is refused the
    # coordinator's view of it (403), everyone else gets 404
    "GET /api/expertise/campaigns": EVERYONE,
    "GET /api/expertise/campaigns/{expertise_campaign_id}": _s("admin", "coordinator", "council"),
    "GET /api/expertise/campaigns/{expertise_campaign_id}/items": _s(
        "admin", "coordinator", "council"
    ),
    "GET /api/expertise/campaigns/{expertise_campaign_id}/results": _s(
        "admin", "coordinator", "council"
    ),
    "GET /api/expertise/items/{item_id}": _s("admin", "coordinator", "council"),
    "GET /api/expertise/assignments": EVERYONE,
    # expert@'s drafted review (_expertise_review_objects): hers, and the campaign's
    # coordinators'; the work's author, teacher@, gets 404 (the campaign is blind)
    "GET /api/expertise/reviews/{review_id}": _s("admin", "coordinator", "council", "expert"),
    # working on one's own review: expert@ alone, on her complete draft; anyone else, the
    # campaign's coordinators and the admin included, gets 404
    "PUT /api/expertise/reviews/{review_id}/draft": _s("expert"),
    "POST /api/expertise/reviews/{review_id}/submit": _s("expert"),
    "POST /api/expertise/reviews/{review_id}/decline": _s("expert"),
}

# The body a write sends (as every identity sends it): what it needs to do its work.
API_DATA: dict[str, dict[str, str]] = {
    "PUT /api/expertise/reviews/{review_id}/draft": {"strengths": "Структура урока"},
    "POST /api/expertise/reviews/{review_id}/decline": {"reason": "Конфликт интересов"},
}

API_MODEL_IN = {
    ("events", "material_id"): "events.EventMaterial",
    ("expertise", "expertise_campaign_id"): "expertise.Campaign",
    ("expertise", "item_id"): "expertise.Item",
    ("expertise", "review_id"): "expertise.Review",
    ("library", "material_id"): "library.Material",
    ("library", "collection_id"): "library.Collection",
}


def _api_path(key: str, path: str) -> str:
    section = path.split("/")[2]
    for param in re.findall(r"{(\w+)}", path):
        label = API_MODEL_IN.get((section, param)) or MODEL_OF[param]
        obj = OBJECTS.get(key, {}).get(param) or _pick(apps.get_model(label))
        path = path.replace("{" + param + "}", str(obj.pk if obj is not None else 1))
    return path


def _bearer_headers(people: dict[str, User]) -> dict[str, dict[str, str]]:
    headers: dict[str, dict[str, str]] = {"anonymous": {}}
    for identity in IDENTITIES[1:]:
        _token, secret = token_create(user=people[identity], name="Матрица прав")
        headers[identity] = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    return headers


def _walk_api(headers: dict[str, dict[str, str]]) -> list[tuple[str, str, str, str, str]]:
    client = Client()
    schema = client.get("/api/openapi.json").json()
    probe = os.environ.get("PERMISSION_MATRIX_PROBE")
    operations = [
        (f"{method.upper()} {path}", method, path)
        for path, item in schema["paths"].items()
        for method in item
    ]
    unlisted = [key for key, _m, _p in operations if key not in API_ALLOWED]
    if unlisted and not probe:
        pytest.fail("API operations missing from API_ALLOWED:\n  " + "\n  ".join(unlisted))

    mismatches = []
    for key, method, template in operations:
        path = _api_path(key, template)
        allowed = EVERYONE if probe else API_ALLOWED.get(key, NOBODY)
        row = {}
        for identity in IDENTITIES:
            send = getattr(client, method)
            data = None if method == "get" else API_DATA.get(key, {})
            if method == "get" or identity not in allowed:
                code = send(
                    path, data, content_type="application/json", **headers[identity]
                ).status_code
            else:  # an allowed write is rolled back
                try:
                    with transaction.atomic():
                        response = send(
                            path, data, content_type="application/json", **headers[identity]
                        )
                        code = response.status_code
                        raise _Undo
                except _Undo:
                    pass
            row[identity] = code
            if identity == "anonymous":
                expected = {401}
            elif identity in allowed:
                expected = {200} if method == "get" else {200, 201, 204, 400, 409, 422}
            elif method == "get":
                expected = {401, 403, 404}
            else:  # a write may also be refused by a rule of its own, with a message
                expected = {400, 401, 403, 404, 409, 422}
            if code not in expected and (key, identity) not in KNOWN_LEAKS:
                mismatches.append((key, path, identity, str(sorted(expected)), str(code)))
        if probe:
            ok = sorted(i for i, c in row.items() if c < 300 and i != "anonymous")
            print(f"    {key!r}: _s({', '.join(repr(i) for i in ok)}),  # {row}")
    return mismatches
