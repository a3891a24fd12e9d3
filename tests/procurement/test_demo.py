"""The demo world has joint procurements to look at: one in survey, one in requirements, one done."""

import pytest

from portal.demo import seed_demo
from procurement.demo import DEMO_PROJECTS
from procurement.models import Contract, Participant, Project, ShareConfirmation, Vote


@pytest.mark.django_db
def test_seed_demo_makes_a_project_in_each_state_through_the_services(reference_data, settings):
    settings.DEMO_MODE = True
    seed_demo()
    survey, voting, done = (Project.objects.get(title=title) for title in DEMO_PROJECTS)
    assert survey.status == Project.Status.SURVEY
    assert Participant.objects.filter(project=survey, status=Participant.Status.INVITED).count() == 2
    assert voting.status == Project.Status.REQUIREMENTS
    assert Vote.objects.filter(requirement__project=voting).exists()
    waiting = ShareConfirmation.objects.filter(participant__project=voting, status="requested")
    assert sorted(waiting.values_list("amount", flat=True)) == [300_000, 300_000]
    assert done.status == Project.Status.OPERATION
    assert Contract.objects.filter(project=done).count() == 2
    assert done.documents.get().versions.count() == 2
    seed_demo()  # once only
    assert Project.objects.filter(title__in=DEMO_PROJECTS).count() == 3
