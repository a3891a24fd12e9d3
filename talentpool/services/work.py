"""The work of an assignment: activities, monthly and completion reports, the municipality's
confirmation and rating, and the dates that start and end assignments (called from beat)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import record
from portal.dates import today
from portal.models import Role, User
from portal.notifications import notify
from portal.workflow import require
from talentpool import permissions
from talentpool.models import (
    Activity,
    DispatchRequest,
    MonthlyReport,
    TalentPoolError,
)
from talentpool.services.dispatch import S, _context, _move, _people, _tell_next

WORKING = (S.ACTIVE, S.REPORTING)


def _require_working_talent(request: DispatchRequest, by: User) -> None:
    require(
        permissions.is_assigned_talent(by, request),
        _("派遣された人材ご本人だけが記録できます。"),
        TalentPoolError,
    )
    require(request.status in WORKING, _("派遣中か報告待ちの派遣にだけ記録できます。"), TalentPoolError)


@transaction.atomic
def log_activity(
    *, request: DispatchRequest, date: datetime.date, hours: Decimal, mode: str, description: str, by: User
) -> Activity:
    """The talent logs a piece of work on a running assignment, on a day of its period, not ahead."""
    request = DispatchRequest.objects.select_related("talent", "municipality", "assignment").get(
        pk=request.pk
    )
    _require_working_talent(request, by)
    require(
        request.start_date <= date <= min(request.end_date, today()),
        _("派遣の期間内の、今日までの日付を入力してください。"),
        TalentPoolError,
    )
    activity = Activity.objects.create(
        assignment=request.assignment, date=date, hours=hours, mode=mode, description=description.strip()
    )
    record(
        request, "dispatch.activity_logged", actor=by, scope=request.municipality, data={"date": str(date)}
    )
    return activity


@transaction.atomic
def file_monthly_report(
    *, request: DispatchRequest, month: datetime.date, summary: str, by: User
) -> MonthlyReport:
    """The talent reports on one month of the period (once); the municipality is asked to confirm it."""
    request = DispatchRequest.objects.select_related("talent", "municipality", "assignment").get(
        pk=request.pk
    )
    _require_working_talent(request, by)
    month = month.replace(day=1)
    require(month in request.months(), _("派遣の期間内の月を選んでください。"), TalentPoolError)
    require(
        not request.assignment.monthly_reports.filter(month=month).exists(),
        _("この月の月次報告はすでに提出されています。"),
        TalentPoolError,
    )
    report = MonthlyReport.objects.create(assignment=request.assignment, month=month, summary=summary.strip())
    record(
        request,
        "dispatch.monthly_reported",
        actor=by,
        scope=request.municipality,
        data={"month": f"{month:%Y-%m}"},
    )
    notify(
        "dispatch.your_turn", target=request, recipients=[request.created_by], context=_context(request, by)
    )
    return report


@transaction.atomic
def confirm_monthly_report(*, report: MonthlyReport, by: User) -> MonthlyReport:
    """The municipality confirms a monthly report (once)."""
    report = (
        MonthlyReport.objects.select_for_update(of=("self",))
        .select_related("assignment__request__municipality")
        .get(pk=report.pk)
    )
    request = report.assignment.request
    require(
        permissions.can_edit_dispatch(by, request), _("この報告を確認する権限がありません。"), TalentPoolError
    )
    require(report.confirmed_at is None, _("この月次報告は確認済みです。"), TalentPoolError)
    report.confirmed_by, report.confirmed_at = by, timezone.now()
    report.save(update_fields=["confirmed_by", "confirmed_at"])
    record(
        request,
        "dispatch.monthly_confirmed",
        actor=by,
        scope=request.municipality,
        data={"month": f"{report.month:%Y-%m}"},
    )
    return report


@transaction.atomic
def rate_dispatch(*, request: DispatchRequest, rating: int, comment: str, by: User) -> DispatchRequest:
    """The municipality rates a completed dispatch once (1–5 points and a comment)."""
    request = (
        DispatchRequest.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=request.pk)
    )
    require(
        permissions.can_edit_dispatch(by, request), _("この派遣を評価する権限がありません。"), TalentPoolError
    )
    require(request.status == S.COMPLETED, _("完了した派遣だけ評価できます。"), TalentPoolError)
    require(request.rating is None, _("この派遣はすでに評価されています。"), TalentPoolError)
    require(1 <= rating <= 5, _("評価は1〜5で選んでください。"), TalentPoolError)
    request.rating, request.rating_comment = rating, comment.strip()[:2000]
    request.save(update_fields=["rating", "rating_comment", "updated_at"])
    record(request, "dispatch.rated", actor=by, scope=request.municipality, data={"rating": rating})
    return request


# -- work and dates ----------------------------------------------------------------------------------


@transaction.atomic
def file_completion_report(*, request: DispatchRequest, report: str, by: User) -> DispatchRequest:
    """The talent files the completion report (実施報告書); the municipality is asked to confirm it."""
    request = (
        DispatchRequest.objects.select_for_update(of=("self",))
        .select_related("municipality", "talent")
        .get(pk=request.pk)
    )
    require(
        permissions.is_assigned_talent(by, request),
        _("派遣された人材ご本人だけが報告できます。"),
        TalentPoolError,
    )
    require(
        request.status == S.REPORTING, _("終了した派遣についてだけ実施報告を提出できます。"), TalentPoolError
    )
    require(report.strip(), _("報告の内容を入力してください。"), TalentPoolError)
    request.report, request.report_filed_at = report.strip(), timezone.now()
    request.save(update_fields=["report", "report_filed_at", "updated_at"])
    record(request, "dispatch.reported", actor=by, scope=request.municipality)
    notify(
        "dispatch.your_turn", target=request, recipients=[request.created_by], context=_context(request, by)
    )
    return request


def move_assignments_on_their_dates(*, day: datetime.date | None = None) -> dict[str, int]:
    """Start approved dispatches on their start date and end active ones after their end date.

    Idempotent: a request already moved is not picked again, and each runs in its own transaction
    so one refusal does not hold up the rest."""
    day = day or today()
    moved = {"started": 0, "ended": 0}
    for key, source, to, when in (
        ("started", S.APPROVED, S.ACTIVE, models.Q(start_date__lte=day)),
        ("ended", S.ACTIVE, S.REPORTING, models.Q(end_date__lt=day)),
    ):
        for pk in DispatchRequest.objects.filter(when, status=source).values_list("pk", flat=True):
            with transaction.atomic():
                request = DispatchRequest.objects.select_related("municipality", "talent").get(pk=pk)
                if request.status != source:
                    continue
                request = _move(request, to=to, by=None, check=False)
                _tell_next(request, by=None)
                moved[key] += 1
    return moved


def remind_overdue_reports(*, day: datetime.date | None = None) -> int:
    """Remind the talent once when the completion report passes the programme's deadline."""
    day = day or today()
    count = 0
    waiting = DispatchRequest.objects.filter(
        status=S.REPORTING, report_filed_at__isnull=True, reminded_at__isnull=True
    ).select_related("assignment__programme", "talent", "municipality")
    for request in waiting:
        deadline = request.end_date + datetime.timedelta(
            days=request.assignment.programme.report_deadline_days
        )
        if day <= deadline:
            continue
        with transaction.atomic():
            if not DispatchRequest.objects.filter(pk=request.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            ):
                continue
            recipients = [request.talent.user] if request.talent.user_id else []
            recipients += _people(Role.PREFECTURE_COORDINATOR, request.municipality.prefecture_id)
            notify(
                "dispatch.report_overdue",
                target=request,
                recipients=recipients,
                context=_context(request, None),
            )
            count += 1
    return count
