from django.contrib import admin

from .models import Question, Questionnaire, Section


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
    inlines = [SectionInline, QuestionInline]
