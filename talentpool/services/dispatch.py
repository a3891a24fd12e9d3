"""Dispatch: programme settings, requests through screening, matching and approval (which books
capacity or waitlists), the work's report, and the dates that start and end assignments."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models, transaction
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import record
from portal.dates import fiscal_year_label, today
from portal.models import Role, User
from portal.notifications import notify
from portal.workflow import require, require_another_person, transition
from talentpool import permissions
from talentpool.cost_share import split_yen
from talentpool.models import (
    Activity,
    Assignment,
    CapacityBooking,
    CapacityError,
    CapacityMonth,
    DispatchAttachment,
    DispatchProgramme,
    DispatchRequest,
    DispatchRequestRole,
    MonthlyReport,
    ProficiencyLevel,
    Proposal,
    SkillRole,
    Talent,
    TalentPoolError,
    TalentSkill,
)
from talentpool.services.capacity import book_capacity

S = DispatchRequest.Status
MAX_PROPOSALS = 3


def _people(role: str, organisation_id: int, *, besides: User | None = None) -> list[User]:
    people = User.objects.filter(
        memberships__role=role, memberships__organisation_id=organisation_id, is_active=True
    )
    if besides is not None:
        people = people.exclude(pk=besides.pk)
    return list(people.distinct())


# -- programme settings ----------------------------------------------------------------------------


@transaction.atomic
def save_programme(*, programme: DispatchProgramme, by: User) -> DispatchProgramme:
    """Create or edit a prefecture's settings for a fiscal year while they are being edited."""
    require(
        permissions.can_edit_programme(by, programme),
        _("この都道府県の事業設定を編集する権限がありません。"),
        TalentPoolError,
    )
    require(
        programme.status == DispatchProgramme.Status.DRAFT,
        _("編集中の事業設定だけ変更できます。"),
        TalentPoolError,
    )
    programme.full_clean()
    programme.save()
    record(programme, "programme.saved", actor=by, scope=programme.prefecture)
    return programme


@transaction.atomic
def change_programme_status(
    *, programme: DispatchProgramme, status: str, by: User, note: str = ""
) -> DispatchProgramme:
    """Ask for confirmation (coordinator), confirm or return (another person, the approver), revise."""
    changes = {"submitted_by": by} if status == DispatchProgramme.Status.SUBMITTED else {}
    if programme.status == DispatchProgramme.Status.SUBMITTED:
        require_another_person(acted_by=programme.submitted_by, by=by, error=TalentPoolError)
    programme = transition(
        programme,
        to=status,
        by=by,
        verb="programme.status_changed",
        scope=programme.prefecture,
        note=note,
        changes=changes,
    )
    context = {
        "prefecture": programme.prefecture.name,
        "year": fiscal_year_label(programme.fiscal_year),
        "note": note,
    }
    if status == DispatchProgramme.Status.SUBMITTED:
        recipients = _people(Role.PREFECTURE_APPROVER, programme.prefecture_id, besides=by)
        notify("programme.submitted", target=programme, recipients=recipients, context=context)
    return programme


def programme_for(request: DispatchRequest) -> DispatchProgramme | None:
    """The confirmed settings the request falls under (its prefecture, the FY of its start)."""
    return (
        DispatchProgramme.objects.confirmed()
        .filter(prefecture_id=request.municipality.prefecture_id, fiscal_year=request.fiscal_year)
        .first()
    )


# -- requests ------------------------------------------------------------------------------------------


@transaction.atomic
def save_dispatch_request(
    *, request: DispatchRequest, roles: list[tuple[SkillRole, ProficiencyLevel]], by: User
) -> DispatchRequest:
    """Create or edit a request (a draft, or one returned for revision) and the roles it needs."""
    require(
        permissions.can_draft_dispatch(by, request.municipality),
        _("この団体の派遣依頼を作成する権限がありません。"),
        TalentPoolError,
    )
    if request.pk:
        current = DispatchRequest.objects.select_for_update().get(pk=request.pk)
        require(
            current.status in (S.DRAFT, S.RETURNED),
            _("下書きか差し戻された派遣依頼だけ編集できます。"),
            TalentPoolError,
        )
    else:
        request.created_by = by
    request.save()
    request.roles_needed.all().delete()
    DispatchRequestRole.objects.bulk_create(
        DispatchRequestRole(request=request, role=role, level=level) for role, level in roles
    )
    record(request, "dispatch.saved", actor=by, scope=request.municipality)
    return request


MAX_ATTACHMENTS = 5


@transaction.atomic
def attach_file(*, request: DispatchRequest, file_name: str, data: bytes, by: User) -> DispatchAttachment:
    """Attach a PDF or Office file to a draft or returned request (checked by content, at most five)."""
    from talentpool.attachments import clean_name, store_attachment

    request = (
        DispatchRequest.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=request.pk)
    )
    require(
        permissions.can_edit_dispatch(by, request),
        _("この依頼にファイルを添付する権限がありません。"),
        TalentPoolError,
    )
    require(
        request.status in (S.DRAFT, S.RETURNED),
        _("下書きか差し戻された派遣依頼にだけ添付できます。"),
        TalentPoolError,
    )
    require(
        request.attachments.count() < MAX_ATTACHMENTS,
        _("添付できるファイルは5つまでです。"),
        TalentPoolError,
    )
    name = clean_name(file_name)
    stored, content_type = store_attachment(name, data)
    attachment = DispatchAttachment.objects.create(
        request=request,
        file_name=name,
        stored_name=stored,
        content_type=content_type,
        size=len(data),
        uploaded_by=by,
    )
    record(request, "dispatch.attached", actor=by, scope=request.municipality, data={"file": name})
    return attachment


def _context(request: DispatchRequest, by: User | None, note: str = "") -> dict:
    return {
        "title": request.title,
        "municipality": request.municipality.name,
        "status": request.status,
        "by": by.full_name if by else "",
        "note": note,
    }


def _move(request: DispatchRequest, *, to: str, by: User | None, note: str = "", changes=None, check=True):
    return transition(
        request,
        to=to,
        by=by,
        verb="dispatch.status_changed",
        scope=request.municipality,
        note=note,
        changes={"status_changed_at": timezone.now(), **(changes or {})},
        check_permission=check,
    )


def _check_window(request: DispatchRequest) -> DispatchProgramme:
    """The quota rules that apply when a request is sent: confirmed settings, the window, the days."""
    programme = programme_for(request)
    year = fiscal_year_label(request.fiscal_year)
    require(
        programme is not None,
        _("%(year)sの派遣事業の設定がまだ確定していないため、依頼を受け付けられません。") % {"year": year},
        TalentPoolError,
    )
    day = today()
    require(
        programme.window_opens <= day <= programme.window_closes,
        _("受付期間外です（%(year)sの受付期間は%(opens)s〜%(closes)s）。")
        % {"year": year, "opens": programme.window_opens, "closes": programme.window_closes},
        TalentPoolError,
    )
    _check_days_per_case(request, programme)
    return programme


def _check_days_per_case(request: DispatchRequest, programme: DispatchProgramme) -> None:
    require(
        request.total_days <= programme.max_days_per_case,
        _("1件あたりの上限日数を超えています（上限%(max)s日、この依頼は%(days)s日）。")
        % {"max": floatformat(programme.max_days_per_case, -1), "days": floatformat(request.total_days, -1)},
        TalentPoolError,
    )


@transaction.atomic
def change_dispatch_status(
    *, request: DispatchRequest, status: str, by: User, note: str = ""
) -> DispatchRequest:
    """Make a named move on a request and tell whoever must act next (approval books capacity)."""
    request = DispatchRequest.objects.select_related("municipality", "talent").get(pk=request.pk)
    if status == S.APPROVED:
        return approve_dispatch(request=request, by=by, note=note)
    if status == S.CANCELLED:
        return cancel_dispatch(request=request, by=by, note=note)
    changes = {}
    if status == S.SUBMITTED:
        _check_window(request)
        changes["submitted_by"] = by
    if request.status == S.SUBMITTED and status in (S.SCREENING, S.DRAFT):
        require_another_person(acted_by=request.submitted_by, by=by, error=TalentPoolError)
    if status == S.SCREENING:
        changes["sent_at"] = request.sent_at or timezone.now()
        if request.status == S.RETURNED:
            _check_days_per_case(request, programme_for(request) or _check_window(request))
    if status == S.MATCHING:
        _withdraw_open_proposals(request, by=by)
        changes["talent"] = None
    if status == S.PENDING_APPROVAL:
        changes["submitted_by"] = by
    request = _move(request, to=status, by=by, note=note, changes=changes)
    _tell_next(request, by=by, note=note)
    return request


def _tell_next(request: DispatchRequest, *, by: User | None, note: str = "") -> None:
    """Notify the people whose turn it now is (or who should hear the outcome)."""
    context = _context(request, by, note)
    prefecture = request.municipality.prefecture_id
    drafters = {request.created_by, *([request.submitted_by] if request.submitted_by else [])}
    turn: list[User] = []
    outcome: list[User] = []
    if request.status == S.SUBMITTED:
        turn = _people(Role.MUNICIPAL_APPROVER, request.municipality_id, besides=request.submitted_by)
    elif request.status in (S.SCREENING, S.WAITLISTED):
        turn = _people(Role.PREFECTURE_COORDINATOR, prefecture)
        outcome = list(drafters) if request.status == S.WAITLISTED else []
    elif request.status == S.MATCHING:
        turn = _people(Role.PREFECTURE_COORDINATOR, prefecture, besides=by)
    elif request.status in (S.RETURNED, S.DRAFT):
        turn = [request.created_by]
    elif request.status == S.PENDING_APPROVAL:
        turn = _people(Role.PREFECTURE_APPROVER, prefecture, besides=request.submitted_by)
    elif request.status == S.REPORTING:
        turn = [request.talent.user] if request.talent and request.talent.user else []
    elif request.status in (S.APPROVED, S.REJECTED, S.CANCELLED, S.COMPLETED):
        outcome = list(drafters) + _people(Role.PREFECTURE_COORDINATOR, prefecture)
        if request.talent and request.talent.user and request.status != S.REJECTED:
            outcome.append(request.talent.user)
    if turn:
        notify("dispatch.your_turn", target=request, recipients=turn, context=context)
    outcome = [u for u in outcome if u not in turn and u != by]
    if outcome:
        notify("dispatch.changed", target=request, recipients=outcome, context=context)


@transaction.atomic
def approve_dispatch(*, request: DispatchRequest, by: User, note: str = "") -> DispatchRequest:
    """Approve: check the quota rules, then book the talent's days month by month for the new
    assignment; if the capacity or the budget is exhausted the request is waitlisted instead."""
    request = DispatchRequest.objects.select_related("municipality", "talent").get(pk=request.pk)
    require(
        permissions.can_approve_dispatch(by, request),
        _("この派遣を承認する権限がありません。"),
        TalentPoolError,
    )
    require_another_person(acted_by=request.submitted_by, by=by, error=TalentPoolError)
    request.ensure_can_move(S.APPROVED)
    require(request.talent_id is not None, _("派遣する人材が決まっていません。"), TalentPoolError)
    year = fiscal_year_label(request.fiscal_year)
    # Locking the programme row puts every approval of a prefecture's year in line, so the budget
    # read below cannot be spent twice by two approvals at once.
    programme = (
        DispatchProgramme.objects.select_for_update()
        .filter(
            prefecture_id=request.municipality.prefecture_id,
            fiscal_year=request.fiscal_year,
            status=DispatchProgramme.Status.CONFIRMED,
        )
        .first()
    )
    require(
        programme is not None,
        _("%(year)sの派遣事業の設定が確定していないため、承認できません。") % {"year": year},
        TalentPoolError,
    )
    _check_days_per_case(request, programme)
    if not programme.allow_repeat:
        repeat = DispatchRequest.objects.filter(
            talent_id=request.talent_id,
            municipality_id=request.municipality_id,
            theme_id=request.theme_id,
            status__in=DispatchRequest.BOOKED,
            assignment__programme=programme,
        ).exclude(pk=request.pk)
        require(
            not repeat.exists(),
            _("同じ人材を同じ団体の同じテーマへ派遣できるのは年度内に1回までです（%(year)sの設定）。")
            % {"year": year},
            TalentPoolError,
        )
    days = request.total_days
    cost = int(days * programme.unit_cost_yen)
    spent = programme.assignments.filter(request__status__in=DispatchRequest.BOOKED).aggregate(
        days=models.Sum("days"), yen=models.Sum("cost_yen")
    )
    reason = ""
    if programme.budget_days is not None and (spent["days"] or 0) + days > programme.budget_days:
        reason = _(
            "年間予算（日数）の残りが足りません（予算%(budget)s日、承認済み%(spent)s日、この依頼%(days)s日）。"
        ) % {
            "budget": floatformat(programme.budget_days, -1),
            "spent": floatformat(spent["days"] or 0, -1),
            "days": floatformat(days, -1),
        }
    elif programme.budget_yen is not None and (spent["yen"] or 0) + cost > programme.budget_yen:
        reason = _(
            "年間予算（金額）の残りが足りません（予算%(budget)s円、承認済み%(spent)s円、この依頼%(cost)s円）。"
        ) % {
            "budget": f"{programme.budget_yen:,}",
            "spent": f"{spent['yen'] or 0:,}",
            "cost": f"{cost:,}",
        }
    if not reason:
        try:
            with transaction.atomic():
                approved = _move(request, to=S.APPROVED, by=by, note=note)
                national, prefecture, municipality = split_yen(cost, programme.shares)
                assignment = Assignment.objects.create(
                    request=approved,
                    talent_id=request.talent_id,
                    programme=programme,
                    start_date=request.start_date,
                    end_date=request.end_date,
                    days=days,
                    unit_cost_yen=programme.unit_cost_yen,
                    cost_yen=cost,
                    national_yen=national,
                    prefecture_yen=prefecture,
                    municipality_yen=municipality,
                    approved_by=by,
                )
                for month in request.months():
                    book_capacity(
                        talent=request.talent,
                        month=month,
                        days=request.days_per_month,
                        source=f"dispatch:{request.pk}",
                        by=by,
                        assignment=assignment,
                    )
        except CapacityError as error:
            reason = _("人材の空きが足りません：%(why)s") % {"why": error}
        else:
            _tell_next(approved, by=by, note=note)
            return approved
    waitlisted = _move(
        request, to=S.WAITLISTED, by=by, note=reason, changes={"waitlist_reason": reason[:300]}
    )
    _tell_next(waitlisted, by=by, note=reason)
    return waitlisted


@transaction.atomic
def cancel_dispatch(*, request: DispatchRequest, by: User, note: str = "") -> DispatchRequest:
    """Cancel an approved or running dispatch and free the days it had not used yet."""
    request = _move(request, to=S.CANCELLED, by=by, note=note)
    CapacityBooking.objects.filter(assignment__request=request, month__gt=today().replace(day=1)).delete()
    _tell_next(request, by=by, note=note)
    return request


# -- matching ------------------------------------------------------------------------------------------


@dataclass
class Candidate:
    talent: Talent
    score: tuple
    reasons: list[str] = field(default_factory=list)
    fits: bool = True


def rank_candidates(request: DispatchRequest, *, limit: int = 20) -> list[Candidate]:
    """Talents ranked for a request, each with the reasons: roles at or above the level asked,
    free days over the period, requests on the same theme, same prefecture first; the nominated
    talent first of all. Five queries, whatever the pool's size."""
    months = request.months()
    needed = list(request.roles_needed.select_related("role", "level"))
    talents = (
        Talent.objects.published()
        .filter(
            models.Q(prefecture_id=request.municipality.prefecture_id)
            | models.Q(shared_across_prefectures=True)
        )
        .with_free_days(months[0], months[-1])
        .annotate(
            same_theme=models.Count(
                "assignments",
                filter=models.Q(
                    assignments__request__theme_id=request.theme_id,
                    assignments__request__status__in=DispatchRequest.BOOKED,
                ),
                distinct=True,
            )
        )
        .prefetch_related(
            models.Prefetch("skills", queryset=TalentSkill.objects.select_related("role", "level"))
        )
    )
    per_month = {
        (c.talent_id, c.month): c.free_days
        for c in CapacityMonth.objects.with_booked_days().filter(
            talent__in=[t.pk for t in talents], month__in=months
        )
    }
    candidates = []
    for talent in talents:
        levels = {s.role_id: s.level for s in talent.skills.all()}
        reasons, fits = [], True
        for need in needed:
            have = levels.get(need.role_id)
            ok = have is not None and have.level >= need.level.level
            fits &= ok
            reasons.append(
                f"{need.role.name} {have.level if have else 0} ≥ {need.level.level} {'✓' if ok else '✗'}"
            )
        least_free = min((per_month.get((talent.pk, m), Decimal(0)) for m in months), default=Decimal(0))
        free_ok = least_free >= request.days_per_month
        fits &= free_ok
        reasons.append(
            _("空き %(free)s日/月 %(mark)s")
            % {"free": floatformat(least_free, -1), "mark": "✓" if free_ok else "✗"}
        )
        reasons.append(_("同テーマ %(count)s件") % {"count": talent.same_theme})
        same_prefecture = talent.prefecture_id == request.municipality.prefecture_id
        if not same_prefecture:
            reasons.append(_("他県の人材"))
        nominated = talent.pk == request.nominated_talent_id
        if nominated:
            reasons.insert(0, _("市町村の希望"))
        score = (not nominated, not fits, not same_prefecture, -talent.same_theme, -least_free, talent.pk)
        candidates.append(Candidate(talent=talent, score=score, reasons=reasons, fits=fits))
    candidates.sort(key=lambda c: c.score)
    return candidates[:limit]


@transaction.atomic
def propose_candidates(*, request: DispatchRequest, talents: list[Talent], by: User) -> list[Proposal]:
    """The coordinator proposes up to three talents in rank order (様式Ⅱ); the first is asked now."""
    request = DispatchRequest.objects.select_for_update().select_related("municipality").get(pk=request.pk)
    require(
        permissions.can_screen_dispatch(by, request),
        _("この依頼に人材を提案する権限がありません。"),
        TalentPoolError,
    )
    require(request.status == S.MATCHING, _("人材の選定中の依頼にだけ提案できます。"), TalentPoolError)
    require(
        1 <= len(talents) <= MAX_PROPOSALS and len({t.pk for t in talents}) == len(talents),
        _("候補は1〜3人、重複なく選んでください。"),
        TalentPoolError,
    )
    allowed = set(
        Talent.objects.published()
        .filter(
            models.Q(prefecture_id=request.municipality.prefecture_id)
            | models.Q(shared_across_prefectures=True)
        )
        .filter(pk__in=[t.pk for t in talents])
        .values_list("pk", flat=True)
    )
    require(len(allowed) == len(talents), _("提案できない人材が含まれています。"), TalentPoolError)
    require(
        not request.proposals.filter(talent__in=talents).exists(),
        _("すでにこの依頼に提案した人材は、もう一度提案できません。"),
        TalentPoolError,
    )
    _withdraw_open_proposals(request, by=by)
    ranked = {c.talent.pk: c.reasons for c in rank_candidates(request, limit=1000)}
    start = (request.proposals.aggregate(last=models.Max("rank"))["last"] or 0) + 1
    proposals = Proposal.objects.bulk_create(
        Proposal(
            request=request, talent=talent, rank=start + i, reasons=ranked.get(talent.pk, []), proposed_by=by
        )
        for i, talent in enumerate(talents)
    )
    record(
        request,
        "dispatch.proposed",
        actor=by,
        scope=request.municipality,
        data={"talents": [t.pk for t in talents]},
    )
    _ask(proposals[0], by=by)
    return proposals


def _move_proposal(proposal: Proposal, *, to: str, by: User | None, note: str = "", changes=None) -> Proposal:
    # Who may answer or withdraw is checked by the calling service (the proposal has no ACTIONS).
    return transition(
        proposal,
        to=to,
        by=by,
        verb="dispatch.proposal_changed",
        scope=proposal.request.municipality,
        note=note,
        changes=changes,
        check_permission=False,
    )


def _withdraw_open_proposals(request: DispatchRequest, *, by: User | None) -> None:
    for proposal in request.proposals.filter(status__in=[Proposal.Status.WAITING, Proposal.Status.ASKED]):
        proposal.request = request
        _move_proposal(proposal, to=Proposal.Status.WITHDRAWN, by=by)


def _ask(proposal: Proposal, *, by: User) -> None:
    proposal = _move_proposal(proposal, to=Proposal.Status.ASKED, by=by)
    if proposal.talent.user_id:
        notify(
            "dispatch.proposal",
            target=proposal.request,
            recipients=[proposal.talent.user],
            context=_context(proposal.request, by),
        )


@transaction.atomic
def respond_to_proposal(*, proposal: Proposal, accept: bool, by: User, reason: str = "") -> Proposal:
    """The asked talent accepts (様式Ⅲ: the request goes to the prefecture approver) or declines
    with a reason (the next candidate is asked; with none left, the coordinator chooses again)."""
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("request__municipality", "talent")
        .get(pk=proposal.pk)
    )
    require(
        permissions.can_respond_to_proposal(by, proposal),
        _("この提案に回答できるのは、いま依頼されている人材ご本人だけです。"),
        TalentPoolError,
    )
    require(accept or reason.strip(), _("辞退の理由を入力してください。"), TalentPoolError)
    request = proposal.request
    answer = "" if accept else reason.strip()[:500]
    proposal = _move_proposal(
        proposal,
        to=Proposal.Status.ACCEPTED if accept else Proposal.Status.DECLINED,
        by=by,
        note=answer,
        changes={"answer": answer, "answered_at": timezone.now()},
    )
    proposal.request = request
    if accept:
        _withdraw_open_proposals(request, by=by)
        request = _move(
            request,
            to=S.PENDING_APPROVAL,
            by=by,
            note=_("%(talent)sが受諾") % {"talent": proposal.talent},
            changes={"talent": proposal.talent, "submitted_by": proposal.proposed_by},
            check=False,
        )
        _tell_next(request, by=by)
        return proposal
    following = request.proposals.filter(status=Proposal.Status.WAITING).order_by("rank").first()
    if following:
        _ask(following, by=by)
    else:
        notify(
            "dispatch.your_turn",
            target=request,
            recipients=_people(Role.PREFECTURE_COORDINATOR, request.municipality.prefecture_id),
            context=_context(request, by, proposal.answer),
        )
    return proposal


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


def cost_summary(*, prefecture_id: int, year: int) -> list[dict]:
    """Per municipality, the FY's approved dispatches: days and the yen each party bears."""
    rows = (
        Assignment.objects.filter(
            programme__prefecture_id=prefecture_id,
            programme__fiscal_year=year,
            request__status__in=DispatchRequest.BOOKED,
        )
        .values("request__municipality__lg_code", "request__municipality__name")
        .annotate(
            cases=models.Count("pk"),
            days=models.Sum("days"),
            cost=models.Sum("cost_yen"),
            national=models.Sum("national_yen"),
            prefecture=models.Sum("prefecture_yen"),
            municipality=models.Sum("municipality_yen"),
        )
        .order_by("request__municipality__lg_code")
    )
    return list(rows)
