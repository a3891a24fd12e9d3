"""Joint procurement's models, by subject: projects (stages, visibility), surveys (intent survey),
costs (the cost-sharing rule), documents (RFI and specification, versioned), requirements (items,
votes and decisions), questions (clarification Q&A), awards, contracts and the operation meeting log,
the catalogue (systems and who uses them), vendors (the registry of local vendors and civic-tech
groups)."""

from procurement.models.awards import Award
from procurement.models.catalogue import System, SystemUse
from procurement.models.contracts import Contract, Meeting
from procurement.models.costs import CostRule, ShareConfirmation
from procurement.models.documents import Document, DocumentVersion
from procurement.models.projects import Project, StagePlan, Visibility
from procurement.models.questions import Question
from procurement.models.requirements import Consolidation, Requirement, Vote
from procurement.models.surveys import Participant
from procurement.models.vendors import Vendor

__all__ = [
    "Award",
    "Consolidation",
    "Contract",
    "CostRule",
    "Document",
    "DocumentVersion",
    "Meeting",
    "Participant",
    "Project",
    "Question",
    "Requirement",
    "ShareConfirmation",
    "StagePlan",
    "System",
    "SystemUse",
    "Vendor",
    "Visibility",
    "Vote",
]
