"""Organisations (local governments, national bodies, associations, councils) and their frameworks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.exceptions import PortalError
from portal.workflow import Action, Workflow

if TYPE_CHECKING:
    from portal.models.accounts import User


DX_STAFF_MAX = 9999


def lg_check_digit(first_five: str) -> int:
    """The check digit of a 全国地方公共団体コード: s = 6a+5b+4c+3d+2e; (11 − s mod 11) mod 10."""
    total = sum(int(digit) * weight for digit, weight in zip(first_five, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


def validate_lg_code(value: str) -> None:
    if len(value) != 6 or not value.isascii() or not value.isdigit():
        raise ValidationError(_("地方公共団体コードは6桁の数字です。"), code="format")
    if not 1 <= int(value[:2]) <= 47:
        raise ValidationError(
            _("地方公共団体コードの都道府県部分（先頭2桁）は01〜47です。"), code="prefecture"
        )
    if lg_check_digit(value[:5]) != int(value[5]):
        raise ValidationError(_("地方公共団体コードの検査数字が一致しません。"), code="check_digit")


class OrganisationQuerySet(models.QuerySet):
    def prefectures(self):
        """The 47 prefectures, in code order."""
        return self.filter(kind=Organisation.Kind.PREFECTURE).order_by("lg_code")

    def municipalities(self):
        """市町村 and 特別区: the bodies whose staff use the portal (wards belong to their city)."""
        return self.filter(kind__in=Organisation.MUNICIPAL_KINDS)

    def local_governments(self):
        """Prefectures and municipalities (no wards, no national bodies)."""
        return self.filter(kind__in=[Organisation.Kind.PREFECTURE, *Organisation.MUNICIPAL_KINDS])

    def ids_in_prefectures(self, prefecture_ids) -> list[int]:
        """Primary keys of every body of these prefectures, kept for the cache's timeout (the map of
        local governments changes by a reference-data load, a few times a year): scoping a queue by
        a constant list lets PostgreSQL combine it with other indexed conditions."""
        from django.core.cache import caches

        key = "organisations-in:" + ",".join(str(pk) for pk in sorted(prefecture_ids))
        found = caches["fragments"].get(key)
        if found is None:
            found = list(
                self.filter(prefecture_id__in=prefecture_ids).order_by("pk").values_list("pk", flat=True)
            )
            caches["fragments"].set(key, found)
        return found

    def in_prefecture(self, prefecture: Organisation):
        """The prefecture itself and every body whose prefecture it is."""
        return self.filter(Q(pk=prefecture.pk) | Q(prefecture=prefecture))

    def managed_by(self, user: User):
        """Organisations whose memberships the user may manage (invite, revoke)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.exclude(kind=Organisation.Kind.WARD)
        from portal.models.accounts import Role

        prefecture_ids = user.scope_ids(Role.PREFECTURE_COORDINATOR)
        council_ids = user.scope_ids(Role.COUNCIL_SECRETARIAT)
        return self.filter(
            Q(pk__in=prefecture_ids)
            | Q(prefecture_id__in=prefecture_ids, kind__in=Organisation.MUNICIPAL_KINDS)
            | Q(pk__in=council_ids)
        )

    def municipalities_listed_under(self, organisation: Organisation):
        """A prefecture's municipalities with their latest population, for its page (none otherwise)."""
        if not organisation.is_prefecture:
            return self.none()
        return (
            self.municipalities().filter(prefecture=organisation).with_latest_population().order_by("lg_code")
        )

    def with_latest_population(self):
        """Annotate population and its reference date from the latest import (one query)."""
        latest = Population.objects.filter(organisation=models.OuterRef("pk")).order_by("-reference_date")
        return self.annotate(
            population_value=models.Subquery(latest.values("population")[:1]),
            population_date=models.Subquery(latest.values("reference_date")[:1]),
        )


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PREFECTURE = "prefecture", _("都道府県")
        DESIGNATED_CITY = "designated_city", _("政令指定都市")
        CITY = "city", _("市")
        TOWN = "town", _("町")
        VILLAGE = "village", _("村")
        SPECIAL_WARD = "special_ward", _("特別区")
        WARD = "ward", _("行政区")
        NATIONAL = "national", _("国の機関")
        ASSOCIATION = "association", _("地方六団体等")
        COUNCIL = "council", _("協議会")

    MUNICIPAL_KINDS = (Kind.DESIGNATED_CITY, Kind.CITY, Kind.TOWN, Kind.VILLAGE, Kind.SPECIAL_WARD)
    LOCAL_KINDS = (Kind.PREFECTURE, *MUNICIPAL_KINDS, Kind.WARD)

    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices)
    lg_code = models.CharField(
        _("地方公共団体コード"),
        max_length=6,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_lg_code],
    )
    name = models.CharField(_("名称"), max_length=100)
    name_kana = models.CharField(_("名称（かな）"), max_length=200, blank=True)
    name_en = models.CharField(_("名称（英語）"), max_length=200, blank=True)
    prefecture = models.ForeignKey(
        "self",
        verbose_name=_("都道府県"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members_of_prefecture",
        limit_choices_to={"kind": Kind.PREFECTURE},
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上位団体"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("行政区は政令指定都市、市区町村は都道府県。"),
    )
    latitude = models.DecimalField(_("緯度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("経度"), max_digits=9, decimal_places=6, null=True, blank=True)
    # As reported by the body (empty = not reported); the waitlist puts one-person-IT bodies first.
    dx_staff_count = models.PositiveSmallIntegerField(
        _("DX・情報担当職員数"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(DX_STAFF_MAX)],
    )
    dx_staff_as_of = models.DateField(_("DX・情報担当職員数の基準日"), null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("団体")
        verbose_name_plural = _("団体")
        ordering = ["lg_code", "name"]
        constraints = [
            models.CheckConstraint(
                name="organisation_local_has_code",
                condition=~Q(
                    kind__in=[
                        "prefecture",
                        "designated_city",
                        "city",
                        "town",
                        "village",
                        "special_ward",
                        "ward",
                    ]
                )
                | Q(lg_code__isnull=False),
            ),
            models.CheckConstraint(
                name="organisation_prefecture_has_no_prefecture",
                condition=~Q(kind="prefecture") | Q(prefecture__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["kind", "name"],
                condition=Q(lg_code__isnull=True),
                name="organisation_unique_name_without_code",
            ),
            models.CheckConstraint(
                name="organisation_dx_staff_in_range",
                condition=Q(dx_staff_count__isnull=True)
                | Q(dx_staff_count__gte=0, dx_staff_count__lte=DX_STAFF_MAX),
            ),
            models.CheckConstraint(
                name="organisation_dx_staff_has_date",
                condition=Q(dx_staff_count__isnull=True, dx_staff_as_of__isnull=True)
                | Q(dx_staff_count__isnull=False, dx_staff_as_of__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind in self.LOCAL_KINDS and not self.lg_code:
            raise ValidationError({"lg_code": _("地方公共団体には地方公共団体コードが必要です。")})
        if self.kind not in self.LOCAL_KINDS and self.lg_code:
            raise ValidationError(
                {"lg_code": _("国の機関・団体・協議会には地方公共団体コードを付けません。")}
            )
        if (self.dx_staff_count is None) != (self.dx_staff_as_of is None):
            raise ValidationError(
                {
                    "dx_staff_as_of": _(
                        "DX・情報担当職員数と基準日は、両方を入力するか両方を空欄にしてください。"
                    )
                }
            )

    @property
    def display_name(self) -> str:
        """The name in the active language: the English (romanised) form in English, when there is one."""
        if self.name_en and (get_language() or "ja").startswith("en"):
            return self.name_en
        return self.name

    @property
    def is_prefecture(self) -> bool:
        return self.kind == self.Kind.PREFECTURE

    @property
    def is_municipality(self) -> bool:
        return self.kind in self.MUNICIPAL_KINDS

    @property
    def is_council(self) -> bool:
        return self.kind == self.Kind.COUNCIL

    @property
    def governing_prefecture(self) -> Organisation | None:
        """The prefecture this body belongs to (itself for a prefecture)."""
        return self if self.is_prefecture else self.prefecture


class Population(models.Model):
    """住民基本台帳人口 of one body at one reference date, as imported (never invented)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("団体"), on_delete=models.CASCADE, related_name="populations"
    )
    reference_date = models.DateField(_("基準日"))
    population = models.PositiveIntegerField(_("人口"))
    source = models.ForeignKey(
        "PopulationImport", verbose_name=_("取込"), on_delete=models.PROTECT, related_name="records"
    )

    class Meta:
        verbose_name = _("人口")
        verbose_name_plural = _("人口")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference_date"], name="population_one_per_date")
        ]
        ordering = ["-reference_date"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.reference_date}: {self.population}"


class PopulationImportQuerySet(models.QuerySet):
    def for_list_page(self):
        """Recent imports with their prefecture and uploader."""
        return self.select_related("prefecture", "uploaded_by")

    def visible_to(self, user: User):
        """Imports the user made or that cover their prefecture; everything for a site admin."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        from portal.models.accounts import Role

        return self.filter(
            Q(uploaded_by=user) | Q(prefecture_id__in=user.scope_ids(Role.PREFECTURE_COORDINATOR))
        )


class PopulationImport(Workflow, models.Model):
    """One uploaded population file: parsed into rows, previewed, then applied whole or not at all.

    Row errors are stored as codes with parameters and worded when shown, in the reader's language.
    """

    ROW_ERRORS = {
        "unknown_code": _("団体コード「%(code)s」は登録されていません。"),
        "out_of_scope": _("%(name)sは取込の対象範囲外です。"),
        "duplicate": _("%(line)d行目と団体コードが重複しています。"),
        "not_a_number": _("人口「%(value)s」は0以上の整数ではありません。"),
        "empty": _("人口が空欄です。"),
    }

    class Status(models.TextChoices):
        PREVIEW = "preview", _("確認待ち")
        APPLIED = "applied", _("取込済み")
        DISCARDED = "discarded", _("破棄")

    MOVES = {Status.PREVIEW: {Status.APPLIED, Status.DISCARDED}}
    ACTIONS = (
        Action(
            Status.PREVIEW,
            Status.APPLIED,
            _("取り込む"),
            "portal.permissions.can_handle_import",
            primary=True,
            done_message=_("人口を取り込みました。"),
        ),
        Action(
            Status.PREVIEW,
            Status.DISCARDED,
            _("破棄する"),
            "portal.permissions.can_handle_import",
            done_message=_("取込を破棄しました。"),
        ),
    )
    refused_move_message = _("この取込は「%(from)s」から「%(to)s」に進められません。")

    status = models.CharField(_("状態"), max_length=20, choices=Status.choices, default=Status.PREVIEW)
    reference_date = models.DateField(_("基準日"))
    prefecture = models.ForeignKey(
        Organisation,
        verbose_name=_("対象都道府県"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("空欄は全国（サイト管理者のみ）。"),
    )
    file_name = models.CharField(_("ファイル名"), max_length=255)
    rows = models.JSONField(_("行"), default=list)
    uploaded_by = models.ForeignKey(
        "portal.User", verbose_name=_("取込者"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    applied_at = models.DateTimeField(_("反映日時"), null=True, blank=True)

    objects = PopulationImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("人口取込")
        verbose_name_plural = _("人口取込")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.reference_date})"

    def is_visible_to(self, user: User) -> bool:
        """The same rule as PopulationImportQuerySet.visible_to, for one loaded row."""
        from portal.models.accounts import Role

        return user.is_authenticated and (
            user.is_superuser
            or self.uploaded_by_id == user.pk
            or self.prefecture_id in user.scope_ids(Role.PREFECTURE_COORDINATOR)
        )

    def display_rows(self, rows: list[dict] | None = None) -> list[dict]:
        """Rows (all, or the given ones) with their error messages worded in the active language."""
        return [
            {
                **row,
                "messages": [str(self.ROW_ERRORS[e["code"]]) % e["params"] for e in row.get("errors", [])],
            }
            for row in (self.rows if rows is None else rows)
        ]

    def rows_errors_first(self) -> list[dict]:
        """Rows with errors first, each group in file order: what the reviewer must fix comes first."""
        return sorted(self.rows, key=lambda row: (not row.get("errors"), row["line"]))

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.get("errors"))

    @property
    def valid_count(self) -> int:
        return sum(1 for row in self.rows if not row.get("errors"))

    @property
    def can_apply(self) -> bool:
        return self.status == self.Status.PREVIEW and self.rows and not self.error_count


class RegionalFrameworkQuerySet(models.QuerySet):
    def for_status_map(self):
        """Every framework with its prefecture and member count, for the national status table."""
        # Meta.ordering is ignored once the query aggregates, so order explicitly (JIS prefecture order).
        return (
            self.select_related("prefecture")
            .annotate(member_count=models.Count("members", filter=Q(members__left_on__isnull=True)))
            .order_by("prefecture__lg_code")
        )


class RegionalFramework(Workflow, models.Model):
    """地域DX推進体制 of one prefecture."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("未着手")
        BUILDING = "building", _("構築中")
        OPERATING = "operating", _("運用中")

    MOVES = {
        Status.NOT_STARTED: {Status.BUILDING},
        Status.BUILDING: {Status.OPERATING, Status.NOT_STARTED},
        Status.OPERATING: {Status.BUILDING},
    }
    ACTIONS = (
        Action(
            Status.NOT_STARTED,
            Status.BUILDING,
            _("構築を始める"),
            "portal.permissions.can_edit_framework",
            primary=True,
            done_message=_("体制を「構築中」にしました。"),
        ),
        Action(
            Status.BUILDING,
            Status.OPERATING,
            _("運用を開始する"),
            "portal.permissions.can_edit_framework",
            primary=True,
            done_message=_("体制を「運用中」にしました。"),
        ),
        Action(
            Status.BUILDING,
            Status.NOT_STARTED,
            _("未着手に戻す"),
            "portal.permissions.can_edit_framework",
            needs_reason=True,
            done_message=_("体制を「未着手」に戻しました。"),
        ),
        Action(
            Status.OPERATING,
            Status.BUILDING,
            _("構築中に戻す"),
            "portal.permissions.can_edit_framework",
            needs_reason=True,
            done_message=_("体制を「構築中」に戻しました。"),
        ),
    )
    refused_move_message = _("体制の状況は「%(from)s」から「%(to)s」に変更できません。")

    prefecture = models.OneToOneField(
        Organisation,
        verbose_name=_("都道府県"),
        on_delete=models.PROTECT,
        related_name="framework",
        limit_choices_to={"kind": Organisation.Kind.PREFECTURE},
    )
    name = models.CharField(_("体制の名称"), max_length=200, blank=True)
    status = models.CharField(_("状況"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    has_talent_pool = models.BooleanField(_("人材プールあり"), default=False)
    established_on = models.DateField(_("設置日"), null=True, blank=True)
    secretariat_unit = models.CharField(_("事務局（担当部署）"), max_length=200, blank=True)
    description = models.TextField(_("概要"), blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = RegionalFrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("地域DX推進体制")
        verbose_name_plural = _("地域DX推進体制")
        ordering = ["prefecture__lg_code"]
        constraints = [
            models.CheckConstraint(
                name="framework_operating_has_established_date",
                condition=~Q(status="operating") | Q(established_on__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.name or str(_("%(prefecture)sの地域DX推進体制") % {"prefecture": self.prefecture})

    def check_move(self, status: str) -> None:
        if status == self.Status.OPERATING and not self.established_on:
            raise PortalError(_("運用中にするには設置日を入力してください。"))


class FrameworkMember(models.Model):
    """A municipality's opt-in membership of its prefecture's framework."""

    framework = models.ForeignKey(
        RegionalFramework, verbose_name=_("体制"), on_delete=models.CASCADE, related_name="members"
    )
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("市区町村"),
        on_delete=models.PROTECT,
        related_name="framework_memberships",
    )
    joined_on = models.DateField(_("参加日"))
    left_on = models.DateField(_("脱退日"), null=True, blank=True)

    class Meta:
        verbose_name = _("体制参加団体")
        verbose_name_plural = _("体制参加団体")
        ordering = ["municipality__lg_code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "municipality"], name="framework_member_once"),
            models.CheckConstraint(
                name="framework_member_left_after_join",
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} ({self.joined_on})"

    def clean(self) -> None:
        if self.municipality_id and self.framework_id:
            if self.municipality.prefecture_id != self.framework.prefecture_id:
                raise ValidationError(
                    {"municipality": _("体制に参加できるのは、その都道府県内の市区町村だけです。")}
                )
            if not self.municipality.is_municipality:
                raise ValidationError({"municipality": _("体制に参加できるのは市区町村だけです。")})
