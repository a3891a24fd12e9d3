from django.db import migrations

from portal.textsearch import GRAMS_FUNCTION_SQL


class Migration(migrations.Migration):
    """portal_grams(text): the characters and character pairs a Japanese keyword index is built on."""

    dependencies = [("portal", "0005_cache_table")]

    operations = [
        migrations.RunSQL(GRAMS_FUNCTION_SQL, reverse_sql="DROP FUNCTION IF EXISTS portal_grams(text);"),
    ]
