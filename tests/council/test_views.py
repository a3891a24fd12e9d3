"""The council's pages: what the secretariat does through them, what members and outsiders see."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from council.models import AgendaItem, Attendance, Audience, Material, Meeting
from portal import uploads
from tests.council.factories import JST, PDF, add_material, colleague, make_body, make_meeting, seat
from tests.portal.factories import sign_in


def test_the_secretariat_creates_a_meeting_in_japan_time(client, secretariat):
    body = make_body()
    sign_in(client, secretariat)
    response = client.post(
        reverse("council:meeting-create", args=[body.pk]),
        {
            "starts_at": "2026-12-24T10:00",
            "ends_at": "2026-12-24T11:30",
            "is_online": "on",
            "audience": "public",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "council:meeting-detail", args=[meeting.pk]
    )
    assert meeting.starts_at == datetime.datetime(2026, 12, 24, 10, 0, tzinfo=JST)
    assert meeting.number == 1 and meeting.status == Meeting.Status.DRAFT
    page = client.get(response["Location"]).content.decode()
    assert "第1回" in page and "令和8年（2026年）12月24日 10:00" in page and "公開の承認を依頼する" in page


def test_the_meeting_form_says_what_is_missing(client, secretariat):
    body = make_body()
    sign_in(client, secretariat)
    response = client.post(
        reverse("council:meeting-create", args=[body.pk]),
        {"starts_at": "2026-12-24T10:00", "audience": "members"},
    )
    assert response.status_code == 200
    assert "場所を入力するか" in response.content.decode()
    assert "非公開の理由を入力" in response.content.decode()
    assert not Meeting.objects.exists()


def test_agenda_material_announce_and_the_public_reads_it(client, secretariat):
    body = make_body()
    meeting = make_meeting(body, secretariat)
    sign_in(client, secretariat)
    client.post(reverse("council:agenda-item-add", args=[meeting.pk]), {"title": "議事"})
    proceedings = AgendaItem.objects.get()
    client.post(
        reverse("council:agenda-item-add", args=[meeting.pk]),
        {
            "title": "基本方針について",
            "parent": proceedings.pk,
            "presenter": "事務局",
            "duration_minutes": "20",
        },
    )
    item = AgendaItem.objects.get(parent=proceedings)
    response = client.post(
        reverse("council:material-add", args=[meeting.pk]),
        {
            "kind": "material",
            "number": "1",
            "title": "基本方針（抜粋）",
            "agenda_item": item.pk,
            "audience": "public",
            "file": SimpleUploadedFile("shiryo1.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()
    url = reverse("council:meeting-status", args=[meeting.pk])
    response = client.post(url, {"status": "pending_approval"})
    assert response.status_code == 302
    page = client.get(reverse("council:meeting-detail", args=[meeting.pk])).content.decode()
    assert "別の事務局員による公開の承認を待っています" in page and "承認して公開する" not in page
    client.logout()
    assert client.get(reverse("council:meeting-detail", args=[meeting.pk])).status_code == 404
    sign_in(client, colleague())
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "公開の承認待ち" in dashboard and reverse("council:meeting-detail", args=[meeting.pk]) in dashboard
    assert (
        "承認して公開する"
        in client.get(reverse("council:meeting-detail", args=[meeting.pk])).content.decode()
    )
    response = client.post(url, {"status": "announced"}, follow=True)
    assert "承認して開催を案内しました" in response.content.decode()
    client.logout()
    page = client.get(reverse("council:meeting-detail", args=[meeting.pk])).content.decode()
    assert "(1) 基本方針について" in page and "【資料1】" in page and "資料1 基本方針（抜粋）" in page
    assert "[PDF 1KB]" in page
    assert "承認して公開する" not in page and "公開の承認を依頼する" not in page
    material = Material.objects.get()
    assert client.get(reverse("council:material-file", args=[material.pk, 1])).getvalue() == PDF


def test_an_upload_that_is_not_a_material_is_refused_on_the_form(client, secretariat):
    meeting = make_meeting(make_body(), secretariat)
    sign_in(client, secretariat)
    response = client.post(
        reverse("council:material-add", args=[meeting.pk]),
        {
            "kind": "material",
            "number": "1",
            "title": "偽のPDF",
            "audience": "public",
            "file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf"),
        },
    )
    assert response.status_code == 200 and "資料はPDF" in response.content.decode()
    assert not Material.objects.exists()


def test_an_oversized_upload_is_refused_by_the_form_before_it_is_read(client, secretariat, monkeypatch):
    meeting = make_meeting(make_body(), secretariat)
    monkeypatch.setattr(uploads, "MAX_BYTES", len(PDF) - 1)
    sign_in(client, secretariat)
    response = client.post(
        reverse("council:material-add", args=[meeting.pk]),
        {
            "kind": "material",
            "number": "1",
            "title": "大きい",
            "audience": "public",
            "file": SimpleUploadedFile("a.pdf", PDF),
        },
    )
    assert response.status_code == 200 and "10MBまで" in response.content.decode()


def test_a_replaced_material_shows_its_current_version_and_keeps_the_old_one(client, secretariat):
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    material = add_material(meeting, secretariat, number="2-1")
    sign_in(client, secretariat)
    response = client.post(
        reverse("council:material-replace", args=[material.pk]),
        {"file": SimpleUploadedFile("v2.pdf", PDF), "change_note": "P.3の数値を訂正"},
    )
    assert response.status_code == 302
    # Uploaded after the meeting's approval: until a colleague approves, v1 stays current for all.
    assert client.get(reverse("council:meeting-detail", args=[meeting.pk])).content.decode().count("承認待ち")
    client.logout()
    page = client.get(reverse("council:meeting-detail", args=[meeting.pk])).content.decode()
    assert "差替え済み" not in page and "承認待ち" not in page
    assert client.get(reverse("council:material-file", args=[material.pk, 2])).status_code == 404
    sign_in(client, colleague())
    status_url = reverse("council:material-version-status", args=[material.pk, 2])
    assert client.post(status_url, {"status": "approved"}).status_code == 302
    client.logout()
    page = client.get(reverse("council:meeting-detail", args=[meeting.pk])).content.decode()
    assert "差替え済み（第2版）" in page and "P.3の数値を訂正" in page and "差替え前の版" in page
    assert reverse("council:material-file", args=[material.pk, 2]) in page
    assert client.get(reverse("council:material-file", args=[material.pk, 1])).status_code == 200


def test_attendance_page_records_a_substitute(client, secretariat):
    body = make_body()
    meeting = make_meeting(body, secretariat)
    member = seat(body, name="江藤 聡")
    sign_in(client, secretariat)
    response = client.post(
        reverse("council:attendance-record", args=[meeting.pk]), {"member": member.pk, "status": "proxy"}
    )
    assert response.status_code == 200 and "代理の方を選んでください" in response.content.decode()
    response = client.post(
        reverse("council:substitute-add", args=[member.pk]),
        {
            "name": "藤井 学",
            "affiliation": "事務局次長",
            "valid_from": "2026-12-25",
            "valid_to": "2026-12-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "開始日以降" in page and "藤井 学" in page
    client.post(
        reverse("council:substitute-add", args=[member.pk]),
        {"name": "藤井 学", "affiliation": "事務局次長", "valid_from": "2024-09-01"},
    )
    substitute = member.substitutes.get()
    assert (
        "藤井 学（事務局次長）" in client.get(reverse("council:body-detail", args=[body.pk])).content.decode()
    )
    page = client.get(reverse("council:attendance-record", args=[meeting.pk])).content.decode()
    assert "藤井 学（事務局次長）（江藤 聡の代理）" in page
    client.post(
        reverse("council:attendance-record", args=[meeting.pk]),
        {"member": member.pk, "status": "proxy", "substitute": substitute.pk},
    )
    assert Attendance.objects.get().substitute == substitute
    page = client.get(reverse("council:meeting-detail", args=[meeting.pk])).content.decode()
    assert "代理出席（代理：藤井 学（事務局次長））" in page


def test_a_member_reads_member_material_but_cannot_manage(client, secretariat, council_member):
    meeting = make_meeting(make_body(), secretariat, status=Meeting.Status.ANNOUNCED)
    material = add_material(meeting, secretariat, audience=Audience.MEMBERS, title="構成員限りの案")
    sign_in(client, council_member)
    page = client.get(reverse("council:meeting-detail", args=[meeting.pk])).content.decode()
    assert "構成員限りの案" in page and "構成員・事務局のみ" in page
    assert "資料を差し替える" not in page and "公開の承認を依頼する" not in page
    assert client.get(reverse("council:material-replace", args=[material.pk])).status_code == 403
    assert (
        client.post(reverse("council:meeting-status", args=[meeting.pk]), {"status": "held"}).status_code
        == 403
    )


def test_the_body_page_lists_readable_meetings_by_fiscal_year_and_the_roster(client, secretariat):
    body = make_body()
    seat(body, name="青木 誠")
    make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    make_meeting(body, secretariat)  # a draft: not for the public
    page = client.get(reverse("council:body-detail", args=[body.pk])).content.decode()
    assert "令和8年度" in page and "第1回" in page and "第2回" not in page
    assert "青木 誠" in page and "構成員名簿" in page


def test_the_atom_feed_lists_public_meetings_only(client, secretariat):
    body = make_body()
    public = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED, audience=Audience.MEMBERS)
    make_meeting(body, secretariat)
    response = client.get(reverse("council:meeting-feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed, built by Django
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    links = [e.find("atom:link", ns).get("href") for e in root.findall("atom:entry", ns)]
    assert links == [f"http://testserver{reverse('council:meeting-detail', args=[public.pk])}"]


def test_the_home_page_and_menu_lead_to_the_council(client, db):
    page = client.get("/").content.decode()
    assert page.count(reverse("council:body-list")) >= 2
