"""The write path of every route: build the command, run it, answer with the view.

A service declares its runners once, in ``entrypoints/deps.py``::

    Create = Annotated[
        CommandRunner[PlacementUnitOfWork],
        Depends(command_runner(get_uow, require_roles(CASEWORKER), idempotent=True)),
    ]

and a write route is::

    async def close_opening(opening_id: UUID, body: schemas.OpeningClose, run: Change) -> Any:
        command = commands.CloseOpening(opening_id=opening_id, municipality=run.municipality,
                                        reason=body.reason)
        return await run(handlers.close_opening, command, view=views.opening)

The runner owns the unit of work (one commit, in ``execute``), the ``Idempotency-Key``
(scoped to the caller and the request's method and path; a repeat gets the first answer
back with ``Idempotent-Replayed: true``), the status code (the route's) and the answer
(the view of the handler's result, as JSON).
"""

# No ``from __future__ import annotations`` here: FastAPI reads the dependency's
# signature at run time, and it refers to names local to ``command_runner``.

import inspect
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Header, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

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

U = TypeVar("U", bound=UnitOfWork)
C = TypeVar("C")
R = TypeVar("R")


def as_json(public: Any) -> Any:
    """A view's answer as stored and sent: pydantic models dumped in JSON mode."""
    if isinstance(public, BaseModel):
        return public.model_dump(mode="json")
    if isinstance(public, list):
        return [as_json(item) for item in public]
    return public


class CommandRunner(Generic[U]):
    """Runs one command in one unit of work for one request, and gives its answer."""

    def __init__(
        self,
        uow: U,
        *,
        principal: Principal,
        status_code: int = 200,
        request: Request | None = None,
        response: Response | None = None,
        idempotency_key: str | None = None,
    ) -> None:
        self.uow = uow
        self.principal = principal
        self.status_code = status_code
        self._request = request
        self._response = response
        self._idempotency_key = idempotency_key

    @property
    def municipality(self) -> str:
        """The caller's municipality: every command is scoped to it."""
        return self.principal.municipality

    async def __call__(
        self,
        handler: Callable[[C, U], Awaitable[R]],
        command: C,
        *,
        view: Callable[[R], Any],
        body: BaseModel | None = None,
    ) -> Any:
        """``handler(command, uow)``, then ``view(result)`` (awaited if it is a
        coroutine), committed once. ``body`` identifies the request for the
        ``Idempotency-Key``; the answer is the view as JSON."""

        async def action() -> StoredResponse:
            public = view(await handler(command, self.uow))
            if inspect.isawaitable(public):
                public = await public
            return StoredResponse(self.status_code, as_json(public))

        stored, replayed = await execute(self.uow, action, idempotency=self._idempotency(body))
        if replayed:
            # As stored: the first answer, or only its id once the body was purged
            # (``prune-idempotency``), which the route's response model would refuse.
            return JSONResponse(
                stored.body, status_code=stored.status_code, headers={REPLAYED_HEADER: "true"}
            )
        if self._response is not None:
            self._response.status_code = stored.status_code
        return stored.body

    def _idempotency(self, body: BaseModel | None) -> IdempotentRequest | None:
        if self._idempotency_key is None:
            return None
        if self._request is None:
            raise ValueError("an Idempotency-Key needs the request")
        return IdempotentRequest.from_header(
            self._idempotency_key,
            caller=f"{self.principal.municipality}:{self.principal.sub}",
            operation=f"{self._request.method} {self._request.url.path}",
            body=body.model_dump(mode="json") if body is not None else None,
        )


def _route_status(request: Request) -> int:
    route = request.scope.get("route")
    status = getattr(route, "status_code", None)
    return int(status) if status else 200


def command_runner(
    uow: Callable[[Request], U],
    principal: Callable[..., Awaitable[Principal]],
    *,
    idempotent: bool = False,
) -> Callable[..., Awaitable[CommandRunner[U]]]:
    """A dependency giving a route its ``CommandRunner``: the service's unit of work
    (``uow(request)``), the caller (``principal``, e.g. ``require_roles(CASEWORKER)``)
    and, when ``idempotent``, the ``Idempotency-Key`` header (documented on the route)."""
    if idempotent:

        async def idempotent_runner(
            request: Request,
            response: Response,
            caller: Principal = Depends(principal),
            idempotency_key: IdempotencyKey = None,
        ) -> CommandRunner[U]:
            return CommandRunner(
                uow(request),
                principal=caller,
                status_code=_route_status(request),
                request=request,
                response=response,
                idempotency_key=idempotency_key,
            )

        return idempotent_runner

    async def runner(
        request: Request, response: Response, caller: Principal = Depends(principal)
    ) -> CommandRunner[U]:
        return CommandRunner(
            uow(request),
            principal=caller,
            status_code=_route_status(request),
            request=request,
            response=response,
        )

    return runner
