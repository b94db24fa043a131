"""Rule violations the domain raises; the HTTP layer maps them to problem responses."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    code = "domain-error"

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.code)
        self.message = message or self.code


class InvalidRule(DomainError):
    """The request breaks a rule (vetting, consent, dates, the interpreter rule): 422."""

    def __init__(self, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.code = code
        self.extra = extra


class NotFound(DomainError):
    """No such resource in the caller's municipality: 404 (never 403)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"No such {what}.")
        self.code = f"{what}-not-found"


class StateConflict(DomainError):
    """The change does not fit the resource's current state: 409."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class StaleVersion(DomainError):
    """The change was based on another version than the current one: 409 with
    ``current_version`` (optimistic concurrency)."""

    code = "stale-version"

    def __init__(self, what: str, *, current: int | None = None) -> None:
        super().__init__(
            f"The {what} was changed by someone else in the meantime: fetch it and try again."
        )
        self.current = current
