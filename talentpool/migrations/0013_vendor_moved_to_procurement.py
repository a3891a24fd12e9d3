"""The vendor registry moved to procurement (procurement 0007_vendor): state only, plus its ContentType.

The table talentpool_vendor and its rows stay (procurement's model keeps the table name). Audit rows
and notifications point at vendors through their ContentType; audit rows are append-only, so instead
of rewriting them the one ContentType row is relabelled talentpool.vendor → procurement.vendor (its
id, and therefore every row pointing at it and the model's permissions, stay as they are).
"""

from django.contrib.contenttypes.models import ContentType as LiveContentType
from django.db import migrations


def relabel(apps, schema_editor, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Notification = apps.get_model("portal", "Notification")
    types = ContentType.objects.using(schema_editor.connection.alias)
    old = types.filter(app_label=source, model="vendor").first()
    if old is None:  # a fresh database: post_migrate creates procurement.vendor afterwards
        return
    stray = types.filter(app_label=target, model="vendor").first()
    if stray is not None:
        # Created by a post_migrate run between the two migrations: nothing but notifications and
        # its own permissions can point at it yet (audit rows would make the delete fail loudly).
        Notification.objects.using(schema_editor.connection.alias).filter(target_type=stray).update(
            target_type=old
        )
        stray.delete()
    old.app_label = target
    old.save(update_fields=["app_label"])
    LiveContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    relabel(apps, schema_editor, "talentpool", "procurement")


def backwards(apps, schema_editor):
    relabel(apps, schema_editor, "procurement", "talentpool")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0006_grams_function"),
        ("procurement", "0007_vendor"),
        ("talentpool", "0012_dispatch_queue_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Vendor")],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
