from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.personal_data import PersonalData
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    participant_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/participants/{participant_id}/personal-data".format(
            participant_id=quote(str(participant_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PersonalData | Problem | None:
    if response.status_code == 200:
        response_200 = PersonalData.from_dict(response.json())

        return response_200

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
) -> Response[PersonalData | Problem]:
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
) -> Response[PersonalData | Problem]:
    """Everything plan-service holds about the participant (GDPR art. 15)

     One section per kind of record, each record as plan-service stores it. For the participant themself
    (a `participant` token whose `sub` is their login) and for the refugee service's caseworkers and the
    integration leader of the municipality; another agency's staff get 403 `programme-owner-only` (404
    without a sharing basis). The read is logged for the participant with the purpose `innsyn`.

    Args:
        participant_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PersonalData | Problem]
    """

    kwargs = _get_kwargs(
        participant_id=participant_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    participant_id: UUID,
    *,
    client: AuthenticatedClient,
) -> PersonalData | Problem | None:
    """Everything plan-service holds about the participant (GDPR art. 15)

     One section per kind of record, each record as plan-service stores it. For the participant themself
    (a `participant` token whose `sub` is their login) and for the refugee service's caseworkers and the
    integration leader of the municipality; another agency's staff get 403 `programme-owner-only` (404
    without a sharing basis). The read is logged for the participant with the purpose `innsyn`.

    Args:
        participant_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PersonalData | Problem
    """

    return sync_detailed(
        participant_id=participant_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    participant_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[PersonalData | Problem]:
    """Everything plan-service holds about the participant (GDPR art. 15)

     One section per kind of record, each record as plan-service stores it. For the participant themself
    (a `participant` token whose `sub` is their login) and for the refugee service's caseworkers and the
    integration leader of the municipality; another agency's staff get 403 `programme-owner-only` (404
    without a sharing basis). The read is logged for the participant with the purpose `innsyn`.

    Args:
        participant_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PersonalData | Problem]
    """

    kwargs = _get_kwargs(
        participant_id=participant_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    participant_id: UUID,
    *,
    client: AuthenticatedClient,
) -> PersonalData | Problem | None:
    """Everything plan-service holds about the participant (GDPR art. 15)

     One section per kind of record, each record as plan-service stores it. For the participant themself
    (a `participant` token whose `sub` is their login) and for the refugee service's caseworkers and the
    integration leader of the municipality; another agency's staff get 403 `programme-owner-only` (404
    without a sharing basis). The read is logged for the participant with the purpose `innsyn`.

    Args:
        participant_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PersonalData | Problem
    """

    return (
        await asyncio_detailed(
            participant_id=participant_id,
            client=client,
        )
    ).parsed
