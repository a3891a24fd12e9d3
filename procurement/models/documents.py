"""Project documents (the RFI and the specification) and their versions: a new version carries a
change note and the earlier ones are kept. A specification flagged as shareable appears in the
library of past projects' specifications for every local government."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation
from procurement.models.projects import Project

if TYPE_CHECKING:
    from portal.models import User


def is_local_government_member(user: User) -> bool:
    """Anyone holding a role in a prefecture or municipality (the audience of shared specifications)."""
    return user.is_authenticated and any(
        m.organisation.kind in Organisation.LOCAL_KINDS for m in user.role_memberships
    )


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user: User):
        """The documents of projects this person sees, and to every local government (and site admins)
        the specifications their lead flagged as shareable."""
        if user.is_authenticated and user.is_superuser:
            return self
        own = Q(project__in=Project.objects.visible_to(user))
        if is_local_government_member(user):
            return self.filter(own | Q(kind=Document.Kind.SPECIFICATION, shareable=True))
        return self.filter(own)

    def for_project_page(self):
        """Every version of each (newest first) with who uploaded it, the RFI before the specification."""
        versions = DocumentVersion.objects.select_related("uploaded_by").order_by("-number")
        return self.prefetch_related(models.Prefetch("versions", queryset=versions)).order_by("kind", "pk")

    def in_library(self):
        """Shareable specifications that have a file, with their project and versions, newest first."""
        versions = DocumentVersion.objects.order_by("-number")
        return (
            self.filter(kind=Document.Kind.SPECIFICATION, shareable=True)
            .filter(models.Exists(DocumentVersion.objects.filter(document=models.OuterRef("pk"))))
            .select_related("project", "project__lead_body")
            .prefetch_related(models.Prefetch("versions", queryset=versions))
            .order_by("-project__created_at", "-pk")
        )


class Document(models.Model):
    class Kind(models.TextChoices):
        RFI = "rfi", _("意見招請（RFI）資料")
        SPECIFICATION = "specification", _("仕様書")

    project = models.ForeignKey(
        Project, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("文書名"), max_length=200)
    shareable = models.BooleanField(
        _("他の都道府県と共有してよい"),
        default=False,
        help_text=_("共有すると、すべての地方公共団体の職員が仕様書ライブラリで読めます。"),
    )
    created_by = models.ForeignKey(
        "portal.User", verbose_name=_("作成者"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("調達文書")
        verbose_name_plural = _("調達文書")
        ordering = ["project", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                name="document_only_specifications_are_shared",
                condition=Q(kind="specification") | Q(shareable=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.title}"

    @property
    def latest(self) -> DocumentVersion | None:
        """The newest version (from the prefetched versions, newest first)."""
        versions = self.versions.all()
        return versions[0] if versions else None


class DocumentVersion(models.Model):
    """One uploaded file of a document; a new version keeps the earlier ones and says what changed."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"
        XLSX = "xlsx", "Excel"
        PPTX = "pptx", "PowerPoint"

    document = models.ForeignKey(
        Document, verbose_name=_("文書"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("版"))
    file = models.CharField(_("保存先"), max_length=255, editable=False)
    file_name = models.CharField(_("ファイル名"), max_length=255)
    file_format = models.CharField(_("形式"), max_length=10, choices=Format.choices)
    size = models.PositiveIntegerField(_("サイズ（バイト）"))
    change_note = models.CharField(_("変更の内容"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        "portal.User", verbose_name=_("登録者"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("文書の版")
        verbose_name_plural = _("文書の版")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_once"),
            models.CheckConstraint(name="document_version_positive", condition=Q(number__gte=1)),
            models.CheckConstraint(
                name="document_new_version_has_note", condition=Q(number=1) | ~Q(change_note="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    @property
    def size_label(self) -> str:
        """1.2MB / 340KB, as the pages print it beside the file type."""
        if self.size >= 1024 * 1024:
            return f"{self.size / (1024 * 1024):.1f}MB"
        return f"{max(1, round(self.size / 1024))}KB"
