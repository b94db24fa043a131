"""The OpenAPI document says how to authenticate: ``securitySchemes`` and, on every
operation that needs a caller, its ``security``.

- ``bearer``: a JWT in the Authorization header (every issuer's tokens);
- ``openIdConnect``: the staff issuer the pages sign in with (its discovery URL);
- ``agencySystems``: OAuth 2.0 client credentials (Maskinporten's model) at each issuer
  with machine clients, with the scopes its mapping knows; an operation lists the
  scopes that give one of the roles it requires (``*.read`` scopes for reading only).

Which operations need a caller, and which roles, is read from the routes' dependencies
(``current_principal`` and ``require_roles``), so the document cannot drift from the code.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import BaseRoute

from helhet_common.auth.dependencies import current_principal, declares_token
from helhet_common.auth.issuers import IssuerConfig, IssuerVerifier, is_read_only

BEARER = "bearer"
OPENID_CONNECT = "openIdConnect"
AGENCY_SYSTEMS = "agencySystems"
SAFE = frozenset({"get", "head", "options"})


def required_access(dependant: Dependant) -> tuple[bool, frozenset[str] | None]:
    """(needs a caller, the roles one of which it needs; None: any caller)."""
    authenticated = False
    roles: frozenset[str] | None = None
    stack = [dependant]
    while stack:
        current = stack.pop()
        call = current.call
        if call is current_principal or call is declares_token:
            authenticated = True
        wanted = getattr(call, "required_roles", None)
        if wanted is not None:
            authenticated = True
            roles = frozenset(wanted) if roles is None else roles & frozenset(wanted)
        stack.extend(current.dependencies)
    return authenticated, roles


def route_access(routes: Iterable[BaseRoute]) -> dict[tuple[str, str], frozenset[str] | None]:
    """(path, method) -> required roles (None: any caller) of every documented route that
    needs a caller."""
    found: dict[tuple[str, str], frozenset[str] | None] = {}
    for context in iter_route_contexts(list(routes)):
        route = context.original_route
        if not isinstance(route, APIRoute):
            continue
        if not getattr(context, "include_in_schema", route.include_in_schema):
            continue
        authenticated, roles = required_access(getattr(context, "dependant", route.dependant))
        path = context.path_format or route.path_format
        if authenticated:
            for method in context.methods or route.methods or ():
                found[(path, method.lower())] = roles
    return found


def _machine_issuers(verifier: object) -> list[IssuerConfig]:
    if not isinstance(verifier, IssuerVerifier):
        return []
    return [c for c in verifier.configs.values() if c.claims.organisation and c.claims.scopes]


def declare_security(
    document: dict[str, Any], routes: Iterable[BaseRoute], verifier: object
) -> dict[str, Any]:
    """``document`` with its security schemes and per-operation security; returned."""
    schemes: dict[str, Any] = {
        BEARER: {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "An access token of a trusted issuer (docs/identity.md)",
        }
    }
    staff = verifier.sign_in_issuers.get("staff") if isinstance(verifier, IssuerVerifier) else None
    if staff is not None:
        schemes[OPENID_CONNECT] = {
            "type": "openIdConnect",
            "openIdConnectUrl": staff.resolved_discovery_url,
            "description": f"Staff sign-in at {staff.name}",
        }
    scope_roles: dict[str, set[str]] = {}
    machines = _machine_issuers(verifier)
    if machines:
        first = machines[0]
        scopes: dict[str, str] = {}
        for config in machines:
            for scope, given in config.claims.scopes.items():
                scope_roles.setdefault(scope, set()).update(given)
                scopes[scope] = "gives the roles " + ", ".join(sorted(scope_roles[scope]))
        schemes[AGENCY_SYSTEMS] = {
            "type": "oauth2",
            "description": "Agency systems: client credentials with private_key_jwt "
            "(RFC 7523), Maskinporten's model",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": first.token_url or first.issuer.rstrip("/") + "/token",
                    "scopes": dict(sorted(scopes.items())),
                }
            },
        }
    document.setdefault("components", {})["securitySchemes"] = schemes
    paths = document.get("paths", {})
    for (path, method), required in route_access(routes).items():
        operation = paths.get(path, {}).get(method)
        if operation is None:
            continue
        security: list[dict[str, list[str]]] = [{BEARER: []}]
        if staff is not None:
            security.append({OPENID_CONNECT: []})
        if machines:
            granting = sorted(
                scope
                for scope, given in scope_roles.items()
                if (required is None or given & required)
                and (method in SAFE or not is_read_only(scope))
            )
            if granting:
                security.append({AGENCY_SYSTEMS: granting})
        operation["security"] = security
    return document
