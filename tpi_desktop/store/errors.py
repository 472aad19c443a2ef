"""What can go wrong with a database file, as exceptions with messages a biller can act on.

Every message names the file and says what to do; none carries patient data.
"""

from __future__ import annotations


class StoreError(Exception):
    """Base class: the store cannot do what was asked (the message says why)."""


class NotOurFile(StoreError):
    """The file is not a TPI Desktop database (another program's file, or not SQLite at all)."""


class Damaged(StoreError):
    """The file looks like ours but is truncated or fails its integrity check."""


class TooNew(StoreError):
    """The file was written by a newer TPI Desktop whose schema this program does not know."""


class Locked(StoreError):
    """Another process held the database for longer than we are willing to wait."""


class ReadOnlyVisit(StoreError):
    """The visit is final (or amended): it cannot change; amend it instead."""


class Conflict(StoreError):
    """The visit changed in another window or process since it was read; reload it."""


class NotFound(StoreError, KeyError):
    """No row with that id."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class InvalidValue(StoreError, ValueError):
    """A value is not allowed; the message names the field and what is allowed."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")
