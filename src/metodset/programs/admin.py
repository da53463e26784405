from django.contrib import admin

from .models import (
    Application,
    Assignment,
    AssignmentReminder,
    CalendarEntry,
    CohortPost,
    CompletionRule,
    Feedback,
    LiveSession,
    ModuleChoice,
    PlanProgress,
    PlanStep,
    Program,
    ProgramMember,
    SessionQuestion,
    SessionSlot,
    Stage,
    Submission,
    SubmissionComment,
    SubmissionVersion,
    Team,
    TeamMessage,
)


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ["order", "kind", "title", "starts_on", "ends_on", "hours_in_person"]
    show_change_link = True


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "starts_on", "ends_on", "organizer", "network"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "topic", "description"]
    raw_id_fields = ["organizer", "network", "created_by", "final_case"]
    date_hierarchy = "starts_on"
    inlines = [StageInline]


@admin.register(ProgramMember)
class ProgramMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "program", "role", "team", "joined_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__last_name", "program__title"]
    raw_id_fields = ["program", "user", "team"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["order", "title", "kind", "scope", "due_at"]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "order", "kind", "starts_on", "ends_on"]
    list_filter = ["kind", "variative"]
    search_fields = ["title", "program__title"]
    raw_id_fields = ["program"]
    filter_horizontal = ["events"]
    inlines = [AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["title", "stage", "kind", "scope", "due_at"]
    list_filter = ["kind", "scope"]
    search_fields = ["title", "stage__title", "stage__program__title"]
    raw_id_fields = ["stage"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "program", "status", "city", "created_at"]
    list_filter = ["status"]
    search_fields = ["email", "last_name", "first_name", "organization_name", "city"]
    raw_id_fields = ["program", "user", "organization", "decided_by"]
    date_hierarchy = "created_at"


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["__str__", "program", "number", "tutor"]
    search_fields = ["name", "program__title", "tutor__last_name"]
    raw_id_fields = ["program", "tutor", "audience_questionnaire"]


@admin.register(TeamMessage)
class TeamMessageAdmin(admin.ModelAdmin):
    list_display = ["team", "author", "to_tutor", "created_at", "resolved_at"]
    list_filter = ["to_tutor"]
    search_fields = ["text", "author__last_name"]
    raw_id_fields = ["team", "author"]
    date_hierarchy = "created_at"


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["assignment", "team", "user", "state", "submitted_at", "late"]
    list_filter = ["state", "late"]
    search_fields = ["assignment__title", "user__last_name"]
    raw_id_fields = ["assignment", "team", "user", "case_material"]


@admin.register(SubmissionVersion)
class SubmissionVersionAdmin(admin.ModelAdmin):
    list_display = ["submission", "number", "author", "submitted", "created_at"]
    list_filter = ["submitted"]
    search_fields = ["text", "submission__assignment__title", "author__last_name"]
    raw_id_fields = ["submission", "author"]


@admin.register(SubmissionComment)
class SubmissionCommentAdmin(admin.ModelAdmin):
    list_display = ["version", "field", "author", "created_at"]
    search_fields = ["text", "author__last_name"]
    raw_id_fields = ["version", "author"]


class SessionSlotInline(admin.TabularInline):
    model = SessionSlot
    extra = 0
    raw_id_fields = ["team"]


@admin.register(LiveSession)
class LiveSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "stage", "event", "phase", "current", "paused"]
    list_filter = ["phase", "paused"]
    search_fields = ["title", "stage__program__title"]
    raw_id_fields = ["stage", "event"]
    readonly_fields = ["screen_token", "version"]
    inlines = [SessionSlotInline]


@admin.register(SessionSlot)
class SessionSlotAdmin(admin.ModelAdmin):
    list_display = ["session", "order", "team"]
    search_fields = ["session__title"]
    raw_id_fields = ["session", "team"]


@admin.register(SessionQuestion)
class SessionQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "session", "author", "created_at", "answered_at"]
    search_fields = ["text", "session__title"]
    raw_id_fields = ["session", "slot", "author"]


@admin.register(CompletionRule)
class CompletionRuleAdmin(admin.ModelAdmin):
    list_display = ["program", "kind", "count", "assignment"]
    list_filter = ["kind"]
    search_fields = ["program__title"]
    raw_id_fields = ["program", "assignment"]


@admin.register(ModuleChoice)
class ModuleChoiceAdmin(admin.ModelAdmin):
    list_display = ["member", "stage", "chosen_at"]
    search_fields = ["member__user__last_name", "stage__title"]
    raw_id_fields = ["member", "stage"]


@admin.register(PlanStep)
class PlanStepAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "order"]
    search_fields = ["title", "program__title"]
    raw_id_fields = ["program"]


@admin.register(PlanProgress)
class PlanProgressAdmin(admin.ModelAdmin):
    list_display = ["step", "user", "done_at"]
    search_fields = ["step__title", "user__last_name", "user__email"]
    raw_id_fields = ["step", "user"]


@admin.register(CalendarEntry)
class CalendarEntryAdmin(admin.ModelAdmin):
    list_display = ["month", "topic", "program", "leaders"]
    search_fields = ["topic", "leaders", "program__title"]
    raw_id_fields = ["program"]
    date_hierarchy = "month"


@admin.register(AssignmentReminder)
class AssignmentReminderAdmin(admin.ModelAdmin):
    list_display = ["assignment", "team", "user", "sent_at"]
    search_fields = ["assignment__title", "user__email"]
    raw_id_fields = ["assignment", "team", "user"]


@admin.register(CohortPost)
class CohortPostAdmin(admin.ModelAdmin):
    list_display = ["program", "kind", "team", "author", "shared_at"]
    list_filter = ["kind"]
    search_fields = ["text", "url", "author__last_name", "program__title"]
    raw_id_fields = ["program", "author", "team", "version"]
    date_hierarchy = "shared_at"


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["program", "team", "intern", "author", "created_at"]
    search_fields = ["text", "intern__last_name", "program__title"]
    raw_id_fields = ["program", "team", "intern", "author"]
    date_hierarchy = "created_at"
