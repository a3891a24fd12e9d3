"""Talent pool pages, by subject: talent, capacity, jobs, vendors (see talentpool/urls.py)."""
