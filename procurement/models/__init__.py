"""Joint procurement's models, by subject: projects (stages, visibility), surveys (intent survey),
costs (the cost-sharing rule)."""

from procurement.models.costs import CostRule
from procurement.models.projects import Project, StagePlan, Visibility
from procurement.models.surveys import Participant

__all__ = ["CostRule", "Participant", "Project", "StagePlan", "Visibility"]
