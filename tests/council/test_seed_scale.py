"""seed_scale_council: invented meetings with agendas, materials and their text (benchmarks)."""

import pytest
from django.core.management import CommandError, call_command

from council.models import Material, MaterialText, Meeting, SearchEntry


def test_it_creates_meetings_with_materials_and_indexes_them(db, reference_data, settings, tmp_path):
    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_scale_council", meetings=6, materials=4)
    meetings = Meeting.objects.filter(venue__startswith="（規模試験）")
    assert meetings.count() == 6
    assert Material.objects.filter(meeting__in=meetings).count() == 24
    assert MaterialText.objects.filter(version__material__meeting__in=meetings, status="done").count() == 24
    assert SearchEntry.objects.filter(meeting__in=meetings, kind="material").count() == 24
    call_command("seed_scale_council", meetings=6)  # a target, not an increment
    assert meetings.count() == 6


def test_it_refuses_without_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("seed_scale_council", meetings=1)
