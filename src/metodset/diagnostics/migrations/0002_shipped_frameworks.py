"""Load the two frameworks shipped with the platform (data in diagnostics/data/*.yaml)."""

from django.db import migrations


def load(apps, schema_editor):
    from metodset.diagnostics.frameworks.data import shipped
    from metodset.diagnostics.frameworks.services import FrameworkModels, framework_tree_create

    models = tuple(
        apps.get_model("diagnostics", name) for name in ("Framework", "Area", "Competency", "Indicator")
    )
    have = set(models[0].objects.values_list("slug", flat=True))
    for data in shipped():
        if data.slug not in have:
            framework_tree_create(data=data, models=FrameworkModels(*models))


def unload(apps, schema_editor):
    Framework = apps.get_model("diagnostics", "Framework")
    Framework.objects.filter(network=None, slug__in=["pedagog-544n", "digital-culture"]).delete()


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
