"""The talent pool: skill taxonomies (as data), talent profiles, skills with history, and capacity."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.dates import fiscal_year
from portal.models import Organisation, Role
from portal.workflow import Workflow
from talentpool.search import fold


class TalentPoolError(Exception):
    """A rule of the talent pool refused the change; str(error) is a message for the user."""


class Taxonomy(models.TextChoices):
    DSS_P = "dss_p", _("DX推進スキル標準（DSS-P）")
    MIC = "mic", _("自治体DX推進のための外部人材スキル標準（総務省）")


class Named(models.Model):
    """Reference rows with a Japanese and an English name, shown in the reader's language."""

    code = models.SlugField(_("コード"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("名称（英語）"), max_length=200)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name_en if (get_language() or "ja").startswith("en") and self.name_en else self.name


class SkillType(Named):
    """A DSS-P 人材類型, or the MIC standard's group of 人材像."""

    taxonomy = models.CharField(_("スキル標準"), max_length=10, choices=Taxonomy)

    class Meta(Named.Meta):
        verbose_name = _("人材類型")
        verbose_name_plural = _("人材類型")


class SkillRole(Named):
    """A DSS-P ロール or an MIC 人材像: what a talent's proficiency is rated on."""

    type = models.ForeignKey(
        SkillType, verbose_name=_("人材類型"), on_delete=models.PROTECT, related_name="roles"
    )

    class Meta(Named.Meta):
        verbose_name = _("ロール")
        verbose_name_plural = _("ロール")


class SupportTheme(Named):
    """A theme a municipality asks help for (標準化, 窓口DX, 生成AI …)."""

    class Meta(Named.Meta):
        verbose_name = _("支援テーマ")
        verbose_name_plural = _("支援テーマ")


class ProficiencyLevel(models.Model):
    level = models.PositiveSmallIntegerField(
        _("レベル"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    name = models.CharField(_("名称"), max_length=50)
    name_en = models.CharField(_("名称（英語）"), max_length=50)
    description = models.TextField(_("説明"))
    description_en = models.TextField(_("説明（英語）"))

    class Meta:
        verbose_name = _("習熟度")
        verbose_name_plural = _("習熟度")
        ordering = ["level"]
        constraints = [
            models.CheckConstraint(name="proficiency_level_1_to_4", condition=Q(level__gte=1, level__lte=4))
        ]

    def __str__(self) -> str:
        english = (get_language() or "ja").startswith("en")
        return f"{self.level} {self.name_en if english else self.name}"


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
            published = Q(status=Talent.Status.PUBLISHED)
            visible |= published & (Q(prefecture_id__in=home) | Q(shared_across_prefectures=True))
        return self.filter(visible)

    def published(self):
        """Profiles open to the pool's users."""
        return self.filter(status=Talent.Status.PUBLISHED)

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

    def for_search_page(self, months: list[datetime.date]):
        """Cards need skills with levels, themes, and the free days of the shown months."""
        return self.select_related("prefecture").prefetch_related(
            models.Prefetch(
                "skills", queryset=TalentSkill.objects.select_related("role", "level").order_by("role__order")
            ),
            "themes",
            models.Prefetch(
                "capacity", queryset=CapacityMonth.objects.with_booked_days().filter(month__in=months)
            ),
        )


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
    photo = models.CharField(_("写真"), max_length=200, blank=True, editable=False)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TalentQuerySet.as_manager()

    class Meta:
        verbose_name = _("デジタル人材")
        verbose_name_plural = _("デジタル人材")
        ordering = ["name_kana", "display_name"]

    def __str__(self) -> str:
        return self.display_name

    def refresh_search_text(self) -> None:
        """Recompute the folded text the search matches (names, introduction, skills, themes)."""
        parts = [
            self.display_name,
            self.name_kana,
            self.introduction,
            self.certifications,
            self.affiliation_name,
            self.languages,
        ]
        if self.pk:
            parts += [f"{s.role.name} {s.role.name_en}" for s in self.skills.select_related("role")]
            parts += [f"{t.name} {t.name_en}" for t in self.themes.all()]
        self.search_text = fold(" ".join(parts))
        if self.pk:
            Talent.objects.filter(pk=self.pk).update(search_text=self.search_text)

    def free_days_in(self, months: list[datetime.date]) -> list[tuple[datetime.date, Decimal]]:
        """Free days per month from the prefetched capacity (see for_search_page); negative if overbooked."""
        free = {c.month: c.free_days for c in self.capacity.all()}
        return [(month, free.get(month, Decimal(0))) for month in months]


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


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


DAYS = models.DecimalField(max_digits=6, decimal_places=1)
NO_DAYS = models.Value(Decimal(0), output_field=DAYS)


class CapacityError(TalentPoolError):
    """A booking or an edit would take a month's booked days past the days the talent can give."""


class CapacityMonthQuerySet(models.QuerySet):
    def with_booked_days(self):
        """Annotate booked_days (the ledger's sum for the row's talent and month) and free_days.

        The one place free days are computed: available minus booked, negative when a month is
        overbooked (shown as an error, never clamped), so every page and filter agrees.
        """
        booked = (
            CapacityBooking.objects.filter(talent=models.OuterRef("talent"), month=models.OuterRef("month"))
            .values("talent")
            .annotate(total=models.Sum("days"))
            .values("total")
        )
        return self.annotate(
            booked_days=models.functions.Coalesce(models.Subquery(booked, output_field=DAYS), NO_DAYS)
        ).annotate(
            free_days=models.ExpressionWrapper(models.F("contracted_days") - models.F("booked_days"), DAYS)
        )


class CapacityMonth(models.Model):
    """Days a talent can give in one month; booked days are summed from the CapacityBooking ledger.

    Booked never exceeds these days: services lock this row before they book or edit it, and the
    database checks it again (the constraint trigger of migration 0006).
    """

    talent = models.ForeignKey(Talent, on_delete=models.CASCADE, related_name="capacity")
    month = models.DateField(_("月"), help_text=_("月の初日"))
    contracted_days = models.DecimalField(
        _("稼働できる日数"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(31)],
    )
    note = models.CharField(_("備考"), max_length=200, blank=True, help_text=_("例：年次休暇、他業務"))

    objects = CapacityMonthQuerySet.as_manager()

    class Meta:
        verbose_name = _("月別の稼働可能日数")
        verbose_name_plural = _("月別の稼働可能日数")
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["talent", "month"], name="capacity_once_per_month"),
            models.CheckConstraint(name="capacity_first_of_month", condition=Q(month__day=1)),
            models.CheckConstraint(
                name="capacity_days_in_range", condition=Q(contracted_days__gte=0, contracted_days__lte=31)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.talent} {self.month:%Y-%m}: {self.contracted_days}"

    @property
    def fiscal_year(self) -> int:
        return fiscal_year(self.month)


class CapacityBooking(models.Model):
    """Days of a talent's month taken by something: the ledger the dispatch workflow books into.

    `source` names what booked the days ("dispatch:123") until that thing is a model. Dispatch adds,
    in its own migration, `assignment = models.ForeignKey("talentpool.Assignment", null=True,
    on_delete=models.PROTECT, related_name="bookings")`, fills it from `source`, and books through
    `services.book_capacity` (which takes the month row's lock). Rows are only ever inserted by that
    service; the database refuses any row that takes the month past its available days.
    """

    talent = models.ForeignKey(Talent, on_delete=models.CASCADE, related_name="bookings")
    month = models.DateField(_("月"))
    days = models.DecimalField(_("日数"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0)])
    source = models.CharField(_("予約元"), max_length=100, help_text=_("予約した派遣など。例：dispatch:123"))
    note = models.CharField(_("備考"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("稼働の予約")
        verbose_name_plural = _("稼働の予約")
        constraints = [
            models.CheckConstraint(name="booking_first_of_month", condition=Q(month__day=1)),
            models.CheckConstraint(name="booking_days_positive", condition=Q(days__gt=0)),
            models.UniqueConstraint(fields=["talent", "month", "source"], name="booking_once_per_source"),
        ]

    def __str__(self) -> str:
        return f"{self.talent_id} {self.month:%Y-%m}: {self.days} ({self.source})"


class VendorQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The registry is open to everyone signed in for an organisation (and site admins)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.role_memberships:
            return self
        return self.none()


class Vendor(models.Model):
    """A local vendor or civic-tech group a prefecture lists as able to help municipalities."""

    class Kind(models.TextChoices):
        VENDOR = "vendor", _("地場ベンダー")
        CIVIC_TECH = "civic_tech", _("シビックテック")

    prefecture = models.ForeignKey(
        Organisation,
        verbose_name=_("都道府県"),
        on_delete=models.PROTECT,
        related_name="vendors",
        limit_choices_to={"kind": Organisation.Kind.PREFECTURE},
    )
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("種別"), max_length=12, choices=Kind.choices)
    website = models.URLField(_("ウェブサイト"), blank=True)
    email = models.EmailField(_("連絡先メールアドレス"), blank=True)
    phone = models.CharField(_("電話番号"), max_length=30, blank=True)
    description = models.TextField(_("概要"), blank=True)
    roles = models.ManyToManyField(
        SkillRole, verbose_name=_("対応できるロール"), blank=True, related_name="+"
    )
    themes = models.ManyToManyField(
        SupportTheme, verbose_name=_("対応できるテーマ"), blank=True, related_name="+"
    )
    unified_qualification = models.BooleanField(_("全省庁統一資格あり"), default=False)
    dmp_listed = models.BooleanField(_("DMP（デジタルマーケットプレイス）掲載"), default=False)
    search_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    objects = VendorQuerySet.as_manager()

    class Meta:
        verbose_name = _("地場ベンダー・シビックテック")
        verbose_name_plural = _("地場ベンダー・シビックテック")
        ordering = ["prefecture__lg_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["prefecture", "name"], name="vendor_name_once_per_prefecture")
        ]

    def __str__(self) -> str:
        return self.name

    def refresh_search_text(self) -> None:
        """Recompute the folded text the registry search matches."""
        parts = [self.name, self.description]
        parts += [f"{r.name} {r.name_en}" for r in self.roles.all()]
        parts += [f"{t.name} {t.name_en}" for t in self.themes.all()]
        self.search_text = fold(" ".join(parts))
        Vendor.objects.filter(pk=self.pk).update(search_text=self.search_text)


from talentpool.jobs import JobPosting, JobPostingRole  # noqa: E402,F401 - models of this app live in two modules
