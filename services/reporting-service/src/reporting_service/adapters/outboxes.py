"""The outbox backlog of every service's relay, as the operations page shows it: each
other service's own ``GET /health/outbox`` (counts only, no token), all asked at once
with a short timeout, so that a service that is down or slow costs the page at most the
timeout and is shown as unknown, never an error."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass

import httpx
import structlog
from pydantic import BaseModel, ValidationError

log = structlog.get_logger(__name__)

STATUS_PATH = "/health/outbox"
NOT_CONFIGURED = "not configured"


class _Status(BaseModel):
    backlog: int
    oldest_age_s: float | None = None


@dataclass(frozen=True)
class Backlog:
    """One service's outbox; ``backlog`` None: the service did not tell (``problem``)."""

    service: str
    backlog: int | None
    oldest_age_s: float | None
    problem: str | None = None


async def read(
    urls: Mapping[str, str],
    *,
    timeout_s: float,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[Backlog]:
    """``urls``: each service's base URL (empty: not configured), in the order shown."""

    async def one(client: httpx.AsyncClient, service: str, base_url: str) -> Backlog:
        if not base_url:
            return Backlog(service, None, None, NOT_CONFIGURED)
        try:
            async with asyncio.timeout(timeout_s):  # the whole answer, not each read
                response = await client.get(base_url.rstrip("/") + STATUS_PATH)
            if response.status_code != 200:
                return Backlog(service, None, None, f"HTTP {response.status_code}")
            found = _Status.model_validate_json(response.content)
        except (httpx.HTTPError, ValidationError, TimeoutError) as error:
            log.info("outbox_status_unavailable", service=service, problem=type(error).__name__)
            return Backlog(service, None, None, type(error).__name__)
        return Backlog(service, found.backlog, found.oldest_age_s)

    async with httpx.AsyncClient(timeout=timeout_s, transport=transport) as client:
        return list(await asyncio.gather(*(one(client, name, url) for name, url in urls.items())))
