"""Access rows for the talent pool's pages, part of the access matrix (tests/portal/test_access_matrix.py)."""

from __future__ import annotations

import datetime

from talentpool.models import (
    Assignment,
    DispatchAttachment,
    DispatchRequest,
    FollowUpSurvey,
    JobPosting,
    MonthlyReport,
    Proposal,
)
from tests.conftest import JINSEKI, org
from tests.portal.access import CAST, EVERYONE, MANAGERS, SIGNED_IN, Row, only
from tests.talentpool.factories import TalentFactory, make_dispatch_request, make_programme

# Who sees 広島県's published profile without managing the pool: its municipalities' people, the
# prefecture's approver, and its talents (one with a profile of their own, one without).
PROFILE_READERS = dict.fromkeys(
    ("staff", "approver", "prefecture_approver", "talent", "profiled_talent"), 200
)
# Who drafts 神石高原町's job descriptions.
JINSEKI_DRAFTERS = {"staff": 200, "approver": 200}
# Who sees a request 神石高原町 has sent to 広島県.
SENT_READERS = {
    "staff": 200,
    "approver": 200,
    "coordinator": 200,
    "prefecture_approver": 200,
    "admin_user": 200,
}
# Who sees the active dispatch: the request's readers and the talent sent.
WORKING_READERS = {**SENT_READERS, "profiled_talent": 200}
# Who sees 広島県's programme settings.
PROGRAMME_READERS = {"coordinator": 200, "prefecture_approver": 200, "admin_user": 200}


def _post(expect: dict, world_key: str, data: dict | None = None) -> Row:
    return Row(expect, "post", lambda w: {"pk": w[world_key].pk}, data or {})


def _as(readers: dict, outcome) -> dict:
    return dict.fromkeys(readers, outcome)


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
    "talentpool:talent-sharing": Row(
        only({**dict.fromkeys(PROFILE_READERS, 403), "coordinator": 302, "admin_user": 302}, others=404),
        "post",
        lambda w: {"pk": w["talent_profile"].pk},
        {"prefectures": []},
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
    "talentpool:dispatch-list": Row(SIGNED_IN),
    "talentpool:dispatch-load": Row(
        only({"coordinator": 200, "other_coordinator": 200, "admin_user": 200}, others=403)
    ),
    "talentpool:dispatch-unsupported": Row(
        only({"coordinator": 200, "other_coordinator": 200, "admin_user": 200}, others=403)
    ),
    "talentpool:dispatch-create": Row(
        only({**JINSEKI_DRAFTERS, "other_staff": 200, "admin_user": 200}, others=403)
    ),
    "talentpool:dispatch-detail": Row(
        only(SENT_READERS, others=404, anonymous=404), kwargs=lambda w: {"pk": w["sent_dispatch"].pk}
    ),
    "talentpool:dispatch-document": Row(
        only(SENT_READERS, others=404),
        kwargs=lambda w: {"pk": w["sent_dispatch"].pk, "document": "request"},
    ),
    "talentpool:dispatch-edit": Row(
        only({**JINSEKI_DRAFTERS, "admin_user": 200}, others=404),
        kwargs=lambda w: {"pk": w["draft_dispatch"].pk},
    ),
    "talentpool:dispatch-status": _post(
        only({**_as(JINSEKI_DRAFTERS, 302), "admin_user": 302}, others=404),
        "draft_dispatch",
        {"status": "submitted"},
    ),
    "talentpool:dispatch-propose": _post(
        only(
            {**_as(SENT_READERS, 403), "profiled_talent": 403, "coordinator": 302, "admin_user": 302},
            others=404,
        ),
        "matching_dispatch",
        {"first": ""},
    ),
    "talentpool:dispatch-rank": _post(
        only(
            {
                **_as(SENT_READERS, 403),
                "profiled_talent": 403,
                **_as(JINSEKI_DRAFTERS, 302),
                "admin_user": 302,
            },
            others=404,
        ),
        "matching_dispatch",
        {"rank_1": "1"},
    ),
    "talentpool:dispatch-respond": _post(
        only({**_as(SENT_READERS, 403), "profiled_talent": 302}, others=404),
        "matching_dispatch",
        {"answer": "decline", "reason": "日程が合わない"},
    ),
    # Only the home prefecture of a talent lent to another prefecture consents, while it waits.
    "talentpool:dispatch-consent": _post(
        only(_as(SENT_READERS, 403), others=404), "sent_dispatch", {"answer": "consent"}
    ),
    "talentpool:dispatch-report": _post(
        only(_as(SENT_READERS, 403), others=404), "sent_dispatch", {"report": "x"}
    ),
    "talentpool:dispatch-activity": _post(
        only({**_as(SENT_READERS, 403), "profiled_talent": 302}, others=404),
        "active_dispatch",
        {"date": "2026-01-05", "hours": "2", "mode": "remote", "description": "打合せ"},
    ),
    "talentpool:dispatch-monthly": _post(
        only({**_as(SENT_READERS, 403), "profiled_talent": 302}, others=404),
        "active_dispatch",
        {"month": "2026-01-01", "summary": "計画づくり"},
    ),
    "talentpool:dispatch-monthly-confirm": Row(
        only({**_as(WORKING_READERS, 403), **_as(JINSEKI_DRAFTERS, 302), "admin_user": 302}, others=404),
        "post",
        lambda w: {"pk": w["active_dispatch"].pk, "report_pk": w["monthly_report"].pk},
    ),
    "talentpool:dispatch-rate": _post(
        only({**_as(WORKING_READERS, 403), **_as(JINSEKI_DRAFTERS, 302), "admin_user": 302}, others=404),
        "active_dispatch",
        {"rating": "5"},
    ),
    "talentpool:dispatch-follow-up": Row(
        only(WORKING_READERS, others=404), kwargs=lambda w: {"pk": w["active_dispatch"].pk}
    ),
    "talentpool:dispatch-attach": _post(
        only({**_as(JINSEKI_DRAFTERS, 302), "admin_user": 302}, others=404), "draft_dispatch"
    ),
    # The attachment's file is not stored: 404 for everyone (serving is tested in test_dispatch_pages).
    "talentpool:dispatch-attachment": Row(
        only({}, others=404, anonymous=404),
        kwargs=lambda w: {"pk": w["sent_dispatch"].pk, "attachment_pk": w["attachment"].pk},
    ),
    "talentpool:programme-list": Row(only({**PROGRAMME_READERS, "other_coordinator": 200}, others=403)),
    "talentpool:programme-create": Row(
        only({"coordinator": 200, "other_coordinator": 200, "admin_user": 200}, others=403)
    ),
    "talentpool:programme-detail": Row(
        only(PROGRAMME_READERS, others=404), kwargs=lambda w: {"pk": w["programme"].pk}
    ),
    "talentpool:programme-edit": Row(
        only({**PROGRAMME_READERS, "prefecture_approver": 403}, others=404),
        kwargs=lambda w: {"pk": w["draft_programme"].pk},
    ),
    "talentpool:programme-status": _post(
        only(_as(PROGRAMME_READERS, 302), others=404), "draft_programme", {"status": "submitted"}
    ),
    "talentpool:programme-costs-csv": Row(
        only(PROGRAMME_READERS, others=404), kwargs=lambda w: {"pk": w["programme"].pk}
    ),
    "talentpool:programme-costs-xlsx": Row(
        only(PROGRAMME_READERS, others=404), kwargs=lambda w: {"pk": w["programme"].pk}
    ),
    # The registry moved to /procurement/vendors/: the old addresses answer 301 to everyone.
    "talentpool:old-vendor-list": Row(dict.fromkeys(CAST, 301)),
    "talentpool:old-vendor-create": Row(dict.fromkeys(CAST, 301)),
    "talentpool:old-vendor-detail": Row(dict.fromkeys(CAST, 301), kwargs=lambda w: {"pk": 1}),
    "talentpool:old-vendor-edit": Row(dict.fromkeys(CAST, 301), kwargs=lambda w: {"pk": 1}),
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
    """What the talent pool's rows point at: a published profile, a draft job, 広島県's
    programme settings (confirmed this FY, a draft for the next), and 神石高原町's requests: a
    draft, one sent to the prefecture, and one whose candidate (profiled_talent) is being asked."""
    programme = make_programme()
    matching = make_dispatch_request(cast["staff"], status=DispatchRequest.Status.MATCHING)
    Proposal.objects.create(
        request=matching,
        talent=cast["profiled_talent"].talent_profile,
        rank=1,
        status=Proposal.Status.ASKED,
        proposed_by=cast["coordinator"],
    )
    active = make_dispatch_request(
        cast["staff"],
        status=DispatchRequest.Status.ACTIVE,
        talent=cast["profiled_talent"].talent_profile,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 2, 28),
        title="派遣中の依頼",
    )
    assignment = Assignment.objects.create(
        request=active,
        talent=active.talent,
        programme=programme,
        start_date=active.start_date,
        end_date=active.end_date,
        days=4,
        unit_cost_yen=1,
        cost_yen=4,
        national_yen=2,
        prefecture_yen=1,
        municipality_yen=1,
        approved_by=cast["prefecture_approver"],
    )
    FollowUpSurvey.objects.create(assignment=assignment, fiscal_year=programme.fiscal_year + 1)
    sent = make_dispatch_request(cast["staff"], status=DispatchRequest.Status.SCREENING)
    return {
        "sent_dispatch": sent,
        "attachment": DispatchAttachment.objects.create(
            request=sent,
            file_name="計画.pdf",
            stored_name="dispatch-attachments/missing.pdf",
            content_type="application/pdf",
            size=1,
            uploaded_by=cast["staff"],
        ),
        "active_dispatch": active,
        "monthly_report": MonthlyReport.objects.create(
            assignment=assignment, month=active.start_date, summary="x"
        ),
        "programme": programme,
        "draft_programme": make_programme(year=programme.fiscal_year + 1, confirmed=False),
        "draft_dispatch": make_dispatch_request(cast["staff"]),
        "matching_dispatch": matching,
        "talent_profile": TalentFactory(),
        "draft_job": JobPosting.objects.create(
            organisation=org(JINSEKI),
            title="DX推進アドバイザー",
            duties="計画",
            conditions="週1日",
            appointment=JobPosting.Appointment.PART_TIME,
            created_by=cast["staff"],
        ),
    }
