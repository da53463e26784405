"""The communities in Django's admin, for the platform's support.

The admin is the database seen by a superuser: a closed community's records are there as any
personal data is, and the pages of the platform keep refusing them to the superuser as to
everyone outside the community (communities.permissions).
"""

from django.contrib import admin

from .models import (
    AnalysisLink,
    CaseChild,
    Community,
    CoordinatorVote,
    Cycle,
    CycleGuest,
    LearningItem,
    Lesson,
    MapStage,
    MapVersion,
    Meeting,
    Member,
    MethodicalPlan,
    PlanTopic,
    Prediction,
    Protocol,
    ProtocolEntry,
    StageComment,
    Strategy,
    Tactic,
)


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["problem", "strategy", "network"]
    search_fields = ["problem", "strategy", "description"]
    raw_id_fields = ["network", "created_by"]


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organization", "network", "openness", "created_at"]
    list_filter = ["kind", "openness"]
    search_fields = ["name", "direction", "organization__short_name", "network__name"]
    raw_id_fields = ["organization", "network", "strategy", "created_by"]
    inlines = [MemberInline]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "role", "joined_at"]
    list_filter = ["role"]
    search_fields = ["user__last_name", "user__email", "community__name"]
    raw_id_fields = ["community", "user"]


@admin.register(CoordinatorVote)
class CoordinatorVoteAdmin(admin.ModelAdmin):
    list_display = ["community", "voter", "candidate", "voted_at"]
    search_fields = ["community__name", "voter__user__last_name", "candidate__user__last_name"]
    raw_id_fields = ["community", "voter", "candidate"]


@admin.register(Tactic)
class TacticAdmin(admin.ModelAdmin):
    list_display = ["action", "community", "starts_on", "due_on", "done"]
    list_filter = ["done"]
    search_fields = ["action", "community__name"]
    raw_id_fields = ["community"]
    filter_horizontal = ["responsible"]


@admin.register(AnalysisLink)
class AnalysisLinkAdmin(admin.ModelAdmin):
    list_display = ["difficulty", "community", "results_area", "competency"]
    search_fields = ["difficulty", "results_area", "community__name"]
    raw_id_fields = ["community", "results_table", "competency", "created_by"]


@admin.register(LearningItem)
class LearningItemAdmin(admin.ModelAdmin):
    list_display = ["title", "member", "kind", "community", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["title", "place", "member__last_name", "member__email", "community__name"]
    raw_id_fields = ["community", "member", "competency", "route_step"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["event", "community"]
    search_fields = ["event__title", "community__name", "agenda"]
    raw_id_fields = ["community", "event"]


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "community", "created_at", "closed_at"]
    search_fields = ["title", "group", "community__name"]
    raw_id_fields = ["community", "created_by"]


@admin.register(CycleGuest)
class CycleGuestAdmin(admin.ModelAdmin):
    list_display = ["user", "cycle", "invited_at"]
    search_fields = ["user__last_name", "user__email", "cycle__title"]
    raw_id_fields = ["cycle", "user", "invited_by"]


@admin.register(CaseChild)
class CaseChildAdmin(admin.ModelAdmin):
    list_display = ["code", "cycle", "order"]
    search_fields = ["code", "cycle__title"]
    raw_id_fields = ["cycle"]


@admin.register(MapVersion)
class MapVersionAdmin(admin.ModelAdmin):
    list_display = ["cycle", "number", "created_at"]
    search_fields = ["cycle__title", "change_note"]
    raw_id_fields = ["cycle", "created_by"]


@admin.register(MapStage)
class MapStageAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "order", "minutes"]
    search_fields = ["title", "version__cycle__title"]
    raw_id_fields = ["version"]


@admin.register(StageComment)
class StageCommentAdmin(admin.ModelAdmin):
    list_display = ["stage", "author", "created_at"]
    search_fields = ["text", "author__last_name", "author__email"]
    raw_id_fields = ["stage", "author"]


@admin.register(Prediction)
class PredictionAdmin(admin.ModelAdmin):
    list_display = ["case_child", "stage"]
    search_fields = ["text", "case_child__code"]
    raw_id_fields = ["stage", "case_child"]


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["cycle", "number", "teacher", "starts_at", "stage"]
    list_filter = ["stage"]
    search_fields = ["cycle__title", "teacher__last_name", "teacher__email"]
    raw_id_fields = ["cycle", "version", "teacher"]


@admin.register(Protocol)
class ProtocolAdmin(admin.ModelAdmin):
    list_display = ["lesson", "observer", "case_child", "updated_at"]
    search_fields = ["observer__last_name", "observer__email", "case_child__code"]
    raw_id_fields = ["lesson", "observer", "case_child"]


@admin.register(ProtocolEntry)
class ProtocolEntryAdmin(admin.ModelAdmin):
    list_display = ["protocol", "stage", "minute", "created_at"]
    search_fields = ["text", "protocol__observer__last_name", "protocol__observer__email"]
    raw_id_fields = ["protocol", "stage"]


class TopicInline(admin.TabularInline):
    model = PlanTopic
    extra = 0
    fields = ["month", "title", "form", "responsible", "order"]
    show_change_link = True


@admin.register(MethodicalPlan)
class MethodicalPlanAdmin(admin.ModelAdmin):
    list_display = ["organization", "year", "title", "created_at"]
    list_filter = ["year"]
    search_fields = ["organization__name", "organization__short_name", "title"]
    raw_id_fields = ["organization", "drafted_from", "created_by"]
    inlines = [TopicInline]


@admin.register(PlanTopic)
class PlanTopicAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "month", "form", "responsible"]
    search_fields = ["title", "form", "responsible", "plan__organization__short_name"]
    raw_id_fields = ["plan"]
    filter_horizontal = ["competencies"]
