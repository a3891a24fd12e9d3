"""Access rows for the council's pages, part of the access matrix (tests/portal/test_access_matrix.py).

The rows point at a draft meeting (only its secretariat and site admins see it), at a members-only
material of an announced meeting (members read it; nobody else learns it exists, not even its file),
and at a held meeting whose minutes are out for confirmation by the council member.
"""

from __future__ import annotations

import atexit
import datetime
from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

from council import services
from council.models import Audience, Meeting, Subscription
from portal.models import Organisation
from tests.council.factories import JST, add_material, colleague, make_body, make_meeting, seat
from tests.portal.access import EVERYONE, Row, only

PAST = datetime.datetime(2024, 9, 24, 10, 0, tzinfo=JST)
SECRETARIAT = {"secretariat": 200, "admin_user": 200}
MEETING = lambda w: {"pk": w["council_draft_meeting"].pk}  # noqa: E731
HELD = lambda w: {"pk": w["council_held_meeting"].pk}  # noqa: E731
OPINION = lambda w: {"pk": w["council_opinion_request"].pk}  # noqa: E731
MATERIAL = lambda w: {"pk": w["council_members_material"].pk}  # noqa: E731
ITEM = lambda w: {"pk": w["council_agenda_item"].pk}  # noqa: E731
CANDIDATE = lambda w: {"pk": w["council_members_candidate"].pk}  # noqa: E731
# A members-only candidate: members read it, nobody else learns it exists; members may not manage it.
CANDIDATE_READERS = {**SECRETARIAT, "council_member": 200}

TABLE: dict[str, Row] = {
    "council:body-list": Row(EVERYONE),
    "council:meeting-feed": Row(EVERYONE),
    # Public; what each person finds is narrowed by audience (tests/council/test_search.py).
    "council:search": Row(EVERYONE, data={"q": "資料"}),
    "council:body-detail": Row(EVERYONE, kwargs=lambda w: {"pk": w["council_body"].pk}),
    # Anyone may subscribe, and anyone holding a mail's signed link may use it (no account needed).
    "council:subscription-create": Row(EVERYONE, kwargs=lambda w: {"pk": w["council_body"].pk}),
    "council:subscription-confirm": Row(
        EVERYONE, kwargs=lambda w: {"token": w["council_subscription"].confirm_token("daily")}
    ),
    "council:subscription-unsubscribe": Row(
        EVERYONE, kwargs=lambda w: {"token": w["council_subscription"].unsubscribe_token}
    ),
    "council:body-calendar": Row(EVERYONE, kwargs=lambda w: {"pk": w["council_body"].pk}),
    "council:meeting-json": Row(only(SECRETARIAT, others=404, anonymous=404), kwargs=MEETING),
    "council:meeting-calendar": Row(only(SECRETARIAT, others=404, anonymous=404), kwargs=MEETING),
    "council:body-member-add": Row(
        only(SECRETARIAT, others=403), kwargs=lambda w: {"pk": w["council_body"].pk}
    ),
    # Rosters are public, but only the secretariat names a seat's substitutes.
    "council:substitute-add": Row(
        only(SECRETARIAT, others=403), kwargs=lambda w: {"pk": w["council_seat"].pk}
    ),
    "council:meeting-create": Row(
        only(SECRETARIAT, others=403), kwargs=lambda w: {"pk": w["council_body"].pk}
    ),
    "council:meeting-detail": Row(only(SECRETARIAT, others=404, anonymous=404), kwargs=MEETING),
    "council:meeting-status": Row(
        only({"secretariat": 302, "admin_user": 302}, others=404),
        "post",
        MEETING,
        {"status": "pending_approval"},
    ),
    "council:agenda-item-add": Row(only(SECRETARIAT, others=404), kwargs=MEETING),
    # A line of an announced public meeting: everyone reads it, only its secretariat changes it.
    "council:agenda-item-change": Row(only(SECRETARIAT, others=403), kwargs=ITEM),
    "council:agenda-item-status": Row(
        only({"secretariat": 302, "admin_user": 302}, others=403), "post", ITEM, {"status": "approved"}
    ),
    "council:attendance-record": Row(only(SECRETARIAT, others=404), kwargs=MEETING),
    "council:material-add": Row(only(SECRETARIAT, others=404), kwargs=MEETING),
    "council:minutes-detail": Row(only(SECRETARIAT, others=404, anonymous=404), kwargs=HELD),
    "council:remark-add": Row(only(SECRETARIAT, others=403), kwargs=HELD),
    "council:minutes-summary": Row(only(SECRETARIAT, others=403), kwargs=HELD),
    "council:minutes-status": Row(
        only({"secretariat": 302, "admin_user": 302}, others=404), "post", HELD, {"status": "published"}
    ),
    "council:minutes-confirm": Row(only({"council_member": 200}, others=404), kwargs=HELD),
    "council:follow-up-add": Row(only(SECRETARIAT, others=404), kwargs=MEETING),
    "council:follow-up-status": Row(
        only({"secretariat": 302, "admin_user": 302}, others=404),
        "post",
        lambda w: {"pk": w["council_follow_up"].pk},
        {"status": "done", "note": "済"},
    ),
    "council:opinion-create": Row(
        only(SECRETARIAT, others=403), kwargs=lambda w: {"pk": w["council_body"].pk}
    ),
    # An open request to local governments: every signed-in staff member of a body reads it;
    # talents (outside contractors) and the public do not.
    "council:opinion-detail": Row(
        only({}, others=200, anonymous=404, talent=404, profiled_talent=404), kwargs=OPINION
    ),
    "council:opinion-status": Row(
        only({"secretariat": 302, "admin_user": 302, "talent": 404, "profiled_talent": 404}, others=403),
        "post",
        OPINION,
        {"status": "closed"},
    ),
    # The table of an open request: the secretariat only; those asked see their own answer on the page.
    "council:opinion-table-csv": Row(only(SECRETARIAT, others=404, anonymous=404), kwargs=OPINION),
    "council:opinion-table-xlsx": Row(only(SECRETARIAT, others=404, anonymous=404), kwargs=OPINION),
    "council:candidate-list": Row(EVERYONE, kwargs=lambda w: {"pk": w["council_body"].pk}),
    "council:candidate-create": Row(
        only(SECRETARIAT, others=403), kwargs=lambda w: {"pk": w["council_body"].pk}
    ),
    "council:candidate-detail": Row(only(CANDIDATE_READERS, others=404, anonymous=404), kwargs=CANDIDATE),
    "council:candidate-status": Row(
        only({"secretariat": 302, "admin_user": 302, "council_member": 403}, others=404),
        "post",
        CANDIDATE,
        {"status": "effect", "note": "効果検証に着手"},
    ),
    "council:candidate-link": Row(
        only({"secretariat": 302, "admin_user": 302, "council_member": 403}, others=404),
        "post",
        CANDIDATE,
        {"project": "1"},
    ),
    "council:material-replace": Row(
        only({**SECRETARIAT, "council_member": 403}, others=404), kwargs=MATERIAL
    ),
    # Approving a version: its council's secretariat; a member who reads the material may not.
    "council:material-version-status": Row(
        only({"secretariat": 302, "admin_user": 302, "council_member": 403}, others=404),
        "post",
        lambda w: {**MATERIAL(w), "version": 1},
        {"status": "approved"},
    ),
    "council:material-file": Row(
        only({**SECRETARIAT, "council_member": 200}, others=404, anonymous=404),
        kwargs=lambda w: {**MATERIAL(w), "version": 1},
    ),
}


def build_world(cast: dict) -> dict:
    """What the council's rows point at: the body, a draft meeting, a members-only material."""
    secretariat = cast["secretariat"]
    body = make_body()
    announced = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED)
    material = add_material(announced, secretariat, audience=Audience.MEMBERS)
    item = services.add_agenda_item(meeting=announced, by=secretariat, title="議事")
    item = services.change_agenda_item_status(item=item, status="approved", by=colleague())
    # The file must be where the file view looks while the module's requests run (media/, ignored by
    # git); it is removed when the test process ends.
    atexit.register(default_storage.delete, material.current.file)
    held = make_meeting(body, secretariat, status=Meeting.Status.ANNOUNCED, starts_at=PAST)
    held = services.change_meeting_status(meeting=held, status=Meeting.Status.HELD, by=secretariat)
    speaker = seat(body, cast["council_member"])
    services.add_remark(meeting=held, by=secretariat, speaker=speaker, speaker_name="構成員", text="発言")
    services.change_minutes_status(
        minutes=held.minutes,
        status="confirming",
        by=secretariat,
        confirm_by=timezone.now() + timedelta(days=7),
    )
    draft = make_meeting(body, secretariat)
    owner = Organisation.objects.get_or_create(kind=Organisation.Kind.NATIONAL, name="デジタル庁")[0]
    opinion_request = services.create_opinion_request(
        body=body,
        by=secretariat,
        title="意見照会",
        question="ご意見を",
        respondents="local_governments",
        deadline=timezone.now() + timedelta(days=14),
    )
    services.change_opinion_request_status(opinion_request=opinion_request, status="open", by=secretariat)
    return {
        "council_subscription": Subscription.objects.create(email="citizen@example.jp", body=body),
        "council_body": body,
        "council_opinion_request": opinion_request,
        "council_held_meeting": held,
        "council_draft_meeting": draft,
        "council_follow_up": services.add_follow_up(meeting=draft, by=secretariat, title="宿題", owner=owner),
        "council_members_material": material,
        "council_agenda_item": item,
        "council_seat": speaker,
        "council_members_candidate": services.create_candidate(
            body=body,
            by=secretariat,
            title="構成員限りの共通化候補",
            description="検討中",
            proposer=owner,
            audience=Audience.MEMBERS,
            non_disclosure_reason="意思決定の過程にあるため",
        ),
    }
