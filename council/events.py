"""Everything the council plugs into the spine: audit verbs, notification events, the dashboard
section, menu entries and demo data. Imported from CouncilConfig.ready()."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from portal.labels import choice_label
from portal.registry import (
    Category,
    Event,
    register_category,
    register_dashboard,
    register_event,
    register_verb,
)

for _verb, _label in {
    "council.member_added": pgettext_lazy("audit", "構成員を登録"),
    "council.substitute_added": pgettext_lazy("audit", "代理を登録"),
    "council.meeting_created": pgettext_lazy("audit", "会議を作成"),
    "council.meeting_status_changed": pgettext_lazy("audit", "会議の状態を変更"),
    "council.agenda_item_added": pgettext_lazy("audit", "議事次第に項目を追加"),
    "council.agenda_item_changed": pgettext_lazy("audit", "議事次第の項目を変更"),
    "council.agenda_item_status_changed": pgettext_lazy("audit", "議事次第の項目の公開承認の状態を変更"),
    "council.material_added": pgettext_lazy("audit", "資料を登録"),
    "council.material_replaced": pgettext_lazy("audit", "資料を差替え"),
    "council.material_version_status_changed": pgettext_lazy("audit", "資料の版の公開承認の状態を変更"),
    "council.attendance_recorded": pgettext_lazy("audit", "出欠を記録"),
    "council.minutes_created": pgettext_lazy("audit", "議事録を作成"),
    "council.minutes_status_changed": pgettext_lazy("audit", "議事録の状態を変更"),
    "council.remarks_confirmed": pgettext_lazy("audit", "発言内容を確認"),
    "council.minutes_summary_saved": pgettext_lazy("audit", "議事要旨を保存"),
    "council.subscription_confirmed": pgettext_lazy("audit", "メール購読を開始"),
    "council.subscription_ended": pgettext_lazy("audit", "メール購読を解除"),
    "council.opinion_request_created": pgettext_lazy("audit", "意見照会を作成"),
    "council.opinion_request_status_changed": pgettext_lazy("audit", "意見照会の状態を変更"),
    "council.opinion_submitted": pgettext_lazy("audit", "意見を提出"),
    "council.opinion_revised": pgettext_lazy("audit", "意見を修正"),
    "council.follow_up_added": pgettext_lazy("audit", "宿題事項を登録"),
    "council.follow_up_status_changed": pgettext_lazy("audit", "宿題事項の状態を変更"),
    "council.candidate_created": pgettext_lazy("audit", "共通化候補を登録"),
    "council.candidate_status_changed": pgettext_lazy("audit", "共通化候補の段階を変更"),
    "council.candidate_project_linked": pgettext_lazy("audit", "共通化候補に共同調達案件を紐付け"),
}.items():
    register_verb(_verb, _label)


def _may_read_meeting(user, meeting) -> bool:
    from council.models import Meeting

    return Meeting.objects.visible_to(user).filter(pk=meeting.pk).exists()


def _may_read_material(user, material) -> bool:
    from council.models import Material

    return Material.objects.visible_to(user).filter(pk=material.pk).exists()


register_category(Category("council", gettext_lazy("連絡協議会")))
for _status in ("announced", "cancelled"):
    register_event(
        Event(
            f"council.meeting_{_status}",
            "council",
            may_receive=_may_read_meeting,
            url=lambda meeting: reverse("council:meeting-detail", args=[meeting.pk]),
        )
    )
register_event(
    Event(
        "council.material_replaced",
        "council",
        may_receive=_may_read_material,
        url=lambda material: reverse("council:meeting-detail", args=[material.meeting_id]) + "#materials",
    )
)


def _may_approve_meeting(user, meeting) -> bool:
    from council import permissions

    return permissions.can_approve_meeting(user, meeting)


def _manages_meeting(user, meeting) -> bool:
    from council import permissions

    return permissions.can_manage_meeting(user, meeting)


for _key, _may in (
    ("council.meeting_approval_requested", _may_approve_meeting),
    ("council.meeting_publication_returned", _manages_meeting),
):
    register_event(
        Event(
            _key,
            "council",
            may_receive=_may,
            url=lambda meeting: reverse("council:meeting-detail", args=[meeting.pk]),
        )
    )


def _may_approve_version(user, version) -> bool:
    from council import permissions

    return permissions.can_approve_version(user, version)


def _manages_version(user, version) -> bool:
    from council import permissions

    return permissions.can_manage_meeting(user, version.material.meeting)


def _may_approve_agenda_item(user, item) -> bool:
    from council import permissions

    return permissions.can_approve_agenda_item(user, item)


def _manages_agenda_item(user, item) -> bool:
    from council import permissions

    return permissions.can_manage_meeting(user, item.meeting)


# A part of an approved meeting asked for approval, or returned: (event prefix, who may approve it,
# who manages it, where the meeting page shows it).
for _prefix, _may_approve, _manages, _url in (
    (
        "council.material",
        _may_approve_version,
        _manages_version,
        lambda version: (
            reverse("council:meeting-detail", args=[version.material.meeting_id])
            + f"#material-{version.material_id}"
        ),
    ),
    (
        "council.agenda_item",
        _may_approve_agenda_item,
        _manages_agenda_item,
        lambda item: reverse("council:meeting-detail", args=[item.meeting_id]) + f"#agenda-item-{item.pk}",
    ),
):
    for _key, _may in (
        (f"{_prefix}_approval_requested", _may_approve),
        (f"{_prefix}_publication_returned", _manages),
    ):
        register_event(Event(_key, "council", may_receive=_may, url=_url))


def _may_approve_minutes(user, minutes) -> bool:
    from council import permissions

    return permissions.can_approve_minutes(user, minutes)


def _is_speaker(user, minutes) -> bool:
    return minutes.remarks.filter(speaker__user=user).exists()


def _manages_minutes(user, minutes) -> bool:
    from council import permissions

    return permissions.can_manage_minutes(user, minutes)


for _key, _may in (
    ("council.minutes_confirmation_requested", _is_speaker),
    ("council.minutes_confirmation_reminder", _is_speaker),
    ("council.minutes_confirmed", _manages_minutes),
    ("council.minutes_approval_requested", _may_approve_minutes),
    ("council.minutes_publication_returned", _manages_minutes),
):
    register_event(
        Event(
            _key,
            "council",
            may_receive=_may,
            url=lambda minutes, key=_key: reverse(
                "council:minutes-confirm" if "confirmation" in key else "council:minutes-detail",
                args=[minutes.meeting_id],
            ),
        )
    )


def _may_answer(user, opinion_request) -> bool:
    from council import permissions
    from council.models import OpinionRequest

    if opinion_request.respondents == OpinionRequest.Respondents.LOCAL_GOVERNMENTS:
        # Asked of every local government, it may reach thousands: decided from the roles notify()
        # loaded with the recipients, no query each (the visible_to rule for those asked).
        return opinion_request.status != OpinionRequest.Status.DRAFT and bool(
            permissions.responding_organisation(user, opinion_request)
        )
    return OpinionRequest.objects.visible_to(user).filter(pk=opinion_request.pk).exists()


register_event(
    Event(
        "council.opinion_requested",
        "council",
        may_receive=_may_answer,
        url=lambda opinion_request: reverse("council:opinion-detail", args=[opinion_request.pk]),
    )
)


def _may_read_candidate(user, candidate) -> bool:
    from council.models import Candidate

    return Candidate.objects.visible_to(user).filter(pk=candidate.pk).exists()


register_event(
    Event(
        "council.candidate_consent_requested",
        "council",
        may_receive=_may_read_candidate,
        url=lambda candidate: reverse("council:candidate-detail", args=[candidate.pk]),
    )
)


@register_dashboard
def council_sections(request) -> list[dict]:
    """The secretariat's meetings still in preparation; everyone's upcoming meetings they may read."""
    from council import permissions
    from council.models import BodyMember, Meeting, Minutes, OpinionRequest, OpinionResponse

    user = request.user
    sections = []
    # The person's seats (the first on each body, as responding_seat picks it), read once: remarks
    # to confirm, opinions to give for a seat and meetings to attend all start from a seat.
    seats: dict = {}
    if user.is_authenticated:
        for member in BodyMember.objects.filter(user=user).order_by("pk"):
            seats.setdefault(member.body_id, member)
    if permissions.can_manage_any_council(user):
        drafts = Meeting.objects.visible_to(user).filter(status=Meeting.Status.DRAFT).for_list_page()[:10]
        sections.append(
            {
                "title": _("案内前の会議"),
                "items": [
                    {
                        "label": str(m),
                        "meta": _("開催 %(when)s")
                        % {"when": timezone.localtime(m.starts_at).strftime("%Y-%m-%d %H:%M")},
                        "url": reverse("council:meeting-detail", args=[m.pk]),
                        "since": m.created_at,
                    }
                    for m in drafts
                ],
                "empty": _("案内前の会議はありません。"),
                "more_url": reverse("council:body-list"),
            }
        )
    if permissions.can_manage_any_council(user):
        sections.append(_approval_section(user))
    if seats:
        waiting = Minutes.objects.awaiting_confirmation_by(user).select_related("meeting__body")
        items = [
            {
                "label": _("%(meeting)s 議事録の発言内容を確認する") % {"meeting": m.meeting},
                # The dashboard does not print "since" yet, so the age is in the meta line too.
                "meta": _("%(age)s前に依頼・期限 %(when)s")
                % {
                    "age": timesince(m.sent_at),
                    "when": timezone.localtime(m.confirm_by).strftime("%Y-%m-%d %H:%M"),
                },
                "url": reverse("council:minutes-confirm", args=[m.meeting_id]),
                "since": m.sent_at,
            }
            for m in waiting[:10]
        ]
        if items:
            sections.append(
                {
                    "title": _("発言内容の確認"),
                    "items": items,
                    "empty": _("確認を待っている議事録はありません。"),
                }
            )
    if user.is_authenticated:
        items = []
        open_requests = list(
            OpinionRequest.objects.visible_to(user)
            .filter(status=OpinionRequest.Status.OPEN, deadline__gt=timezone.now())
            .for_list_page()[:10]
        )
        # Who has answered what, for these requests in one query (not one per request).
        answered = set(
            OpinionResponse.objects.filter(request__in=open_requests).values_list(
                "request_id", "seat_id", "organisation_id"
            )
        )
        by_seat = {(request, seat) for request, seat, _organisation in answered if seat}
        by_organisation = {
            (request, organisation) for request, _seat, organisation in answered if organisation
        }
        for r in open_requests:
            seat = seats.get(r.body_id) if r.respondents == OpinionRequest.Respondents.MEMBERS else None
            organisation = permissions.responding_organisation(user, r)
            done = (
                (r.pk, seat.pk) in by_seat
                if seat
                else (r.pk, getattr(organisation, "pk", None)) in by_organisation
            )
            if (seat or organisation) and not done:
                items.append(
                    {
                        "label": r.title,
                        "meta": _("回答期限 %(when)s")
                        % {"when": timezone.localtime(r.deadline).strftime("%Y-%m-%d %H:%M")},
                        "url": reverse("council:opinion-detail", args=[r.pk]),
                        "since": r.created_at,
                    }
                )
        if items:
            sections.append(
                {
                    "title": _("回答待ちの意見照会"),
                    "items": items,
                    "empty": _("回答待ちの意見照会はありません。"),
                }
            )
    sections += _candidate_sections(user, seated=bool(seats))
    if seats:
        upcoming = Meeting.objects.visible_to(user).upcoming().filter(body__members__user=user)
        sections.append(
            {
                "title": _("出席予定の会議"),
                "items": [
                    {
                        "label": str(m),
                        "meta": timezone.localtime(m.starts_at).strftime("%Y-%m-%d %H:%M"),
                        "url": reverse("council:meeting-detail", args=[m.pk]),
                    }
                    for m in upcoming.for_list_page().distinct()[:10]
                ],
                "empty": _("予定されている会議はありません。"),
            }
        )
    return sections


def _approval_section(user) -> dict:
    """Meetings, minutes, material versions and agenda items another secretariat member asked this
    person to approve, oldest first, each with its age."""
    from council.models import AgendaItem, MaterialVersion, Meeting, Minutes

    meetings = (
        Meeting.objects.visible_to(user)
        .awaiting_approval_by(user)
        .select_related("body", "approval_requested_by")
        .order_by("approval_requested_at")[:10]
    )
    minutes = (
        Minutes.objects.visible_to(user)
        .awaiting_approval_by(user)
        .select_related("meeting__body", "approval_requested_by")
        .order_by("approval_requested_at")[:10]
    )
    items = [
        {
            "label": _("%(meeting)sの開催案内") % {"meeting": m},
            "meta": _("依頼者 %(who)s") % {"who": m.approval_requested_by},
            "url": reverse("council:meeting-detail", args=[m.pk]),
            "since": m.approval_requested_at,
        }
        for m in meetings
    ] + [
        {
            "label": _("%(meeting)sの議事録") % {"meeting": m.meeting},
            "meta": _("依頼者 %(who)s") % {"who": m.approval_requested_by},
            "url": reverse("council:minutes-detail", args=[m.meeting_id]),
            "since": m.approval_requested_at,
        }
        for m in minutes
    ]
    versions = (
        MaterialVersion.objects.awaiting_approval_by(user)
        .select_related("material__meeting__body", "material__submitted_by", "approval_requested_by")
        .order_by("approval_requested_at")[:10]
    )
    agenda = (
        AgendaItem.objects.awaiting_approval_by(user)
        .select_related("meeting__body", "approval_requested_by")
        .order_by("approval_requested_at")[:10]
    )
    items += [
        _waiting(
            v,
            _("%(meeting)sの%(label)s（第%(version)d版）")
            % {"meeting": v.material.meeting, "label": v.material.label, "version": v.version},
            reverse("council:meeting-detail", args=[v.material.meeting_id]) + f"#material-{v.material_id}",
        )
        for v in versions
    ] + [
        _waiting(
            item,
            _("%(meeting)sの議事次第「%(title)s」")
            % {"meeting": item.meeting, "title": item.proposed.get("title", item.title)},
            reverse("council:meeting-detail", args=[item.meeting_id]) + f"#agenda-item-{item.pk}",
        )
        for item in agenda
    ]
    return {
        "title": _("公開の承認待ち"),
        "items": sorted(items, key=lambda item: item["since"]),
        "empty": _("承認を待っている公開はありません。"),
    }


def _waiting(row, label: str, url: str) -> dict:
    """A dashboard line for a part of a meeting waiting for approval."""
    return {
        "label": label,
        # The dashboard does not print "since" yet, so the age is in the meta line too.
        "meta": _("依頼者 %(who)s・%(age)s前に依頼")
        % {"who": row.approval_requested_by, "age": timesince(row.approval_requested_at)},
        "url": url,
        "since": row.approval_requested_at,
    }


def _candidate_sections(user, *, seated: bool) -> list[dict]:
    """For the secretariat, candidates still in the pipeline (and those routed to joint procurement
    with no project linked yet), longest waiting first; for members, 推進方針案 awaiting consent."""
    from django.db.models import Exists, OuterRef, Q

    from council import permissions
    from council.models import Candidate, CandidateProject
    from portal.models import Role

    sections = []
    if permissions.can_manage_any_council(user):
        unlinked = ~Exists(CandidateProject.objects.filter(candidate=OuterRef("pk")))
        waiting = (
            Candidate.objects.filter(body__council_id__in=user.scope_ids(Role.COUNCIL_SECRETARIAT))
            .filter(
                ~Q(status__in=Candidate.FINISHED) | Q(unlinked, status=Candidate.Status.JOINT_PROCUREMENT)
            )
            .for_list_page()
            .order_by("last_step_at", "pk")[:10]
        )
        sections.append(
            {
                "title": _("次の判断を待つ共通化候補"),
                "items": [
                    {
                        "label": c.title,
                        "meta": _("%(body)s・%(stage)s")
                        % {
                            "body": c.body.name,
                            "stage": _("共同調達案件の紐付け待ち")
                            if c.status == Candidate.Status.JOINT_PROCUREMENT
                            else choice_label(c, "status"),
                        },
                        "url": reverse("council:candidate-detail", args=[c.pk]),
                        "since": c.last_step_at,
                    }
                    for c in waiting
                ],
                "empty": _("次の判断を待つ共通化候補はありません。"),
            }
        )
    if seated:
        consent = (
            Candidate.objects.visible_to(user)
            .filter(status=Candidate.Status.POLICY, body__members__user=user)
            .for_list_page()
            .distinct()
            .order_by("last_step_at", "pk")[:10]
        )
        items = [
            {
                "label": c.title,
                "meta": c.body.name,
                "url": reverse("council:candidate-detail", args=[c.pk]),
                "since": c.last_step_at,
            }
            for c in consent
        ]
        if items:
            sections.append(
                {
                    "title": _("同意を待つ推進方針案"),
                    "items": items,
                    "empty": _("同意を待つ推進方針案はありません。"),
                }
            )
    return sections


def _register_menu_demo_and_schedule() -> None:
    from celery.schedules import crontab

    from council.demo import seed_council
    from portal.celery import app
    from portal.demo import register_demo
    from portal.navigation import NavItem, register

    # CELERY_TIMEZONE is Asia/Tokyo: speakers are reminded at 09:00 JST.
    app.conf.beat_schedule["council-remind-minutes-speakers"] = {
        "task": "council.tasks.remind_minutes_speakers",
        "schedule": crontab(hour=9, minute=0),
    }
    # Subscribers' daily digests leave with the portal's own (08:00 JST); items whose release time
    # has come are mailed within five minutes of it.
    app.conf.beat_schedule["council-subscription-digests"] = {
        "task": "council.tasks.send_subscription_digests",
        "schedule": crontab(hour=8, minute=0),
    }
    app.conf.beat_schedule["council-due-publication-mail"] = {
        "task": "council.tasks.send_due_publication_mail",
        "schedule": crontab(minute="*/5"),
    }

    register(NavItem(gettext_lazy("連絡協議会"), "council:body-list", lambda user: True))
    register_demo(seed_council)


_register_menu_demo_and_schedule()
