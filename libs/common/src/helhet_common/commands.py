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
from helhet_common.idempotency import (
    KEY_PATTERN,
    MAX_KEY_LENGTH,
    IdempotentRequest,
    StoredResponse,
)
from helhet_common.unit_of_work import UnitOfWork, execute

REPLAYED_HEADER = "Idempotent-Replayed"

IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY_RULES = (
    "Makes the request safe to repeat (after a timeout or a lost answer). "
    f"1-{MAX_KEY_LENGTH} printable ASCII characters (a UUID is a good key); any other "
    "value is a 400 `invalid-idempotency-key`. A key belongs to the caller (municipality "
    "and token subject) and to this method and path. The first successful answer is "
    "stored with the change, in the same transaction. A repeat with the same key and the "
    f"same body gets that answer again (the same status and body, with `{REPLAYED_HEADER}: "
    "true`) and changes nothing; the same key with a different body is a 422 "
    "`idempotency-key-reused`. Of two concurrent requests with one key, one is carried "
    "out and the other gets its answer. A refused request (4xx) stores nothing, so it may "
    "be corrected and sent again with the same key."
)
# What ``validate_key`` accepts; ``helhet_common.openapi`` declares it on every operation
# that takes the header.
IDEMPOTENCY_KEY_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "maxLength": MAX_KEY_LENGTH,
    "pattern": KEY_PATTERN,
    "examples": ["0193a0e0-5f1c-7c3e-9d2a-4b5c6d7e8f90"],
}

IdempotencyKey = Annotated[
    str | None, Header(alias=IDEMPOTENCY_KEY_HEADER, description=IDEMPOTENCY_KEY_RULES)
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
