from django.contrib import admin

from .models import CalendarToken, Event, EventMaterial, EventSeries, Registration, ReminderDelivery


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "weekday", "start_time", "time_zone", "first_date", "last_date"]
    search_fields = ["title"]


class EventMaterialInline(admin.TabularInline):
    model = EventMaterial
    extra = 0
    raw_id_fields = ["added_by"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "format", "status", "starts_at", "organizer", "capacity"]
    list_filter = ["kind", "format", "status", "visibility", "provider"]
    search_fields = ["title", "description", "place"]
    raw_id_fields = ["organizer", "network", "created_by", "series"]
    readonly_fields = ["check_in_code", "meeting_secret", "sequence"]
    date_hierarchy = "starts_at"
    inlines = [EventMaterialInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "status", "created_at", "attended_at"]
    list_filter = ["status"]
    search_fields = ["event__title", "user__email", "user__last_name"]
    raw_id_fields = ["event", "user", "attendance_marked_by"]
    date_hierarchy = "created_at"


@admin.register(EventMaterial)
class EventMaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "added_by", "created_at"]
    search_fields = ["title", "event__title"]
    raw_id_fields = ["event", "added_by"]


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(admin.ModelAdmin):
    list_display = ["registration", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["registration__event__title", "registration__user__email"]
    raw_id_fields = ["registration", "email"]


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__email", "user__last_name"]
    raw_id_fields = ["user"]
    readonly_fields = ["token"]
