from portal.models.accounts import Invitation, Membership, Role, User, hash_token
from portal.models.audit import AuditEvent
from portal.models.notifications import Delivery, Notification, NotificationPreference
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
    "Delivery",
    "FrameworkMember",
    "Invitation",
    "Membership",
    "Notification",
    "NotificationPreference",
    "Organisation",
    "Population",
    "PopulationImport",
    "RegionalFramework",
    "Role",
    "User",
    "hash_token",
    "lg_check_digit",
]
