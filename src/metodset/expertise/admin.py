"""Expertise in Django's admin, for the platform's support.

The admin is the database seen by a superuser: experts' names on blind items are there as any
personal data is, while the platform's pages keep them from the authors
(expertise.permissions).
"""

from django.contrib import admin

from .models import (
    Bid,
    Campaign,
    CollectivePart,
    CollectiveProduct,
    CollectiveVersion,
    Conference,
    Conflict,
    Contest,
    ContestDiploma,
    Criterion,
    Decision,
    Defence,
    DefenceProtocol,
    DefenceScore,
    ExpertProfile,
    Item,
    ItemAuthor,
    ItemVersion,
    LevelDescriptor,
    Nomination,
    Review,
    ReviewScore,
    Rubric,
    Section,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "network", "frozen_at"]
    search_fields = ["title", "network__name"]
    raw_id_fields = ["network", "previous", "created_by"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["title", "rubric", "order", "weight", "max_score", "critical"]
    search_fields = ["title", "rubric__title"]
    raw_id_fields = ["rubric"]


@admin.register(LevelDescriptor)
class LevelDescriptorAdmin(admin.ModelAdmin):
    list_display = ["criterion", "score", "text"]
    search_fields = ["text", "criterion__title"]
    raw_id_fields = ["criterion"]


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "max_load", "available"]
    list_filter = ["available"]
    search_fields = ["user__last_name", "user__email", "competence", "subjects"]
    raw_id_fields = ["user", "network"]
    filter_horizontal = ["competencies"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "network", "status", "reviews_until"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "network__name"]
    raw_id_fields = ["network", "organization", "program", "rubric", "created_by"]


class ItemAuthorInline(admin.TabularInline):
    model = ItemAuthor
    extra = 0
    raw_id_fields = ["user", "organization"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["title", "campaign", "status", "version", "verdict"]
    list_filter = ["status"]
    search_fields = ["title", "campaign__title", "authors__user__last_name", "authors__email"]
    raw_id_fields = ["campaign", "submission", "material", "organization", "team", "nomination"]
    filter_horizontal = ["competencies"]
    inlines = [ItemAuthorInline]


@admin.register(ItemAuthor)
class ItemAuthorAdmin(admin.ModelAdmin):
    list_display = ["item", "user", "name", "email"]
    search_fields = ["name", "email", "user__last_name", "user__email", "item__title"]
    raw_id_fields = ["item", "user", "organization"]


@admin.register(ItemVersion)
class ItemVersionAdmin(admin.ModelAdmin):
    list_display = ["item", "number", "created_at"]
    search_fields = ["item__title", "note"]
    raw_id_fields = ["item", "created_by"]


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ["expert", "item", "person", "organization", "reason"]
    search_fields = ["expert__last_name", "expert__email", "reason"]
    raw_id_fields = ["expert", "item", "person", "organization"]


@admin.register(Bid)
class BidAdmin(admin.ModelAdmin):
    list_display = ["expert", "item", "level"]
    search_fields = ["expert__last_name", "expert__email", "item__title"]
    raw_id_fields = ["expert", "item"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["item", "expert", "version", "status", "due_at", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["item__title", "expert__last_name", "expert__email"]
    raw_id_fields = ["item", "expert"]


@admin.register(ReviewScore)
class ReviewScoreAdmin(admin.ModelAdmin):
    list_display = ["review", "criterion", "score"]
    search_fields = ["review__item__title", "review__expert__last_name", "comment"]
    raw_id_fields = ["review", "criterion"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["item", "version", "verdict", "decided_by", "decided_at"]
    list_filter = ["verdict"]
    search_fields = ["item__title", "reason", "decided_by__last_name"]
    raw_id_fields = ["item", "decided_by"]


@admin.register(Contest)
class ContestAdmin(admin.ModelAdmin):
    list_display = ["campaign", "prize_places", "results_published_at"]
    search_fields = ["campaign__title", "rules"]
    raw_id_fields = ["campaign"]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["title", "contest", "order"]
    search_fields = ["title", "contest__campaign__title"]
    raw_id_fields = ["contest"]


@admin.register(ContestDiploma)
class ContestDiplomaAdmin(admin.ModelAdmin):
    list_display = ["item", "user", "award", "place", "contest"]
    list_filter = ["award"]
    search_fields = ["item__title", "user__last_name", "contest__campaign__title"]
    raw_id_fields = ["contest", "item", "user", "certificate"]


class CollectivePartInline(admin.TabularInline):
    model = CollectivePart
    extra = 0
    raw_id_fields = ["item"]


@admin.register(CollectiveProduct)
class CollectiveProductAdmin(admin.ModelAdmin):
    list_display = ["title", "campaign", "version", "published_at"]
    search_fields = ["title", "campaign__title", "editors"]
    raw_id_fields = ["campaign", "material", "created_by"]
    inlines = [CollectivePartInline]


@admin.register(CollectivePart)
class CollectivePartAdmin(admin.ModelAdmin):
    list_display = ["product", "item", "order"]
    search_fields = ["product__title", "item__title"]
    raw_id_fields = ["product", "item"]


@admin.register(CollectiveVersion)
class CollectiveVersionAdmin(admin.ModelAdmin):
    list_display = ["product", "number", "parts", "created_at"]
    search_fields = ["product__title"]
    raw_id_fields = ["product", "created_by"]


# --- conference ---


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "starts_at", "defence_required", "published_at"]
    search_fields = ["title", "network__name"]
    raw_id_fields = [
        "network",
        "organization",
        "program",
        "call_for_papers",
        "proceedings_material",
        "created_by",
    ]
    filter_horizontal = ["articles"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "conference", "moderator", "order"]
    search_fields = ["title", "conference__title"]
    raw_id_fields = ["conference", "moderator", "rubric"]
    filter_horizontal = ["jury"]


@admin.register(Defence)
class DefenceAdmin(admin.ModelAdmin):
    list_display = ["item", "section", "starts_at", "status", "result"]
    list_filter = ["status", "result"]
    search_fields = ["item__title", "section__title"]
    raw_id_fields = ["section", "item", "session"]
    filter_horizontal = ["speakers"]


@admin.register(DefenceProtocol)
class DefenceProtocolAdmin(admin.ModelAdmin):
    list_display = ["defence", "juror", "decision", "saved_at"]
    search_fields = ["defence__item__title", "juror__last_name"]
    raw_id_fields = ["defence", "juror"]


@admin.register(DefenceScore)
class DefenceScoreAdmin(admin.ModelAdmin):
    list_display = ["protocol", "criterion", "score"]
    raw_id_fields = ["protocol", "criterion"]
