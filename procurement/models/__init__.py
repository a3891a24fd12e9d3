"""Joint procurement's models, by subject: projects (stages, visibility), surveys (intent survey),
costs (the cost-sharing rule), requirements (items and votes)."""

from procurement.models.costs import CostRule
from procurement.models.projects import Project, StagePlan, Visibility
from procurement.models.requirements import Requirement, Vote
from procurement.models.surveys import Participant

__all__ = ["CostRule", "Participant", "Project", "Requirement", "StagePlan", "Visibility", "Vote"]
