"""Numbered materials (資料1, 資料2-1, 参考資料1, 構成員提出資料) and their version chains (差替え)."""

from __future__ import annotations

import itertools

from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from council.models.audience import Audience, AudienceFields, reach_of, reason_required, released_to
from council.models.bodies import BodyMember
from council.models.meetings import AgendaItem, Meeting, readable_q
from portal.labels import choice_label


class MaterialQuerySet(models.QuerySet):
    def visible_to(self, user, now=None):
        """Materials this person may read at `now`: their meeting readable, and the material itself
        released to an audience they belong to (the secretariat reads all of its own)."""
        from portal.models import Role

        meeting_readable = readable_q(user, now, "meeting__")
        if user is not None and user.is_authenticated and user.is_superuser:
            return self.filter(meeting_readable)
        base = reach_of(user, council_id=-1)
        own = released_to(base, now)
        if user is not None and user.is_authenticated:
            own |= Q(meeting__body__council_id__in=user.scope_ids(Role.COUNCIL_MEMBER)) & released_to(
                [*base, Audience.MEMBERS], now
            )
            own |= Q(meeting__body__council_id__in=user.scope_ids(Role.COUNCIL_SECRETARIAT))
        return self.filter(meeting_readable & own)

    def for_meeting_page(self):
        """Materials with every version (newest first, with its text extraction) and their agenda
        item, in list order."""
        return (
            self.select_related("agenda_item", "submitted_by")
            .prefetch_related(
                Prefetch(
                    "versions",
                    # With each version's text extraction, whose progress the secretariat sees.
                    queryset=MaterialVersion.objects.select_related("extracted").order_by("-version"),
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
        """Every version, newest first (prefetched by for_meeting_page)."""
        return list(self.versions.all())

    @property
    def current(self) -> MaterialVersion | None:
        versions = self.version_list
        return versions[0] if versions else None

    @property
    def earlier_versions(self) -> list[MaterialVersion]:
        """Replaced versions, each with when it was replaced (the upload time of the one after it)."""
        versions = self.version_list
        for newer, older in itertools.pairwise(versions):
            older.replaced_at = newer.uploaded_at
        return versions[1:]


class MaterialVersion(models.Model):
    """One uploaded file of a material; a 差替え adds a version and keeps the earlier ones."""

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

    class Meta:
        verbose_name = _("資料の版")
        verbose_name_plural = _("資料の版")
        ordering = ["material", "-version"]
        constraints = [
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
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.file_format]

    @property
    def size_label(self) -> str:
        """1.2MB / 340KB, as council pages print it beside the file type."""
        if self.size >= 1024 * 1024:
            return f"{self.size / (1024 * 1024):.1f}MB"
        return f"{max(1, round(self.size / 1024))}KB"
