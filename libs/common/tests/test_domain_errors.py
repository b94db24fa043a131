"""One error vocabulary, one mapping to problem details."""

from __future__ import annotations

import subprocess
import sys

import pytest

from helhet_common import domain_errors, errors
from helhet_common.domain_problems import problem_for


def test_not_found_of_a_thing_names_it_in_code_and_message() -> None:
    error = domain_errors.NotFound.of("employer")
    assert (error.code, error.message) == ("employer-not-found", "No such employer.")
    assert domain_errors.NotFound.of("plan version").code == "plan-version-not-found"


def test_a_stale_version_says_which_version_is_current() -> None:
    error = domain_errors.StaleVersion(current=3, given=2)
    assert error.code == "stale-version"
    assert error.message == "The resource is at version 3; the change was based on 2."
    assert error.details == {"current_version": 3}
    assert isinstance(error, domain_errors.Conflict)


class ProgrammeAlreadyStarted(domain_errors.Conflict):
    code = "programme-already-started"


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (domain_errors.NotFound.of("opening"), 404, "opening-not-found"),
        (domain_errors.Conflict("Full.", code="opening-full"), 409, "opening-full"),
        (domain_errors.StaleVersion(current=2, given=1), 409, "stale-version"),
        (ProgrammeAlreadyStarted("Started."), 409, "programme-already-started"),
        (domain_errors.NotAllowed("No.", code="purpose-not-covered"), 403, "purpose-not-covered"),
        (domain_errors.Invalid("Bad.", code="dates-out-of-order"), 422, "dates-out-of-order"),
        (domain_errors.DomainError("Odd."), 422, "domain-error"),
    ],
)
def test_every_domain_error_maps_to_one_problem(
    error: domain_errors.DomainError, status: int, code: str
) -> None:
    problem = problem_for(error)
    assert isinstance(problem, errors.Problem)
    assert (problem.status, problem.code, problem.detail) == (status, code, error.message)


def test_details_go_into_the_problem_body() -> None:
    body = problem_for(domain_errors.StaleVersion(current=4, given=3)).body("/x")
    assert body["current_version"] == 4
    assert body["type"].endswith("/stale-version")


def test_the_vocabulary_and_the_clock_are_plain_python() -> None:
    """The domain imports them, so they must not pull in a framework."""
    code = (
        "import sys, helhet_common.domain_errors, helhet_common.clock;"
        "print(sorted(m for m in ('fastapi', 'sqlalchemy', 'pydantic', 'aiokafka')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
