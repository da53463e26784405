from django.contrib import admin

from .models import (
    Area,
    Campaign,
    Competency,
    CompetencyScore,
    Framework,
    Indicator,
    IndicatorScore,
    Observation,
    Participant,
    ResultRow,
    ResultsTable,
    Test,
    TestAttempt,
    TestItem,
)


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "version", "status", "network", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    raw_id_fields = ["network", "created_by"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "framework", "order"]
    list_filter = ["framework"]
    search_fields = ["code", "title"]
    raw_id_fields = ["framework"]


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "area", "labour_function", "framework"]
    list_filter = ["framework"]
    search_fields = ["code", "title", "labour_function"]
    raw_id_fields = ["framework", "area"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "text", "competency", "framework"]
    list_filter = ["framework"]
    search_fields = ["code", "text"]
    raw_id_fields = ["framework", "competency"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "framework", "organization", "network", "status", "starts_on"]
    list_filter = ["status", "self_assessment", "observation"]
    search_fields = ["title"]
    raw_id_fields = ["framework", "organization", "network", "test", "questionnaire", "created_by"]
    date_hierarchy = "starts_on"


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["user", "campaign", "organization", "position", "self_done_at", "scored_at"]
    search_fields = ["user__last_name", "user__email", "campaign__title", "position"]
    raw_id_fields = ["campaign", "user", "organization"]


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = ["participant", "observer", "observed_on", "subject"]
    search_fields = ["subject", "participant__user__last_name", "observer__last_name"]
    raw_id_fields = ["participant", "observer"]
    date_hierarchy = "observed_on"


@admin.register(IndicatorScore)
class IndicatorScoreAdmin(admin.ModelAdmin):
    list_display = ["participant", "indicator", "source", "value"]
    list_filter = ["source"]
    search_fields = ["participant__user__last_name", "indicator__code"]
    raw_id_fields = ["participant", "indicator", "observation"]


@admin.register(CompetencyScore)
class CompetencyScoreAdmin(admin.ModelAdmin):
    list_display = ["participant", "competency", "campaign", "level", "deficit"]
    list_filter = ["deficit"]
    search_fields = ["participant__user__last_name", "competency__code", "competency__title"]
    raw_id_fields = ["participant", "campaign", "organization", "competency"]


class TestItemInline(admin.StackedInline):
    model = TestItem
    extra = 0
    raw_id_fields = ["indicator"]


@admin.register(Test)
class TestAdmin(admin.ModelAdmin):
    list_display = ["title", "framework", "organization", "network", "created_at"]
    search_fields = ["title", "description"]
    raw_id_fields = ["framework", "organization", "network", "created_by"]
    inlines = [TestItemInline]


@admin.register(TestItem)
class TestItemAdmin(admin.ModelAdmin):
    list_display = ["text", "test", "indicator", "points", "order"]
    search_fields = ["text", "test__title"]
    raw_id_fields = ["test", "indicator"]


@admin.register(TestAttempt)
class TestAttemptAdmin(admin.ModelAdmin):
    list_display = ["participant", "test", "points", "max_points", "submitted_at"]
    search_fields = ["participant__user__last_name", "test__title"]
    raw_id_fields = ["participant", "test"]


class ResultRowInline(admin.TabularInline):
    model = ResultRow
    extra = 0


@admin.register(ResultsTable)
class ResultsTableAdmin(admin.ModelAdmin):
    list_display = ["subject", "group", "teacher", "organization", "created_at"]
    search_fields = ["subject", "group", "teacher__last_name"]
    raw_id_fields = ["organization", "teacher", "uploaded_by"]
    inlines = [ResultRowInline]


@admin.register(ResultRow)
class ResultRowAdmin(admin.ModelAdmin):
    list_display = ["table", "area", "measured_on", "value", "children"]
    search_fields = ["area", "table__subject"]
    raw_id_fields = ["table"]
