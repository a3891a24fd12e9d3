"""Matching: candidates ranked with their reasons, proposals asked in order, the talent's answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models, transaction
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import record
from portal.models import Role, User
from portal.notifications import notify
from portal.workflow import require
from talentpool import permissions
from talentpool.models import (
    CapacityMonth,
    DispatchRequest,
    Proposal,
    Talent,
    TalentPoolError,
    TalentSkill,
)
from talentpool.services.dispatch import (
    S,
    _context,
    _move,
    _move_proposal,
    _people,
    _tell_next,
    _withdraw_open_proposals,
)

MAX_PROPOSALS = 3


# -- matching ------------------------------------------------------------------------------------------


@dataclass
class Candidate:
    talent: Talent
    score: tuple
    reasons: list[str] = field(default_factory=list)
    fits: bool = True


def rank_candidates(request: DispatchRequest, *, limit: int = 20) -> list[Candidate]:
    """Talents ranked for a request, each with the reasons: the nominated talent first, then those
    who fit (roles at or above the level asked, free days over the period), the same prefecture's
    before lent ones, then experience of the theme, past ratings (unrated counts as a middling
    3), load balance (the share of their days already booked over the period, lower first) and free
    days. Four queries, whatever the pool's size."""
    months = request.months()
    needed = list(request.roles_needed.select_related("role", "level"))
    rated = DispatchRequest.objects.filter(
        talent=models.OuterRef("pk"), status=S.COMPLETED, rating__isnull=False
    ).values("talent")
    talents = (
        Talent.objects.published()
        .dispatchable_to(request.municipality.prefecture_id)
        .annotate(
            same_theme=models.Count(
                "assignments",
                filter=models.Q(
                    assignments__request__theme_id=request.theme_id,
                    assignments__request__status__in=DispatchRequest.BOOKED,
                ),
                distinct=True,
            ),
            rating_average=models.Subquery(
                rated.annotate(a=models.Avg("rating")).values("a"), output_field=models.FloatField()
            ),
            rating_count=models.functions.Coalesce(
                models.Subquery(rated.annotate(n=models.Count("pk")).values("n")), 0
            ),
        )
        .prefetch_related(
            models.Prefetch("skills", queryset=TalentSkill.objects.select_related("role", "level"))
        )
        .select_related("prefecture")
    )
    per_month = {
        (c.talent_id, c.month): c
        for c in CapacityMonth.objects.with_booked_days().filter(
            talent__in=[t.pk for t in talents], month__in=months
        )
    }
    candidates = [_candidate(talent, request, needed, months, per_month) for talent in talents]
    candidates.sort(key=lambda c: c.score)
    return candidates[:limit]


NEUTRAL_RATING = 3.0


def _candidate(talent: Talent, request: DispatchRequest, needed, months, per_month) -> Candidate:
    """One talent's fit for the request: the reasons shown, in the order they rank."""
    levels = {s.role_id: s.level for s in talent.skills.all()}
    reasons, fits = [], True
    for need in needed:
        have = levels.get(need.role_id)
        ok = have is not None and have.level >= need.level.level
        fits &= ok
        reasons.append(
            f"{need.role.name} {have.level if have else 0} ≥ {need.level.level} {'✓' if ok else '✗'}"
        )
    rows = [per_month.get((talent.pk, m)) for m in months]
    least_free = min((r.free_days if r else Decimal(0) for r in rows), default=Decimal(0))
    free_ok = least_free >= request.days_per_month
    fits &= free_ok
    reasons.append(
        _("空き %(free)s日/月 %(mark)s")
        % {"free": floatformat(least_free, -1), "mark": "✓" if free_ok else "✗"}
    )
    reasons.append(_("同テーマ %(count)s件") % {"count": talent.same_theme})
    if talent.rating_count:
        reasons.append(
            _("評価 %(average)s（%(count)s件）")
            % {"average": floatformat(talent.rating_average, 1), "count": talent.rating_count}
        )
    else:
        reasons.append(_("評価なし"))
    contracted = sum((r.contracted_days for r in rows if r), Decimal(0))
    booked = sum((r.booked_days for r in rows if r), Decimal(0))
    load = float(booked / contracted) if contracted else 1.0
    reasons.append(_("期間中の稼働率 %(percent)s%%") % {"percent": round(load * 100)})
    same_prefecture = talent.prefecture_id == request.municipality.prefecture_id
    if not same_prefecture:
        reasons.append(_("%(home)sから共有（両県の同意が必要）") % {"home": talent.prefecture.name})
    nominated = talent.pk == request.nominated_talent_id
    if nominated:
        reasons.insert(0, _("市町村の希望"))
    rating = talent.rating_average if talent.rating_count else NEUTRAL_RATING
    score = (
        not nominated,
        not fits,
        not same_prefecture,
        -min(talent.same_theme, 3),
        -round(rating, 1),
        round(load, 1),
        -least_free,
        talent.pk,
    )
    return Candidate(talent=talent, score=score, reasons=reasons, fits=fits)


@transaction.atomic
def propose_candidates(*, request: DispatchRequest, talents: list[Talent], by: User) -> list[Proposal]:
    """The coordinator proposes up to three talents (様式Ⅱ): one is asked at once; several are
    ranked by the municipality first."""
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
        .dispatchable_to(request.municipality.prefecture_id)
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
    if len(proposals) == 1:
        _ask(proposals[0], by=by)
    else:
        # The municipality ranks the candidates (様式Ⅱ); the one it puts first is asked then.
        notify(
            "dispatch.your_turn",
            target=request,
            recipients=[request.created_by],
            context=_context(request, by),
        )
    return proposals


def awaits_ranking(request: DispatchRequest) -> bool:
    """Candidates were proposed and none is asked yet: the municipality's turn to rank them."""
    statuses = set(request.proposals.values_list("status", flat=True))
    return (
        request.status == S.MATCHING
        and Proposal.Status.WAITING in statuses
        and Proposal.Status.ASKED not in statuses
    )


@transaction.atomic
def rank_proposals(*, request: DispatchRequest, order: list[int], by: User) -> list[Proposal]:
    """The municipality puts the proposed candidates in its order (proposal ids, first wanted
    first); the first is asked to accept."""
    request = (
        DispatchRequest.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=request.pk)
    )
    require(
        permissions.can_edit_dispatch(by, request),
        _("候補の順位を決められるのは依頼した団体です。"),
        TalentPoolError,
    )
    require(awaits_ranking(request), _("いまは候補の順位を決められません。"), TalentPoolError)
    waiting = {
        p.pk: p for p in request.proposals.filter(status=Proposal.Status.WAITING).select_related("talent")
    }
    require(
        len(order) == len(set(order)) and set(order) == set(waiting),
        _("提案されたすべての候補に、重ならない順位をつけてください。"),
        TalentPoolError,
    )
    first = min(p.rank for p in waiting.values())
    ranked = []
    for offset, pk in enumerate(order):
        proposal = waiting[pk]
        proposal.rank = first + offset
        ranked.append(proposal)
    # No constraint on ranks, so the new order is written in one statement.
    Proposal.objects.bulk_update(ranked, ["rank"])
    record(request, "dispatch.ranked", actor=by, scope=request.municipality, data={"order": order})
    ranked[0].request = request
    _ask(ranked[0], by=by)
    return ranked


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
            changes={
                "talent": proposal.talent,
                "submitted_by": proposal.proposed_by,
                "home_consent_by": None,
                "home_consent_at": None,
            },
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
