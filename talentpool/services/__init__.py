"""Workflows of the talent pool, by subject; every service is importable from `talentpool.services`."""

from talentpool.services.capacity import book_capacity, fiscal_year_capacity, set_monthly_capacity
from talentpool.services.jobs import change_job_status, save_job_posting
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
from talentpool.services.vendors import save_vendor

__all__ = [
    "add_training",
    "book_capacity",
    "change_job_status",
    "change_talent_status",
    "create_talent",
    "fiscal_year_capacity",
    "load_skill_taxonomies",
    "save_job_posting",
    "save_vendor",
    "set_monthly_capacity",
    "set_skill_level",
    "set_talent_photo",
    "update_talent",
    "update_talent_profile",
]
