"""The talent pool's one exception type (and its capacity case); views turn them into messages."""


class TalentPoolError(Exception):
    """A rule of the talent pool refused the change; str(error) is a message for the user."""


class CapacityError(TalentPoolError):
    """A booking or an edit would take a month's booked days past the days the talent can give."""
