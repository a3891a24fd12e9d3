"""Access rows for the talent pool's pages, part of the access matrix (tests/portal/test_access_matrix.py)."""

from __future__ import annotations

from talentpool.models import JobPosting, Vendor
from tests.conftest import HIROSHIMA, JINSEKI, org
from tests.portal.access import EVERYONE, MANAGERS, SIGNED_IN, Row, only
from tests.talentpool.factories import TalentFactory

# Who sees 広島県's published profile without managing the pool: its municipalities' people, the
# prefecture's approver, and its talents (one with a profile of their own, one without).
PROFILE_READERS = dict.fromkeys(
    ("staff", "approver", "prefecture_approver", "talent", "profiled_talent"), 200
)
# Who drafts 神石高原町's job descriptions.
JINSEKI_DRAFTERS = {"staff": 200, "approver": 200}

TABLE: dict[str, Row] = {
    "talentpool:talent-search": Row(only({}, others=200, **{"secretariat": 403, "council_member": 403})),
    "talentpool:talent-detail": Row(
        only({**PROFILE_READERS, "coordinator": 200, "admin_user": 200}, others=404),
        kwargs=lambda w: {"pk": w["talent_profile"].pk},
    ),
    "talentpool:talent-capacity": Row(
        only({**dict.fromkeys(PROFILE_READERS, 403), "coordinator": 200, "admin_user": 200}, others=404),
        kwargs=lambda w: {"pk": w["talent_profile"].pk},
    ),
    "talentpool:talent-career": Row(
        only({**PROFILE_READERS, "coordinator": 200, "admin_user": 200}, others=404),
        kwargs=lambda w: {"pk": w["talent_profile"].pk},
    ),
    "talentpool:job-list": Row(EVERYONE),
    "talentpool:job-export-csv": Row(EVERYONE),
    "talentpool:job-export-json": Row(EVERYONE),
    "talentpool:job-create": Row(
        only(
            {
                "staff": 200,
                "approver": 200,
                "other_staff": 200,
                "coordinator": 200,
                "other_coordinator": 200,
                "admin_user": 200,
            },
            others=403,
        )
    ),
    "talentpool:job-detail": Row(
        only({**JINSEKI_DRAFTERS, "coordinator": 200, "admin_user": 200}, others=404, anonymous=404),
        kwargs=lambda w: {"pk": w["draft_job"].pk},
    ),
    "talentpool:job-edit": Row(
        only({**JINSEKI_DRAFTERS, "coordinator": 403, "admin_user": 200}, others=404),
        kwargs=lambda w: {"pk": w["draft_job"].pk},
    ),
    "talentpool:job-status": Row(
        only({**dict.fromkeys(JINSEKI_DRAFTERS, 302), "coordinator": 302, "admin_user": 302}, others=404),
        "post",
        lambda w: {"pk": w["draft_job"].pk},
        {"status": "submitted"},
    ),
    "talentpool:vendor-list": Row(SIGNED_IN),
    "talentpool:vendor-create": Row(only(MANAGERS, others=403, secretariat=403)),
    "talentpool:vendor-detail": Row(SIGNED_IN, kwargs=lambda w: {"pk": w["vendor"].pk}),
    "talentpool:vendor-edit": Row(
        only({"coordinator": 200, "admin_user": 200}, others=403), kwargs=lambda w: {"pk": w["vendor"].pk}
    ),
    # The profile has no photo: 404 for everyone (serving is tested in test_photos_and_markdown).
    "talentpool:talent-photo": Row(only({}, others=404), kwargs=lambda w: {"pk": w["talent_profile"].pk}),
    "talentpool:pool-list": Row(only(MANAGERS, others=403, secretariat=403)),
    "talentpool:talent-create": Row(only(MANAGERS, others=403, secretariat=403)),
    "talentpool:talent-edit": Row(
        only({**dict.fromkeys(PROFILE_READERS, 403), "coordinator": 200, "admin_user": 200}, others=404),
        kwargs=lambda w: {"pk": w["talent_profile"].pk},
    ),
    "talentpool:talent-status": Row(
        only({**dict.fromkeys(PROFILE_READERS, 403), "coordinator": 302, "admin_user": 302}, others=404),
        "post",
        lambda w: {"pk": w["talent_profile"].pk},
        {"status": "draft"},
    ),
}


def build_world(cast: dict) -> dict:
    """What the talent pool's rows point at: a published profile, a draft job, a vendor."""
    return {
        "talent_profile": TalentFactory(),
        "draft_job": JobPosting.objects.create(
            organisation=org(JINSEKI),
            title="DX推進アドバイザー",
            duties="計画",
            conditions="週1日",
            appointment=JobPosting.Appointment.PART_TIME,
            created_by=cast["staff"],
        ),
        "vendor": Vendor.objects.create(
            prefecture=org(HIROSHIMA), name="試験ベンダー", kind=Vendor.Kind.VENDOR
        ),
    }
