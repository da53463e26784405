from django.contrib import admin

from .models import Collection, CollectionItem, Material


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "authors", "organization", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title", "authors", "description", "competencies"]
    raw_id_fields = ["organization", "created_by"]
    date_hierarchy = "created_at"


class CollectionItemInline(admin.TabularInline):
    model = CollectionItem
    extra = 0
    raw_id_fields = ["material"]


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["title", "visibility", "organization", "network", "created_at"]
    list_filter = ["visibility"]
    search_fields = ["title", "description"]
    raw_id_fields = ["organization", "network", "created_by"]
    inlines = [CollectionItemInline]


@admin.register(CollectionItem)
class CollectionItemAdmin(admin.ModelAdmin):
    list_display = ["collection", "material", "order"]
    search_fields = ["collection__title", "material__title"]
    raw_id_fields = ["collection", "material"]
