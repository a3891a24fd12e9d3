"""The one exception type of procurement's workflows; views turn it into a message."""

from portal.exceptions import PortalError


class ProcurementError(PortalError):
    """A joint-procurement step was refused (wrong stage, wrong person, bad data)."""
