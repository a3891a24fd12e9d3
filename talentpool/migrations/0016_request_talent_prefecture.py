"""Each dispatch request carries its talent's prefecture (the pool that lends the talent), kept by
the database: set whenever the talent is written, followed when a talent moves to another pool.
A coordinator's queue then asks one indexed column instead of listing every talent of the pool."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


KEEP = """
CREATE FUNCTION talentpool_request_talent_prefecture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.talent_prefecture_id := (SELECT prefecture_id FROM talentpool_talent WHERE id = NEW.talent_id);
    RETURN NEW;
END $$;

CREATE TRIGGER talentpool_request_talent_prefecture
    BEFORE INSERT OR UPDATE OF talent_id, talent_prefecture_id ON talentpool_dispatchrequest
    FOR EACH ROW EXECUTE FUNCTION talentpool_request_talent_prefecture();

CREATE FUNCTION talentpool_talent_moved_pool() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE talentpool_dispatchrequest SET talent_prefecture_id = NEW.prefecture_id
        WHERE talent_id = NEW.id AND talent_prefecture_id IS DISTINCT FROM NEW.prefecture_id;
    RETURN NULL;
END $$;

CREATE TRIGGER talentpool_talent_moved_pool
    AFTER UPDATE OF prefecture_id ON talentpool_talent
    FOR EACH ROW WHEN (OLD.prefecture_id IS DISTINCT FROM NEW.prefecture_id)
    EXECUTE FUNCTION talentpool_talent_moved_pool();

UPDATE talentpool_dispatchrequest AS r SET talent_prefecture_id = t.prefecture_id
    FROM talentpool_talent AS t WHERE t.id = r.talent_id;
"""

DROP = """
DROP TRIGGER talentpool_talent_moved_pool ON talentpool_talent;
DROP FUNCTION talentpool_talent_moved_pool();
DROP TRIGGER talentpool_request_talent_prefecture ON talentpool_dispatchrequest;
DROP FUNCTION talentpool_request_talent_prefecture();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_delivery_subscription_mail"),
        ("talentpool", "0015_job_status_published_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="dispatchrequest",
            name="talent_prefecture",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="portal.organisation",
                verbose_name="人材の所属する都道府県",
            ),
        ),
        migrations.AddIndex(
            model_name="dispatchrequest",
            index=models.Index(fields=["talent_prefecture", "start_date"], name="dispatch_talent_pref_start"),
        ),
        migrations.RunSQL(KEEP, DROP),
    ]
