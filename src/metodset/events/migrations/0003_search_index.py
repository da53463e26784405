"""The events' full-text search index (``core.search``), and the events indexed."""

from django.db import migrations

from metodset.core.search.engine import CreateSearchIndex, SearchIndex, reindex


def index_events(apps, schema_editor):
    from metodset.events.search import document

    Event = apps.get_model("events", "Event")
    events = Event.objects.select_related("organizer").order_by("pk").iterator(chunk_size=500)
    reindex(
        SearchIndex(table="events_event"),
        ((event.pk, document(event)) for event in events),
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [("events", "0002_event_kind_traineeship_session")]

    operations = [
        CreateSearchIndex(table="events_event"),
        migrations.RunPython(index_events, migrations.RunPython.noop, elidable=True),
    ]
