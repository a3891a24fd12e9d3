"""Opinion requests (意見照会): asking members or local governments, one answer per seat or
organisation until the deadline, and the consolidated table published to its audience."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from council import services
from council.models import Audience, CouncilError, OpinionRequest, OpinionResponse
from portal.models import AuditEvent, Notification
from tests.council.factories import make_body, seat
from tests.portal.factories import sign_in


def ask(body, by, respondents, **kwargs):
    opinion_request = services.create_opinion_request(
        body=body,
        by=by,
        title="共通化候補（案）への意見",
        question="候補の選定について意見をお寄せください。",
        respondents=respondents,
        deadline=kwargs.pop("deadline", timezone.now() + datetime.timedelta(days=14)),
        **kwargs,
    )
    return services.change_opinion_request_status(
        opinion_request=opinion_request, status=OpinionRequest.Status.OPEN, by=by
    )


def test_local_governments_answer_once_per_organisation_and_may_revise(cast):
    body = make_body()
    opinion_request = ask(body, cast["secretariat"], OpinionRequest.Respondents.LOCAL_GOVERNMENTS)
    first = services.submit_opinion(opinion_request=opinion_request, by=cast["staff"], text="賛成です。")
    revised = services.submit_opinion(
        opinion_request=opinion_request, by=cast["approver"], text="条件付きで賛成。"
    )
    other = services.submit_opinion(
        opinion_request=opinion_request, by=cast["other_staff"], text="反対です。"
    )
    assert first.pk == revised.pk and revised.organisation.name == "神石高原町"
    assert OpinionResponse.objects.count() == 2 and other.respondent == "新庄村"
    assert AuditEvent.objects.filter(verb="council.opinion_revised").count() == 1
    for outsider in (cast["talent"], cast["council_member"]):
        with pytest.raises(CouncilError, match="照会先ではありません"):
            services.submit_opinion(opinion_request=opinion_request, by=outsider, text="x")


def test_members_answer_for_their_seat_and_are_told_when_asked(secretariat, council_member, staff):
    body = make_body()
    chair = seat(body, council_member, name="青木 誠")
    opinion_request = ask(body, secretariat, OpinionRequest.Respondents.MEMBERS)
    assert Notification.objects.get(event="council.opinion_requested").recipient == council_member
    response = services.submit_opinion(opinion_request=opinion_request, by=council_member, text="異議なし。")
    assert response.seat == chair and response.respondent == "全国町村会（青木 誠）"
    with pytest.raises(CouncilError):
        services.submit_opinion(opinion_request=opinion_request, by=staff, text="x")


def test_answers_stop_at_the_deadline_to_the_minute(secretariat, staff):
    deadline = timezone.now() + datetime.timedelta(days=1)
    opinion_request = ask(
        make_body(), secretariat, OpinionRequest.Respondents.LOCAL_GOVERNMENTS, deadline=deadline
    )
    with mock.patch.object(timezone, "now", return_value=deadline - datetime.timedelta(microseconds=1)):
        services.submit_opinion(opinion_request=opinion_request, by=staff, text="間に合った。")
    with (
        mock.patch.object(timezone, "now", return_value=deadline),
        pytest.raises(CouncilError, match="受け付けていません"),
    ):
        services.submit_opinion(opinion_request=opinion_request, by=staff, text="遅れた。")


def test_opening_needs_a_future_deadline_and_only_the_secretariat_asks(secretariat, council_member):
    body = make_body()
    with pytest.raises(CouncilError, match="回答期限"):
        ask(
            body,
            secretariat,
            OpinionRequest.Respondents.MEMBERS,
            deadline=timezone.now() - datetime.timedelta(1),
        )
    with pytest.raises(CouncilError):
        ask(body, council_member, OpinionRequest.Respondents.MEMBERS)


def test_the_table_reaches_its_audience_only_when_published(client, cast):
    secretariat, staff, other = cast["secretariat"], cast["staff"], cast["other_staff"]
    opinion_request = ask(
        make_body(), secretariat, OpinionRequest.Respondents.LOCAL_GOVERNMENTS, audience=Audience.PUBLIC
    )
    services.submit_opinion(opinion_request=opinion_request, by=staff, text="神石高原町の意見")
    services.submit_opinion(opinion_request=opinion_request, by=other, text="新庄村の意見")
    url = reverse("council:opinion-detail", args=[opinion_request.pk])
    assert client.get(url).status_code == 404
    sign_in(client, staff)
    page = client.get(url).content.decode()
    assert "神石高原町の意見" in page and "新庄村の意見" not in page
    for status in (OpinionRequest.Status.CLOSED, OpinionRequest.Status.PUBLISHED):
        opinion_request = services.change_opinion_request_status(
            opinion_request=opinion_request, status=status, by=secretariat
        )
    client.logout()
    page = client.get(url).content.decode()
    assert "神石高原町の意見" in page and "新庄村の意見" in page and "意見の取りまとめ" in page


def test_a_respondent_answers_through_the_page(client, secretariat, staff):
    opinion_request = ask(make_body(), secretariat, OpinionRequest.Respondents.LOCAL_GOVERNMENTS)
    sign_in(client, staff)
    url = reverse("council:opinion-detail", args=[opinion_request.pk])
    assert url in client.get(reverse("portal:dashboard")).content.decode()
    assert "意見を提出する" in client.get(url).content.decode()
    assert client.post(url, {"text": "小規模町村への配慮を。"}).status_code == 302
    assert OpinionResponse.objects.get().text == "小規模町村への配慮を。"
    assert url not in client.get(reverse("portal:dashboard")).content.decode()


def test_the_secretariat_creates_a_request_through_the_form(client, secretariat):
    body = make_body()
    sign_in(client, secretariat)
    response = client.post(
        reverse("council:opinion-create", args=[body.pk]),
        {
            "title": "意見照会",
            "question": "ご意見を",
            "respondents": "members",
            "deadline": "2099-01-10T17:00",
            "audience": "members",
            "non_disclosure_reason": "率直な意見交換のため",
        },
    )
    opinion_request = OpinionRequest.objects.get()
    assert response["Location"] == reverse("council:opinion-detail", args=[opinion_request.pk])
    assert opinion_request.status == OpinionRequest.Status.DRAFT and opinion_request.audience == "members"
