"""Job descriptions (求人票) in MIC's unified format, drafted by a body and published by its approver."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation, Role
from portal.workflow import Workflow
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

    def for_list_page(self):
        return self.select_related("organisation", "organisation__prefecture").prefetch_related(
            models.Prefetch("roles_sought", queryset=JobPostingRole.objects.select_related("role", "level"))
        )


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
