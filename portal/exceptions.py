"""The one exception type of the portal's own workflows; views turn it into a message."""


class PortalError(Exception):
    """A rule of the portal refused the change; str(error) is a message for the user."""
