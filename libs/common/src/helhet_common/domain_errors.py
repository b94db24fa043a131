"""The one vocabulary of domain errors: what a rule says when it refuses.

Plain Python (the domain raises these; no web framework here). Five meanings, each
with a stable machine-readable ``code`` and a message for people:

- ``NotFound``: no such thing in the caller's municipality (HTTP 404, never 403);
- ``Conflict``: the change does not fit the current state (409);
- ``StaleVersion``: the change was based on an older version (409, ``current_version``);
- ``NotAllowed``: the caller may see it but not do this (403);
- ``Invalid``: the request breaks a rule (422).

A service raises these directly with its own codes, or subclasses one for a meaning of
its own (``class ProgrammeAlreadyStarted(Conflict)``). ``helhet_common.domain_problems``
maps them to RFC 9457 problem details, once for every service. Keyword ``details``
(JSON-able values) travel into the problem body.
"""

from __future__ import annotations

from typing import Any, Self


class DomainError(Exception):
    code: str = "domain-error"

    def __init__(self, message: str = "", *, code: str | None = None, **details: Any) -> None:
        if code is not None:
            self.code = code
        self.message = message or self.code
        self.details = details
        super().__init__(self.message)


class NotFound(DomainError):
    code = "not-found"

    @classmethod
    def of(cls, what: str) -> Self:
        """``NotFound.of("employer")``: code ``employer-not-found``, "No such employer."."""
        return cls(f"No such {what}.", code=f"{what.replace(' ', '-')}-not-found")


class Conflict(DomainError):
    code = "conflict"


class StaleVersion(Conflict):
    """Optimistic concurrency: the resource is at ``current``, the change assumed ``given``."""

    code = "stale-version"

    def __init__(
        self,
        message: str = "",
        *,
        current: int | None = None,
        given: int | None = None,
        code: str | None = None,
    ) -> None:
        if not message and current is not None and given is not None:
            message = f"The resource is at version {current}; the change was based on {given}."
        details = {"current_version": current} if current is not None else {}
        super().__init__(message, code=code, **details)
        self.current = current
        self.given = given


class NotAllowed(DomainError):
    code = "not-allowed"


class Invalid(DomainError):
    code = "invalid"
