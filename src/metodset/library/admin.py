from django.contrib import admin

from .models import (
    AdoptedAct,
    Collection,
    CollectionItem,
    Complaint,
    LearnRequest,
    Material,
    MaterialUse,
    MaterialVersion,
    ModerationEntry,
)


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "status",
        "visibility",
        "authors",
        "organization",
        "created_at",
    ]
    list_filter = ["kind", "status", "visibility", "licence"]
    search_fields = ["title", "authors", "description", "subjects"]
    raw_id_fields = ["organization", "network", "created_by"]
    filter_horizontal = ["competencies"]
    date_hierarchy = "created_at"


class CollectionItemInline(admin.TabularInline):
    model = CollectionItem
    extra = 0
    raw_id_fields = ["material"]


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "visibility", "organization", "network", "created_at"]
    list_filter = ["kind", "visibility"]
    search_fields = ["title", "description"]
    raw_id_fields = ["organization", "network", "owner", "created_by"]
    inlines = [CollectionItemInline]


@admin.register(CollectionItem)
class CollectionItemAdmin(admin.ModelAdmin):
    list_display = ["collection", "material", "order"]
    search_fields = ["collection__title", "material__title"]
    raw_id_fields = ["collection", "material"]


@admin.register(MaterialVersion)
class MaterialVersionAdmin(admin.ModelAdmin):
    list_display = ["material", "number", "original_name", "created_at"]
    raw_id_fields = ["material", "created_by"]


@admin.register(ModerationEntry)
class ModerationEntryAdmin(admin.ModelAdmin):
    list_display = ["material", "action", "by", "at"]
    list_filter = ["action"]
    raw_id_fields = ["material", "by"]


@admin.register(MaterialUse)
class MaterialUseAdmin(admin.ModelAdmin):
    list_display = ["material", "person", "used_on"]
    raw_id_fields = ["material", "person", "organization"]


@admin.register(LearnRequest)
class LearnRequestAdmin(admin.ModelAdmin):
    list_display = ["material", "person", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["material", "person"]


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ["material", "person", "created_at", "resolved_at"]
    raw_id_fields = ["material", "person", "resolved_by"]


@admin.register(AdoptedAct)
class AdoptedActAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "order_number", "order_date"]
    raw_id_fields = ["model", "organization", "created_by"]
