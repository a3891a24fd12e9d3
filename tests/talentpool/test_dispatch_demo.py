"""The demo world has dispatch requests in several statuses, made through the services, once."""

import pytest

from portal.demo import seed_demo
from talentpool.models import DispatchProgramme, DispatchRequest, TalentSharing

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
    }
    assert DispatchProgramme.objects.get(prefecture__name="広島県").status == "confirmed"
    shared = TalentSharing.objects.filter(talent__prefecture__name="広島県", prefecture__name="岡山県")
    assert shared.exists()
    count, sharings = DispatchRequest.objects.count(), TalentSharing.objects.count()
    seed_demo()
    assert DispatchRequest.objects.count() == count and TalentSharing.objects.count() == sharings
