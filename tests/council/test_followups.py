"""Follow-up items (宿題事項): raised in one meeting, listed on the next, closed when reported."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from council import services
from council.models import Audience, CouncilError, FollowUp, Meeting
from portal.models import AuditEvent, Organisation
from tests.council.factories import make_body, make_meeting
from tests.portal.factories import sign_in


@pytest.fixture
def mic(db):
    return Organisation.objects.get_or_create(kind=Organisation.Kind.NATIONAL, name="総務省 自治行政局")[0]


def test_a_follow_up_is_listed_on_later_meetings_until_it_is_reported_done(client, secretariat, mic):
    body = make_body()
    first = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    second = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    third = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    follow_up = services.add_follow_up(
        meeting=first,
        by=secretariat,
        title="人材プールの構築状況を次回報告する",
        owner=mic,
        due_on=datetime.date(2027, 1, 20),
    )
    assert FollowUp.objects.for_meeting_page(second).get() == follow_up
    done = services.change_follow_up_status(
        follow_up=follow_up,
        status=FollowUp.Status.DONE,
        by=secretariat,
        note="参考資料1で報告",
        reported_at=second,
    )
    assert done.done_meeting == second and done.resolution == "参考資料1で報告" and done.done_at
    assert list(FollowUp.objects.for_meeting_page(second)) == [done]
    assert not FollowUp.objects.for_meeting_page(third).exists()
    assert AuditEvent.objects.filter(verb="council.follow_up_status_changed").get().data["to"] == "done"
    page = client.get(reverse("council:meeting-detail", args=[second.pk])).content.decode()
    assert (
        "前回までの宿題事項" in page
        and "人材プールの構築状況を次回報告する" in page
        and "第2回で報告" in page
    )


def test_closing_needs_what_was_done_and_a_later_meeting_of_the_same_body(secretariat, council_member, mic):
    body = make_body()
    first, second = make_meeting(body, secretariat), make_meeting(body, secretariat)
    other = make_meeting(make_body("別のWG"), secretariat)
    follow_up = services.add_follow_up(meeting=second, by=secretariat, title="確認する", owner=mic)
    with pytest.raises(CouncilError, match="理由"):
        services.change_follow_up_status(follow_up=follow_up, status=FollowUp.Status.DONE, by=secretariat)
    for wrong in (first, other):
        with pytest.raises(CouncilError, match="報告した会議"):
            services.change_follow_up_status(
                follow_up=follow_up, status=FollowUp.Status.DONE, by=secretariat, note="済", reported_at=wrong
            )
    with pytest.raises(CouncilError):
        services.change_follow_up_status(
            follow_up=follow_up, status=FollowUp.Status.DONE, by=council_member, note="済"
        )
    with pytest.raises(CouncilError):
        services.add_follow_up(meeting=first, by=council_member, title="x", owner=mic)


def test_follow_ups_share_their_meetings_audience(client, secretariat, mic, staff):
    meeting = make_meeting(
        make_body(), secretariat, status=Meeting.Status.ANNOUNCED, audience=Audience.MEMBERS
    )
    follow_up = services.add_follow_up(meeting=meeting, by=secretariat, title="構成員限りの宿題", owner=mic)
    assert not FollowUp.objects.visible_to(staff).exists()
    assert FollowUp.objects.visible_to(secretariat).get() == follow_up
    sign_in(client, staff)
    url = reverse("council:follow-up-status", args=[follow_up.pk])
    assert client.post(url, {"status": "done", "note": "x"}).status_code == 404


def test_the_secretariat_raises_and_closes_through_the_meeting_page(client, secretariat, mic):
    body = make_body()
    first, second = make_meeting(body, secretariat), make_meeting(body, secretariat)
    sign_in(client, secretariat)
    response = client.post(
        reverse("council:follow-up-add", args=[first.pk]),
        {"title": "費用の試算を示す", "owner": mic.pk, "due_on": ""},
    )
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    page = client.get(reverse("council:meeting-detail", args=[second.pk])).content.decode()
    assert "対応済みにする" in page
    response = client.post(
        reverse("council:follow-up-status", args=[follow_up.pk]),
        {"status": "done", "note": "資料2で試算を提示", "reported_at": second.pk},
    )
    assert response["Location"] == reverse("council:meeting-detail", args=[second.pk])
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.DONE and follow_up.done_meeting == second
