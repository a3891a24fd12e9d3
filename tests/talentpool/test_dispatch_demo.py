"""The demo world has dispatch requests in several statuses, made through the services, once."""

import pytest

from portal.dates import fiscal_year, today
from portal.demo import seed_demo
from talentpool.models import DispatchProgramme, DispatchRequest, FollowUpSurvey, TalentSharing

pytestmark = pytest.mark.django_db


def test_the_demo_has_requests_along_the_workflow_and_seeding_twice_adds_none(reference_data):
    seed_demo()
    statuses = set(DispatchRequest.objects.values_list("status", flat=True))
    assert statuses == {
        "draft",
        "submitted",
        "screening",
        "returned",
        "matching",
        "pending_approval",
        "approved",
        "completed",
    }
    # Last year's completed dispatch is asked its follow-up survey.
    assert (
        FollowUpSurvey.objects.filter(answered_at__isnull=True, fiscal_year=fiscal_year(today())).count() == 1
    )
    assert set(
        DispatchProgramme.objects.filter(prefecture__name="広島県").values_list("status", flat=True)
    ) == {"confirmed"}
    shared = TalentSharing.objects.filter(talent__prefecture__name="広島県", prefecture__name="岡山県")
    assert shared.exists()
    count, sharings = DispatchRequest.objects.count(), TalentSharing.objects.count()
    seed_demo()
    assert DispatchRequest.objects.count() == count and TalentSharing.objects.count() == sharings
