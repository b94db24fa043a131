"""Rule violations the domain raises; the HTTP layer maps them to problem responses."""

from __future__ import annotations


class DomainError(Exception):
    code = "domain-error"

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.code)
        self.message = message or self.code


class InvalidRule(DomainError):
    """The request breaks a rule (dates, hours, levels, numbers): a 422."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class Conflict(DomainError):
    """The request does not fit the current state (full, closed, ended): a 409."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class NotFound(DomainError):
    """No such resource in the caller's municipality: a 404 (never a 403)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"No such {what}.")
        self.code = f"{what.replace(' ', '-')}-not-found"


class StaleVersion(DomainError):
    code = "stale-version"

    def __init__(self, *, current: int, given: int) -> None:
        super().__init__(f"The resource is at version {current}; the change was based on {given}.")
        self.current = current
        self.given = given
