from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.outbox_health_outbox_get_response_503 import OutboxHealthOutboxGetResponse503
from ...models.outbox_public import OutboxPublic
from ...models.problem import Problem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/health/outbox",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OutboxHealthOutboxGetResponse503 | OutboxPublic | Problem | None:
    if response.status_code == 200:
        response_200 = OutboxPublic.from_dict(response.json())

        return response_200

    if response.status_code == 503:
        response_503 = OutboxHealthOutboxGetResponse503.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = Problem.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[OutboxHealthOutboxGetResponse503 | OutboxPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[OutboxHealthOutboxGetResponse503 | OutboxPublic | Problem]:
    """The outbox's backlog: rows not yet published, the oldest one's age

     What the relay has still to publish, read from the database now (so it shows
    also while the relay is down): ``backlog`` rows, the oldest ``oldest_age_s``
    seconds old (null: none waits). Counts only; the operations page of
    reporting-service reads it from every service.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OutboxHealthOutboxGetResponse503 | OutboxPublic | Problem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> OutboxHealthOutboxGetResponse503 | OutboxPublic | Problem | None:
    """The outbox's backlog: rows not yet published, the oldest one's age

     What the relay has still to publish, read from the database now (so it shows
    also while the relay is down): ``backlog`` rows, the oldest ``oldest_age_s``
    seconds old (null: none waits). Counts only; the operations page of
    reporting-service reads it from every service.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OutboxHealthOutboxGetResponse503 | OutboxPublic | Problem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[OutboxHealthOutboxGetResponse503 | OutboxPublic | Problem]:
    """The outbox's backlog: rows not yet published, the oldest one's age

     What the relay has still to publish, read from the database now (so it shows
    also while the relay is down): ``backlog`` rows, the oldest ``oldest_age_s``
    seconds old (null: none waits). Counts only; the operations page of
    reporting-service reads it from every service.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OutboxHealthOutboxGetResponse503 | OutboxPublic | Problem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> OutboxHealthOutboxGetResponse503 | OutboxPublic | Problem | None:
    """The outbox's backlog: rows not yet published, the oldest one's age

     What the relay has still to publish, read from the database now (so it shows
    also while the relay is down): ``backlog`` rows, the oldest ``oldest_age_s``
    seconds old (null: none waits). Counts only; the operations page of
    reporting-service reads it from every service.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OutboxHealthOutboxGetResponse503 | OutboxPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
