"""What the audit log page calls the library's actions (registered from ``apps.ready``)."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "library.material_create": _("material added"),
    "library.material_edit": _("material changed"),
    "library.version_add": _("new version of a material"),
    "library.material_submitted": _("material submitted for moderation"),
    "library.material_taken": _("material taken for review"),
    "library.material_returned": _("material returned for revision"),
    "library.material_published": _("material published"),
    "library.material_withdrawn": _("material withdrawn"),
    "library.learn_request": _("asked to learn a practice"),
    "library.learn_agree": _("agreed to show a practice"),
    "library.learn_decline": _("declined to show a practice"),
    "library.complaint": _("complaint about a material"),
    "library.complaint_resolve": _("complaint dealt with"),
    "library.act_adopt": _("local act adopted after a model"),
}

FIELDS = {
    "version": _("version"),
    "competencies": _("competencies"),
}
