"""Materials: numbering, the content and size checks, the version chain on 差替え, and who is told."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from council import files, services
from council.models import Attendance, Audience, CouncilError, Material, Meeting
from council.pdf import minimal_pdf
from portal.models import AuditEvent, Notification
from tests.conftest import make_user
from tests.council.factories import PDF, add_material, make_body, make_meeting, office_file, replace, seat


def test_materials_are_labelled_as_council_pages_number_them(secretariat):
    body = make_body()
    meeting = make_meeting(body, secretariat)
    member = seat(body, name="小野 隆")
    labels = [
        add_material(meeting, secretariat, number="1").label,
        add_material(meeting, secretariat, number="2-1").label,
        add_material(meeting, secretariat, number="1", kind=Material.Kind.REFERENCE).label,
        add_material(
            meeting, secretariat, number="", kind=Material.Kind.MEMBER_SUBMITTED, submitted_by=member
        ).label,
    ]
    assert labels == ["資料1", "資料2-1", "参考資料1", "構成員提出資料（小野 隆構成員）"]
    with pytest.raises(CouncilError, match="同じ番号"):
        add_material(meeting, secretariat, number="2-1")
    with pytest.raises(CouncilError):
        add_material(meeting, secretariat, number="")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF, "pdf"),
        (office_file("word/document.xml"), "docx"),
        (office_file("xl/workbook.xml"), "xlsx"),
        (office_file("ppt/presentation.xml"), "pptx"),
    ],
)
def test_files_are_recognised_by_content(data, expected):
    assert files.detect_format(data) == expected


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00 an executable renamed to .pdf",
        b"PK\x03\x04 not really a zip",
        office_file("content.xml"),  # an OpenDocument-like zip, not Office
        b"%PDF-1.4 cut off before its end",
        b"\xd0\xcf\x11\xe0 an old binary .doc",
        b"",
    ],
)
def test_anything_else_is_refused_and_nothing_is_stored(secretariat, media, data):
    meeting = make_meeting(make_body(), secretariat)
    with pytest.raises(CouncilError):
        add_material(meeting, secretariat, data=data, file_name="shiryo.pdf")
    assert not Material.objects.exists()
    assert not (media / "council-materials").exists() or not any((media / "council-materials").iterdir())


def test_a_file_over_the_limit_is_refused_before_its_type_is_looked_at(secretariat, settings):
    meeting = make_meeting(make_body(), secretariat)
    too_big = PDF + b"0" * (files.MAX_BYTES - len(PDF) + 1)
    assert files.MAX_BYTES < settings.MAX_REQUEST_BYTES
    with pytest.raises(CouncilError, match="10MB"):
        add_material(meeting, secretariat, data=too_big)


def test_the_stored_name_is_ours_and_the_shown_name_ends_in_the_detected_type(secretariat):
    meeting = make_meeting(make_body(), secretariat)
    material = add_material(meeting, secretariat, file_name="../../etc/資料1<script>.exe")
    version = material.current
    assert version.file.startswith("council-materials/") and version.file.endswith(".pdf")
    assert version.file_name == "資料1script.pdf"
    assert default_storage.open(version.file).read() == PDF
    assert version.size_label == "1KB"


def test_replacing_keeps_every_version_and_says_which_is_current(secretariat):
    meeting = make_meeting(make_body(), secretariat)
    material = add_material(meeting, secretariat, number="2-1")
    with pytest.raises(CouncilError, match="差替えの内容"):
        services.replace_material(
            material=material, by=secretariat, data=PDF, file_name="v2.pdf", change_note=" "
        )
    v2_bytes = minimal_pdf(["v2"])
    v2 = services.replace_material(
        material=material, by=secretariat, data=v2_bytes, file_name="v2.pdf", change_note="P.3の数値を訂正"
    )
    assert v2.version == 2
    material = Material.objects.for_meeting_page(secretariat).get(pk=material.pk)
    assert material.current.version == 2
    (v1,) = material.earlier_versions
    assert v1.version == 1 and v1.replaced_at == v2.uploaded_at
    assert default_storage.open(v1.file).read() == PDF
    assert default_storage.open(material.current.file).read() == v2_bytes
    audit = AuditEvent.objects.get(verb="council.material_replaced")
    assert audit.note == "P.3の数値を訂正" and audit.data["version"] == 2


def test_replacement_tells_those_who_attended_and_only_those(secretariat, council_member):
    body = make_body()
    present = seat(body, council_member)
    absent_user = make_user("absent@council.test")
    absent = seat(body, absent_user, name="欠席 者")
    meeting = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    services.record_attendance(
        meeting=meeting, member=present, status=Attendance.Status.PRESENT, by=secretariat
    )
    services.record_attendance(
        meeting=meeting, member=absent, status=Attendance.Status.ABSENT, by=secretariat
    )
    material = add_material(meeting, secretariat)
    replace(material, secretariat, file_name="x.pdf", change_note="誤字")
    told = Notification.objects.filter(event="council.material_replaced")
    assert [n.recipient for n in told] == [council_member]
    assert told.get().context["label"] == "資料1"


def test_a_member_may_not_replace_and_a_cancelled_meeting_is_frozen(secretariat, council_member):
    meeting = make_meeting(make_body(), secretariat)
    material = add_material(meeting, secretariat)
    with pytest.raises(CouncilError):
        services.replace_material(
            material=material, by=council_member, data=PDF, file_name="x.pdf", change_note="x"
        )
    services.change_meeting_status(
        meeting=meeting, status=Meeting.Status.CANCELLED, by=secretariat, note="中止"
    )
    with pytest.raises(CouncilError, match="中止"):
        add_material(meeting, secretariat, number="2")


def test_a_non_public_material_needs_a_reason(secretariat):
    meeting = make_meeting(make_body(), secretariat)
    with pytest.raises(CouncilError, match="理由"):
        services.add_material(
            meeting=meeting,
            by=secretariat,
            kind=Material.Kind.MATERIAL,
            number="1",
            title="案",
            data=PDF,
            file_name="a.pdf",
            audience=Audience.MEMBERS,
        )
