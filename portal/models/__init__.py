from portal.models.accounts import Invitation, Membership, Role, User, hash_token
from portal.models.audit import AuditEvent
from portal.models.organisations import (
    FrameworkMember,
    Organisation,
    Population,
    PopulationImport,
    RegionalFramework,
    lg_check_digit,
)

__all__ = [
    "AuditEvent",
    "FrameworkMember",
    "Invitation",
    "Membership",
    "Organisation",
    "Population",
    "PopulationImport",
    "RegionalFramework",
    "Role",
    "User",
    "hash_token",
    "lg_check_digit",
]
