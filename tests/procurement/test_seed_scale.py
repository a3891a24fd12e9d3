"""seed_scale_procurement: invented joint procurements at national scale (benchmarks)."""

import pytest
from django.core.management import CommandError, call_command

from procurement.models import Participant, Project, Question, Requirement, Vote


def test_it_creates_projects_with_participants_votes_and_questions(db, reference_data, settings):
    settings.DEMO_MODE = True
    call_command("seed_scale_procurement", projects=4, requirements=3, questions=2)
    projects = Project.objects.filter(title__startswith="（規模試験）")
    assert projects.count() == 4
    assert projects.filter(lead_body__lg_code="340006").exists()  # the benchmark's prefecture leads one
    for project in projects:
        participants = Participant.objects.filter(project=project)
        assert participants.exists() and not participants.exclude(municipality__prefecture=project.lead_body)
        joined = participants.filter(intent=Participant.Intent.JOIN).count()
        assert Vote.objects.filter(requirement__project=project).count() == joined * 3
        assert Requirement.objects.filter(project=project).count() == 3
        assert Question.objects.filter(project=project).count() == 2
    call_command("seed_scale_procurement", projects=4)  # a target, not an increment
    assert projects.count() == 4


def test_it_refuses_without_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("seed_scale_procurement", projects=1)
