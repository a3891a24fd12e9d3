"""Workflows of the talent pool, by subject; every service is importable from `talentpool.services`."""

from talentpool.services.capacity import book_capacity, fiscal_year_capacity, set_monthly_capacity
from talentpool.services.dispatch import (
    approve_dispatch,
    attach_file,
    cancel_dispatch,
    change_dispatch_status,
    save_dispatch_request,
)
from talentpool.services.follow_up import answer_follow_up_survey, ask_follow_up_surveys
from talentpool.services.jobs import change_job_status, save_job_posting
from talentpool.services.matching import (
    propose_candidates,
    rank_candidates,
    rank_proposals,
    respond_to_proposal,
)
from talentpool.services.programmes import change_programme_status, cost_summary, save_programme
from talentpool.services.reminders import remind_unanswered_surveys, remind_waiting_steps
from talentpool.services.sharing import consent_to_dispatch, share_talent
from talentpool.services.talent import (
    add_training,
    change_talent_status,
    create_talent,
    set_skill_level,
    set_talent_photo,
    update_talent,
    update_talent_profile,
)
from talentpool.services.taxonomy import load_skill_taxonomies
from talentpool.services.work import (
    confirm_monthly_report,
    file_completion_report,
    file_monthly_report,
    log_activity,
    move_assignments_on_their_dates,
    rate_dispatch,
    remind_overdue_reports,
)

__all__ = [
    "add_training",
    "answer_follow_up_survey",
    "approve_dispatch",
    "ask_follow_up_surveys",
    "attach_file",
    "book_capacity",
    "cancel_dispatch",
    "change_dispatch_status",
    "change_job_status",
    "change_programme_status",
    "change_talent_status",
    "confirm_monthly_report",
    "consent_to_dispatch",
    "cost_summary",
    "create_talent",
    "file_completion_report",
    "file_monthly_report",
    "fiscal_year_capacity",
    "load_skill_taxonomies",
    "log_activity",
    "move_assignments_on_their_dates",
    "propose_candidates",
    "rank_candidates",
    "rank_proposals",
    "rate_dispatch",
    "remind_overdue_reports",
    "remind_unanswered_surveys",
    "remind_waiting_steps",
    "respond_to_proposal",
    "save_dispatch_request",
    "save_job_posting",
    "save_programme",
    "set_monthly_capacity",
    "set_skill_level",
    "set_talent_photo",
    "share_talent",
    "update_talent",
    "update_talent_profile",
]
