from django.contrib import admin

from .models import (
    Answer,
    Draft,
    Invitation,
    Question,
    Questionnaire,
    Response,
    ResultsExport,
    Section,
)


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["order", "section", "kind", "text", "required", "options", "rows"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "anonymous", "organization", "network", "created_at"]
    list_filter = ["status", "anonymous", "public_link_enabled"]
    search_fields = ["title"]
    raw_id_fields = ["organization", "network", "created_by"]
    readonly_fields = ["public_token", "template_key", "remind_sent_at"]
    date_hierarchy = "created_at"
    inlines = [SectionInline, QuestionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "questionnaire", "order"]
    search_fields = ["title", "questionnaire__title"]
    raw_id_fields = ["questionnaire"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "questionnaire", "kind", "order", "required"]
    list_filter = ["kind", "required"]
    search_fields = ["text", "questionnaire__title"]
    raw_id_fields = ["questionnaire", "section"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["questionnaire", "user", "invited_at", "reminded_at", "answered_at"]
    search_fields = ["questionnaire__title", "user__email", "user__last_name"]
    raw_id_fields = ["questionnaire", "user"]
    readonly_fields = ["token"]
    date_hierarchy = "invited_at"


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    raw_id_fields = ["question"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["questionnaire", "user", "channel", "submitted_at"]
    list_filter = ["channel"]
    search_fields = ["questionnaire__title", "user__email"]
    raw_id_fields = ["questionnaire", "user", "invitation"]
    readonly_fields = ["browser_hash", "ip_hash"]
    date_hierarchy = "submitted_at"
    inlines = [AnswerInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["response", "question", "row_index", "choice_index", "number"]
    search_fields = ["text", "question__text"]
    raw_id_fields = ["response", "question"]


@admin.register(ResultsExport)
class ResultsExportAdmin(admin.ModelAdmin):
    list_display = ["questionnaire", "requested_by", "status", "done", "total", "created_at"]
    list_filter = ["status"]
    search_fields = ["questionnaire__title", "requested_by__email"]
    raw_id_fields = ["questionnaire", "requested_by"]
    date_hierarchy = "created_at"


@admin.register(Draft)
class DraftAdmin(admin.ModelAdmin):
    list_display = ["questionnaire", "invitation", "page", "updated_at"]
    search_fields = ["questionnaire__title", "invitation__user__email"]
    raw_id_fields = ["questionnaire", "invitation"]
    readonly_fields = ["browser_hash"]
