from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertiseConfig(AppConfig):
    name = "metodset.expertise"
    label = "expertise"
    verbose_name = _("Expertise and contests")

    def ready(self) -> None:
        from datetime import timedelta

        from metodset.accounts import audit
        from metodset.core import actions, navigation, schedule, week
        from metodset.programs.services import completion

        from . import audit_labels, permissions, tasks
        from .selectors.conference import defence_condition
        from .views import home, reviews

        # In «Ещё», like the other sections: the bar stays one line at 1280 px. The front page
        # leads each person to her reviews, works, campaigns, contests and conferences.
        navigation.register(
            "expertise:home",
            _("Expertise"),
            visible=home.sees_expertise,
            order=27,
            menu="more",
        )
        # the expert's queue on «Моя неделя»: how many reviews wait, by when, the drafts
        week.register("expertise/reviews/_week_section.html", reviews.week_section, order=30)
        # «для завершения нужна успешная защита»: a programme whose conference requires it
        completion.condition_register("expertise.defence", defence_condition)
        # an accepted article's «Включить в сборник или библиотеку» on a page of an item that
        # names the slot (``{% object_actions "expertise.item" item %}``)
        actions.register(
            "expertise.item",
            _("Include the article"),
            "expertise:article_include",
            visible=lambda user, item: (
                item.campaign.kind in ("articles", "conference")
                and item.status == "accepted"
                and permissions.can_include_article(user, item)
            ),
        )
        audit.labels_register(actions=audit_labels.ACTIONS, fields=audit_labels.FIELDS)
        schedule.register(tasks.send_review_reminders, every=timedelta(minutes=30))
        schedule.register(tasks.send_stall_digests, every=timedelta(days=1))
