"""Workflows of the talent pool: profiles, their publication, skill levels and monthly capacity."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from portal.audit import record, register_verb
from portal.models import Organisation, User
from portal.workflow import require_another_person
from talentpool import permissions
from talentpool.jobs import JobPosting, JobPostingRole
from talentpool.models import (
    CapacityBooking,
    CapacityError,
    CapacityMonth,
    ProficiencyLevel,
    SkillLevelChange,
    SkillRole,
    Talent,
    TalentPoolError,
    TalentSkill,
    Training,
    Vendor,
    first_of_month,
)

register_verb("talent.created", pgettext_lazy("audit", "人材を登録"))
register_verb("talent.updated", pgettext_lazy("audit", "人材の情報を更新"))
register_verb("talent.status_changed", pgettext_lazy("audit", "人材の公開状態を変更"))
register_verb("talent.skill_changed", pgettext_lazy("audit", "スキルの習熟度を変更"))
register_verb("talent.capacity_changed", pgettext_lazy("audit", "稼働可能日数を変更"))
register_verb("talent.capacity_booked", pgettext_lazy("audit", "稼働を予約"))
register_verb("talent.training_added", pgettext_lazy("audit", "研修の修了を記録"))
register_verb("job.saved", pgettext_lazy("audit", "求人票を保存"))
register_verb("job.status_changed", pgettext_lazy("audit", "求人票の状態を変更"))
register_verb("talent.photo_changed", pgettext_lazy("audit", "写真を変更"))
register_verb("vendor.saved", pgettext_lazy("audit", "ベンダー・シビックテックの情報を保存"))


@transaction.atomic
def create_talent(*, prefecture: Organisation, by: User, **fields) -> Talent:
    """Add a draft profile to a prefecture's pool."""
    if not permissions.can_manage_pool(by, prefecture):
        raise TalentPoolError(_("この人材プールに人材を登録する権限がありません。"))
    themes = fields.pop("themes", [])
    travel_areas = fields.pop("travel_areas", [])
    talent = Talent.objects.create(prefecture=prefecture, **fields)
    talent.themes.set(themes)
    talent.travel_areas.set(travel_areas)
    talent.refresh_search_text()
    record(talent, "talent.created", actor=by, scope=prefecture)
    return talent


@transaction.atomic
def update_talent(*, talent: Talent, by: User, changes: dict) -> Talent:
    """Save edited profile fields (not status or pool) and audit which fields changed."""
    if not permissions.can_edit_talent(by, talent):
        raise TalentPoolError(_("この人材の情報を変更する権限がありません。"))
    talent = Talent.objects.select_for_update().get(pk=talent.pk)
    relations = {key: changes.pop(key) for key in ("themes", "travel_areas") if key in changes}
    changed = [field for field, value in changes.items() if getattr(talent, field) != value]
    for field in changed:
        setattr(talent, field, changes[field])
    talent.save()
    for key, values in relations.items():
        if set(getattr(talent, key).all()) != set(values):
            getattr(talent, key).set(values)
            changed.append(key)
    talent.refresh_search_text()
    if changed:
        record(talent, "talent.updated", actor=by, scope=talent.prefecture, data={"fields": changed})
    return talent


@transaction.atomic
def set_talent_photo(*, talent: Talent, data: bytes | None, by: User) -> Talent:
    """Replace (or with None, remove) a talent's photo; the old file goes only after commit."""
    from talentpool.photos import delete_photo, store_photo

    if not permissions.can_edit_talent(by, talent):
        raise TalentPoolError(_("この人材の情報を変更する権限がありません。"))
    talent = Talent.objects.select_for_update().get(pk=talent.pk)
    old = talent.photo
    talent.photo = store_photo(data) if data is not None else ""
    talent.save(update_fields=["photo", "updated_at"])
    if old:
        transaction.on_commit(lambda: delete_photo(old))
    record(talent, "talent.photo_changed", actor=by, scope=talent.prefecture, data={"removed": data is None})
    return talent


@transaction.atomic
def change_talent_status(*, talent: Talent, status: str, by: User, note: str = "") -> Talent:
    """Publish, withdraw to draft, or retire a profile (coordinators of the pool only)."""
    talent = Talent.objects.select_for_update().get(pk=talent.pk)
    if not permissions.can_manage_pool(by, talent.prefecture_id):
        raise TalentPoolError(_("この人材の公開状態を変更する権限がありません。"))
    previous = talent.status
    talent.move_to(status)
    talent.save(update_fields=["status", "updated_at"])
    record(
        talent,
        "talent.status_changed",
        actor=by,
        scope=talent.prefecture,
        note=note,
        data={"from": previous, "to": status},
    )
    return talent


@transaction.atomic
def set_skill_level(*, talent: Talent, role: SkillRole, level: ProficiencyLevel | None, by: User) -> None:
    """Set (or with None, remove) a talent's level in a role; the change is kept in the history."""
    if not permissions.can_edit_talent(by, talent):
        raise TalentPoolError(_("この人材のスキルを変更する権限がありません。"))
    current = TalentSkill.objects.filter(talent=talent, role=role).select_related("level").first()
    if (current.level if current else None) == level:
        return
    if level is None:
        current.delete()
    else:
        TalentSkill.objects.update_or_create(talent=talent, role=role, defaults={"level": level})
    SkillLevelChange.objects.create(talent=talent, role=role, level=level, changed_by=by)
    # Reload: the caller's object may predate other edits saved in this transaction.
    Talent.objects.get(pk=talent.pk).refresh_search_text()
    record(
        talent,
        "talent.skill_changed",
        actor=by,
        scope=talent.prefecture,
        data={"role": role.code, "level": level.level if level else None},
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
    *, talent: Talent, month: datetime.date, days: Decimal, source: str, by: User, note: str = ""
) -> CapacityBooking:
    """Take days of a talent's month for `source` (e.g. "dispatch:123"); never past its free days."""
    if not permissions.can_manage_pool(by, talent.prefecture_id):
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
    booking = CapacityBooking.objects.create(talent=talent, month=month, days=days, source=source, note=note)
    record(
        talent,
        "talent.capacity_booked",
        actor=by,
        scope=talent.prefecture,
        data={"month": f"{month:%Y-%m}", "days": str(days), "source": source},
        note=note,
    )
    return booking


@transaction.atomic
def add_training(*, talent: Talent, name: str, completed_on: datetime.date, by: User) -> Training:
    """Record a completed training (CYDER and others) in the talent's career record."""
    if not permissions.can_edit_talent(by, talent):
        raise TalentPoolError(_("この人材の研修を記録する権限がありません。"))
    training = Training.objects.create(talent=talent, name=name, completed_on=completed_on)
    record(
        talent,
        "talent.training_added",
        actor=by,
        scope=talent.prefecture,
        data={"training": name, "completed_on": str(completed_on)},
    )
    return training


@transaction.atomic
def save_vendor(*, vendor: Vendor, by: User, roles=(), themes=()) -> Vendor:
    """Create or update a registry entry of a prefecture the user manages."""
    if not permissions.can_manage_pool(by, vendor.prefecture_id):
        raise TalentPoolError(_("この都道府県の登録を変更する権限がありません。"))
    vendor.save()
    vendor.roles.set(roles)
    vendor.themes.set(themes)
    vendor.refresh_search_text()
    record(vendor, "vendor.saved", actor=by, scope=vendor.prefecture)
    return vendor


@transaction.atomic
def save_job_posting(
    *, posting: JobPosting, roles: list[tuple[SkillRole, ProficiencyLevel]], by: User
) -> JobPosting:
    """Create or edit a draft posting and the roles it seeks."""
    if not permissions.can_draft_job(by, posting.organisation):
        raise TalentPoolError(_("この団体の求人票を作成する権限がありません。"))
    if posting.pk and posting.status != JobPosting.Status.DRAFT:
        raise TalentPoolError(_("下書きの求人票だけ編集できます。"))
    if not posting.pk:
        posting.created_by = by
    posting.save()
    posting.roles_sought.all().delete()
    JobPostingRole.objects.bulk_create(JobPostingRole(posting=posting, role=r, level=lv) for r, lv in roles)
    record(posting, "job.saved", actor=by, scope=posting.organisation)
    return posting


@transaction.atomic
def change_job_status(*, posting: JobPosting, status: str, by: User, note: str = "") -> JobPosting:
    """Submit (drafter), publish or return (the body's approver), close or reopen (either)."""
    posting = JobPosting.objects.select_for_update().select_related("organisation").get(pk=posting.pk)
    approving = status == JobPosting.Status.PUBLISHED or (
        posting.status == JobPosting.Status.SUBMITTED and status == JobPosting.Status.DRAFT
    )
    approver = permissions.can_publish_job(by, posting.organisation)
    if approving and not approver:
        raise TalentPoolError(_("公開するには、その団体の承認者の承認が必要です。"))
    if approving:
        require_another_person(acted_by=posting.submitted_by, by=by, error=TalentPoolError)
    if not (approver or permissions.can_draft_job(by, posting.organisation)):
        raise TalentPoolError(_("この求人票の状態を変更する権限がありません。"))
    previous = posting.status
    posting.move_to(status)
    if status == JobPosting.Status.SUBMITTED:
        posting.submitted_by = by
    if status == JobPosting.Status.PUBLISHED:
        posting.published_at = timezone.now()
    posting.save(update_fields=["status", "published_at", "submitted_by", "updated_at"])
    record(
        posting,
        "job.status_changed",
        actor=by,
        scope=posting.organisation,
        note=note,
        data={"from": previous, "to": status},
    )
    return posting


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
