"""Load the starter catalogue of route activities (data/starter_catalogue.yaml)."""

from django.db import migrations


def load(apps, schema_editor):
    from metodset.routes.catalogue import starter_load

    starter_load(
        activity_model=apps.get_model("routes", "Activity"),
        competency_model=apps.get_model("diagnostics", "Competency"),
    )


def unload(apps, schema_editor):
    apps.get_model("routes", "Activity").objects.exclude(slug="").filter(
        organization=None, network=None
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("routes", "0001_initial"), ("diagnostics", "0002_shipped_frameworks")]

    operations = [migrations.RunPython(load, unload)]
