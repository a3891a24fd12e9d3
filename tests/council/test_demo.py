"""The demo world includes the council: a held meeting with a replaced material, a member-only
submission and published minutes with one correction, an upcoming one, and one waiting for a
colleague's approval; running it twice changes nothing."""

from __future__ import annotations

from council.models import (
    Attendance,
    Body,
    FollowUp,
    Material,
    MaterialText,
    Meeting,
    Minutes,
    OpinionRequest,
)
from portal.demo import seed_demo


def test_the_demo_council_has_a_held_and_an_upcoming_meeting(db, reference_data):
    seed_demo()
    seed_demo()
    body = Body.objects.get()
    first, second, third = Meeting.objects.filter(body=body).order_by("number")
    assert (first.status, second.status) == (Meeting.Status.MINUTES_PUBLISHED, Meeting.Status.ANNOUNCED)
    # Each was approved by the other secretariat member; the third waits for that approval.
    assert {first.approved_by.email, second.approved_by.email} == {"secretariat2@demo.dx-portal.jp"}
    assert third.status == Meeting.Status.PENDING_APPROVAL
    assert not Meeting.objects.visible_to(None).filter(pk=third.pk).exists()
    minutes = Minutes.objects.visible_to(None).get(meeting=first)
    assert [r.is_corrected for r in minutes.remarks.all()] == [False, False, True, False]
    assert minutes.summary.startswith("1. 事務局から") and minutes.approved_by.email.startswith(
        "secretariat2"
    )
    replaced = Material.objects.for_meeting_page(None).get(meeting=first, number="2-1")
    assert replaced.current.version == 2 and replaced.current.file_format == "pdf"
    assert Attendance.objects.filter(meeting=first, status=Attendance.Status.PROXY).count() == 1
    assert all("（架空）" in m.name for m in body.members.all())
    assert [f.title for f in FollowUp.objects.for_meeting_page(second)] == [
        "都道府県別の人材プールの構築状況を次回会議で報告する"
    ]
    opinion_request = OpinionRequest.objects.get()
    assert (
        opinion_request.status == "open" and opinion_request.responses.get().organisation.name == "神石高原町"
    )
    public = set(Material.objects.visible_to(None).values_list("meeting__number", "kind", "number"))
    assert public == {(1, "material", "1"), (1, "material", "2-1"), (1, "reference", "1")}


def test_the_demo_search_finds_words_inside_the_demo_pdfs(
    client, db, reference_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo()
    assert set(MaterialText.objects.values_list("status", flat=True)) == {MaterialText.Status.DONE}
    page = client.get("/council/search/", {"q": "情報"}).content.decode()
    # 資料1's PDF says 情報システム; the members-only submission (情報担当) stays hidden from the public.
    assert "<mark>情報</mark>システムの共通化" in page
    assert "情報担当" not in page
    assert "電子<mark>申請</mark>" not in page  # the next meeting's draft is for local governments only
    assert "<mark>申請</mark>手続" in client.get("/council/search/", {"q": "申請"}).content.decode()


def test_the_demo_pipeline_and_substitutes_show_on_their_pages(client, db, reference_data):
    from django.urls import reverse

    from council.models import Candidate
    from portal.models import User
    from tests.portal.factories import sign_in

    seed_demo()
    body = Body.objects.get()
    assert set(Candidate.objects.values_list("status", flat=True)) == {
        "policy",
        "candidate",
        "joint_procurement",
        "dropped",
    }
    proxy = Attendance.objects.get(status=Attendance.Status.PROXY)
    assert proxy.substitute.name == "藤井 学（架空）"
    sign_in(client, User.objects.get(email="secretariat@demo.dx-portal.jp"))
    for url in (
        reverse("council:candidate-list", args=[body.pk]),
        reverse("council:candidate-create", args=[body.pk]),
        reverse("council:candidate-detail", args=[Candidate.objects.get(status="policy").pk]),
        reverse("council:substitute-add", args=[proxy.member_id]),
    ):
        assert client.get(url).status_code == 200, url
