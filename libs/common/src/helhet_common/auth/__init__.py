"""Authentication and authorisation: bearer JWTs, principals, roles, municipality scope.

See the security model in the design document (section 5). In short: every API call
carries a JWT with ``sub``, ``municipality``, ``agency`` and ``roles``; a service
verifies it against a JWKS (``TokenVerifier``), routes require roles
(``require_roles``), and every query is scoped to the caller's municipality
(``scope_to_municipality``). ``helhet token`` mints development tokens (``DevKeys``).
"""

from __future__ import annotations

from helhet_common.auth.dependencies import (
    TOKEN_COOKIE,
    CurrentPrincipal,
    bearer_token,
    check_municipality_claim,
    current_principal,
    get_token_verifier,
    require_roles,
    scope_to_municipality,
)
from helhet_common.auth.keys import DevKeys, jwk_thumbprint, mint_token
from helhet_common.auth.principal import (
    ADMIN,
    AGENCIES,
    ALL_ROLES,
    CASEWORKER,
    CONTRIBUTOR,
    COUNTY,
    EMPLOYER,
    INTEGRATION_LEADER,
    LEARNING_CENTRE,
    NAV,
    OPERATOR,
    PARTICIPANT,
    PLAN_EDITOR,
    PLATFORM,
    REFUGEE_SERVICE,
    VOLUNTEER,
    Principal,
    is_municipality,
)
from helhet_common.auth.verifier import (
    ALLOWED_ALGORITHMS,
    JwksFile,
    JwksUrl,
    KeySet,
    KeySource,
    TokenVerifier,
    principal_from_claims,
)

__all__ = [
    "ADMIN",
    "AGENCIES",
    "ALLOWED_ALGORITHMS",
    "ALL_ROLES",
    "CASEWORKER",
    "CONTRIBUTOR",
    "COUNTY",
    "EMPLOYER",
    "INTEGRATION_LEADER",
    "LEARNING_CENTRE",
    "NAV",
    "OPERATOR",
    "PARTICIPANT",
    "PLAN_EDITOR",
    "PLATFORM",
    "REFUGEE_SERVICE",
    "TOKEN_COOKIE",
    "VOLUNTEER",
    "CurrentPrincipal",
    "DevKeys",
    "JwksFile",
    "JwksUrl",
    "KeySet",
    "KeySource",
    "Principal",
    "TokenVerifier",
    "bearer_token",
    "check_municipality_claim",
    "current_principal",
    "get_token_verifier",
    "is_municipality",
    "jwk_thumbprint",
    "mint_token",
    "principal_from_claims",
    "require_roles",
    "scope_to_municipality",
]
