"""The names of the participants a page shows: asked of plan-service at display time
with the viewer's own token and purpose (``adapters.plan_directory``), so that each
person shown lands in their access log there, and reporting stores no names."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from fastapi import Request

from helhet_common.access.recorder import purpose_of
from helhet_common.auth import Principal
from helhet_common.auth.dependencies import bearer_token
from helhet_common.auth.signin import session_access_token
from helhet_common.errors import Unauthorized
from reporting_service.adapters import plan_directory
from reporting_service.adapters.plan_directory import Directory


def forwardable_token(request: Request) -> str | None:
    """The viewer's own token: the bearer token, the development token cookie, or the
    access token of a session signed in at an OpenID provider (decision 0023); None
    when there is none (then no names are asked)."""
    try:
        token = bearer_token(request)
    except Unauthorized:
        return None
    return token or session_access_token(request.state)


async def names(
    request: Request, principal: Principal, participant_ids: Iterable[UUID | str | None]
) -> Directory:
    settings = request.app.state.settings
    return await plan_directory.lookup(
        (UUID(str(p)) for p in participant_ids if p),
        base_url=settings.plan_url,
        token=forwardable_token(request),
        purpose=purpose_of(principal, None),
        timeout_s=settings.plan_timeout_s,
        transport=getattr(request.app.state, "plan_transport", None),
    )


async def search(
    request: Request, principal: Principal, query: str | None, caseworker: str | None = None
) -> list[UUID] | None:
    """The participants plan-service finds for this viewer by name or case number, and
    by caseworker; None when it cannot be asked."""
    settings = request.app.state.settings
    return await plan_directory.search(
        query,
        caseworker=caseworker,
        base_url=settings.plan_url,
        token=forwardable_token(request),
        purpose=purpose_of(principal, None),
        timeout_s=settings.plan_timeout_s,
        transport=getattr(request.app.state, "plan_transport", None),
    )
