"""Monthly capacity: the days a talent can give, and booking them through the ledger."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from portal.audit import record
from portal.models import User
from talentpool import permissions
from talentpool.models import (
    CapacityBooking,
    CapacityError,
    CapacityMonth,
    Talent,
    TalentPoolError,
    first_of_month,
)


def _recount(capacity: CapacityMonth) -> CapacityMonth:
    """The month row with its booked and free days (with_booked_days), read after it is locked.

    A separate statement on purpose: under READ COMMITTED it takes a fresh snapshot, so it sees the
    bookings of a transaction that held the lock before us (the locking SELECT would not).
    """
    return CapacityMonth.objects.with_booked_days().get(pk=capacity.pk)


@transaction.atomic
def set_monthly_capacity(
    *, talent: Talent, month: datetime.date, days: Decimal, by: User, note: str = ""
) -> CapacityMonth:
    """Set the days a talent can give in a month (leave, other duties); never below what is booked."""
    if not permissions.can_edit_talent(by, talent):
        raise TalentPoolError(_("この人材の稼働可能日数を変更する権限がありません。"))
    month = first_of_month(month)
    capacity, created = CapacityMonth.objects.select_for_update().get_or_create(
        talent=talent, month=month, defaults={"contracted_days": days, "note": note}
    )
    previous = None if created else capacity.contracted_days
    if not created:
        booked = _recount(capacity).booked_days
        if days < booked:
            raise CapacityError(
                _("%(month)sはすでに%(booked)s日の派遣が予定されているため、それより少なくできません。")
                % {"month": f"{month:%Y-%m}", "booked": floatformat(booked, -1)}
            )
        capacity.contracted_days, capacity.note = days, note
        capacity.save(update_fields=["contracted_days", "note"])
    record(
        talent,
        "talent.capacity_changed",
        actor=by,
        scope=talent.prefecture,
        data={
            "month": f"{month:%Y-%m}",
            "days": str(days),
            "from": str(previous) if previous is not None else None,
        },
        note=note,
    )
    return capacity


@transaction.atomic
def book_capacity(
    *,
    talent: Talent,
    month: datetime.date,
    days: Decimal,
    source: str,
    by: User,
    note: str = "",
    assignment=None,
) -> CapacityBooking:
    """Take days of a talent's month for `source` (e.g. "dispatch:123"); never past its free days.
    Another prefecture books a talent's days only for an assignment the home prefecture consented to."""
    if not permissions.can_book_capacity(by, talent, request=assignment.request if assignment else None):
        raise TalentPoolError(_("この人材の稼働を予約する権限がありません。"))
    month = first_of_month(month)
    # The lock makes a second booking of this month wait until the first one commits or rolls back.
    capacity = CapacityMonth.objects.select_for_update().filter(talent=talent, month=month).first()
    free = _recount(capacity).free_days if capacity else Decimal(0)
    if days > free:
        raise CapacityError(
            _("%(month)sの空きは%(free)s日のため、%(days)s日は予約できません。")
            % {"month": f"{month:%Y-%m}", "free": floatformat(free, -1), "days": floatformat(days, -1)}
        )
    booking = CapacityBooking.objects.create(
        talent=talent, month=month, days=days, source=source, note=note, assignment=assignment
    )
    record(
        talent,
        "talent.capacity_booked",
        actor=by,
        scope=talent.prefecture,
        data={"month": f"{month:%Y-%m}", "days": str(days), "source": source},
        note=note,
    )
    return booking


def fiscal_year_capacity(talent: Talent, year: int) -> list[dict]:
    """The 12 months of a fiscal year (April–March) with available, booked and free days.

    Free days are CapacityMonth's one computation; `overbooked` marks a negative balance (only
    possible for data written around the ledger's guards), which the capacity table shows as an error.
    """
    months = [datetime.date(year + (m < 4), m, 1) for m in (*range(4, 13), 1, 2, 3)]
    rows = {c.month: c for c in talent.capacity.with_booked_days().filter(month__in=months)}
    table = []
    for month in months:
        row = rows.get(month)
        contracted, booked, free = (
            (row.contracted_days, row.booked_days, row.free_days) if row else (Decimal(0),) * 3
        )
        table.append(
            {"month": month, "contracted": contracted, "booked": booked, "free": free, "overbooked": free < 0}
        )
    return table


LOAD_LEVELS = (0.5, 0.8, 1.0)


def monthly_load(talents: list[Talent], months: list[datetime.date]) -> list[dict]:
    """Per talent, each month's available and booked days, the share booked and a heat level
    (0 free … 3 full, 4 over): one query for any number of talents."""
    rows = {
        (c.talent_id, c.month): c
        for c in CapacityMonth.objects.with_booked_days().filter(talent__in=talents, month__in=months)
    }
    table = []
    for talent in talents:
        cells = []
        for month in months:
            row = rows.get((talent.pk, month))
            contracted, booked = (row.contracted_days, row.booked_days) if row else (Decimal(0), Decimal(0))
            share = float(booked / contracted) if contracted else (1.0 if booked else None)
            level = 0 if share is None else sum(share >= bound for bound in LOAD_LEVELS) + (share > 1)
            cells.append(
                {
                    "month": month,
                    "contracted": contracted,
                    "booked": booked,
                    "percent": None if share is None else round(share * 100),
                    "level": level,
                }
            )
        table.append({"talent": talent, "cells": cells})
    return table
