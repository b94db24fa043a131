"""The names of the participants a page shows, from plan-service at display time
(``POST /participants/search`` with the ids), asked with the viewer's own token and purpose, so that
plan-service decides whom the viewer may see and logs the read for each participant
(one read for the whole list). reporting stores none of it (docs/decisions/0017).

plan-service not configured, down, slow or answering something else: the page shows the
ids and says the names are not available, never an error."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from uuid import UUID

import httpx
import structlog
from pydantic import BaseModel, ValidationError

log = structlog.get_logger(__name__)

LOOKUP_PATH = "/participants/search"
SEARCH_PATH = "/participants/search"
LOOKUP_MAX = 100  # plan-service's limit per lookup


class _Listing(BaseModel):
    id: UUID
    display_name: str | None = None
    case_number: str | None = None
    caseworker: str | None = None


class _Listings(BaseModel):
    items: list[_Listing]


@dataclass(frozen=True)
class Person:
    """A participant as a page names them."""

    display_name: str | None
    case_number: str | None
    caseworker: str | None


@dataclass(frozen=True)
class Directory:
    """The names found; ``unavailable``: plan-service could not be asked (the page
    says so); an id asked for and not found is one the viewer may not see by name."""

    people: Mapping[UUID, Person] = field(default_factory=dict)
    unavailable: bool = False

    def get(self, participant_id: UUID | str | None) -> Person | None:
        if participant_id is None:
            return None
        key = participant_id if isinstance(participant_id, UUID) else UUID(str(participant_id))
        return self.people.get(key)


async def lookup(
    participant_ids: Iterable[UUID | None],
    *,
    base_url: str,
    token: str | None,
    purpose: str,
    timeout_s: float,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Directory:
    """Ask plan-service for the names of ``participant_ids`` (one request per hundred)."""
    ids = [str(i) for i in dict.fromkeys(p for p in participant_ids if p is not None)]
    if not ids:
        return Directory()
    if not base_url or not token:
        return Directory(unavailable=True)
    url = base_url.rstrip("/") + LOOKUP_PATH
    headers = {
        "Authorization": f"Bearer {token}",
        "X-Purpose": purpose,
        "Accept": "application/json",
    }
    people: dict[UUID, Person] = {}
    try:
        async with httpx.AsyncClient(timeout=timeout_s, transport=transport) as client:
            for start in range(0, len(ids), LOOKUP_MAX):
                chunk = ids[start : start + LOOKUP_MAX]
                response = await client.post(url, json={"ids": chunk}, headers=headers)
                if response.status_code != 200:
                    log.warning("plan_names_refused", status=response.status_code)
                    return Directory(unavailable=True)
                for item in _Listings.model_validate_json(response.content).items:
                    people[item.id] = Person(item.display_name, item.case_number, item.caseworker)
    except (httpx.HTTPError, ValidationError) as error:
        log.warning("plan_names_unavailable", problem=type(error).__name__)
        return Directory(unavailable=True)
    return Directory(people=people)


async def search(
    query: str | None,
    *,
    caseworker: str | None = None,
    base_url: str,
    token: str | None,
    purpose: str,
    timeout_s: float,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[UUID] | None:
    """The participants whose name or case number contains ``query`` and whose
    caseworker's name contains ``caseworker`` (each when given), as plan-service finds
    them for the viewer; None when it cannot be asked."""
    params = {k: v for k, v in (("q", query), ("caseworker", caseworker)) if v}
    if not base_url or not token:
        return None
    headers = {
        "Authorization": f"Bearer {token}",
        "X-Purpose": purpose,
        "Accept": "application/json",
    }
    try:
        async with httpx.AsyncClient(timeout=timeout_s, transport=transport) as client:
            response = await client.get(
                base_url.rstrip("/") + SEARCH_PATH, params=params, headers=headers
            )
        if response.status_code != 200:
            log.warning("plan_search_refused", status=response.status_code)
            return None
        return [item.id for item in _Listings.model_validate_json(response.content).items]
    except (httpx.HTTPError, ValidationError) as error:
        log.warning("plan_search_unavailable", problem=type(error).__name__)
        return None
