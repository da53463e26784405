from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import (
    ApiToken,
    AuditEntry,
    ImportBatch,
    Membership,
    MembershipInvitation,
    Network,
    NetworkPartner,
    Organization,
    Region,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization", "network"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = ["email", "last_name", "first_name", "middle_name", "position", "is_active"]
    list_filter = ["is_active", "is_staff", "time_zone"]
    search_fields = ["email", "last_name", "first_name", "middle_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            "ФИО",
            {
                "fields": [
                    "last_name",
                    "first_name",
                    "middle_name",
                    "position",
                    "specialisation",
                    "experience_years",
                    "time_zone",
                ]
            },
        ),
        ("152-ФЗ", {"fields": ["consent_given_at", "consent_version", "deletion_requested_at"]}),
        ("Права", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "last_name", "first_name", "password1", "password2"]})
    ]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "time_zone"]
    search_fields = ["name"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "kind", "city", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "short_name", "city", "inn"]


class PartnerInline(admin.TabularInline):
    model = NetworkPartner
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "lead_organization", "created_at"]
    search_fields = ["name"]
    raw_id_fields = ["lead_organization"]
    inlines = [PartnerInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_repr", "actor__email", "actor__last_name"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]


@admin.register(NetworkPartner)
class NetworkPartnerAdmin(admin.ModelAdmin):
    list_display = ["organization", "network", "joined_on"]
    list_filter = ["network"]
    search_fields = ["organization__name", "organization__short_name", "network__name"]
    raw_id_fields = ["organization", "network"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization", "network", "created_at"]
    list_filter = ["role", "network"]
    search_fields = ["user__email", "user__last_name", "organization__short_name"]
    raw_id_fields = ["user", "organization", "network"]


@admin.register(MembershipInvitation)
class MembershipInvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization", "status", "invited_by", "created_at"]
    list_filter = ["status", "role"]
    search_fields = ["user__email", "user__last_name", "organization__short_name"]
    raw_id_fields = ["user", "organization", "invited_by"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at"]
    search_fields = ["name", "prefix", "user__email"]
    raw_id_fields = ["user"]
    readonly_fields = ["key_hash", "prefix"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "status", "filename", "created_by", "organization"]
    list_filter = ["kind", "status"]
    search_fields = ["filename", "created_by__email"]
    raw_id_fields = ["created_by", "organization", "network"]
    date_hierarchy = "created_at"
