from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.erasure_create import ErasureCreate
from ...models.erasure_public import ErasurePublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    participant_id: UUID,
    *,
    body: ErasureCreate,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/participants/{participant_id}/erasure".format(
            participant_id=quote(str(participant_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErasurePublic | Problem | None:
    if response.status_code == 201:
        response_201 = ErasurePublic.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 504:
        response_504 = Problem.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErasurePublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    participant_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ErasureCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErasurePublic | Problem]:
    """Erase the participant's personal data (integration leader or admin)

     In one transaction: names, identity number, login, links to other systems, contact persons and every
    free text removed; ids, codes and dates kept for statistics (docs/retention.md). Publishes
    `helhet.participant.erased.v1`, so every service drops or anonymises the participant. Afterwards the
    participant is not found (404) on every route. A second erasure is a 409 `participant-already-
    erased`.

    Args:
        participant_id (UUID):
        idempotency_key (str | Unset):
        body (ErasureCreate): Erase the participant's personal data in plan-service and tell every
            service.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErasurePublic | Problem]
    """

    kwargs = _get_kwargs(
        participant_id=participant_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    participant_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ErasureCreate,
    idempotency_key: str | Unset = UNSET,
) -> ErasurePublic | Problem | None:
    """Erase the participant's personal data (integration leader or admin)

     In one transaction: names, identity number, login, links to other systems, contact persons and every
    free text removed; ids, codes and dates kept for statistics (docs/retention.md). Publishes
    `helhet.participant.erased.v1`, so every service drops or anonymises the participant. Afterwards the
    participant is not found (404) on every route. A second erasure is a 409 `participant-already-
    erased`.

    Args:
        participant_id (UUID):
        idempotency_key (str | Unset):
        body (ErasureCreate): Erase the participant's personal data in plan-service and tell every
            service.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErasurePublic | Problem
    """

    return sync_detailed(
        participant_id=participant_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    participant_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ErasureCreate,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErasurePublic | Problem]:
    """Erase the participant's personal data (integration leader or admin)

     In one transaction: names, identity number, login, links to other systems, contact persons and every
    free text removed; ids, codes and dates kept for statistics (docs/retention.md). Publishes
    `helhet.participant.erased.v1`, so every service drops or anonymises the participant. Afterwards the
    participant is not found (404) on every route. A second erasure is a 409 `participant-already-
    erased`.

    Args:
        participant_id (UUID):
        idempotency_key (str | Unset):
        body (ErasureCreate): Erase the participant's personal data in plan-service and tell every
            service.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErasurePublic | Problem]
    """

    kwargs = _get_kwargs(
        participant_id=participant_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    participant_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ErasureCreate,
    idempotency_key: str | Unset = UNSET,
) -> ErasurePublic | Problem | None:
    """Erase the participant's personal data (integration leader or admin)

     In one transaction: names, identity number, login, links to other systems, contact persons and every
    free text removed; ids, codes and dates kept for statistics (docs/retention.md). Publishes
    `helhet.participant.erased.v1`, so every service drops or anonymises the participant. Afterwards the
    participant is not found (404) on every route. A second erasure is a 409 `participant-already-
    erased`.

    Args:
        participant_id (UUID):
        idempotency_key (str | Unset):
        body (ErasureCreate): Erase the participant's personal data in plan-service and tell every
            service.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErasurePublic | Problem
    """

    return (
        await asyncio_detailed(
            participant_id=participant_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
