"""RFI and specification documents: versions with change notes (earlier ones kept), uploads checked by
content and size and served through a permission check, and the library of shareable specifications."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import uploads
from portal.models import AuditEvent, Notification
from procurement.exceptions import ProcurementError
from procurement.models import Document
from procurement.services import documents
from tests.conftest import JINSEKI
from tests.portal.factories import sign_in
from tests.procurement.factories import join, make_project, open_survey

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def project(coordinator, staff, approver):
    project = open_survey(make_project(coordinator), coordinator)
    join(project, JINSEKI, staff=staff, approver=approver)
    return project


def add_spec(project, by, *, shareable=False, data=PDF):
    return documents.add_document(
        project=project, kind=Document.Kind.SPECIFICATION, title="仕様書", shareable=shareable,
        file_name="../仕様書.pdf", data=data, by=by,
    )  # fmt: skip


def test_a_new_version_keeps_the_earlier_one_and_needs_a_change_note(project, coordinator, staff):
    first = add_spec(project, coordinator)
    document = first.document
    with pytest.raises(ProcurementError, match="変更の内容"):
        documents.add_document_version(
            document=document, file_name="v2.pdf", data=PDF, change_note=" ", by=coordinator
        )
    second = documents.add_document_version(
        document=document, file_name="仕様書v2.docx", data=docx(), change_note="第3章を追加", by=coordinator
    )
    assert [(v.number, v.file_format, v.change_note) for v in document.versions.all()] == [
        (2, "docx", "第3章を追加"),
        (1, "pdf", ""),
    ]
    assert first.file_name == "仕様書.pdf" and second.file_name == "仕様書v2.docx"
    trail = AuditEvent.objects.for_target(document).values_list("verb", flat=True)
    assert set(trail) == {"procurement.document_added", "procurement.document_versioned"}
    # The joined municipality's staff hear of each version; only the lead may add one.
    assert Notification.objects.filter(recipient=staff, event="procurement.document_published").count() == 2
    with pytest.raises(ProcurementError):
        documents.add_document_version(
            document=document, file_name="x.pdf", data=PDF, change_note="x", by=staff
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "空です"),
        (b"MZ\x90\x00 an executable named .pdf", "PDF、Word"),
        (b"%PDF-1.4 cut off", "途中で切れて"),
        (b"PK\x03\x04 not really a zip", "Officeファイルとして読み取れません"),
    ],
)
def test_uploads_are_checked_by_content(project, coordinator, data, message):
    with pytest.raises(ProcurementError, match=message):
        add_spec(project, coordinator, data=data)
    assert not Document.objects.exists()  # nothing half-created


def test_an_oversized_upload_is_refused(project, coordinator, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_BYTES", len(PDF) - 1)
    with pytest.raises(ProcurementError, match="大きすぎます"):
        add_spec(project, coordinator)


def test_files_are_served_only_to_those_who_may_read_them(
    client, project, coordinator, staff, other_staff, media
):
    version = add_spec(project, coordinator)
    assert str(media) in str((media / version.file).resolve()) and "static" not in version.file
    url = reverse("procurement:document-file", args=[version.document.pk, 1])
    sign_in(client, staff)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    sign_in(client, other_staff)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_a_shared_specification_is_in_every_local_governments_library(
    client, project, coordinator, other_staff, other_coordinator
):
    version = add_spec(project, coordinator)
    documents.add_document(
        project=project,
        kind=Document.Kind.RFI,
        title="RFI資料",
        shareable=True,
        file_name="rfi.pdf",
        data=PDF,
        by=coordinator,
    )  # an RFI document is never shared, whatever is asked
    sign_in(client, other_staff)
    library = reverse("procurement:library")
    before = client.get(library).content.decode()
    assert "条件に合う仕様書はありません" in before and "電子申請システムの共同調達" not in before
    documents.set_document_shareable(document=version.document, shareable=True, by=coordinator)
    page = client.get(library).content.decode()
    assert "電子申請システムの共同調達" in page and "RFI資料" not in page
    assert client.get(reverse("procurement:document-file", args=[version.document.pk, 1])).status_code == 200
    assert "電子申請システムの共同調達" not in client.get(library, {"category": "business"}).content.decode()
    assert (
        "電子申請システムの共同調達"
        in client.get(library, {"category": "tool", "q": "電子申請"}).content.decode()
    )
    with pytest.raises(ProcurementError):
        documents.set_document_shareable(document=version.document, shareable=False, by=other_coordinator)
    assert AuditEvent.objects.for_target(version.document).filter(verb="procurement.document_shared").exists()


def test_the_lead_uploads_through_the_page_and_a_wrong_file_keeps_nothing(client, project, coordinator):
    sign_in(client, coordinator)
    url = reverse("procurement:document-create", args=[project.pk])
    bad = SimpleUploadedFile("spec.pdf", b"not a pdf", content_type="application/pdf")
    page = client.post(
        url, {"kind": "specification", "title": "仕様書", "file": bad}, follow=True
    ).content.decode()
    assert "PDF、Word" in page and not Document.objects.exists()
    good = SimpleUploadedFile("spec.pdf", PDF, content_type="application/pdf")
    client.post(url, {"kind": "specification", "title": "仕様書", "shareable": "on", "file": good})
    document = Document.objects.get()
    assert document.shareable
    version_url = reverse("procurement:document-version-create", args=[document.pk])
    page = client.post(
        version_url, {"change_note": "", "file": SimpleUploadedFile("v2.pdf", PDF)}, follow=True
    )
    assert "変更の内容を入力してください" in page.content.decode()
    page = client.post(
        version_url, {"change_note": "誤字の訂正", "file": SimpleUploadedFile("v2.pdf", PDF)}, follow=True
    )
    html = page.content.decode()
    assert "第2版を登録しました" in html and "誤字の訂正" in html and "第1版" in html


def test_the_document_pages_queries_do_not_grow(
    client, project, coordinator, other_staff, django_assert_max_num_queries
):
    def add(count):
        for _ in range(count):
            version = add_spec(project, coordinator, shareable=True)
            documents.add_document_version(
                document=version.document, file_name="v2.pdf", data=PDF, change_note="改", by=coordinator
            )

    add(1)
    pages = [
        (coordinator, reverse("procurement:document-list", args=[project.pk])),
        (other_staff, reverse("procurement:library")),
    ]
    counts = []
    for person, url in pages:
        sign_in(client, person)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        counts.append(len(few))
    add(5)
    for (person, url), count in zip(pages, counts, strict=True):
        sign_in(client, person)
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


def test_documents_are_closed_to_outsiders(client, project, coordinator, other_coordinator, staff):
    add_spec(project, coordinator)
    url = reverse("procurement:document-list", args=[project.pk])
    sign_in(client, other_coordinator)
    assert client.get(url).status_code == 404
    sign_in(client, staff)
    page = client.get(url).content.decode()
    assert "仕様書.pdf" in page and "新しい版を登録する" not in page
    assert client.post(reverse("procurement:document-create", args=[project.pk]), {}).status_code == 403
