"""The database cache table (settings.CACHES): sign-in rate limits and spent TOTP codes."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS portal_cache")


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_mail_outbox")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
