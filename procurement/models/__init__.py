"""Joint procurement's models, by subject: projects (stages, visibility), surveys (intent survey),
costs (the cost-sharing rule), documents (RFI and specification, versioned), requirements (items,
votes and decisions), questions (clarification Q&A), awards, catalogue (systems and who uses them)."""

from procurement.models.awards import Award
from procurement.models.catalogue import System, SystemUse
from procurement.models.costs import CostRule
from procurement.models.documents import Document, DocumentVersion
from procurement.models.projects import Project, StagePlan, Visibility
from procurement.models.questions import Question
from procurement.models.requirements import Requirement, Vote
from procurement.models.surveys import Participant

__all__ = [
    "Award",
    "CostRule",
    "Document",
    "DocumentVersion",
    "Participant",
    "Project",
    "Question",
    "Requirement",
    "StagePlan",
    "System",
    "SystemUse",
    "Visibility",
    "Vote",
]
