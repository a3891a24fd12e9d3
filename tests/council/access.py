"""Access rows for the council's pages, part of the access matrix (tests/portal/test_access_matrix.py).

The rows point at a draft meeting (only its secretariat and site admins see it) and at a members-only
material of an announced meeting (members read it; nobody else learns it exists, not even its file).
"""

from __future__ import annotations

import atexit

from django.core.files.storage import default_storage

from council.models import Audience, Meeting
from tests.council.factories import add_material, make_body, make_meeting
from tests.portal.access import EVERYONE, Row, only

SECRETARIAT = {"secretariat": 200, "admin_user": 200}
MEETING = lambda w: {"pk": w["council_draft_meeting"].pk}  # noqa: E731
MATERIAL = lambda w: {"pk": w["council_members_material"].pk}  # noqa: E731

TABLE: dict[str, Row] = {
    "council:body-list": Row(EVERYONE),
    "council:meeting-feed": Row(EVERYONE),
    "council:body-detail": Row(EVERYONE, kwargs=lambda w: {"pk": w["council_body"].pk}),
    "council:body-member-add": Row(
        only(SECRETARIAT, others=403), kwargs=lambda w: {"pk": w["council_body"].pk}
    ),
    "council:meeting-create": Row(
        only(SECRETARIAT, others=403), kwargs=lambda w: {"pk": w["council_body"].pk}
    ),
    "council:meeting-detail": Row(only(SECRETARIAT, others=404, anonymous=404), kwargs=MEETING),
    "council:meeting-status": Row(
        only({"secretariat": 302, "admin_user": 302}, others=404), "post", MEETING, {"status": "announced"}
    ),
    "council:agenda-item-add": Row(only(SECRETARIAT, others=404), kwargs=MEETING),
    "council:attendance-record": Row(only(SECRETARIAT, others=404), kwargs=MEETING),
    "council:material-add": Row(only(SECRETARIAT, others=404), kwargs=MEETING),
    "council:material-replace": Row(
        only({**SECRETARIAT, "council_member": 403}, others=404), kwargs=MATERIAL
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
    # The file must be where the file view looks while the module's requests run (media/, ignored by
    # git); it is removed when the test process ends.
    atexit.register(default_storage.delete, material.current.file)
    return {
        "council_body": body,
        "council_draft_meeting": make_meeting(body, secretariat),
        "council_members_material": material,
    }
