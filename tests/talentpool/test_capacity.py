"""The capacity ledger: bookings never take a month past its available days, in code or in the database."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, connections, transaction

from portal.models import AuditEvent
from talentpool import services
from talentpool.cards import free_days_of
from talentpool.models import CapacityBooking, CapacityError, CapacityMonth, Talent, TalentPoolError
from talentpool.services import capacity as capacity_services
from tests.portal.factories import sign_in
from tests.talentpool.factories import TalentFactory

JUNE = datetime.date(2026, 6, 1)
JULY = datetime.date(2026, 7, 1)


@pytest.fixture
def profile(reference_data, coordinator):
    """A published profile of 広島県 with 10 available days in June, 4 of them booked."""
    talent = TalentFactory()
    services.set_monthly_capacity(talent=talent, month=JUNE, days=Decimal(10), by=coordinator)
    services.book_capacity(talent=talent, month=JUNE, days=Decimal(4), source="dispatch:1", by=coordinator)
    return talent


def free_in_june(talent: Talent) -> Decimal:
    return CapacityMonth.objects.with_booked_days().get(talent=talent, month=JUNE).free_days


def test_booking_takes_free_days_and_is_audited(profile, coordinator):
    booking = services.book_capacity(
        talent=profile,
        month=datetime.date(2026, 6, 15),
        days=Decimal("5.5"),
        source="dispatch:2",
        by=coordinator,
    )
    assert (booking.month, booking.source) == (JUNE, "dispatch:2")
    assert free_in_june(profile) == Decimal("0.5")
    assert AuditEvent.objects.filter(verb="talent.capacity_booked").count() == 2


def test_booking_never_goes_past_the_free_days(profile, coordinator):
    with pytest.raises(CapacityError, match="6"):
        services.book_capacity(
            talent=profile, month=JUNE, days=Decimal(7), source="dispatch:2", by=coordinator
        )
    with pytest.raises(CapacityError):
        services.book_capacity(
            talent=profile,
            month=datetime.date(2026, 7, 1),
            days=Decimal(1),
            source="dispatch:2",
            by=coordinator,
        )
    assert CapacityBooking.objects.filter(talent=profile).count() == 1


def test_only_the_pools_coordinators_book(profile, other_coordinator, staff):
    for person in (other_coordinator, staff):
        with pytest.raises(TalentPoolError):
            services.book_capacity(talent=profile, month=JUNE, days=Decimal(1), source="x", by=person)


def test_available_days_cannot_drop_below_booked_ones(profile, coordinator):
    with pytest.raises(CapacityError, match="4"):
        services.set_monthly_capacity(talent=profile, month=JUNE, days=Decimal(3), by=coordinator)
    services.set_monthly_capacity(talent=profile, month=JUNE, days=Decimal(4), by=coordinator)
    assert free_in_june(profile) == 0


def test_the_capacity_form_says_why_it_refuses_fewer_days_than_booked(client, profile, coordinator):
    sign_in(client, coordinator)
    response = client.post(f"/talent/{profile.pk}/capacity/", {"month": "2026-06", "days": "3"})
    assert response.status_code == 200
    assert response.context["form"].errors["days"] == [
        "2026-06はすでに4日の派遣が予定されているため、それより少なくできません。"
    ]
    assert CapacityMonth.objects.get(talent=profile, month=JUNE).contracted_days == 10


def test_every_page_computes_free_days_the_same_way(profile):
    fiscal = {m["month"]: m["free"] for m in services.fiscal_year_capacity(profile, 2026)}
    annotated = Talent.objects.with_free_days(JUNE, JUNE).get(pk=profile.pk).free_days
    card = dict(free_days_of([profile], [JUNE])[profile.pk])
    assert fiscal[JUNE] == annotated == card[JUNE] == 6


def ledger_sum(talent: Talent, month: datetime.date) -> Decimal:
    return sum(
        CapacityBooking.objects.filter(talent=talent, month=month).values_list("days", flat=True), Decimal(0)
    )


def booked_column(talent: Talent, month: datetime.date) -> Decimal:
    return CapacityMonth.objects.get(talent=talent, month=month).booked


def test_the_month_rows_booked_days_follow_the_ledger_whoever_writes_it(profile, coordinator):
    """The month row's `booked` is written by the database alone: a booking inserted, changed, moved
    or deleted directly, or a stale month row saved from Python, leaves it equal to the ledger."""
    services.set_monthly_capacity(talent=profile, month=JULY, days=Decimal(5), by=coordinator)
    assert booked_column(profile, JUNE) == ledger_sum(profile, JUNE) == 4
    stale = CapacityMonth.objects.get(talent=profile, month=JUNE)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO talentpool_capacitybooking (talent_id, month, days, source, note, created_at)"
            " VALUES (%s, '2026-06-01', 2, 'raw', '', now())",
            [profile.pk],
        )
        assert booked_column(profile, JUNE) == 6
        cursor.execute("UPDATE talentpool_capacitybooking SET days = 3 WHERE source = 'raw'")
        assert booked_column(profile, JUNE) == 7
        cursor.execute("UPDATE talentpool_capacitybooking SET month = '2026-07-01' WHERE source = 'raw'")
        assert (booked_column(profile, JUNE), booked_column(profile, JULY)) == (4, 3)
        cursor.execute("DELETE FROM talentpool_capacitybooking WHERE source = 'raw'")
        assert (booked_column(profile, JUNE), booked_column(profile, JULY)) == (4, 0)
    stale.booked = Decimal(0)
    stale.save()  # every field, the stale sum with them
    assert booked_column(profile, JUNE) == ledger_sum(profile, JUNE) == 4
    assert free_in_june(profile) == 6


def _write_around_the_guards(sql: str, params) -> None:
    """Write as a replica would: triggers do not fire (only a superuser can; the test database's is)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        cursor.execute("SET LOCAL session_replication_role = origin")


def test_an_overbooked_month_shows_as_an_error_not_as_zero(client, profile, coordinator):
    _write_around_the_guards(
        "UPDATE talentpool_capacitymonth SET contracted_days = 3 WHERE talent_id = %s", [profile.pk]
    )
    june = next(m for m in services.fiscal_year_capacity(profile, 2026) if m["month"] == JUNE)
    assert (june["free"], june["overbooked"]) == (-1, True)
    assert Talent.objects.with_free_days(JUNE, JUNE).get(pk=profile.pk).free_days == -1
    sign_in(client, coordinator)
    page = client.get(f"/talent/{profile.pk}/capacity/").content.decode()
    assert "予定済みの日数が稼働できる日数を超えています" in page


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO talentpool_capacitybooking (talent_id, month, days, source, note, created_at)"
        " VALUES (%(talent)s, '2026-06-01', 7, 'raw', '', now())",
        "INSERT INTO talentpool_capacitybooking (talent_id, month, days, source, note, created_at)"
        " VALUES (%(talent)s, '2026-07-01', 1, 'raw', '', now())",
        "UPDATE talentpool_capacitybooking SET days = 11 WHERE talent_id = %(talent)s",
        "UPDATE talentpool_capacitymonth SET contracted_days = 3 WHERE talent_id = %(talent)s",
        "UPDATE talentpool_capacitymonth SET month = '2026-07-01' WHERE talent_id = %(talent)s",
    ],
    ids=["insert-past-free", "insert-without-month", "update-booking", "update-month", "move-month"],
)
def test_the_database_refuses_an_overbooking_written_directly(profile, sql):
    with (
        pytest.raises(IntegrityError, match="capacity overbooked"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, {"talent": profile.pk})


def test_the_database_refuses_deleting_a_booked_month_at_commit(profile):
    with pytest.raises(IntegrityError, match="capacity overbooked"), transaction.atomic():
        CapacityMonth.objects.filter(talent=profile).delete()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS capacity_month_deleted_not_overbooked IMMEDIATE")


def test_deleting_a_talent_takes_its_ledger_with_it(profile):
    with transaction.atomic():
        profile.delete()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS capacity_month_deleted_not_overbooked IMMEDIATE")
    assert not CapacityBooking.objects.exists()


@pytest.fixture
def slow_reads(monkeypatch):
    """Widen the window between reading a month's booked days and writing, so that without the
    month row's lock two racing transactions would both read the same booked days before either writes."""
    recount = capacity_services._recount

    def slow_recount(capacity):
        counted = recount(capacity)
        threading.Event().wait(0.3)
        return counted

    monkeypatch.setattr(capacity_services, "_recount", slow_recount)


def race(*calls) -> list:
    """Run each call in its own thread (so its own database connection), all released at once;
    what each returned or raised, in order."""
    start = threading.Barrier(len(calls), timeout=10)
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            outcomes[index] = call()
        except Exception as error:  # the test inspects whatever each side got
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a racer never finished (deadlock?)"
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_bookings_racing_for_the_last_days_cannot_both_win(profile, coordinator, slow_reads):
    """Two connections book the last 6 free days at once: one wins, the other is told there is no room."""

    def book(source):
        return lambda: services.book_capacity(
            talent=profile, month=JUNE, days=Decimal(6), source=source, by=coordinator
        )

    outcomes = race(book("dispatch:2"), book("dispatch:3"))
    winners = [o for o in outcomes if isinstance(o, CapacityBooking)]
    losers = [o for o in outcomes if not isinstance(o, CapacityBooking)]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1 and isinstance(losers[0], CapacityError), outcomes
    assert free_in_june(profile) == 0
    assert booked_column(profile, JUNE) == ledger_sum(profile, JUNE) == 10


@pytest.mark.django_db(transaction=True)
def test_lowering_the_available_days_while_booking_cannot_both_win(profile, coordinator, slow_reads):
    """One connection books 6 of the 6 free days while another lowers 10 available days to 4."""
    outcomes = race(
        lambda: services.book_capacity(
            talent=profile, month=JUNE, days=Decimal(6), source="dispatch:2", by=coordinator
        ),
        lambda: services.set_monthly_capacity(talent=profile, month=JUNE, days=Decimal(4), by=coordinator),
    )
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], CapacityError), outcomes
    assert free_in_june(profile) == 0
