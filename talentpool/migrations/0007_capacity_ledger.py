"""The capacity ledger names what booked it, and the database refuses an overbooked month."""

from django.db import migrations, models

# One check for a talent-month: the ledger's sum may not exceed the month row's available days
# (no row: none available). It locks the month row first, so two transactions booking the same
# month are checked one after the other even if code forgets services.book_capacity's lock.
CHECK_FUNCTION = """
CREATE FUNCTION talentpool_check_capacity(p_talent bigint, p_month date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    available numeric;
    booked numeric;
BEGIN
    SELECT contracted_days INTO available FROM talentpool_capacitymonth
        WHERE talent_id = p_talent AND month = p_month FOR UPDATE;
    SELECT COALESCE(SUM(days), 0) INTO booked FROM talentpool_capacitybooking
        WHERE talent_id = p_talent AND month = p_month;
    IF booked > COALESCE(available, 0) THEN
        RAISE EXCEPTION 'capacity overbooked: talent % month % booked % > available %',
            p_talent, p_month, booked, COALESCE(available, 0)
            USING ERRCODE = 'check_violation', CONSTRAINT = 'capacity_not_overbooked';
    END IF;
END $$;

CREATE FUNCTION talentpool_capacity_not_overbooked() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM talentpool_check_capacity(NEW.talent_id, NEW.month);
    END IF;
    -- A month row that moves or goes leaves its bookings with no available days.
    IF TG_TABLE_NAME = 'talentpool_capacitymonth' AND (
        TG_OP = 'DELETE' OR (OLD.talent_id, OLD.month) IS DISTINCT FROM (NEW.talent_id, NEW.month)
    ) THEN
        PERFORM talentpool_check_capacity(OLD.talent_id, OLD.month);
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER capacity_booking_not_overbooked
    AFTER INSERT OR UPDATE OF talent_id, month, days ON talentpool_capacitybooking
    FOR EACH ROW EXECUTE FUNCTION talentpool_capacity_not_overbooked();

CREATE CONSTRAINT TRIGGER capacity_month_not_overbooked
    AFTER UPDATE OF talent_id, month, contracted_days ON talentpool_capacitymonth
    FOR EACH ROW EXECUTE FUNCTION talentpool_capacity_not_overbooked();

-- Deferred to commit: deleting a talent deletes its month rows and bookings in either order.
CREATE CONSTRAINT TRIGGER capacity_month_deleted_not_overbooked
    AFTER DELETE ON talentpool_capacitymonth
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION talentpool_capacity_not_overbooked();
"""

DROP = """
DROP TRIGGER capacity_month_deleted_not_overbooked ON talentpool_capacitymonth;
DROP TRIGGER capacity_month_not_overbooked ON talentpool_capacitymonth;
DROP TRIGGER capacity_booking_not_overbooked ON talentpool_capacitybooking;
DROP FUNCTION talentpool_capacity_not_overbooked();
DROP FUNCTION talentpool_check_capacity(bigint, date);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("talentpool", "0006_job_submitted_by"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="capacitybooking", name="booking_once_per_reference"),
        migrations.RenameField(model_name="capacitybooking", old_name="reference", new_name="source"),
        migrations.AlterField(
            model_name="capacitybooking",
            name="source",
            field=models.CharField(
                help_text="予約した派遣など。例：dispatch:123", max_length=100, verbose_name="予約元"
            ),
        ),
        migrations.AddField(
            model_name="capacitybooking",
            name="note",
            field=models.CharField(blank=True, max_length=200, verbose_name="備考"),
        ),
        migrations.AddConstraint(
            model_name="capacitybooking",
            constraint=models.UniqueConstraint(
                fields=("talent", "month", "source"), name="booking_once_per_source"
            ),
        ),
        migrations.RunSQL(CHECK_FUNCTION, DROP),
    ]
