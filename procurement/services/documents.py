"""RFI and specification documents: the lead uploads them, each new version with a change note (the
earlier ones kept), and decides whether a specification may be shared with other prefectures."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from portal.audit import record
from portal.models import Role, User
from portal.notifications import notify
from portal.uploads import safe_file_name, store_upload
from portal.workflow import require
from procurement import permissions
from procurement.exceptions import ProcurementError
from procurement.models import Document, DocumentVersion, Participant, Project
from procurement.services.projects import municipal_people


def _store(document: Document, *, number: int, file_name: str, data: bytes, change_note: str, by: User):
    stored, file_format = store_upload(data, folder="procurement-documents", error=ProcurementError)
    return DocumentVersion.objects.create(
        document=document,
        number=number,
        file=stored,
        file_name=safe_file_name(file_name, file_format),
        file_format=file_format,
        size=len(data),
        change_note=change_note,
        uploaded_by=by,
    )


def _tell_participants(version: DocumentVersion) -> None:
    """The joined municipalities' staff and approvers read the new version (their budget follows it)."""
    project = version.document.project
    ids = Participant.objects.joined().filter(project=project).values_list("municipality_id", flat=True)
    people = municipal_people(list(ids), Role.MUNICIPAL_STAFF) + municipal_people(
        list(ids), Role.MUNICIPAL_APPROVER
    )
    notify(
        "procurement.document_published",
        target=version.document,
        recipients=people,
        context={
            "title": project.title,
            "document": version.document.title,
            "version": version.number,
            "note": version.change_note,
        },
    )


@transaction.atomic
def add_document(
    *, project: Project, kind: str, title: str, shareable: bool, file_name: str, data: bytes, by: User
) -> DocumentVersion:
    """The lead adds an RFI or specification document with its first version."""
    require(
        permissions.can_manage_documents(by, project), _("この案件の文書を登録できません。"), ProcurementError
    )
    require(kind in Document.Kind.values, _("文書の種類が正しくありません。"), ProcurementError)
    shareable = shareable and kind == Document.Kind.SPECIFICATION
    document = Document.objects.create(
        project=project, kind=kind, title=title.strip(), shareable=shareable, created_by=by
    )
    version = _store(document, number=1, file_name=file_name, data=data, change_note="", by=by)
    record(
        document,
        "procurement.document_added",
        actor=by,
        scope=project.lead_body,
        data={"kind": kind, "title": document.title, "shareable": shareable, "file": version.file_name},
    )
    _tell_participants(version)
    return version


@transaction.atomic
def add_document_version(
    *, document: Document, file_name: str, data: bytes, change_note: str, by: User
) -> DocumentVersion:
    """A new version of a document, saying what changed; the earlier versions stay readable."""
    require(
        permissions.can_manage_documents(by, document.project),
        _("この案件の文書を登録できません。"),
        ProcurementError,
    )
    require(bool(change_note.strip()), _("変更の内容を入力してください。"), ProcurementError)
    Document.objects.select_for_update().get(pk=document.pk)  # version numbers one at a time
    number = (document.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = _store(
        document, number=number, file_name=file_name, data=data, change_note=change_note.strip(), by=by
    )
    record(
        document,
        "procurement.document_versioned",
        actor=by,
        scope=document.project.lead_body,
        note=version.change_note,
        data={"version": number, "file": version.file_name},
    )
    _tell_participants(version)
    return version


@transaction.atomic
def set_document_shareable(*, document: Document, shareable: bool, by: User) -> Document:
    """Open a specification to every local government's library (or close it again), audited."""
    require(
        permissions.can_manage_documents(by, document.project),
        _("この案件の文書を変更できません。"),
        ProcurementError,
    )
    require(
        document.kind == Document.Kind.SPECIFICATION or not shareable,
        _("他の都道府県と共有できるのは仕様書だけです。"),
        ProcurementError,
    )
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.shareable != shareable:
        document.shareable = shareable
        document.save(update_fields=["shareable"])
        record(
            document,
            "procurement.document_shared" if shareable else "procurement.document_unshared",
            actor=by,
            scope=document.project.lead_body,
            data={"title": document.title},
        )
    return document
