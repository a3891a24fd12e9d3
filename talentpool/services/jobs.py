"""Job descriptions (求人票): drafting, and the approval workflow."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import record
from portal.models import User
from portal.workflow import require_another_person
from talentpool import permissions
from talentpool.models import JobPosting, JobPostingRole, ProficiencyLevel, SkillRole, TalentPoolError


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
