"""The refusal programmes' services raise; its message is for the person."""


class ProgramError(Exception):
    """Something the person should read: applications closed, no places, team sizes..."""
