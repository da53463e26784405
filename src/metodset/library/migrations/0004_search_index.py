"""The materials' full-text search index (``core.search``), and the materials indexed."""

from django.db import migrations

from metodset.core.search.engine import CreateSearchIndex, SearchIndex, reindex


def index_materials(apps, schema_editor):
    from metodset.library.search import document

    Material = apps.get_model("library", "Material")
    materials = Material.objects.order_by("pk").iterator(chunk_size=500)
    reindex(
        SearchIndex(table="library_material"),
        ((material.pk, document(material)) for material in materials),
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [("library", "0003_materials_versions_moderation")]

    operations = [
        CreateSearchIndex(table="library_material"),
        migrations.RunPython(index_materials, migrations.RunPython.noop, elidable=True),
    ]
