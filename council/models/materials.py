"""Numbered materials (資料1, 資料2-1, 参考資料1, 構成員提出資料) and their version chains (差替え)."""

from __future__ import annotations

import itertools

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from council.models.audience import Audience, AudienceFields, reach_of, reason_required, released_to
from council.models.bodies import BodyMember
from council.models.meetings import AgendaItem, Meeting, readable_q
from council.models.publication import (
    Publication,
    PublicationQuerySet,
    approved_has_approval,
    approved_or_secretariat,
    publication_actions,
)
from portal.labels import choice_label

REQUEST = "council.permissions.can_request_version_approval"
APPROVE = "council.permissions.can_approve_version"


class MaterialQuerySet(models.QuerySet):
    def visible_to(self, user, now=None):
        """Materials this person may read at `now`: their meeting readable, and the material itself
        released to an audience they belong to (the secretariat reads all of its own)."""
        from portal.models import Role

        meeting_readable = readable_q(user, now, "meeting__")
        if user is not None and user.is_authenticated and user.is_superuser:
            return self.filter(meeting_readable)
        base = reach_of(user, council_id=-1)
        # Nothing reaches an audience unapproved: a material added after its meeting's approval is
        # the secretariat's alone until another secretariat member approves a version of it.
        approved = Exists(
            MaterialVersion.objects.filter(material=OuterRef("pk"), status=MaterialVersion.Status.APPROVED)
        )
        own = released_to(base, now) & approved
        if user is not None and user.is_authenticated:
            own |= (
                Q(meeting__body__council_id__in=user.scope_ids(Role.COUNCIL_MEMBER))
                & released_to([*base, Audience.MEMBERS], now)
                & approved
            )
            own |= Q(meeting__body__council_id__in=user.scope_ids(Role.COUNCIL_SECRETARIAT))
        return self.filter(meeting_readable & own)

    def for_meeting_page(self, user, now=None):
        """Materials with the versions this person may read (newest first, with their text
        extraction) and their agenda item, in list order."""
        return (
            self.select_related("agenda_item", "submitted_by")
            .prefetch_related(
                Prefetch(
                    "versions",
                    # With each version's text extraction, whose progress the secretariat sees.
                    queryset=MaterialVersion.objects.visible_to(user, now)
                    .select_related("extracted")
                    .order_by("-version"),
                )
            )
            .order_by("position", "pk")
        )


class Material(AudienceFields):
    """One numbered material of a meeting; its file is its newest version."""

    class Kind(models.TextChoices):
        MATERIAL = "material", pgettext_lazy("material kind", "資料")
        REFERENCE = "reference", pgettext_lazy("material kind", "参考資料")
        MEMBER_SUBMITTED = "member_submitted", pgettext_lazy("material kind", "構成員提出資料")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会議"), on_delete=models.CASCADE, related_name="materials"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("議事次第の項目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
    )
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices, default=Kind.MATERIAL)
    number = models.CharField(
        _("番号"),
        max_length=10,
        blank=True,
        help_text=_("「1」「2-1」のように。構成員提出資料は空欄でも構いません。"),
    )
    title = models.CharField(_("資料名"), max_length=300)
    submitted_by = models.ForeignKey(
        BodyMember,
        verbose_name=_("提出した構成員"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("掲載順"), editable=False)

    objects = MaterialQuerySet.as_manager()

    class Meta:
        verbose_name = _("資料")
        verbose_name_plural = _("資料")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "number"],
                condition=~Q(number=""),
                name="council_material_number_once",
            ),
            models.CheckConstraint(
                name="council_material_numbered_unless_member_submitted",
                condition=Q(kind="member_submitted") | ~Q(number=""),
            ),
            models.CheckConstraint(
                name="council_material_number_format",
                condition=Q(number__regex=r"^([0-9]{1,3}(-[0-9]{1,3})?)?$"),
            ),
            reason_required("council_material_non_public_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"

    @property
    def label(self) -> str:
        """資料1, 資料2-1, 参考資料1, 構成員提出資料（氏名）."""
        label = choice_label(self, "kind")
        if self.number:
            label = str(_("%(kind)s%(number)s") % {"kind": label, "number": self.number})
        if self.kind == self.Kind.MEMBER_SUBMITTED and self.submitted_by_id:
            label += str(_("（%(name)s構成員）") % {"name": self.submitted_by.name})
        return label

    @property
    def version_list(self) -> list[MaterialVersion]:
        """The versions the reader may see, newest first (prefetched by for_meeting_page)."""
        return list(self.versions.all())

    @property
    def cleared_versions(self) -> list[MaterialVersion]:
        return [v for v in self.version_list if v.is_cleared]

    @property
    def current(self) -> MaterialVersion | None:
        """The newest approved version: a replacement waiting for approval leaves this one current."""
        versions = self.cleared_versions
        return versions[0] if versions else None

    @property
    def waiting_versions(self) -> list[MaterialVersion]:
        """Versions waiting for (or returned from) approval, newest first; only the secretariat's
        prefetch holds any."""
        return [v for v in self.version_list if not v.is_cleared]

    @property
    def earlier_versions(self) -> list[MaterialVersion]:
        """Replaced versions, each with when it was replaced (when the one after it was published)."""
        versions = self.cleared_versions
        for newer, older in itertools.pairwise(versions):
            older.replaced_at = newer.published_at
        return versions[1:]


class MaterialVersionQuerySet(PublicationQuerySet):
    def visible_to(self, user, now=None):
        """Versions this person may read at `now`: of a material they may read, and approved (the
        secretariat of the council also sees the ones waiting). Every reader of versions uses this."""
        readable = self.filter(material__in=Material.objects.visible_to(user, now).values("pk"))
        return readable.filter(
            approved_or_secretariat(user, Q(status=MaterialVersion.Status.APPROVED), self.model.COUNCIL_PATH)
        )

    def cleared(self):
        """Approved versions, and those uploaded before their meeting's approval (which will cover
        them): the ones that may be a material's current version (see MaterialVersion.is_cleared)."""
        return self.filter(
            Q(status=MaterialVersion.Status.APPROVED)
            | Q(status=MaterialVersion.Status.DRAFT, approval_requested_at__isnull=True)
        )


class MaterialVersion(Publication):
    """One uploaded file of a material; a 差替え adds a version and keeps the earlier ones.

    A version uploaded before its meeting is approved is approved with the meeting (same service);
    one uploaded after waits for another secretariat member's approval, and only then reaches the
    material's audience (a replacement then becomes the current version and attendees are told)."""

    ACTIONS = publication_actions(REQUEST, APPROVE)
    COUNCIL_PATH = "material__meeting__body__council_id"
    AUTHOR = "uploaded_by"
    refused_move_message = _("この資料の版は「%(from)s」から「%(to)s」に進められません。")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"
        XLSX = "xlsx", "Excel"
        PPTX = "pptx", "PowerPoint"

    CONTENT_TYPES = {
        Format.PDF: "application/pdf",
        Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Format.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    }

    material = models.ForeignKey(
        Material, verbose_name=_("資料"), on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveSmallIntegerField(_("版"))
    file = models.CharField(_("保存先"), max_length=255, editable=False)
    file_name = models.CharField(_("ファイル名"), max_length=255)
    file_format = models.CharField(_("形式"), max_length=10, choices=Format.choices)
    size = models.PositiveIntegerField(_("サイズ（バイト）"))
    change_note = models.CharField(_("差替えの内容"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        "portal.User", verbose_name=_("登録者"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("アップロード日時"))

    objects = MaterialVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("資料の版")
        verbose_name_plural = _("資料の版")
        ordering = ["material", "-version"]
        indexes = [
            # Serves the Exists() of visible_to: does the material have an approved version?
            models.Index(
                fields=["material"], condition=Q(status="approved"), name="council_version_approved"
            ),
        ]
        constraints = [
            approved_has_approval("council_material_version_approved_has_approval"),
            models.UniqueConstraint(fields=["material", "version"], name="council_material_version_once"),
            models.CheckConstraint(name="council_material_version_positive", condition=Q(version__gte=1)),
            models.CheckConstraint(
                name="council_material_replacement_has_note",
                condition=Q(version=1) | ~Q(change_note=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.material} v{self.version}"

    @property
    def is_cleared(self) -> bool:
        """Approved, or uploaded before its meeting's approval (which will cover it: only the
        secretariat reads an unapproved meeting); not one waiting for or returned from approval."""
        return self.is_approved or (self.status == self.Status.DRAFT and self.approval_requested_at is None)

    @property
    def published_at(self):
        """When it reached its audience: its own approval, or (approved with its meeting) its upload."""
        return self.approved_at if self.approval_requested_at else self.uploaded_at

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.file_format]

    @property
    def size_label(self) -> str:
        """1.2MB / 340KB, as council pages print it beside the file type."""
        if self.size >= 1024 * 1024:
            return f"{self.size / (1024 * 1024):.1f}MB"
        return f"{max(1, round(self.size / 1024))}KB"
