"""Schemathesis hooks for the fuzz run of ``test_api_fuzz.py`` (``SCHEMATHESIS_HOOKS``).

Two things the generated requests need to reach deep state, and one rule of ours:

- **Seeded ids.** A random UUID in a path finds nothing, so most operations on a
  participant, a placement or a match would only ever answer 404. The test seeds each
  service with the demo municipality, collects the ids its lists show, and writes them
  to the JSON file named by ``HELHET_FUZZ_IDS`` (``{"participant_id": [...], ...}``).
  Half of the cases whose path is generated as valid get seeded ids instead (chosen by
  a hash of the case, so a run is repeatable): a started programme, a running
  placement, an active match are reached. Negative path parameters are left alone.
- **Domain rules are not schema rejections.** ``positive_data_acceptance`` expects
  schema-valid data to be accepted. A request the schema allows may still break a rule
  of the domain (an end before a start, a second exit, a placement without consent):
  the answer is a 409 or a 422 problem whose ``code`` names the rule. Such a failure
  is dropped; so is a 422 ``invalid-input`` whose every error is a rule the schema
  states in words because JSON Schema cannot (an organisation number's check digit). A
  422 ``invalid-input`` for anything else (the request validator refusing what the
  published schema allows) or any other status still fails the run.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache

import schemathesis
from schemathesis import Case, HookContext, Response
from schemathesis.core.failures import Failure
from schemathesis.core.parameters import ParameterLocation
from schemathesis.openapi.checks import RejectedPositiveData

IDS_ENV = "HELHET_FUZZ_IDS"
# Problem codes of the request validation layer: a schema-valid body must never get them.
VALIDATION_CODES = frozenset({"invalid-input", "malformed-json"})
# Checks the schema states in words because JSON Schema cannot say them: an organisation
# number's modulus-11 check digit, a national identity number's two, a webhook URL that
# httpx can parse (printable, a valid IDNA host) (their descriptions say so).
RULES_IN_WORDS = frozenset({"org_number_check_digit", "national_id_check_digits", "webhook_url"})


@cache
def _seeded() -> dict[str, list[str]]:
    path = os.environ.get(IDS_ENV)
    if not path:
        return {}
    with open(path, encoding="utf-8") as handle:
        loaded: dict[str, list[str]] = json.load(handle)
    return loaded


def _pick(case: Case, name: str, choices: list[str]) -> str | None:
    """A seeded value for ``name``, or ``None`` to keep the generated one; the choice
    depends only on the case's contents, so the same seed gives the same run."""
    digest = hashlib.sha256(
        f"{case.operation.label}|{name}|{sorted((case.path_parameters or {}).items())}|"
        f"{case.body!r}".encode()
    ).digest()
    if digest[0] % 2:
        return None
    return choices[digest[1] % len(choices)]


@schemathesis.hook
def map_case(context: HookContext, case: Case) -> Case:
    if not case.path_parameters or case.meta is None:
        return case
    if case.meta.is_negative_at(ParameterLocation.PATH):
        return case
    seeded = _seeded()
    for name in list(case.path_parameters):
        choices = seeded.get(name)
        if choices:
            value = _pick(case, name, choices)
            if value is not None:
                case.path_parameters[name] = value
    return case


@schemathesis.hook
def filter_failure(context: HookContext, failure: Failure, case: Case, response: Response) -> bool:
    """``False`` drops the failure: a domain rule refusing schema-valid data."""
    if not isinstance(failure, RejectedPositiveData):
        return True
    if response.status_code not in (409, 422):
        return True
    try:
        problem = json.loads(response.content or b"{}")
    except ValueError:
        return True
    if not isinstance(problem, dict) or not isinstance(problem.get("code"), str):
        return True
    if problem["code"] not in VALIDATION_CODES:
        return False
    errors = problem.get("errors") or []
    return not errors or any(
        not isinstance(e, dict) or e.get("type") not in RULES_IN_WORDS for e in errors
    )
