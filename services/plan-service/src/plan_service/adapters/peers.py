"""The other services' answers to a participant's request for access (GDPR art. 15):
``GET {base}/participants/{participant_id}/personal-data``, with the caller's own token,
so each service decides for itself and logs the read for the participant."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from uuid import UUID

import httpx
import structlog
from pydantic import ValidationError

from helhet_common.access.export import PERSONAL_DATA_PATH, PersonalData

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Missing:
    """A service whose answer the export lacks, and why."""

    service: str
    reason: str


@dataclass(frozen=True)
class Held:
    """A service's answer; ``nothing`` when it holds nothing about the participant."""

    data: PersonalData | None
    service: str


async def _ask(
    client: httpx.AsyncClient,
    service: str,
    base_url: str,
    participant_id: UUID,
    headers: dict[str, str],
) -> Held | Missing:
    if not base_url:
        return Missing(service, "not configured")
    url = base_url.rstrip("/") + PERSONAL_DATA_PATH.format(participant_id=participant_id)
    try:
        response = await client.get(url, headers=headers)
    except httpx.TimeoutException:
        return Missing(service, "no answer in time")
    except httpx.HTTPError as error:
        return Missing(service, f"unreachable ({type(error).__name__})")
    if response.status_code == 404 and _participant_unknown(response):
        return Held(None, service)  # the service holds nothing about the participant
    if response.status_code != 200:
        return Missing(service, f"answered {response.status_code}")
    try:
        data = PersonalData.model_validate_json(response.content)
    except ValidationError:
        return Missing(service, "answered something other than its personal data")
    if data.participant_id != participant_id:
        return Missing(service, "answered for another participant")
    return Held(data, service)


def _participant_unknown(response: httpx.Response) -> bool:
    """A problem saying the participant is not known there (not a route that is not)."""
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("code") == "participant-not-found"


async def gather(
    participant_id: UUID,
    peers: dict[str, str],
    *,
    authorization: str | None,
    timeout_s: float,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[Held | Missing]:
    """Each peer's answer, asked at the same time, in the order of ``peers``."""
    headers = {"Accept": "application/json"}
    if authorization:
        headers["Authorization"] = authorization
    async with httpx.AsyncClient(timeout=timeout_s, transport=transport) as client:
        answers = await asyncio.gather(
            *(_ask(client, name, url, participant_id, headers) for name, url in peers.items())
        )
    for answer in answers:
        if isinstance(answer, Missing):
            log.warning("personal_data_missing", service=answer.service, reason=answer.reason)
    return list(answers)
