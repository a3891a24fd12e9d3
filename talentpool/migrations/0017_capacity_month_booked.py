"""The month row carries the ledger's sum of booked days, kept by the database: every insert, change or
delete of a booking touches its month row (and the month it moved from), and every write of a month
row recomputes the sum from the ledger, in a statement of its own (a fresh snapshot under READ
COMMITTED, after any lock it waited for), so neither a concurrent booking nor a stale value saved
from Python can leave it wrong. The overbooking check of 0007 still sums the ledger itself."""

from decimal import Decimal
from django.db import migrations, models


KEEP = """
CREATE FUNCTION talentpool_month_booked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.booked := (SELECT COALESCE(SUM(days), 0) FROM talentpool_capacitybooking
                   WHERE talent_id = NEW.talent_id AND month = NEW.month);
    RETURN NEW;
END $$;

CREATE TRIGGER capacity_month_booked
    BEFORE INSERT OR UPDATE ON talentpool_capacitymonth
    FOR EACH ROW EXECUTE FUNCTION talentpool_month_booked();

CREATE FUNCTION talentpool_booking_touches_month() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE talentpool_capacitymonth SET booked = 0
            WHERE talent_id = NEW.talent_id AND month = NEW.month;
    END IF;
    IF TG_OP = 'DELETE' OR (OLD.talent_id, OLD.month) IS DISTINCT FROM (NEW.talent_id, NEW.month) THEN
        UPDATE talentpool_capacitymonth SET booked = 0
            WHERE talent_id = OLD.talent_id AND month = OLD.month;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER capacity_booking_sums_month
    AFTER INSERT OR UPDATE OR DELETE ON talentpool_capacitybooking
    FOR EACH ROW EXECUTE FUNCTION talentpool_booking_touches_month();

-- Every existing row recomputes its sum through the BEFORE trigger.
UPDATE talentpool_capacitymonth SET booked = 0;
"""

DROP = """
DROP TRIGGER capacity_booking_sums_month ON talentpool_capacitybooking;
DROP FUNCTION talentpool_booking_touches_month();
DROP TRIGGER capacity_month_booked ON talentpool_capacitymonth;
DROP FUNCTION talentpool_month_booked();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('talentpool', '0016_request_talent_prefecture'),
    ]

    operations = [
        migrations.AddField(
            model_name='capacitymonth',
            name='booked',
            field=models.DecimalField(decimal_places=1, default=Decimal('0'), editable=False, max_digits=6, verbose_name='予約済みの日数'),
        ),
        migrations.RunSQL(KEEP, DROP),
    ]
