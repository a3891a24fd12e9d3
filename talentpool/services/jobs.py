"""Job descriptions (求人票): drafting, and the approval workflow."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import record
from portal.models import User
from portal.notifications import notify
from portal.workflow import require, transition
from talentpool import permissions
from talentpool.models import JobPosting, JobPostingRole, ProficiencyLevel, SkillRole, TalentPoolError
from talentpool.models.jobs import approving_role


@transaction.atomic
def save_job_posting(
    *, posting: JobPosting, roles: list[tuple[SkillRole, ProficiencyLevel]], by: User
) -> JobPosting:
    """Create or edit a draft posting and the roles it seeks."""
    require(
        permissions.can_draft_job(by, posting.organisation),
        _("この団体の求人票を作成する権限がありません。"),
        TalentPoolError,
    )
    require(
        not posting.pk or permissions.can_edit_job(by, posting),
        _("下書きの求人票だけ編集できます。"),
        TalentPoolError,
    )
    if not posting.pk:
        posting.created_by = by
    posting.save()
    posting.roles_sought.all().delete()
    JobPostingRole.objects.bulk_create(JobPostingRole(posting=posting, role=r, level=lv) for r, lv in roles)
    record(posting, "job.saved", actor=by, scope=posting.organisation)
    return posting


@transaction.atomic
def change_job_status(*, posting: JobPosting, status: str, by: User, note: str = "") -> JobPosting:
    """Submit (drafter), publish or return (another approver of the body), close or reopen (either);
    tell whoever must act next, or whoever asked for the approval how it was decided."""
    posting = JobPosting.objects.select_related("organisation").get(pk=posting.pk)
    deciding = posting.status == JobPosting.Status.SUBMITTED
    if deciding:
        permissions.require_job_approver(by, posting)
    changes = {}
    if status == JobPosting.Status.SUBMITTED:
        changes["submitted_by"] = by
    if status == JobPosting.Status.PUBLISHED:
        changes["published_at"] = timezone.now()
    posting = transition(
        posting,
        to=status,
        by=by,
        verb="job.status_changed",
        scope=posting.organisation,
        note=note,
        changes=changes,
    )
    context = {
        "title": posting.title,
        "organisation": posting.organisation.name,
        "by": by.full_name,
        "note": note,
    }
    if status == JobPosting.Status.SUBMITTED:
        notify("job.submitted", target=posting, recipients=approvers_of(posting), context=context)
    elif deciding:
        event = "job.published" if status == JobPosting.Status.PUBLISHED else "job.returned"
        notify(event, target=posting, recipients=[posting.submitted_by], context=context)
    return posting


def approvers_of(posting: JobPosting) -> list[User]:
    """The people who may approve a submitted posting (its body's approvers, not whoever asked)."""
    people = User.objects.filter(
        memberships__role=approving_role(posting.organisation),
        memberships__organisation=posting.organisation,
        is_active=True,
    ).exclude(pk=posting.submitted_by_id)
    return list(people.distinct())
