from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AuditEntry, Membership, Network, NetworkPartner, Organization, Region, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization", "network"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["last_name", "first_name"]
    list_display = ["email", "last_name", "first_name", "middle_name", "position", "is_active"]
    search_fields = ["email", "last_name", "first_name"]
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
    list_display = ["name", "lead_organization"]
    search_fields = ["name"]
    inlines = [PartnerInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
