"""What the audit log page calls expertise's actions (registered from ``apps.ready``)."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    # campaigns and rubrics
    "expertise_campaign_create": _("expertise campaign created"),
    "expertise_campaign_edit": _("expertise campaign changed"),
    "expertise_campaign_open": _("expertise campaign opened"),
    "expertise_campaign_close": _("expertise campaign closed"),
    "expertise_campaign_assign": _("experts assigned"),
    "expertise_review_reassign": _("review passed to another expert"),
    "expertise_review_extend": _("review deadline extended"),
    "expertise_extra_review": _("one more review requested"),
    "expertise_item_decide": _("decision on a work made"),
    "expertise_rubric_copy": _("expertise sheet copied"),
    "expertise_rubric_edit": _("expertise sheet changed"),
    "expertise_rubric_version": _("new version of an expertise sheet"),
    "expert_profile_save": _("expert profile saved"),
    # works and reviews
    "expertise.item_draft_create": _("draft of a work started"),
    "expertise.item_draft_save": _("draft of a work saved"),
    "expertise.item_draft_delete": _("draft of a work deleted"),
    "expertise.item_draft_submit": _("work submitted for expertise"),
    "expertise.item_revise": _("revised version of a work submitted"),
    "expertise.conflict_declare": _("conflict of interest declared"),
    "expertise.review_submit": _("expert conclusion submitted"),
    "expertise.review_decline": _("review declined"),
    # contests
    "contest.create": _("contest created"),
    "contest.edit": _("contest changed"),
    "contest.publish": _("contest results published"),
    "contest.enter": _("contest entry submitted"),
    "contest.diplomas": _("contest diplomas issued"),
    # conferences
    "conference.create": _("conference created"),
    "conference.publish": _("conference programme published"),
    "conference.section_add": _("conference section added"),
    "conference.defence_schedule": _("defence scheduled"),
    "conference.defence_start": _("defence started"),
    "conference.defence_mark": _("defence marked"),
    "conference.protocol_save": _("defence protocol saved"),
    "conference.article_include": _("article included in the proceedings"),
    "conference.article_publish": _("article published in the library"),
    "conference.proceedings_compile": _("proceedings compiled"),
    "conference.proceedings_publish": _("proceedings published"),
    # the collective product
    "collective.create": _("collective product started"),
    "collective.edit": _("collective product changed"),
    "collective.compile": _("collective product compiled"),
    "collective.publish": _("collective product published"),
}

# what the changes hold besides the models' fields
FIELDS = {
    "reviews": _("reviews assigned"),
    "review": _("review"),
    "source": _("copied from"),
    "drafts_moved": _("draft campaigns moved to the new version"),
    "issued": _("diplomas issued"),
}
