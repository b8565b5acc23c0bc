"""Errors that carry a message for the user, already in the user's language."""

from __future__ import annotations


class SoVangError(Exception):
    """Base of every error the app explains to its user."""

    exit_code = 1


class ValidationError(SoVangError):
    """A value was refused; `field` names which one, so forms and the CLI can point at it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class PermissionDenied(SoVangError):
    """The signed-in account's role does not allow this; nothing was changed."""


class NotFoundError(SoVangError):
    """A record, unit or file the user named does not exist."""


class DatabaseError(SoVangError):
    """The database cannot be used: not a database, damaged, missing, or from a newer version."""

    exit_code = 2
