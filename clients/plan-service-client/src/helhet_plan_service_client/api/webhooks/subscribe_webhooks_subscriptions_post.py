from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.subscription_create import SubscriptionCreate
from ...models.subscription_created import SubscriptionCreated
from ...types import Response


def _get_kwargs(
    *,
    body: SubscriptionCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/webhooks/subscriptions",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SubscriptionCreated | None:
    if response.status_code == 201:
        response_201 = SubscriptionCreated.from_dict(response.json())

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
) -> Response[Problem | SubscriptionCreated]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SubscriptionCreate,
) -> Response[Problem | SubscriptionCreated]:
    """Subscribe an HTTPS URL to plan-service's events

     Deliveries follow the Standard Webhooks specification: the body is the CloudEvent as published,
    `webhook-id` is the event id (deduplicate on it), `webhook-timestamp` and `webhook-signature` (HMAC-
    SHA256 with the secret). Events come in order, from now on, only those the caller could read from
    `GET /changes`; a 5xx or no answer is retried with exponential backoff and the event parked as
    failed after the last attempt; a 4xx parks it at once with the answer. Needs the `events.subscribe`
    scope (403 `scope-required`).

    Args:
        body (SubscriptionCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubscriptionCreated]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: SubscriptionCreate,
) -> Problem | SubscriptionCreated | None:
    """Subscribe an HTTPS URL to plan-service's events

     Deliveries follow the Standard Webhooks specification: the body is the CloudEvent as published,
    `webhook-id` is the event id (deduplicate on it), `webhook-timestamp` and `webhook-signature` (HMAC-
    SHA256 with the secret). Events come in order, from now on, only those the caller could read from
    `GET /changes`; a 5xx or no answer is retried with exponential backoff and the event parked as
    failed after the last attempt; a 4xx parks it at once with the answer. Needs the `events.subscribe`
    scope (403 `scope-required`).

    Args:
        body (SubscriptionCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SubscriptionCreated
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SubscriptionCreate,
) -> Response[Problem | SubscriptionCreated]:
    """Subscribe an HTTPS URL to plan-service's events

     Deliveries follow the Standard Webhooks specification: the body is the CloudEvent as published,
    `webhook-id` is the event id (deduplicate on it), `webhook-timestamp` and `webhook-signature` (HMAC-
    SHA256 with the secret). Events come in order, from now on, only those the caller could read from
    `GET /changes`; a 5xx or no answer is retried with exponential backoff and the event parked as
    failed after the last attempt; a 4xx parks it at once with the answer. Needs the `events.subscribe`
    scope (403 `scope-required`).

    Args:
        body (SubscriptionCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SubscriptionCreated]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: SubscriptionCreate,
) -> Problem | SubscriptionCreated | None:
    """Subscribe an HTTPS URL to plan-service's events

     Deliveries follow the Standard Webhooks specification: the body is the CloudEvent as published,
    `webhook-id` is the event id (deduplicate on it), `webhook-timestamp` and `webhook-signature` (HMAC-
    SHA256 with the secret). Events come in order, from now on, only those the caller could read from
    `GET /changes`; a 5xx or no answer is retried with exponential backoff and the event parked as
    failed after the last attempt; a 4xx parks it at once with the answer. Needs the `events.subscribe`
    scope (403 `scope-required`).

    Args:
        body (SubscriptionCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SubscriptionCreated
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
