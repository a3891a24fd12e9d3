"""Dispatch (派遣): municipalities' requests (様式Ⅰ), the candidates proposed for them, and the
assignment an approval books capacity for."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from portal.dates import fiscal_year
from portal.models import Organisation, Role
from portal.workflow import Action, Workflow
from talentpool.exceptions import TalentPoolError
from talentpool.models.capacity import first_of_month
from talentpool.models.programmes import DispatchProgramme
from talentpool.models.taxonomy import ProficiencyLevel, SkillRole, SupportTheme


class DispatchRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The municipality's staff and approvers; the prefecture's coordinators and approvers once
        the municipality has sent it (its drafts stay its own), and the home prefecture of a talent it
        borrows; talents proposed for it or sent.

        Only the branches the person's roles need are asked, each on the request's own columns: an OR
        across joined tables would make PostgreSQL read every request of the country to show one
        prefecture's queue.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        from talentpool.models.talent import Talent

        visible = Q(pk__in=[])
        municipal = user.scope_ids(*DispatchRequest.MUNICIPAL_ROLES)
        if municipal:
            visible |= Q(municipality_id__in=municipal)
        pools = user.scope_ids(Role.PREFECTURE_COORDINATOR, Role.PREFECTURE_APPROVER)
        if pools:
            # The prefecture's bodies (a constant list) or its pool's talents lent elsewhere (the
            # request's own copy of the talent's prefecture): two index scans PostgreSQL ORs together.
            bodies = Organisation.objects.ids_in_prefectures(pools)
            visible |= Q(sent_at__isnull=False) & (
                Q(municipality_id__in=bodies) | Q(talent_prefecture_id__in=pools)
            )
        if any(m.role == Role.TALENT for m in user.role_memberships):
            own = Talent.objects.filter(user=user).values("pk")
            visible |= Q(talent_id__in=own) | Q(
                pk__in=Proposal.objects.filter(talent_id__in=own).values("request_id")
            )
        return self.filter(visible)

    def awaiting_home_consent(self, user):
        """Requests of other prefectures matched with a talent of this user's pool, waiting for the
        home prefecture's consent (its coordinators and approvers give it)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            DispatchRequest.NEEDS_HOME_CONSENT,
            talent_prefecture_id__in=user.scope_ids(Role.PREFECTURE_COORDINATOR, Role.PREFECTURE_APPROVER),
        )

    def awaiting(self, user):
        """Requests whose next step is this user's: the dashboards' 'your turn' list."""
        if not user.is_authenticated:
            return self.none()
        from talentpool.models.talent import Talent

        S = DispatchRequest.Status
        turn = Q(pk__in=[])  # only the branches this person's roles can have, on the request's columns
        municipal = user.scope_ids(*DispatchRequest.MUNICIPAL_ROLES)
        if municipal:
            turn |= Q(status=S.RETURNED, municipality_id__in=municipal)
            turn |= Q(status=S.REPORTING, report_filed_at__isnull=False, municipality_id__in=municipal)
            # Proposed candidates not yet ranked (some waiting, none asked): the municipality ranks them.
            open_proposals = Proposal.objects.filter(request=models.OuterRef("pk"))
            turn |= (
                Q(status=S.MATCHING, municipality_id__in=municipal)
                & Q(models.Exists(open_proposals.filter(status=Proposal.Status.WAITING)))
                & ~Q(models.Exists(open_proposals.filter(status=Proposal.Status.ASKED)))
            )
        approving_municipal = user.scope_ids(Role.MUNICIPAL_APPROVER)
        if approving_municipal:
            turn |= Q(status=S.SUBMITTED, municipality_id__in=approving_municipal) & ~Q(submitted_by=user)
        coordinated = user.scope_ids(Role.PREFECTURE_COORDINATOR)
        approving = user.scope_ids(Role.PREFECTURE_APPROVER)
        if coordinated:
            bodies = Organisation.objects.ids_in_prefectures(coordinated)
            turn |= Q(status__in=[S.SCREENING, S.MATCHING, S.WAITLISTED], municipality_id__in=bodies)
        if approving:
            # A talent lent by another prefecture: its home prefecture consents before the approver decides.
            bodies = Organisation.objects.ids_in_prefectures(approving)
            turn |= (
                Q(status=S.PENDING_APPROVAL, municipality_id__in=bodies)
                & ~Q(submitted_by=user)
                & ~DispatchRequest.NEEDS_HOME_CONSENT
            )
        if coordinated or approving:
            turn |= DispatchRequest.NEEDS_HOME_CONSENT & Q(talent_prefecture_id__in=coordinated | approving)
        if any(m.role == Role.TALENT for m in user.role_memberships):
            own = Talent.objects.filter(user=user).values("pk")
            asked = Proposal.objects.filter(talent_id__in=own, status=Proposal.Status.ASKED)
            turn |= Q(status=S.MATCHING, pk__in=asked.values("request_id"))
            turn |= Q(status=S.REPORTING, report_filed_at__isnull=True, talent_id__in=own)
        return self.filter(turn)

    def in_waitlist_order(self):
        """Waitlisted requests, one-person-IT municipalities first: fewest DX・情報担当職員 as the
        municipality reported them, or, when it has not, its municipal staff on the portal (the old
        proxy); then the smallest latest population; then the longest wait. Annotates every reason
        (waitlist_priority words them)."""
        from portal.models import Membership, Population

        population = Population.objects.filter(organisation=models.OuterRef("municipality")).order_by(
            "-reference_date"
        )
        staff = (
            Membership.objects.filter(
                organisation=models.OuterRef("municipality"), role__in=DispatchRequest.MUNICIPAL_ROLES
            )
            .values("organisation")
            .annotate(n=models.Count("user", distinct=True))
            .values("n")
        )
        return (
            self.filter(status=DispatchRequest.Status.WAITLISTED)
            .annotate(
                municipality_population=models.Subquery(population.values("population")[:1]),
                municipality_staff=models.functions.Coalesce(models.Subquery(staff), 0),
                municipality_dx_staff=F("municipality__dx_staff_count"),
                municipality_dx_staff_as_of=F("municipality__dx_staff_as_of"),
                waitlist_staff=models.functions.Coalesce(
                    F("municipality__dx_staff_count"),
                    F("municipality_staff"),
                    output_field=models.IntegerField(),
                ),
            )
            .order_by(
                "waitlist_staff",
                models.F("municipality_population").asc(nulls_last=True),
                "status_changed_at",
                "pk",
            )
        )

    def for_list_page(self):
        """What the queue and dashboards show: the municipality and theme joined, the talent's name
        fetched for the rows shown (joining the talent made PostgreSQL hash the whole pool to list ten
        requests), and none of the long texts (a queue sorts its rows)."""
        from talentpool.models.talent import Talent

        return (
            self.select_related("municipality", "theme")
            .defer(*DispatchRequest.LONG_TEXTS)
            .prefetch_related(
                models.Prefetch("talent", queryset=Talent.objects.only("pk", "display_name", "prefecture_id"))
            )
        )


class DispatchRequest(Workflow, models.Model):
    """A municipality's request for a dispatched talent (派遣依頼, after 様式Ⅰ)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("下書き")
        SUBMITTED = "submitted", _("庁内決裁待ち")
        SCREENING = "screening", _("県で審査中")
        RETURNED = "returned", _("差戻し")
        MATCHING = "matching", _("人材の選定中")
        PENDING_APPROVAL = "pending_approval", _("県の承認待ち")
        APPROVED = "approved", _("承認済み")
        ACTIVE = "active", _("派遣中")
        REPORTING = "reporting", _("報告待ち")
        COMPLETED = "completed", _("完了")
        REJECTED = "rejected", _("不採択")
        WITHDRAWN = "withdrawn", _("取下げ")
        WAITLISTED = "waitlisted", _("順番待ち")
        CANCELLED = "cancelled", _("中止")

    S = Status
    MOVES = {
        S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
        S.SUBMITTED: {S.SCREENING, S.DRAFT, S.WITHDRAWN},
        S.SCREENING: {S.MATCHING, S.RETURNED, S.REJECTED, S.WITHDRAWN},
        S.RETURNED: {S.SCREENING, S.WITHDRAWN},
        S.MATCHING: {S.PENDING_APPROVAL, S.RETURNED, S.REJECTED, S.WITHDRAWN},
        S.PENDING_APPROVAL: {S.APPROVED, S.WAITLISTED, S.MATCHING, S.REJECTED, S.WITHDRAWN},
        S.WAITLISTED: {S.PENDING_APPROVAL, S.WITHDRAWN, S.REJECTED},
        S.APPROVED: {S.ACTIVE, S.CANCELLED},
        S.ACTIVE: {S.REPORTING, S.CANCELLED},
        S.REPORTING: {S.COMPLETED},
        S.COMPLETED: set(),
        S.REJECTED: set(),
        S.WITHDRAWN: set(),
        S.CANCELLED: set(),
    }
    _P = "talentpool.permissions."
    ACTIONS = (
        Action(
            S.DRAFT,
            S.SUBMITTED,
            _("庁内決裁に回す"),
            _P + "can_edit_dispatch",
            primary=True,
            done_message=_("派遣依頼を提出しました。承認者（課長等）に通知しました。"),
        ),
        Action(
            S.SUBMITTED,
            S.SCREENING,
            _("決裁して県に送る"),
            _P + "can_ok_dispatch",
            primary=True,
            done_message=_("決裁し、県に送りました。県の担当者に通知しました。"),
        ),
        Action(
            S.SUBMITTED,
            S.DRAFT,
            _("下書きに戻す"),
            _P + "can_ok_dispatch",
            needs_reason=True,
            done_message=_("派遣依頼を下書きに戻しました。作成者に理由を通知しました。"),
        ),
        Action(
            S.SCREENING,
            S.MATCHING,
            _("受け付けて人材を選ぶ"),
            _P + "can_screen_dispatch",
            primary=True,
            done_message=_("派遣依頼を受け付けました。候補の人材を提案してください。"),
        ),
        Action(
            None,
            S.RETURNED,
            _("差し戻す"),
            _P + "can_screen_dispatch",
            needs_reason=True,
            done_message=_("派遣依頼を差し戻しました。市町村に理由を通知しました。"),
        ),
        Action(
            S.RETURNED,
            S.SCREENING,
            _("修正して再提出する"),
            _P + "can_edit_dispatch",
            primary=True,
            done_message=_("派遣依頼を再提出しました。県の担当者に通知しました。"),
        ),
        Action(
            S.PENDING_APPROVAL,
            S.APPROVED,
            _("承認する"),
            _P + "can_approve_dispatch",
            primary=True,
            done_message=_("派遣を承認し、稼働を予約しました。"),
        ),
        Action(
            S.PENDING_APPROVAL,
            S.MATCHING,
            _("人材の選定に戻す"),
            _P + "can_approve_dispatch",
            needs_reason=True,
            done_message=_("人材の選定に戻しました。県の担当者に通知しました。"),
        ),
        Action(
            S.WAITLISTED,
            S.PENDING_APPROVAL,
            _("承認を再依頼する"),
            _P + "can_screen_dispatch",
            done_message=_("承認を再依頼しました。"),
        ),
        Action(
            S.PENDING_APPROVAL,
            S.REJECTED,
            _("不採択にする"),
            _P + "can_approve_dispatch",
            needs_reason=True,
            done_message=_("派遣依頼を不採択にしました。"),
        ),
        Action(
            None,
            S.REJECTED,
            _("不採択にする"),
            _P + "can_screen_dispatch",
            needs_reason=True,
            done_message=_("派遣依頼を不採択にしました。"),
        ),
        Action(
            None,
            S.CANCELLED,
            _("派遣を中止する"),
            _P + "can_screen_dispatch",
            needs_reason=True,
            done_message=_("派遣を中止し、予約していた稼働を解放しました。"),
        ),
        Action(
            S.REPORTING,
            S.COMPLETED,
            _("実施報告を確認して完了する"),
            _P + "can_confirm_dispatch_report",
            primary=True,
            done_message=_("実施報告を確認し、派遣を完了しました。"),
        ),
        Action(
            None,
            S.WITHDRAWN,
            _("取り下げる"),
            _P + "can_edit_dispatch",
            needs_reason=True,
            done_message=_("派遣依頼を取り下げました。"),
        ),
    )
    move_error = TalentPoolError
    refused_move_message = _("この派遣依頼は「%(from)s」から「%(to)s」に変更できません。")
    MUNICIPAL_ROLES = (Role.MUNICIPAL_STAFF, Role.MUNICIPAL_APPROVER)
    # Free texts only the request's own page shows.
    LONG_TEXTS = ("situation", "goals", "success_measures", "report", "rating_comment")
    # Statuses in which days stay booked in the capacity ledger.
    BOOKED = (S.APPROVED, S.ACTIVE, S.REPORTING, S.COMPLETED)
    # Matched with another prefecture's talent, which that prefecture has not consented to yet.
    NEEDS_HOME_CONSENT = Q(
        status=S.PENDING_APPROVAL, talent__isnull=False, home_consent_at__isnull=True
    ) & ~Q(talent_prefecture_id=F("municipality__prefecture_id"))

    class WorkStyle(models.TextChoices):
        ON_SITE = "on_site", _("現地")
        REMOTE = "remote", _("リモート")
        HYBRID = "hybrid", _("現地とリモートの併用")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("通常")
        SOON = "soon", _("早めに")
        URGENT = "urgent", _("至急")

    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("依頼する団体"),
        on_delete=models.PROTECT,
        related_name="dispatch_requests",
    )
    title = models.CharField(_("件名"), max_length=200, help_text=_("例：窓口DXの進め方の相談"))
    theme = models.ForeignKey(
        SupportTheme, verbose_name=_("テーマ"), on_delete=models.PROTECT, related_name="+"
    )
    situation = models.TextField(_("団体の現状と課題"))
    goals = models.TextField(_("支援で目指すこと"))
    success_measures = models.TextField(_("成果の測り方"), blank=True)
    work_style = models.CharField(
        _("支援の形"), max_length=10, choices=WorkStyle.choices, default=WorkStyle.HYBRID
    )
    start_date = models.DateField(_("希望開始日"))
    end_date = models.DateField(_("希望終了日"))
    days_per_month = models.DecimalField(
        _("1か月あたりの日数"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(31)],
    )
    urgency = models.CharField(_("緊急度"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    nominated_talent = models.ForeignKey(
        "talentpool.Talent",
        verbose_name=_("希望する人材"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("空欄の場合は県が選びます。"),
    )
    talent = models.ForeignKey(
        "talentpool.Talent",
        verbose_name=_("派遣する人材"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dispatch_requests",
    )
    # A copy of the talent's prefecture (its pool), kept by the database (trigger
    # talentpool_request_talent_prefecture, migration 0016) whenever the talent is set or moves pool:
    # a pool's coordinators see the requests its talents are lent to without a list of every talent.
    talent_prefecture = models.ForeignKey(
        Organisation,
        verbose_name=_("人材の所属する都道府県"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    status = models.CharField(_("状態"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Who last sent it on (for the municipal OK, or to the prefecture approver): not its approver.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("県に送った日時"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("状態が変わった日時"), auto_now_add=True)
    waitlist_reason = models.CharField(_("順番待ちの理由"), max_length=300, blank=True)
    report_filed_at = models.DateTimeField(_("実施報告の提出日時"), null=True, blank=True)
    report = models.TextField(_("実施報告"), blank=True)
    rating = models.PositiveSmallIntegerField(
        _("評価"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.TextField(_("評価のコメント"), blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The consent of the talent's home prefecture, when the talent was lent by another prefecture.
    home_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    home_consent_at = models.DateTimeField(_("人材の所属県が同意した日時"), null=True, blank=True)
    # The last day whoever's turn it is was reminded of a step left waiting (at most once a day).
    step_reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DispatchRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("派遣依頼")
        verbose_name_plural = _("派遣依頼")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["status", "status_changed_at"]),
            # A prefecture's queue of one fiscal year: its municipalities × the desired start.
            models.Index(fields=["municipality", "start_date"], name="dispatch_municipality_start"),
            # The same for the requests its pool's talents are matched with.
            models.Index(fields=["talent_prefecture", "start_date"], name="dispatch_talent_pref_start"),
        ]
        constraints = [
            models.CheckConstraint(
                name="dispatch_period_in_order", condition=Q(start_date__lte=F("end_date"))
            ),
            models.CheckConstraint(
                name="dispatch_rating_1_to_5",
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.title}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValidationError({"end_date": _("終了日は開始日より後にしてください。")})

    @property
    def fiscal_year(self) -> int:
        return fiscal_year(self.start_date)

    @property
    def prefecture_id(self) -> int:
        return self.municipality.prefecture_id

    def months(self) -> list[datetime.date]:
        """The first day of each month the period touches."""
        month, last, months = first_of_month(self.start_date), first_of_month(self.end_date), []
        while month <= last:
            months.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return months

    @property
    def total_days(self) -> Decimal:
        return self.days_per_month * len(self.months())

    @property
    def is_cross_prefecture(self) -> bool:
        """Matched with a talent of another prefecture's pool (needs select_related talent)."""
        return self.talent_id is not None and self.talent.prefecture_id != self.municipality.prefecture_id

    @property
    def needs_home_consent(self) -> bool:
        """Waiting for the talent's home prefecture to consent before the approver may decide."""
        return (
            self.status == self.Status.PENDING_APPROVAL
            and self.is_cross_prefecture
            and self.home_consent_at is None
        )

    @property
    def is_closed(self) -> bool:
        return not self.MOVES[self.status]

    @property
    def waitlist_priority(self) -> str:
        """Why the request sits where it does in the waitlist, in the reader's language, e.g.
        「DX担当 1名（2026年4月1日現在）・人口 3,200人」 (needs in_waitlist_order's annotations)."""
        if self.municipality_dx_staff is not None:
            staff = ngettext(
                "DX担当 %(n)d名（%(date)s現在）", "DX担当 %(n)d名（%(date)s現在）", self.municipality_dx_staff
            ) % {"n": self.municipality_dx_staff, "date": date_format(self.municipality_dx_staff_as_of)}
        else:
            staff = ngettext(
                "DX担当 未報告（ポータルの職員 %(n)d人で代用）",
                "DX担当 未報告（ポータルの職員 %(n)d人で代用）",
                self.municipality_staff,
            ) % {"n": self.municipality_staff}
        if self.municipality_population is None:
            population = gettext("人口未登録")
        else:
            population = gettext("人口 %(n)s人") % {
                "n": number_format(self.municipality_population, force_grouping=True)
            }
        return gettext("%(staff)s・%(population)s") % {"staff": staff, "population": population}


class DispatchRequestRole(models.Model):
    """A role the request needs, with the minimum level."""

    request = models.ForeignKey(DispatchRequest, on_delete=models.CASCADE, related_name="roles_needed")
    role = models.ForeignKey(SkillRole, verbose_name=_("ロール"), on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(
        ProficiencyLevel, verbose_name=_("習熟度"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "role"], name="dispatch_role_once")]

    def __str__(self) -> str:
        return f"{self.role} ≥ {self.level}"


class Proposal(Workflow, models.Model):
    """A candidate the coordinator proposed (様式Ⅱ), asked in rank order; their answer (様式Ⅲ)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("順番待ち")
        ASKED = "asked", _("回答待ち")
        ACCEPTED = "accepted", _("受諾")
        DECLINED = "declined", _("辞退")
        WITHDRAWN = "withdrawn", _("取消し")

    MOVES = {
        Status.WAITING: {Status.ASKED, Status.WITHDRAWN},
        Status.ASKED: {Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN},
        Status.ACCEPTED: set(),
        Status.DECLINED: set(),
        Status.WITHDRAWN: set(),
    }
    # The talent answers; the coordinator's proposing and the request's moves withdraw. Services
    # check who may do that (permissions.can_respond_to_proposal, can_screen_dispatch).
    ACTIONS = ()
    move_error = TalentPoolError
    refused_move_message = _("この提案は「%(from)s」から「%(to)s」に変更できません。")

    request = models.ForeignKey(DispatchRequest, on_delete=models.CASCADE, related_name="proposals")
    talent = models.ForeignKey("talentpool.Talent", on_delete=models.PROTECT, related_name="proposals")
    rank = models.PositiveSmallIntegerField(_("順位"))
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.WAITING)
    reasons = models.JSONField(_("推薦理由"), default=list, blank=True)
    answer = models.CharField(_("辞退の理由"), max_length=500, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["request", "talent"], name="proposal_once_per_talent"),
            models.UniqueConstraint(
                fields=["request"], condition=Q(status="asked"), name="proposal_one_asked_at_a_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} #{self.rank} {self.talent_id}"


class Assignment(models.Model):
    """What an approval books: the talent, the period, the days and the cost share (in yen)."""

    request = models.OneToOneField(DispatchRequest, on_delete=models.PROTECT, related_name="assignment")
    talent = models.ForeignKey("talentpool.Talent", on_delete=models.PROTECT, related_name="assignments")
    programme = models.ForeignKey(DispatchProgramme, on_delete=models.PROTECT, related_name="assignments")
    start_date = models.DateField(_("開始日"))
    end_date = models.DateField(_("終了日"))
    days = models.DecimalField(_("日数"), max_digits=6, decimal_places=1)
    unit_cost_yen = models.PositiveIntegerField(_("単価（円）"))
    cost_yen = models.PositiveBigIntegerField(_("費用（円）"))
    national_yen = models.PositiveBigIntegerField(_("国の負担（円）"))
    prefecture_yen = models.PositiveBigIntegerField(_("都道府県の負担（円）"))
    municipality_yen = models.PositiveBigIntegerField(_("市町村の負担（円）"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("派遣")
        verbose_name_plural = _("派遣")
        constraints = [
            models.CheckConstraint(
                name="assignment_shares_add_up",
                condition=Q(cost_yen=F("national_yen") + F("prefecture_yen") + F("municipality_yen")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.talent_id}"

    @classmethod
    def priced(cls, *, request, programme, days: Decimal, approved_by) -> Assignment:
        """An unsaved assignment of the request's talent for its period: days × the programme's unit
        cost, split by its shares exact to the yen (largest remainder, see cost_share)."""
        from talentpool.cost_share import split_yen

        cost = int(days * programme.unit_cost_yen)
        national, prefecture, municipality = split_yen(cost, programme.shares)
        return cls(
            request=request,
            talent_id=request.talent_id,
            programme=programme,
            start_date=request.start_date,
            end_date=request.end_date,
            days=days,
            unit_cost_yen=programme.unit_cost_yen,
            cost_yen=cost,
            national_yen=national,
            prefecture_yen=prefecture,
            municipality_yen=municipality,
            approved_by=approved_by,
        )


class DispatchAttachment(models.Model):
    """A file attached to a request (talentpool/attachments.py checks it and stores it)."""

    request = models.ForeignKey(DispatchRequest, on_delete=models.CASCADE, related_name="attachments")
    file_name = models.CharField(_("ファイル名"), max_length=200)
    stored_name = models.CharField(max_length=200, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(_("サイズ（バイト）"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("添付ファイル")
        verbose_name_plural = _("添付ファイル")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.file_name
