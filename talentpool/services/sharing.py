"""Cross-prefecture sharing (都道府県間の連携): a pool lends a talent to named prefectures, and its
coordinators or approvers consent to (or refuse) each request of theirs the talent is matched with."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import record
from portal.models import Organisation, Role, User
from portal.notifications import notify
from portal.workflow import require
from talentpool import permissions
from talentpool.models import DispatchRequest, Talent, TalentPoolError, TalentSharing
from talentpool.services.dispatch import S, _context, _move, _people, _tell_next, _withdraw_open_proposals


@transaction.atomic
def share_talent(*, talent: Talent, prefectures: list[Organisation], by: User) -> list[TalentSharing]:
    """Set the prefectures a talent is shared with (never its own), and audit what was added and
    withdrawn. Withdrawing does not touch approved dispatches; pending ones can no longer be approved."""
    # No lock on the talent row: an approval holding a sharing row checks its key at commit.
    talent = Talent.objects.select_related("prefecture").get(pk=talent.pk)
    require(
        permissions.can_share_talent(by, talent),
        _("この人材の共有先を決められるのは、所属する人材プールの担当者です。"),
        TalentPoolError,
    )
    wanted = {p.pk: p for p in prefectures if p.is_prefecture and p.pk != talent.prefecture_id}
    require(
        len(wanted) == len({p.pk for p in prefectures}),
        _("共有先には、人材の所属する県以外の都道府県を選んでください。"),
        TalentPoolError,
    )
    current = {s.prefecture_id: s for s in talent.sharings.select_related("prefecture")}
    added = sorted((wanted[pk] for pk in wanted.keys() - current.keys()), key=lambda p: p.lg_code)
    removed = sorted(
        (current[pk] for pk in current.keys() - wanted.keys()), key=lambda s: s.prefecture.lg_code
    )
    TalentSharing.objects.filter(pk__in=[s.pk for s in removed]).delete()
    TalentSharing.objects.bulk_create(TalentSharing(talent=talent, prefecture=p, shared_by=by) for p in added)
    if added or removed:
        record(
            talent,
            "talent.sharing_changed",
            actor=by,
            scope=talent.prefecture,
            data={
                "added": [p.name for p in added],
                "removed": [s.prefecture.name for s in removed],
            },
        )
    return list(talent.sharings.select_related("prefecture").order_by("prefecture__lg_code"))


@transaction.atomic
def consent_to_dispatch(
    *, request: DispatchRequest, consent: bool, by: User, note: str = ""
) -> DispatchRequest:
    """The talent's home prefecture consents (the requesting prefecture's approver is asked next) or
    refuses with a reason (the request goes back to matching and its coordinators choose again)."""
    request = (
        DispatchRequest.objects.select_for_update(of=("self",))
        .select_related("municipality__prefecture", "talent__prefecture")
        .get(pk=request.pk)
    )
    require(
        permissions.can_consent_to_dispatch(by, request),
        _("この派遣に同意できるのは、人材の所属する県の担当者か承認者で、同意を待っている間だけです。"),
        TalentPoolError,
    )
    if not consent:
        require(note.strip(), _("同意しない理由を入力してください。"), TalentPoolError)
        _withdraw_open_proposals(request, by=by)
        request = _move(request, to=S.MATCHING, by=by, note=note, changes={"talent": None}, check=False)
        notify(
            "dispatch.your_turn",
            target=request,
            recipients=_people(Role.PREFECTURE_COORDINATOR, request.municipality.prefecture_id),
            context=_context(request, by, note),
        )
        return request
    request.home_consent_by, request.home_consent_at = by, timezone.now()
    request.save(update_fields=["home_consent_by", "home_consent_at", "updated_at"])
    record(
        request,
        "dispatch.home_consented",
        actor=by,
        scope=request.talent.prefecture,
        note=note,
        data={"talent": request.talent_id},
    )
    _tell_next(request, by=by, note=note)
    return request
