from django.contrib import admin

from .models import Activity, HoursCredit, Layout, Route, Step


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "format", "hours", "provider", "active"]
    list_filter = ["kind", "format", "active"]
    search_fields = ["title", "description", "provider", "slug"]
    raw_id_fields = [
        "event",
        "program",
        "module",
        "material",
        "collection",
        "colleague",
        "organization",
        "network",
        "created_by",
    ]
    filter_horizontal = ["competencies"]


@admin.register(Layout)
class LayoutAdmin(admin.ModelAdmin):
    list_display = ["organization"]
    search_fields = ["organization__name", "organization__short_name"]
    raw_id_fields = ["organization"]


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    fields = ["order", "title", "form", "starts_on", "ends_on", "hours", "status"]
    show_change_link = True


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "year", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status", "year"]
    search_fields = ["user__last_name", "user__email", "goal"]
    raw_id_fields = ["user", "organization", "reviewed_by"]
    filter_horizontal = ["deficits"]
    inlines = [StepInline]


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["title", "route", "form", "starts_on", "ends_on", "hours", "status"]
    list_filter = ["status", "mandatory"]
    search_fields = ["title", "task", "route__user__last_name"]
    raw_id_fields = ["route", "activity", "competency", "teaching_event"]


@admin.register(HoursCredit)
class HoursCreditAdmin(admin.ModelAdmin):
    list_display = ["user", "year", "hours", "role", "event", "step", "created_at"]
    list_filter = ["role", "year"]
    search_fields = ["user__last_name", "user__email", "event__title"]
    raw_id_fields = ["user", "event", "step"]
