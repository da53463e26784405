from django.contrib import admin

from .models import (
    Certificate,
    CertificateBatch,
    CertificateTemplate,
    Issuer,
    NumberSequence,
    Signatory,
)


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "city", "number_pattern", "license_number"]
    search_fields = ["name", "organization__name", "license_number"]
    raw_id_fields = ["organization"]
    inlines = [SignatoryInline]


@admin.register(Signatory)
class SignatoryAdmin(admin.ModelAdmin):
    list_display = ["full_name", "position", "issuer", "order"]
    search_fields = ["full_name", "position", "issuer__name"]
    raw_id_fields = ["issuer"]


@admin.register(NumberSequence)
class NumberSequenceAdmin(admin.ModelAdmin):
    list_display = ["issuer", "year", "last"]
    list_filter = ["year"]
    search_fields = ["issuer__name"]
    raw_id_fields = ["issuer"]


@admin.register(CertificateTemplate)
class CertificateTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "issuer", "is_active", "updated_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "heading", "issuer__name"]
    raw_id_fields = ["issuer"]


@admin.register(CertificateBatch)
class CertificateBatchAdmin(admin.ModelAdmin):
    list_display = ["title", "issuer", "status", "issued", "skipped", "issued_on", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "issuer__name"]
    raw_id_fields = ["issuer", "template", "program", "event", "created_by"]
    readonly_fields = ["claimed_by", "progressed_at"]
    date_hierarchy = "created_at"


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "last_name", "first_name", "kind", "title", "issued_on", "status"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["number", "code", "last_name", "first_name", "email", "title"]
    raw_id_fields = [
        "issuer",
        "template",
        "batch",
        "user",
        "program",
        "event",
        "revoked_by",
        "replaced_by",
    ]
    readonly_fields = ["code", "sequence"]
    date_hierarchy = "issued_on"
