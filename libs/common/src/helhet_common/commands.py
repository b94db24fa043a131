"""Running a command from an HTTP route: one unit of work, one commit, one answer.

``run_command`` is what every write route ends with: it runs the handler inside
``execute`` (idempotency included), and sets the status and the
``Idempotent-Replayed`` header on the response.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Header, Request, Response

from helhet_common.auth import Principal
from helhet_common.idempotency import IdempotentRequest, StoredResponse
from helhet_common.unit_of_work import UnitOfWork, execute

REPLAYED_HEADER = "Idempotent-Replayed"

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="Repeat a create safely: the same key and body give the first answer.",
    ),
]


async def run_command(
    uow: UnitOfWork,
    response: Response,
    handle: Callable[[], Awaitable[Any]],
    *,
    status_code: int,
    idempotency_key: str | None = None,
    principal: Principal | None = None,
    request: Request | None = None,
    body: Any = None,
) -> Any:
    """Run ``handle`` (which returns the JSON-able answer) and commit once.

    With an ``Idempotency-Key`` (scoped to the caller and to the request's method and
    path) a repeated request gets the first answer back instead of a second change.
    """

    async def action() -> StoredResponse:
        return StoredResponse(status_code, await handle())

    idempotency = None
    if idempotency_key is not None:
        if principal is None or request is None:
            raise ValueError("an Idempotency-Key needs the caller and the request")
        idempotency = IdempotentRequest.from_header(
            idempotency_key,
            caller=f"{principal.municipality}:{principal.sub}",
            operation=f"{request.method} {request.url.path}",
            body=body,
        )
    stored, replayed = await execute(uow, action, idempotency=idempotency)
    response.status_code = stored.status_code
    if replayed:
        response.headers[REPLAYED_HEADER] = "true"
    return stored.body
