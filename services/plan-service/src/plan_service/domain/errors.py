"""Rule violations the domain raises; the HTTP layer maps them to problem responses."""

from __future__ import annotations


class DomainError(Exception):
    code = "domain-error"

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.code)
        self.message = message or self.code


class InvalidRule(DomainError):
    """The request breaks a rule of the programme (dates, durations, hours)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class ProgrammeAlreadyStarted(DomainError):
    code = "programme-already-started"

    def __init__(self) -> None:
        super().__init__("The participant's programme has already started.")


class StalePlanVersion(DomainError):
    code = "stale-version"

    def __init__(self, *, current: int, given: int) -> None:
        super().__init__(
            f"The plan is at version {current}; the update was based on version {given}."
        )
        self.current = current
        self.given = given


class ParticipantNotFound(DomainError):
    code = "participant-not-found"

    def __init__(self) -> None:
        super().__init__("No such participant.")


class Conflict(DomainError):
    """The request conflicts with the current state (HTTP 409)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class NotFoundHere(DomainError):
    """A resource under a participant does not exist (HTTP 404)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class NotAllowed(DomainError):
    """The caller may see the participant but not do this (HTTP 403)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
