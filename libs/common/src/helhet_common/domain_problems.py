"""Domain errors as RFC 9457 problem details: the one mapping, for every service.

``create_app`` installs it, so a ``helhet_common.domain_errors.DomainError`` raised
anywhere below a route becomes a problem response with the error's ``code``, message
and details.
"""

from __future__ import annotations

from helhet_common import domain_errors, errors


def problem_for(error: domain_errors.DomainError) -> errors.Problem:
    message, code, details = error.message, error.code, error.details
    match error:
        case domain_errors.NotFound():
            return errors.NotFound(message, code=code, **details)
        case domain_errors.Conflict():
            return errors.Conflict(message, code=code, **details)
        case domain_errors.NotAllowed():
            return errors.Forbidden(message, code=code, **details)
        case _:
            return errors.InvalidInput(message, code=code, **details)
