"""Dispatch requests: drafting, the named moves from submission to completion, and approval, which
books capacity or waitlists."""

from __future__ import annotations

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
    Assignment,
    CapacityBooking,
    CapacityError,
    CapacityMonth,
    DispatchAttachment,
    DispatchProgramme,
    DispatchRequest,
    DispatchRequestRole,
    ProficiencyLevel,
    Proposal,
    SkillRole,
    TalentPoolError,
    TalentSharing,
)
from talentpool.services.capacity import book_capacity

S = DispatchRequest.Status
EDITABLE_FIELDS = [
    "municipality",
    "title",
    "theme",
    "situation",
    "goals",
    "success_measures",
    "work_style",
    "start_date",
    "end_date",
    "days_per_month",
    "urgency",
    "nominated_talent",
]


def _people(role: str, organisation_id: int, *, besides: User | None = None) -> list[User]:
    people = User.objects.filter(
        memberships__role=role, memberships__organisation_id=organisation_id, is_active=True
    )
    if besides is not None:
        people = people.exclude(pk=besides.pk)
    return list(people.distinct())


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
        current = (
            DispatchRequest.objects.select_for_update(of=("self",))
            .select_related("municipality")
            .get(pk=request.pk)
        )
        require(
            current.status in (S.DRAFT, S.RETURNED)
            and permissions.can_draft_dispatch(by, current.municipality),
            _("下書きか差し戻された派遣依頼だけ編集できます。"),
            TalentPoolError,
        )
        # Only what the form edits: the status and who moved it belong to transition(), and the row
        # may have moved since the form was loaded.
        request.save(update_fields=[*EDITABLE_FIELDS, "updated_at"])
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
    elif request.status == S.PENDING_APPROVAL and request.needs_home_consent:
        home = request.talent.prefecture_id
        lenders = _people(Role.PREFECTURE_COORDINATOR, home) + _people(Role.PREFECTURE_APPROVER, home)
        notify("dispatch.consent_asked", target=request, recipients=lenders, context=context)
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
    _check_lent_talent(request)
    require(
        permissions.can_approve_dispatch(by, request),
        _("この派遣を承認する権限がありません。"),
        TalentPoolError,
    )
    require_another_person(acted_by=request.submitted_by, by=by, error=TalentPoolError)
    request.ensure_can_move(S.APPROVED)
    require(request.talent_id is not None, _("派遣する人材が決まっていません。"), TalentPoolError)
    # Every approval of this talent's months queues here before it takes any other lock: a talent
    # lent to another prefecture is approved under that prefecture's programme lock, so the
    # programme lock alone no longer puts two approvals of one talent in line (they deadlocked).
    list(
        CapacityMonth.objects.select_for_update()
        .filter(talent_id=request.talent_id, month__in=request.months())
        .order_by("month")
        .values_list("pk", flat=True)
    )
    if request.is_cross_prefecture:
        # Locked, so the sharing cannot be withdrawn while this approval books the days.
        list(
            TalentSharing.objects.select_for_update().filter(
                talent_id=request.talent_id, prefecture_id=request.municipality.prefecture_id
            )
        )
        _check_lent_talent(request)
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


def _check_lent_talent(request: DispatchRequest) -> None:
    """A talent of another prefecture's pool: still shared with this prefecture, and that prefecture
    consented (checked first, so the approver reads which of the two is missing)."""
    if request.status != S.PENDING_APPROVAL or not request.is_cross_prefecture:
        return
    names = {"home": request.talent.prefecture.name, "prefecture": request.municipality.prefecture.name}
    shared = TalentSharing.objects.filter(
        talent_id=request.talent_id, prefecture_id=request.municipality.prefecture_id
    ).exists()
    require(
        shared,
        _("この人材は%(home)sから%(prefecture)sに共有されていないため、承認できません。") % names,
        TalentPoolError,
    )
    require(
        request.home_consent_at is not None,
        _("人材の所属する%(home)sの同意がまだないため、承認できません。") % names,
        TalentPoolError,
    )


@transaction.atomic
def cancel_dispatch(*, request: DispatchRequest, by: User, note: str = "") -> DispatchRequest:
    """Cancel an approved or running dispatch and free the days it had not used yet."""
    request = _move(request, to=S.CANCELLED, by=by, note=note)
    CapacityBooking.objects.filter(assignment__request=request, month__gt=today().replace(day=1)).delete()
    _tell_next(request, by=by, note=note)
    return request


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
