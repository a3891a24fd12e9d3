"""How the talent pool plugs into the spine: its audit verbs, notification events and dashboard
sections, registered with portal's registries. Imported once, from TalentpoolConfig.ready()."""

from __future__ import annotations

from celery.schedules import crontab
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.celery import app as celery_app
from portal.labels import choice_label
from portal.models import Role
from portal.registry import (
    Category,
    Event,
    register_category,
    register_dashboard,
    register_event,
    register_verb,
)
from talentpool import permissions
from talentpool.models import DispatchProgramme, DispatchRequest, FollowUpSurvey, JobPosting

for _verb, _label in {
    "talent.created": pgettext_lazy("audit", "人材を登録"),
    "talent.updated": pgettext_lazy("audit", "人材の情報を更新"),
    "talent.status_changed": pgettext_lazy("audit", "人材の公開状態を変更"),
    "talent.skill_changed": pgettext_lazy("audit", "スキルの習熟度を変更"),
    "talent.capacity_changed": pgettext_lazy("audit", "稼働可能日数を変更"),
    "talent.capacity_booked": pgettext_lazy("audit", "稼働を予約"),
    "talent.training_added": pgettext_lazy("audit", "研修の修了を記録"),
    "talent.photo_changed": pgettext_lazy("audit", "写真を変更"),
    "job.saved": pgettext_lazy("audit", "求人票を保存"),
    "job.status_changed": pgettext_lazy("audit", "求人票の状態を変更"),
    "programme.saved": pgettext_lazy("audit", "派遣事業の設定を保存"),
    "programme.status_changed": pgettext_lazy("audit", "派遣事業の設定の状態を変更"),
    "dispatch.saved": pgettext_lazy("audit", "派遣依頼を保存"),
    "dispatch.status_changed": pgettext_lazy("audit", "派遣依頼の状態を変更"),
    "dispatch.proposed": pgettext_lazy("audit", "派遣の候補を提案"),
    "dispatch.proposal_changed": pgettext_lazy("audit", "派遣の提案への回答・取消し"),
    "dispatch.reported": pgettext_lazy("audit", "実施報告を提出"),
    "dispatch.activity_logged": pgettext_lazy("audit", "活動を記録"),
    "dispatch.monthly_reported": pgettext_lazy("audit", "月次報告を提出"),
    "dispatch.monthly_confirmed": pgettext_lazy("audit", "月次報告を確認"),
    "dispatch.rated": pgettext_lazy("audit", "派遣を評価"),
    "dispatch.ranked": pgettext_lazy("audit", "候補の順位を決定"),
    "dispatch.attached": pgettext_lazy("audit", "派遣依頼にファイルを添付"),
    "dispatch.home_consented": pgettext_lazy("audit", "人材の所属県が他県への派遣に同意"),
    "talent.sharing_changed": pgettext_lazy("audit", "他の都道府県との共有を変更"),
    "dispatch.follow_up_asked": pgettext_lazy("audit", "追跡調査を依頼"),
    "dispatch.follow_up_answered": pgettext_lazy("audit", "追跡調査に回答"),
}.items():
    register_verb(_verb, _label)


register_category(Category("jobs", _("求人票の承認と公開")))
register_category(Category("talent", _("人材プロフィール")))


def _job_url(posting) -> str:
    return reverse("talentpool:job-detail", args=[posting.pk])


def _told_the_submitter(user, posting) -> bool:
    """Whoever asked for the approval hears how it was decided, while they may still see the posting."""
    return (
        posting.submitted_by_id == user.pk
        and JobPosting.objects.visible_to(user).filter(pk=posting.pk).exists()
    )


register_event(
    Event(
        "job.submitted",
        "jobs",
        may_receive=lambda user, posting: permissions.can_approve_job(user, posting),
        url=_job_url,
    )
)
register_event(Event("job.published", "jobs", may_receive=_told_the_submitter, url=_job_url))
register_event(Event("job.returned", "jobs", may_receive=_told_the_submitter, url=_job_url))
for _key in ("talent.published", "talent.retired"):
    register_event(
        Event(
            _key,
            "talent",
            may_receive=lambda user, talent: talent.user_id == user.pk,
            url=lambda talent: reverse("talentpool:talent-detail", args=[talent.pk]),
        )
    )


@register_dashboard
def job_approvals(request) -> list[dict]:
    """Job descriptions waiting for this approver, oldest first, with how long they have waited."""
    user = request.user
    if not (user.is_superuser or user.scope_ids(*JobPosting.APPROVING_ROLES)):
        return []
    waiting = (
        JobPosting.objects.awaiting_approval_by(user)
        .select_related("organisation", "submitted_by")
        .order_by("updated_at", "pk")[:10]
    )
    return [
        {
            "title": gettext("承認待ちの求人票"),
            "items": [
                {
                    "label": posting.title,
                    "url": _job_url(posting),
                    "meta": gettext("%(organisation)s・依頼者 %(by)s")
                    % {
                        "organisation": posting.organisation.display_name,
                        "by": posting.submitted_by.full_name,
                    },
                    # A submitted posting cannot be edited, so its last change is its submission.
                    "since": posting.updated_at,
                }
                for posting in waiting
            ],
            "empty": gettext("承認待ちの求人票はありません。"),
            "more_url": reverse("talentpool:job-list"),
        }
    ]


register_category(Category("dispatch", _("派遣依頼と派遣")))


def _dispatch_url(request) -> str:
    return reverse("talentpool:dispatch-detail", args=[request.pk])


def _may_see_dispatch(user, request) -> bool:
    return DispatchRequest.objects.visible_to(user).filter(pk=request.pk).exists()


for _key in (
    "dispatch.your_turn",
    "dispatch.changed",
    "dispatch.proposal",
    "dispatch.report_overdue",
    "dispatch.consent_asked",
    "dispatch.reminder",
):
    register_event(Event(_key, "dispatch", may_receive=_may_see_dispatch, url=_dispatch_url))
register_event(
    Event(
        "dispatch.follow_up",
        "dispatch",
        may_receive=_may_see_dispatch,
        url=lambda request: reverse("talentpool:dispatch-follow-up", args=[request.pk]),
    )
)
# CELERY_TIMEZONE is Asia/Tokyo: 06:00 JST, before the morning digest (08:00) picks them up.
celery_app.conf.beat_schedule["dispatch-follow-up-surveys"] = {
    "task": "talentpool.tasks.ask_follow_up_surveys",
    "schedule": crontab(hour=6, minute=0),
}
celery_app.conf.beat_schedule["dispatch-waiting-step-reminders"] = {
    "task": "talentpool.tasks.remind_waiting_dispatch_steps",
    "schedule": crontab(hour=6, minute=15),
}
register_event(
    Event(
        "programme.submitted",
        "dispatch",
        may_receive=lambda user, programme: permissions.can_confirm_programme(user, programme),
        url=lambda programme: reverse("talentpool:programme-detail", args=[programme.pk]),
    )
)


@register_dashboard
def dispatch_turns(request) -> list[dict]:
    """Dispatch requests and programme settings whose next step is this user's, oldest first, with age."""
    user = request.user
    # Consents to lend a talent have their own section below.
    waiting = (
        DispatchRequest.objects.awaiting(user)
        .exclude(DispatchRequest.NEEDS_HOME_CONSENT)
        .for_list_page()
        .order_by("status_changed_at", "pk")[:10]
    )
    items = [
        {
            "label": dispatch.title,
            "url": _dispatch_url(dispatch),
            "meta": gettext("%(municipality)s・%(status)s")
            % {"municipality": dispatch.municipality.name, "status": choice_label(dispatch, "status")},
            "since": dispatch.status_changed_at,
        }
        for dispatch in waiting
    ]
    involved = (
        *DispatchRequest.MUNICIPAL_ROLES,
        Role.PREFECTURE_COORDINATOR,
        Role.PREFECTURE_APPROVER,
        Role.TALENT,
    )
    if user.scope_ids(*involved) or items:
        sections = [
            {
                "title": gettext("対応が必要な派遣依頼"),
                "items": items,
                "empty": gettext("対応が必要な派遣依頼はありません。"),
                "more_url": reverse("talentpool:dispatch-list"),
            }
        ]
    else:
        sections = []
    lent = list(
        DispatchRequest.objects.awaiting_home_consent(user)
        .select_related("municipality__prefecture", "talent")
        .order_by("status_changed_at", "pk")[:10]
        if user.scope_ids(Role.PREFECTURE_COORDINATOR, Role.PREFECTURE_APPROVER)
        else ()
    )
    if lent:
        sections.append(
            {
                "title": gettext("他県からの派遣依頼（人材の所属県としての同意待ち）"),
                "items": [
                    {
                        "label": dispatch.title,
                        "url": _dispatch_url(dispatch),
                        "meta": gettext("%(prefecture)s %(municipality)s・人材 %(talent)s")
                        % {
                            "prefecture": dispatch.municipality.prefecture.name,
                            "municipality": dispatch.municipality.name,
                            "talent": dispatch.talent.display_name,
                        },
                        # The talent's acceptance moved it to pending approval: the wait starts there.
                        "since": dispatch.status_changed_at,
                    }
                    for dispatch in lent
                ],
                "empty": "",
                "more_url": reverse("talentpool:dispatch-list"),
            }
        )
    surveys = list(
        FollowUpSurvey.objects.unanswered_by(user)
        .select_related("assignment__request__municipality")
        .order_by("asked_at", "pk")[:10]
        if user.scope_ids(*DispatchRequest.MUNICIPAL_ROLES)
        else ()
    )
    if surveys:
        sections.append(
            {
                "title": gettext("回答待ちの追跡調査（前年度の派遣）"),
                "items": [
                    {
                        "label": survey.assignment.request.title,
                        "url": reverse("talentpool:dispatch-follow-up", args=[survey.assignment.request_id]),
                        "meta": survey.assignment.request.municipality.name,
                        "since": survey.asked_at,
                    }
                    for survey in surveys
                ],
                "empty": "",
            }
        )
    approving = user.scope_ids(Role.PREFECTURE_APPROVER)
    programmes = list(
        DispatchProgramme.objects.filter(
            status=DispatchProgramme.Status.SUBMITTED, prefecture_id__in=approving
        )
        .exclude(submitted_by=user)
        .select_related("prefecture")
        if approving
        else ()
    )
    if programmes:
        sections.append(
            {
                "title": gettext("確認待ちの派遣事業の設定"),
                "items": [
                    {
                        "label": str(p),
                        "url": reverse("talentpool:programme-detail", args=[p.pk]),
                        "meta": p.prefecture.name,
                        "since": p.updated_at,
                    }
                    for p in programmes
                ],
                "empty": "",
                "more_url": reverse("talentpool:programme-list"),
            }
        )
    return sections
