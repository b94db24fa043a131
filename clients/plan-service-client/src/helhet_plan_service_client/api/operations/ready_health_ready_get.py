from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.ready_health_ready_get_response_503 import ReadyHealthReadyGetResponse503
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    strict: bool | Unset = False,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["strict"] = strict

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/health/ready",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | ReadyHealthReadyGetResponse503 | None:
    if response.status_code == 200:
        response_200 = response.json()
        return response_200

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = ReadyHealthReadyGetResponse503.from_dict(response.json())

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
) -> Response[Any | Problem | ReadyHealthReadyGetResponse503]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    strict: bool | Unset = False,
) -> Response[Any | Problem | ReadyHealthReadyGetResponse503]:
    """The database answers (and the broker, and the consumer: see below)

     Ready when the database answers and, in a service whose api serves a read
    model, its consumer's last heartbeat is recent (``consumer``: stale after
    ``consumer_stale_after_s``). A broker outage is reported as ``degraded`` but
    keeps the service ready: writes wait in the outbox and reads still work;
    ``?strict=true`` fails on it too. A consumer that has never run against this
    database, or a rebuild in progress, is ``degraded`` as well (also when strict:
    nothing the api depends on is down).

    Args:
        strict (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | ReadyHealthReadyGetResponse503]
    """

    kwargs = _get_kwargs(
        strict=strict,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    strict: bool | Unset = False,
) -> Any | Problem | ReadyHealthReadyGetResponse503 | None:
    """The database answers (and the broker, and the consumer: see below)

     Ready when the database answers and, in a service whose api serves a read
    model, its consumer's last heartbeat is recent (``consumer``: stale after
    ``consumer_stale_after_s``). A broker outage is reported as ``degraded`` but
    keeps the service ready: writes wait in the outbox and reads still work;
    ``?strict=true`` fails on it too. A consumer that has never run against this
    database, or a rebuild in progress, is ``degraded`` as well (also when strict:
    nothing the api depends on is down).

    Args:
        strict (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | ReadyHealthReadyGetResponse503
    """

    return sync_detailed(
        client=client,
        strict=strict,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    strict: bool | Unset = False,
) -> Response[Any | Problem | ReadyHealthReadyGetResponse503]:
    """The database answers (and the broker, and the consumer: see below)

     Ready when the database answers and, in a service whose api serves a read
    model, its consumer's last heartbeat is recent (``consumer``: stale after
    ``consumer_stale_after_s``). A broker outage is reported as ``degraded`` but
    keeps the service ready: writes wait in the outbox and reads still work;
    ``?strict=true`` fails on it too. A consumer that has never run against this
    database, or a rebuild in progress, is ``degraded`` as well (also when strict:
    nothing the api depends on is down).

    Args:
        strict (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | ReadyHealthReadyGetResponse503]
    """

    kwargs = _get_kwargs(
        strict=strict,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    strict: bool | Unset = False,
) -> Any | Problem | ReadyHealthReadyGetResponse503 | None:
    """The database answers (and the broker, and the consumer: see below)

     Ready when the database answers and, in a service whose api serves a read
    model, its consumer's last heartbeat is recent (``consumer``: stale after
    ``consumer_stale_after_s``). A broker outage is reported as ``degraded`` but
    keeps the service ready: writes wait in the outbox and reads still work;
    ``?strict=true`` fails on it too. A consumer that has never run against this
    database, or a rebuild in progress, is ``degraded`` as well (also when strict:
    nothing the api depends on is down).

    Args:
        strict (bool | Unset):  Default: False.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | ReadyHealthReadyGetResponse503
    """

    return (
        await asyncio_detailed(
            client=client,
            strict=strict,
        )
    ).parsed
