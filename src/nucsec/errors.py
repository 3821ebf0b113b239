"""Errors a user can act on. Interfaces turn them into one line (CLI) or a 4xx (web)."""


class NucsecError(Exception):
    """Base of every expected failure; the message is shown to the user as is."""


class NotFound(NucsecError):
    """The record does not exist, or the caller may not know that it exists."""


class Conflict(NucsecError):
    """The write would break a uniqueness or state rule."""


class Invalid(NucsecError):
    """The input is malformed; the message says what and where."""


class Forbidden(NucsecError):
    """The caller may see the record but not change it."""


def check_version(name: str, sent: int | None, current: int) -> None:
    """Refuse an edit made from a stale read (optimistic concurrency): nothing is overwritten."""
    if sent is not None and sent != current:
        raise Conflict(
            f"{name} was changed by someone else since you read it (version {sent}, now "
            f"{current}); reload it and edit again"
        )
