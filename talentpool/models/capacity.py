"""Monthly capacity: the days a talent can give, and the ledger of days booked."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.dates import fiscal_year


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


DAYS = models.DecimalField(max_digits=6, decimal_places=1)
NO_DAYS = models.Value(Decimal(0), output_field=DAYS)


class CapacityMonthQuerySet(models.QuerySet):
    def with_booked_days(self):
        """Annotate booked_days (the ledger's sum for the row's talent and month) and free_days.

        The one place free days are computed: available minus booked, negative when a month is
        overbooked (shown as an error, never clamped), so every page and filter agrees. The sum is
        the row's `booked` column, which the database keeps equal to the ledger (see CapacityMonth).
        """
        return self.annotate(
            booked_days=models.ExpressionWrapper(models.F("booked"), DAYS),
            free_days=models.ExpressionWrapper(models.F("contracted_days") - models.F("booked"), DAYS),
        )


class CapacityMonth(models.Model):
    """Days a talent can give in one month; booked days are summed from the CapacityBooking ledger.

    Booked never exceeds these days: services lock this row before they book or edit it, and the
    database checks it again (the constraint trigger of migration 0007). `booked` is the ledger's sum
    for the month, written by the database alone (migration 0017): a booking inserted, changed or
    deleted touches its month row, and every write of the row recomputes the sum, so a stale value
    in Python can never be saved. Lists sum free days from this column instead of asking the ledger
    once per month row.
    """

    talent = models.ForeignKey("talentpool.Talent", on_delete=models.CASCADE, related_name="capacity")
    month = models.DateField(_("月"), help_text=_("月の初日"))
    contracted_days = models.DecimalField(
        _("稼働できる日数"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(31)],
    )
    note = models.CharField(_("備考"), max_length=200, blank=True, help_text=_("例：年次休暇、他業務"))
    booked = models.DecimalField(
        _("予約済みの日数"), max_digits=6, decimal_places=1, default=Decimal(0), editable=False
    )

    objects = CapacityMonthQuerySet.as_manager()

    class Meta:
        verbose_name = _("月別の稼働可能日数")
        verbose_name_plural = _("月別の稼働可能日数")
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["talent", "month"], name="capacity_once_per_month"),
            models.CheckConstraint(name="capacity_first_of_month", condition=Q(month__day=1)),
            models.CheckConstraint(
                name="capacity_days_in_range", condition=Q(contracted_days__gte=0, contracted_days__lte=31)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.talent} {self.month:%Y-%m}: {self.contracted_days}"

    @property
    def fiscal_year(self) -> int:
        return fiscal_year(self.month)


class CapacityBooking(models.Model):
    """Days of a talent's month taken by something: the ledger the dispatch workflow books into.

    `source` names what booked the days ("dispatch:123"); a dispatch's bookings also point at its
    `assignment`. Rows are only ever inserted by `services.book_capacity` (which takes the month
    row's lock); the database refuses any row that takes the month past its available days.
    """

    talent = models.ForeignKey("talentpool.Talent", on_delete=models.CASCADE, related_name="bookings")
    month = models.DateField(_("月"))
    days = models.DecimalField(_("日数"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0)])
    source = models.CharField(_("予約元"), max_length=100, help_text=_("予約した派遣など。例：dispatch:123"))
    note = models.CharField(_("備考"), max_length=200, blank=True)
    assignment = models.ForeignKey(
        "talentpool.Assignment", on_delete=models.PROTECT, null=True, blank=True, related_name="bookings"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("稼働の予約")
        verbose_name_plural = _("稼働の予約")
        constraints = [
            models.CheckConstraint(name="booking_first_of_month", condition=Q(month__day=1)),
            models.CheckConstraint(name="booking_days_positive", condition=Q(days__gt=0)),
            models.UniqueConstraint(fields=["talent", "month", "source"], name="booking_once_per_source"),
        ]

    def __str__(self) -> str:
        return f"{self.talent_id} {self.month:%Y-%m}: {self.days} ({self.source})"
