"""How the talent pool plugs into the spine: its audit verbs, notification events and dashboard
sections, registered with portal's registries. Imported once, from TalentpoolConfig.ready()."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.registry import (
    Category,
    Event,
    register_category,
    register_dashboard,
    register_event,
    register_verb,
)
from talentpool import permissions
from talentpool.models import JobPosting

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
    "vendor.saved": pgettext_lazy("audit", "ベンダー・シビックテックの情報を保存"),
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
