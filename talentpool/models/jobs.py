"""Job descriptions (求人票) in MIC's unified format, drafted by a body and published by its approver."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation, Role
from portal.workflow import Action, Workflow
from talentpool.exceptions import TalentPoolError
from talentpool.models.taxonomy import ProficiencyLevel, SkillRole


class JobPostingQuerySet(models.QuerySet):
    def published(self):
        """Postings open to everyone, including the public (open data)."""
        return self.filter(status=JobPosting.Status.PUBLISHED)

    def visible_to(self, user):
        """Published postings for everyone; others to the body's people and its prefecture's coordinators."""
        published = Q(status=JobPosting.Status.PUBLISHED)
        if not user.is_authenticated:
            return self.filter(published)
        if user.is_superuser:
            return self
        own = user.scope_ids(*JobPosting.DRAFTING_ROLES, *JobPosting.APPROVING_ROLES)
        coordinated = user.scope_ids(Role.PREFECTURE_COORDINATOR)
        return self.filter(
            published | Q(organisation_id__in=own) | Q(organisation__prefecture_id__in=coordinated)
        )

    def awaiting_approval_by(self, user):
        """Submitted postings this user may approve: their bodies' approver, not the one who asked."""
        if not user.is_authenticated:
            return self.none()
        waiting = self.filter(status=JobPosting.Status.SUBMITTED).exclude(submitted_by=user)
        if user.is_superuser:
            return waiting
        # approving_role() for many rows at once: a prefecture's postings need its own approver.
        prefecture = Q(organisation__kind=Organisation.Kind.PREFECTURE)
        return waiting.filter(
            (~prefecture & Q(organisation_id__in=user.scope_ids(Role.MUNICIPAL_APPROVER)))
            | (prefecture & Q(organisation_id__in=user.scope_ids(Role.PREFECTURE_APPROVER)))
        )

    def for_list_page(self):
        return self.select_related("organisation", "organisation__prefecture").prefetch_related(
            models.Prefetch("roles_sought", queryset=JobPostingRole.objects.select_related("role", "level"))
        )


def approving_role(organisation: Organisation) -> str:
    """Who approves a body's postings (庁内決裁): a prefecture's own approver, or a municipality's."""
    return Role.PREFECTURE_APPROVER if organisation.is_prefecture else Role.MUNICIPAL_APPROVER


class JobPosting(Workflow, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("下書き")
        SUBMITTED = "submitted", _("承認待ち")
        PUBLISHED = "published", _("公開中")
        CLOSED = "closed", _("募集終了")

    MOVES = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.PUBLISHED, Status.DRAFT},
        Status.PUBLISHED: {Status.CLOSED},
        Status.CLOSED: {Status.DRAFT},
    }
    ACTIONS = (
        Action(
            Status.DRAFT,
            Status.SUBMITTED,
            _("承認を依頼する"),
            "talentpool.permissions.can_submit_job",
            primary=True,
            done_message=_("求人票の承認を依頼しました。承認者に通知しました。"),
        ),
        Action(
            Status.SUBMITTED,
            Status.PUBLISHED,
            _("承認して公開する"),
            "talentpool.permissions.can_approve_job",
            primary=True,
            done_message=_("求人票を承認して公開しました。依頼した人に通知しました。"),
        ),
        Action(
            Status.SUBMITTED,
            Status.DRAFT,
            _("差し戻す"),
            "talentpool.permissions.can_approve_job",
            needs_reason=True,
            done_message=_("求人票を差し戻しました。依頼した人に理由を通知しました。"),
        ),
        Action(
            Status.PUBLISHED,
            Status.CLOSED,
            _("募集を終了する"),
            "talentpool.permissions.can_close_job",
            done_message=_("求人票の募集を終了しました。"),
        ),
        Action(
            Status.CLOSED,
            Status.DRAFT,
            _("下書きに戻す"),
            "talentpool.permissions.can_close_job",
            done_message=_("求人票を下書きに戻しました。"),
        ),
    )
    move_error = TalentPoolError
    refused_move_message = _("この求人票は「%(from)s」から「%(to)s」に変更できません。")
    DRAFTING_ROLES = (Role.MUNICIPAL_STAFF, Role.MUNICIPAL_APPROVER, Role.PREFECTURE_COORDINATOR)
    APPROVING_ROLES = (Role.MUNICIPAL_APPROVER, Role.PREFECTURE_APPROVER)

    class Appointment(models.TextChoices):
        FULL_TIME = "full_time", _("常勤")
        PART_TIME = "part_time", _("非常勤")
        CONTRACT = "contract", _("業務委託")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("募集する団体"), on_delete=models.PROTECT, related_name="job_postings"
    )
    title = models.CharField(_("役職"), max_length=200, help_text=_("例：DX推進アドバイザー（CIO補佐官）"))
    duties = models.TextField(_("業務内容"))
    conditions = models.TextField(_("勤務条件"), help_text=_("勤務日数・時間、勤務地、報酬、任期など"))
    appointment = models.CharField(_("任用形態"), max_length=12, choices=Appointment.choices)
    joint_appointment = models.BooleanField(_("複数団体による共同任用"), default=False)
    remote_allowed = models.BooleanField(_("リモート勤務可"), default=False)
    side_job_allowed = models.BooleanField(_("副業・兼業可"), default=False)
    status = models.CharField(_("状態"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Who last asked for approval: they may not approve or return it themselves.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承認を依頼した人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(_("公開日時"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JobPostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("求人票")
        verbose_name_plural = _("求人票")
        ordering = ["-published_at", "-pk"]
        # The job list: published postings, newest first, 30 a page (see docs/performance.md).
        indexes = [models.Index(fields=["status", "-published_at", "id"], name="job_status_published")]
        constraints = [
            models.CheckConstraint(
                name="job_published_has_date",
                condition=~Q(status="published") | Q(published_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.title}"


class JobPostingRole(models.Model):
    """A DSS-P/MIC role a posting seeks, with the minimum level."""

    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="roles_sought")
    role = models.ForeignKey(SkillRole, verbose_name=_("ロール"), on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(
        ProficiencyLevel, verbose_name=_("習熟度"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["posting", "role"], name="job_role_once")]

    def __str__(self) -> str:
        return f"{self.role} ≥ {self.level}"
