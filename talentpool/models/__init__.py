"""The talent pool's models, by subject; everything is importable from `talentpool.models`."""

from talentpool.exceptions import CapacityError, TalentPoolError
from talentpool.models.capacity import DAYS, NO_DAYS, CapacityBooking, CapacityMonth, first_of_month
from talentpool.models.dispatch import (
    Assignment,
    DispatchAttachment,
    DispatchRequest,
    DispatchRequestRole,
    Proposal,
)
from talentpool.models.jobs import JobPosting, JobPostingRole
from talentpool.models.programmes import DispatchProgramme
from talentpool.models.sharing import TalentSharing
from talentpool.models.talent import SkillLevelChange, Talent, TalentSkill, Training
from talentpool.models.taxonomy import Named, ProficiencyLevel, SkillRole, SkillType, SupportTheme, Taxonomy
from talentpool.models.work import Activity, FollowUpSurvey, MonthlyReport

__all__ = [
    "DAYS",
    "NO_DAYS",
    "Activity",
    "Assignment",
    "CapacityBooking",
    "CapacityError",
    "CapacityMonth",
    "DispatchAttachment",
    "DispatchProgramme",
    "DispatchRequest",
    "DispatchRequestRole",
    "FollowUpSurvey",
    "JobPosting",
    "JobPostingRole",
    "MonthlyReport",
    "Named",
    "ProficiencyLevel",
    "Proposal",
    "SkillLevelChange",
    "SkillRole",
    "SkillType",
    "SupportTheme",
    "Talent",
    "TalentPoolError",
    "TalentSharing",
    "TalentSkill",
    "Taxonomy",
    "Training",
    "first_of_month",
]
