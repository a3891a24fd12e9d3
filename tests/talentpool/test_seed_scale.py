"""seed_scale: deterministic, invented, published profiles with a fiscal year of capacity (benchmarks)."""

import pytest
from django.core.management import CommandError, call_command

from talentpool.models import CapacityMonth, Talent


def test_it_creates_searchable_published_profiles_with_twelve_months_each(db, reference_data, settings):
    settings.DEMO_MODE = True
    call_command("seed_scale", talents=6, stdout=None)
    profiles = Talent.objects.filter(affiliation_name="（規模試験用の架空データ）")
    assert profiles.count() == 6
    assert not profiles.exclude(status=Talent.Status.PUBLISHED).exists()
    assert all(profile.search_text and profile.skills.exists() for profile in profiles)
    assert CapacityMonth.objects.filter(talent__in=profiles).count() == 6 * 12
    call_command("seed_scale", talents=6)  # idempotent: the count is a target, not an increment
    assert profiles.count() == 6


def test_it_is_deterministic(db, reference_data, settings):
    settings.DEMO_MODE = True
    call_command("seed_scale", talents=3)
    first = list(Talent.objects.order_by("pk").values_list("display_name", "prefecture_id"))
    Talent.objects.all().delete()
    call_command("seed_scale", talents=3)
    assert list(Talent.objects.order_by("pk").values_list("display_name", "prefecture_id")) == first


def test_it_refuses_without_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("seed_scale", talents=1)


def test_it_adds_three_fiscal_years_of_dispatch_requests_with_exact_cost_shares(db, reference_data, settings):
    from django.db.models import F

    from portal.dates import fiscal_year, today
    from talentpool.models import Assignment, DispatchRequest

    settings.DEMO_MODE = True
    call_command("seed_scale", talents=20, requests=60)
    requests = DispatchRequest.objects.filter(title__startswith="（規模試験）")
    assert requests.count() == 60
    years = {fiscal_year(r.start_date) for r in requests}
    assert years == {fiscal_year(today()) - 2, fiscal_year(today()) - 1, fiscal_year(today())}
    booked = requests.filter(status__in=["approved", "active", "reporting", "completed"])
    assert booked.exists()
    assert Assignment.objects.filter(request__in=booked).count() == booked.count()
    assert not Assignment.objects.exclude(
        cost_yen=F("national_yen") + F("prefecture_yen") + F("municipality_yen")
    )
    assert not requests.filter(status="completed", rating__isnull=True).exists()
    call_command("seed_scale", talents=20, requests=60)  # a target, not an increment
    assert requests.count() == 60


def test_it_invents_dx_staff_counts_for_two_municipalities_in_three_the_same_every_run(
    db, reference_data, settings
):
    from portal.models import Organisation

    settings.DEMO_MODE = True
    call_command("seed_scale", talents=2, requests=3)
    municipalities = Organisation.objects.municipalities()
    reported = municipalities.filter(dx_staff_count__isnull=False)
    assert 0.6 < reported.count() / municipalities.count() < 0.7
    assert not reported.filter(dx_staff_as_of__isnull=True).exists()
    assert reported.filter(kind="village", dx_staff_count__lte=1).exists()
    assert municipalities.get(lg_code="345458").dx_staff_count == (345458 * 7919) % 4
    first = list(reported.order_by("pk").values_list("pk", "dx_staff_count"))
    Organisation.objects.update(dx_staff_count=None, dx_staff_as_of=None)
    call_command("seed_scale", talents=2, requests=6)
    assert list(reported.order_by("pk").values_list("pk", "dx_staff_count")) == first
