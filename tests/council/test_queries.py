"""The council's pages issue a fixed number of queries, whatever the number of meetings, agenda
items, materials, versions and seats."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council import services
from council.models import Attendance, Audience, Body, Meeting
from portal.models import Organisation, Role
from tests.conftest import HIROSHIMA, make_user
from tests.council.factories import JST, add_agenda_item, add_material, make_body, make_meeting, replace, seat
from tests.portal.factories import sign_in


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def fill(meeting: Meeting, by, n: int, start: int = 1) -> None:
    """n agenda items under 議事, each with a public and a members-only material, one replaced."""
    proceedings = add_agenda_item(meeting=meeting, by=by, title=f"議事{start}")
    for i in range(start, start + n):
        item = add_agenda_item(meeting=meeting, by=by, parent=proceedings, title=f"議題{i}")
        material = add_material(meeting, by, number=str(i), agenda_item=item)
        add_material(
            meeting, by, number=str(i), kind="reference", audience=Audience.MEMBERS, agenda_item=item
        )
        replace(material, by)
        member = seat(meeting.body, name=f"構成員{i}")
        services.record_attendance(meeting=meeting, member=member, status=Attendance.Status.PRESENT, by=by)
        services.add_follow_up(meeting=meeting, by=by, title=f"宿題{i}", owner=meeting.body.council)
        earlier = Meeting.objects.filter(body=meeting.body, number__lt=meeting.number).first()
        if earlier:
            services.add_follow_up(meeting=earlier, by=by, title=f"前回の宿題{i}", owner=meeting.body.council)


@pytest.mark.parametrize("page", ["council:meeting-detail", "council:meeting-json"])
@pytest.mark.parametrize("who", ["anonymous", "council_member", "secretariat"])
def test_meeting_page_and_its_json_are_flat(client, cast, who, page, django_assert_max_num_queries):
    secretariat = cast["secretariat"]
    if cast[who]:
        sign_in(client, cast[who])
    body = make_body()
    make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    meeting = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    fill(meeting, secretariat, 1)
    url = reverse(page, args=[meeting.pk])
    few = queries(client, url)
    fill(meeting, secretariat, 6, start=2)
    with django_assert_max_num_queries(few):
        client.get(url)


def test_body_page_list_feed_and_calendar_are_flat(client, secretariat, django_assert_max_num_queries):
    body = make_body()
    add_material(make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED), secretariat)
    seat(body)
    urls = [
        reverse("council:body-detail", args=[body.pk]),
        reverse("council:body-list"),
        reverse("council:meeting-feed"),
        reverse("council:body-calendar", args=[body.pk]),
    ]
    few = [queries(client, url) for url in urls]
    for i in range(8):
        add_material(make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED), secretariat)
        seat(body, name=f"構成員{i}")
        Body.objects.create(council=body.council, name=f"WG{i}", kind=Body.Kind.WORKING_GROUP, parent=body)
    for url, count in zip(urls, few, strict=True):
        with django_assert_max_num_queries(count):
            client.get(url)


def test_minutes_page_is_flat(client, secretariat, django_assert_max_num_queries):
    body = make_body()
    meeting = make_meeting(
        body,
        secretariat,
        status=Meeting.Status.ANNOUNCED,
        starts_at=datetime.datetime(2024, 9, 24, tzinfo=JST),
    )
    meeting = services.change_meeting_status(meeting=meeting, status=Meeting.Status.HELD, by=secretariat)
    sign_in(client, secretariat)

    def speak(i: int) -> None:
        member = seat(body, name=f"構成員{i}")
        services.add_remark(
            meeting=meeting, by=secretariat, speaker=member, speaker_name=f"構成員{i}", text="発言"
        )

    speak(0)
    url = reverse("council:minutes-detail", args=[meeting.pk])
    few = queries(client, url)
    for i in range(1, 10):
        speak(i)
    with django_assert_max_num_queries(few):
        client.get(url)


def test_opinion_table_is_flat(client, secretariat, django_assert_max_num_queries):
    body = make_body()
    opinion_request = services.create_opinion_request(
        body=body,
        by=secretariat,
        title="意見照会",
        question="ご意見を",
        respondents="local_governments",
        deadline=timezone.now() + datetime.timedelta(days=14),
    )
    opinion_request = services.change_opinion_request_status(
        opinion_request=opinion_request, status="open", by=secretariat
    )
    towns = list(Organisation.objects.municipalities().filter(prefecture__lg_code=HIROSHIMA)[:12])

    def answer(town) -> None:
        person = make_user(f"staff{town.lg_code}@test.jp", role=Role.MUNICIPAL_STAFF, organisation=town)
        services.submit_opinion(opinion_request=opinion_request, by=person, text=f"{town.name}の意見")

    answer(towns[0])
    sign_in(client, secretariat)
    url = reverse("council:opinion-detail", args=[opinion_request.pk])
    few = queries(client, url)
    for town in towns[1:]:
        answer(town)
    with django_assert_max_num_queries(few):
        client.get(url)


def grow_pipeline(body, by, meeting, n: int, start: int = 0) -> None:
    """n candidates, each moved along at the meeting and routed to joint procurement."""
    for i in range(start, start + n):
        candidate = services.create_candidate(
            body=body, by=by, title=f"候補{i}", description="概要", proposer=body.council
        )
        candidate = services.change_candidate_status(
            candidate=candidate, status="effect", by=by, note="着手", meeting=meeting
        )
        services.change_candidate_status(
            candidate=candidate, status="joint_procurement", by=by, note="共同調達へ", meeting=meeting
        )


@pytest.mark.parametrize("who", ["anonymous", "secretariat"])
def test_candidate_list_and_pages_are_flat(client, cast, who, django_assert_max_num_queries):
    from council.models import Candidate
    from procurement.models import StagePlan, Visibility
    from tests.procurement.factories import make_project

    secretariat = cast["secretariat"]
    if cast[who]:
        sign_in(client, cast[who])
    body = make_body()
    meeting = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    grow_pipeline(body, secretariat, meeting, 1)
    routed = Candidate.objects.get(title="候補0")
    studied = services.create_candidate(
        body=body, by=secretariat, title="検討中", description="概要", proposer=body.council
    )
    for status in ("effect", "feasibility", "policy"):
        studied = services.change_candidate_status(
            candidate=studied, status=status, by=secretariat, note="決定", meeting=meeting
        )

    def link_one(i):
        project = make_project(cast["coordinator"], title=f"案件{i}")
        StagePlan.objects.create(project=project, stage=project.status, visibility=Visibility.PUBLIC)
        services.link_project(candidate=routed, by=secretariat, project_id=project.pk)

    link_one(0)
    urls = [
        reverse("council:candidate-list", args=[body.pk]),
        reverse("council:candidate-detail", args=[routed.pk]),
        reverse("council:candidate-detail", args=[studied.pk]),
        reverse("council:meeting-detail", args=[meeting.pk]),
    ]
    few = [queries(client, url) for url in urls]
    grow_pipeline(body, secretariat, meeting, 6, start=1)
    for i in range(1, 5):
        link_one(i)
    for _ in range(3):
        later = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
        for status in ("feasibility", "policy"):
            studied = services.change_candidate_status(
                candidate=studied, status=status, by=secretariat, note="再検討", meeting=later
            )
    for url, count in zip(urls, few, strict=True):
        with django_assert_max_num_queries(count):
            client.get(url)
