"""The quarantine over HTTP, for operators (``visma-flyktning serve``).

    GET  /quarantine                   what was not imported, and why
    POST /quarantine/retry {"file": …} import that file again, with the mapping as it is now

The adapter is a small service of its own here, not a part of plan-service: the
quarantine, the files and the mapping are the adapter's, and plan-service knows nothing
of Visma's formats (docs/decisions/0008). A caller is an operator (role ``operator`` or
``admin``) of the municipality the adapter imports for, with a token any Helhet service
accepts (``helhet_common.auth``). A retry calls plan-service as the adapter's own machine
client, never with the operator's token. The mapping file is read again at each retry,
so a fixed mapping takes effect without a restart.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query
from pydantic import BaseModel, Field

from helhet_common.auth import ADMIN, OPERATOR, Principal, require_roles
from helhet_common.auth.issuers import Verifier
from helhet_common.errors import Conflict, NotFound, Problem, install_problem_handlers
from visma_flyktning.client import PlanServiceClient
from visma_flyktning.mapping import Mapping
from visma_flyktning.quarantine import CannotRetry, NotInQuarantine, Quarantine, retry

ClientFactory = Callable[[], AbstractAsyncContextManager[PlanServiceClient]]

PROBLEMS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No or invalid bearer token"},
    403: {"description": "Not an operator of the municipality the adapter imports for"},
}


class QuarantineEntry(BaseModel):
    file: str
    location: str = Field(description="the row or element, or `the whole file`")
    external_id: str | None
    field: str | None
    reason: str
    since: datetime


class QuarantinePage(BaseModel):
    municipality: str
    total: int
    files: list[str]
    entries: list[QuarantineEntry]


class RetryRequest(BaseModel):
    file: str = Field(min_length=1, max_length=255, examples=["uke49.csv"])


class RetryResult(BaseModel):
    file: str
    summary: dict[str, int] = Field(description="created, updated, unchanged, rejected, …")
    refused: str | None
    still_in_quarantine: list[QuarantineEntry]


def create_api(
    *,
    quarantine: Quarantine,
    municipality: str,
    mapping: Callable[[], Mapping],
    client: ClientFactory,
    verifier: Verifier,
    concurrency: int = 4,
    batch_size: int = 1,
) -> FastAPI:
    """The app; ``mapping`` loads the mapping as it is now, ``client`` opens a
    connection to plan-service as the adapter's machine client."""
    app = FastAPI(
        title="Helhet Visma Flyktning adapter",
        description=__doc__,
        version="1",
    )
    app.state.token_verifier = verifier
    install_problem_handlers(app)
    operator = require_roles(OPERATOR, ADMIN)

    async def of_this_municipality(principal: Principal = Depends(operator)) -> Principal:
        if principal.municipality != municipality:
            raise NotFound("this adapter imports for another municipality")
        return principal

    # Operations take the caller as a default (``Depends``), not as ``Annotated``: the
    # dependency is local to this function, out of reach of the postponed annotations.
    operator_here = Depends(of_this_municipality)

    def entries(file: str | None = None) -> list[QuarantineEntry]:
        return [
            QuarantineEntry.model_validate(e)
            for e in quarantine.entries()
            if file is None or e["file"] == file
        ]

    @app.get("/health/live", include_in_schema=False)
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @app.get(
        "/quarantine",
        response_model=QuarantinePage,
        summary="What was not imported, with file, row or element, field and reason",
        responses=PROBLEMS,
    )
    async def list_quarantine(
        file: Annotated[str | None, Query(max_length=255, description="one file's")] = None,
        _: Principal = operator_here,
    ) -> QuarantinePage:
        found = entries(file)
        return QuarantinePage(
            municipality=municipality,
            total=len(found),
            files=sorted({e.file for e in found}),
            entries=found,
        )

    @app.post(
        "/quarantine/retry",
        response_model=RetryResult,
        summary="Import a quarantined file again, with the mapping as it is now",
        responses={
            **PROBLEMS,
            404: {"description": "No such file in the quarantine"},
            409: {"description": "The file cannot be read again from where it was"},
            503: {"description": "plan-service was unavailable; nothing changed"},
        },
    )
    async def retry_file(body: RetryRequest, _: Principal = operator_here) -> RetryResult:
        try:
            async with client() as plan_service:
                report = await retry(
                    quarantine,
                    body.file,
                    mapping=mapping(),
                    client=plan_service,
                    at=datetime.now(UTC),
                    concurrency=concurrency,
                    batch_size=batch_size,
                )
        except NotInQuarantine:
            raise NotFound(f"{body.file} is not in the quarantine") from None
        except CannotRetry as error:
            raise Conflict(str(error), code="cannot-retry") from None
        if report.stopped is not None:
            raise Problem(
                report.stopped, status=503, code="plan-service-unavailable", title="Unavailable"
            )
        return RetryResult(
            file=report.file,
            summary=report.counts(),
            refused=report.refused,
            still_in_quarantine=entries(body.file),
        )

    return app
