"""Talent profiles, their skills with history, and their trainings."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation, Role
from portal.textsearch import GRAMS_FIELD, Grams, fold
from portal.workflow import Action, Workflow
from talentpool.exceptions import TalentPoolError
from talentpool.models.capacity import NO_DAYS, CapacityMonth, first_of_month
from talentpool.models.taxonomy import ProficiencyLevel, SkillRole, SupportTheme
from talentpool.photos import photo_upload_to


class TalentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coordinators and approvers see their pool; a talent sees their own profile; people of a
        prefecture's local governments see its published profiles, and other prefectures' shared ones."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        visible = Q(prefecture_id__in=user.scope_ids(Role.PREFECTURE_COORDINATOR, Role.PREFECTURE_APPROVER))
        visible |= Q(user=user)
        home = {
            m.organisation.governing_prefecture.pk
            for m in user.role_memberships
            if m.organisation.kind in Organisation.LOCAL_KINDS
        }
        if home:
            from talentpool.models.sharing import TalentSharing

            # Open to every prefecture's browsing, or lent to this prefecture by name for dispatch
            # (so a lent talent can be found and nominated, not only matched).
            lent = TalentSharing.objects.filter(prefecture_id__in=home).values("talent_id")
            published = Q(status=Talent.Status.PUBLISHED)
            visible |= published & (
                Q(prefecture_id__in=home) | Q(shared_across_prefectures=True) | Q(pk__in=lent)
            )
        return self.filter(visible)

    def published(self):
        """Profiles open to the pool's users."""
        return self.filter(status=Talent.Status.PUBLISHED)

    def dispatchable_to(self, prefecture_id: int):
        """Talents a prefecture's municipalities may be matched with: its own pool, and talents other
        prefectures share with it by name (a subquery, so a talent shared widely is not repeated)."""
        from talentpool.models.sharing import TalentSharing

        shared = TalentSharing.objects.filter(prefecture_id=prefecture_id).values("talent_id")
        return self.filter(Q(prefecture_id=prefecture_id) | Q(pk__in=shared))

    def with_free_days(self, first: datetime.date, last: datetime.date):
        """Annotate free_days: the months first..last (inclusive) summed by CapacityMonth's one rule."""
        months = Q(month__gte=first_of_month(first), month__lte=first_of_month(last))
        free = (
            CapacityMonth.objects.with_booked_days()
            .filter(months, talent=models.OuterRef("pk"))
            .values("talent")
            .annotate(total=models.Sum("free_days"))
            .values("total")
        )
        return self.annotate(free_days=models.functions.Coalesce(models.Subquery(free), NO_DAYS))


class Talent(Workflow, models.Model):
    """A person in a prefecture's talent pool (デジタル人材)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("下書き")
        PUBLISHED = "published", _("公開中")
        RETIRED = "retired", _("登録終了")

    MOVES = {
        Status.DRAFT: {Status.PUBLISHED, Status.RETIRED},
        Status.PUBLISHED: {Status.DRAFT, Status.RETIRED},
        Status.RETIRED: {Status.DRAFT},
    }
    ACTIONS = (
        Action(
            Status.DRAFT,
            Status.PUBLISHED,
            _("公開する"),
            "talentpool.permissions.can_manage_talent",
            primary=True,
            done_message=_("プロフィールを公開しました。"),
        ),
        Action(
            Status.PUBLISHED,
            Status.DRAFT,
            _("公開を停止する"),
            "talentpool.permissions.can_manage_talent",
            done_message=_("プロフィールの公開を停止し、下書きに戻しました。"),
        ),
        Action(
            None,
            Status.RETIRED,
            _("登録を終了する"),
            "talentpool.permissions.can_manage_talent",
            needs_reason=True,
            done_message=_("人材の登録を終了しました。"),
        ),
        Action(
            Status.RETIRED,
            Status.DRAFT,
            _("下書きに戻す"),
            "talentpool.permissions.can_manage_talent",
            done_message=_("人材を下書きに戻しました。"),
        ),
    )
    move_error = TalentPoolError
    refused_move_message = _("この人材は「%(from)s」から「%(to)s」に変更できません。")

    class EmploymentForm(models.TextChoices):
        FIXED_TERM = "fixed_term", _("任期付職員")
        FISCAL_YEAR = "fiscal_year", _("会計年度任用職員")
        CONTRACT = "contract", _("業務委託")
        SIDE_JOB = "side_job", _("副業・兼業")
        SECONDED = "seconded", _("地域活性化起業人")
        MIC_ADVISER = "mic_adviser", _("地域情報化アドバイザー")

    class Affiliation(models.TextChoices):
        PREFECTURE = "prefecture", _("都道府県")
        VENDOR = "vendor", _("地場ベンダー")
        CIVIC_TECH = "civic_tech", _("シビックテック")
        NATIONAL = "national", _("国の人材リスト（自治体DXアクセラレータ等）")

    class WorkStyle(models.TextChoices):
        REMOTE = "remote", _("リモート")
        ON_SITE = "on_site", _("現地")
        BOTH = "both", _("リモート・現地とも可")

    prefecture = models.ForeignKey(
        Organisation,
        verbose_name=_("所属する人材プール"),
        on_delete=models.PROTECT,
        related_name="talents",
        limit_choices_to={"kind": Organisation.Kind.PREFECTURE},
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("利用者"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="talent_profile",
    )
    display_name = models.CharField(_("表示名"), max_length=100)
    name_kana = models.CharField(_("よみがな"), max_length=200, blank=True)
    status = models.CharField(_("状態"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    employment_form = models.CharField(_("任用・契約形態"), max_length=20, choices=EmploymentForm.choices)
    affiliation = models.CharField(_("所属区分"), max_length=20, choices=Affiliation.choices)
    affiliation_name = models.CharField(_("所属先"), max_length=200, blank=True)
    home_prefecture = models.ForeignKey(
        Organisation,
        verbose_name=_("居住地（都道府県）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Organisation.Kind.PREFECTURE},
    )
    work_style = models.CharField(
        _("支援の形"), max_length=10, choices=WorkStyle.choices, default=WorkStyle.BOTH
    )
    travel_areas = models.ManyToManyField(
        Organisation,
        verbose_name=_("訪問できる地域"),
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Organisation.Kind.PREFECTURE},
    )
    languages = models.CharField(_("対応言語"), max_length=200, blank=True, help_text=_("例：日本語、英語"))
    certifications = models.TextField(_("資格"), blank=True)
    introduction = models.TextField(_("自己紹介"), blank=True)
    themes = models.ManyToManyField(SupportTheme, verbose_name=_("支援できるテーマ"), blank=True)
    shared_across_prefectures = models.BooleanField(_("他の都道府県にも公開"), default=False)
    # On the default storage (MEDIA_ROOT, not served by any URL): only talentpool:talent-photo hands it out.
    photo = models.ImageField(
        _("写真"), upload_to=photo_upload_to, max_length=200, blank=True, editable=False
    )
    search_text = models.TextField(editable=False, default="")
    search_grams = models.GeneratedField(
        expression=Grams("search_text"), output_field=GRAMS_FIELD, db_persist=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TalentQuerySet.as_manager()

    class Meta:
        verbose_name = _("デジタル人材")
        verbose_name_plural = _("デジタル人材")
        ordering = ["name_kana", "display_name"]
        indexes = [
            # Keyword search (portal.textsearch): characters and pairs of the folded text.
            GinIndex(fields=["search_grams"], name="talent_search_grams"),
            # The search's default page: published profiles in よみがな order, first 20 (EXPLAIN in
            # docs/performance.md).
            models.Index(fields=["status", "name_kana", "id"], name="talent_status_kana"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def career_record(self) -> dict:
        """The printable career record: trainings, skill-level history and the dispatches booked."""
        from talentpool.models.dispatch import DispatchRequest

        return {
            "trainings": self.trainings.all(),
            "history": self.skill_history.select_related("role", "level", "changed_by"),
            "dispatches": self.assignments.filter(request__status__in=DispatchRequest.BOOKED)
            .select_related("request__municipality", "request__theme")
            .order_by("-start_date"),
        }

    def compute_search_text(self) -> str:
        """The folded text the search matches: names, introduction, skills and themes (with their
        names in both languages; skills and themes prefetched when rebuilding in bulk)."""
        parts = [
            self.display_name,
            self.name_kana,
            self.introduction,
            self.certifications,
            self.affiliation_name,
            self.languages,
        ]
        if self.pk:
            prefetched = "skills" in getattr(self, "_prefetched_objects_cache", {})
            skills = self.skills.all() if prefetched else self.skills.select_related("role")
            parts += [f"{s.role.name} {s.role.name_en}" for s in skills]
            parts += [f"{t.name} {t.name_en}" for t in self.themes.all()]
        return fold(" ".join(parts))

    def refresh_search_text(self) -> None:
        """Recompute search_text; a change also moves updated_at (search cards are cached by it)."""
        self.search_text = self.compute_search_text()
        if self.pk:
            self.updated_at = timezone.now()
            Talent.objects.filter(pk=self.pk).update(search_text=self.search_text, updated_at=self.updated_at)


class TalentSkill(models.Model):
    """A talent's current level in one role; every change is also kept in SkillLevelChange."""

    talent = models.ForeignKey(Talent, on_delete=models.CASCADE, related_name="skills")
    role = models.ForeignKey(SkillRole, verbose_name=_("ロール"), on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(
        ProficiencyLevel, verbose_name=_("習熟度"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("スキル")
        verbose_name_plural = _("スキル")
        constraints = [models.UniqueConstraint(fields=["talent", "role"], name="talent_skill_once")]

    def __str__(self) -> str:
        return f"{self.role} {self.level}"


class SkillLevelChange(models.Model):
    """History of a talent's level in a role (kept, never overwritten)."""

    talent = models.ForeignKey(Talent, on_delete=models.CASCADE, related_name="skill_history")
    role = models.ForeignKey(SkillRole, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(
        ProficiencyLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.talent_id} {self.role_id} → {self.level_id} ({self.changed_at:%Y-%m-%d})"


class Training(models.Model):
    talent = models.ForeignKey(Talent, on_delete=models.CASCADE, related_name="trainings")
    name = models.CharField(
        _("研修名"), max_length=200, help_text=_("例：実践的サイバー防御演習 CYDER コースB")
    )
    completed_on = models.DateField(_("修了日"))

    class Meta:
        verbose_name = _("研修")
        verbose_name_plural = _("研修")
        ordering = ["-completed_on"]

    def __str__(self) -> str:
        return self.name
