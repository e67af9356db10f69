"""Domain errors: a stable code, a readable English message and the parameters of both.

Callers (the portal, jobs, embedding apps) translate by ``code``; ``params`` carries the
values a translation needs. No service lets a raw database error escape.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: Control characters other than tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.params = params

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class NotFound(DomainError):
    """The object does not exist in the caller's tenant (or does not exist at all)."""

    code = "not_found"


class PermissionDenied(DomainError):
    """The caller's roles do not allow this use case."""

    code = "permission_denied"


class Conflict(DomainError):
    """The change clashes with data already there (a duplicate, a stale state)."""

    code = "conflict"


class Busy(DomainError):
    """The database is busy (a lock wait ran out, a serialization failure): retry."""

    code = "busy"


class TenantScopeError(DomainError):
    """A query ran outside, or across, tenant scopes."""

    code = "tenant_scope"


@dataclass(frozen=True, slots=True)
class FieldError:
    code: str
    message: str
    params: Mapping[str, Any]


class InvalidInput(DomainError):
    """One or more fields of an input are wrong; ``fields`` maps field name to error."""

    code = "invalid_input"

    def __init__(self, fields: Mapping[str, FieldError]) -> None:
        described = "; ".join(f"{name}: {err.message}" for name, err in fields.items())
        super().__init__(f"Invalid input: {described}")
        self.fields = dict(fields)


class Checker:
    """Collects field errors of one input, then raises them all at once.

    >>> check = Checker()
    >>> check.required("name", "")
    >>> check.raise_if_any()
    Traceback (most recent call last):
    ...
    coalition.errors.InvalidInput: [invalid_input] Invalid input: name: This field is required.
    """

    def __init__(self) -> None:
        self.fields: dict[str, FieldError] = {}

    def add(self, field: str, code: str, message: str, **params: Any) -> None:
        self.fields.setdefault(field, FieldError(code, message, params))

    def required(self, field: str, value: str | None, *, max_length: int = 200) -> None:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(field, "required", "This field is required.")
        else:
            self.optional(field, value, max_length=max_length)

    def optional(self, field: str, value: str | None, *, max_length: int = 2000) -> None:
        """Text that may be empty: a string, within ``max_length``, without control
        characters (a NUL byte, for one, is refused by PostgreSQL)."""
        if value is None:
            return
        if not isinstance(value, str):
            self.add(field, "invalid_type", "This must be text.")
        elif len(value) > max_length:
            self.add(
                field,
                "too_long",
                f"At most {max_length} characters are allowed.",
                max_length=max_length,
            )
        elif CONTROL_CHARACTERS.search(value):
            self.add(field, "invalid_characters", "This contains characters that are not text.")

    def choice(self, field: str, value: object, allowed: Any) -> None:
        if value not in allowed:
            self.add(field, "invalid_choice", f"{value!r} is not one of the allowed values.")

    def in_range(self, field: str, value: float, low: float, high: float) -> None:
        if not low <= value <= high:
            self.add(
                field,
                "out_of_range",
                f"Must be between {low:g} and {high:g}.",
                low=low,
                high=high,
            )

    def raise_if_any(self) -> None:
        if self.fields:
            raise InvalidInput(self.fields)
