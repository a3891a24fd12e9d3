"""Joint procurement's models, by subject: projects (stages, visibility), surveys (intent survey),
costs (the cost-sharing rule), requirements (items and votes), questions (clarification Q&A), awards."""

from procurement.models.awards import Award
from procurement.models.costs import CostRule
from procurement.models.projects import Project, StagePlan, Visibility
from procurement.models.questions import Question
from procurement.models.requirements import Requirement, Vote
from procurement.models.surveys import Participant

__all__ = [
    "Award",
    "CostRule",
    "Participant",
    "Project",
    "Question",
    "Requirement",
    "StagePlan",
    "Visibility",
    "Vote",
]
