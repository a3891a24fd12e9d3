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


# --- Asking local governments, and the consolidated table as CSV / XLSX --------------------------

LOCAL = ("staff", "approver", "other_staff", "coordinator", "other_coordinator", "prefecture_approver")


def test_asking_local_governments_tells_those_who_answer_for_them_once(
    cast, django_capture_on_commit_callbacks
):
    secretariat = cast["secretariat"]
    with django_capture_on_commit_callbacks() as sent:
        opinion_request = ask(make_body(), secretariat, OpinionRequest.Respondents.LOCAL_GOVERNMENTS)
    told = Notification.objects.filter(event="council.opinion_requested")
    assert {n.recipient for n in told} == {cast[who] for who in LOCAL}
    assert sent  # the mail leaves after commit
    # Talents (outside contractors), the council's own people and the public are not asked.
    assert not told.filter(recipient__in=[cast["talent"], cast["council_member"], secretariat]).exists()
    services.change_opinion_request_status(opinion_request=opinion_request, status="closed", by=secretariat)
    services.change_opinion_request_status(
        opinion_request=opinion_request, status="open", by=secretariat, note="延長"
    )
    assert told.count() == len(LOCAL)  # reopening tells nobody twice


def test_asking_local_governments_costs_the_same_queries_for_many(
    secretariat, staff, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.models import Membership, Role, User
    from tests.conftest import org

    body = make_body()
    town = org("343684")  # 神石高原町

    def draft():
        return services.create_opinion_request(
            body=body,
            by=secretariat,
            title="照会",
            question="ご意見を",
            respondents="local_governments",
            deadline=timezone.now() + datetime.timedelta(days=7),
        )

    def open_(opinion_request):
        services.change_opinion_request_status(opinion_request=opinion_request, status="open", by=secretariat)

    first = draft()
    with CaptureQueriesContext(connection) as few:
        open_(first)
    users = User.objects.bulk_create(User(email=f"lg{i}@town.test", full_name=f"職員{i}") for i in range(40))
    Membership.objects.bulk_create(
        Membership(user=u, organisation=town, role=Role.MUNICIPAL_STAFF) for u in users
    )
    second = draft()
    with django_assert_max_num_queries(len(few)):
        open_(second)
    assert (
        Notification.objects.filter(event="council.opinion_requested", target_id=str(second.pk)).count() > 40
    )


def test_the_table_downloads_for_the_secretariat_always_and_its_audience_once_published(client, cast):
    import io

    from openpyxl import load_workbook

    secretariat, staff = cast["secretariat"], cast["staff"]
    opinion_request = ask(make_body(), secretariat, OpinionRequest.Respondents.LOCAL_GOVERNMENTS)
    services.submit_opinion(opinion_request=opinion_request, by=staff, text='=HYPERLINK("http://x")')
    csv_url = reverse("council:opinion-table-csv", args=[opinion_request.pk])
    xlsx_url = reverse("council:opinion-table-xlsx", args=[opinion_request.pk])
    sign_in(client, staff)
    assert client.get(csv_url).status_code == 404  # not published: only one's own answer
    sign_in(client, secretariat)
    csv = client.get(csv_url).content.decode("utf-8-sig")
    assert csv.splitlines()[0] == "団体・構成員,意見,回答日時"
    assert '神石高原町,"\'=HYPERLINK(""http://x"")"' in csv  # formula-safe
    sheet = load_workbook(io.BytesIO(client.get(xlsx_url).content)).active
    assert [c.value for c in sheet[2]][:2] == ["神石高原町", '\'=HYPERLINK("http://x")']
    for status in ("closed", "published"):
        services.change_opinion_request_status(opinion_request=opinion_request, status=status, by=secretariat)
    client.logout()
    assert client.get(csv_url).status_code == 200 and client.get(xlsx_url).status_code == 200


def test_a_members_only_table_is_not_downloaded_nor_shown_to_those_who_answered(client, cast):
    secretariat, staff = cast["secretariat"], cast["staff"]
    opinion_request = ask(
        make_body(),
        secretariat,
        OpinionRequest.Respondents.LOCAL_GOVERNMENTS,
        audience=Audience.MEMBERS,
        non_disclosure_reason="検討中のため",
    )
    services.submit_opinion(opinion_request=opinion_request, by=staff, text="賛成")
    services.submit_opinion(opinion_request=opinion_request, by=cast["other_staff"], text="反対")
    for status in ("closed", "published"):
        services.change_opinion_request_status(opinion_request=opinion_request, status=status, by=secretariat)
    sign_in(client, staff)
    assert client.get(reverse("council:opinion-table-csv", args=[opinion_request.pk])).status_code == 404
    assert (
        "反対"
        not in client.get(reverse("council:opinion-detail", args=[opinion_request.pk])).content.decode()
    )
    sign_in(client, cast["council_member"])
    assert client.get(reverse("council:opinion-table-xlsx", args=[opinion_request.pk])).status_code == 200


def test_the_dashboard_lists_open_requests_until_answered_in_the_same_queries_for_many(
    client, secretariat, council_member, staff, django_assert_num_queries
):
    """A member's and a municipality's turn to answer sit on their dashboards until their seat or
    organisation answers; how many requests are open does not change the number of queries."""
    body = make_body()
    seat(body, council_member, name="青木 誠")
    to_members = ask(body, secretariat, OpinionRequest.Respondents.MEMBERS)
    to_towns = ask(body, secretariat, OpinionRequest.Respondents.LOCAL_GOVERNMENTS)
    member_url = reverse("council:opinion-detail", args=[to_members.pk])
    town_url = reverse("council:opinion-detail", args=[to_towns.pk])
    sign_in(client, council_member)
    assert member_url in client.get(reverse("portal:dashboard")).content.decode()
    services.submit_opinion(opinion_request=to_members, by=council_member, text="異議なし。")
    assert member_url not in client.get(reverse("portal:dashboard")).content.decode()

    sign_in(client, staff)
    assert town_url in client.get(reverse("portal:dashboard")).content.decode()
    client.get(reverse("portal:dashboard"))  # caches warm
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("portal:dashboard"))
    for _i in range(4):
        ask(body, secretariat, OpinionRequest.Respondents.LOCAL_GOVERNMENTS)
    with django_assert_num_queries(len(few)):
        page = client.get(reverse("portal:dashboard")).content.decode()
    assert page.count("/council/opinions/") >= 5
