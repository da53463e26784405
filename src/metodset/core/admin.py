from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import OutgoingEmail, PeriodicJob, WorkerHeartbeat

admin.site.site_header = _("Metodset administration")
admin.site.site_title = _("Metodset administration")
admin.site.index_title = _("Data by section")


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["worker_id", "hostname", "pid", "started_at", "seen_at"]
    search_fields = ["worker_id", "hostname"]


@admin.register(PeriodicJob)
class PeriodicJobAdmin(admin.ModelAdmin):
    list_display = ["name", "last_run_at", "next_run_at"]
    search_fields = ["name"]
