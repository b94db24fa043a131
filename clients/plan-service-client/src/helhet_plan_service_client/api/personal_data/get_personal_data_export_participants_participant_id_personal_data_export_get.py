from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.personal_data_export import PersonalDataExport
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    participant_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/participants/{participant_id}/personal-data/export".format(
            participant_id=quote(str(participant_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PersonalDataExport | Problem | None:
    if response.status_code == 200:
        response_200 = PersonalDataExport.from_dict(response.json())

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
) -> Response[PersonalDataExport | Problem]:
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
) -> Response[PersonalDataExport | Problem]:
    """Everything Helhet holds about the participant, across services (GDPR art. 15)

     plan-service's answer and the answers of placement-, volunteer- and reporting-service to the same
    path, asked with your own token (each decides and logs for itself). A service that is not
    configured, does not answer in time or fails is listed in `missing` and the export is `incomplete`;
    a service that does not know the participant answers with no records. For the participant themself
    (a `participant` token whose `sub` is their login) and for the refugee service's caseworkers and the
    integration leader of the municipality; another agency's staff get 403 `programme-owner-only` (404
    without a sharing basis). The read is logged for the participant with the purpose `innsyn`.

    Args:
        participant_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PersonalDataExport | Problem]
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
) -> PersonalDataExport | Problem | None:
    """Everything Helhet holds about the participant, across services (GDPR art. 15)

     plan-service's answer and the answers of placement-, volunteer- and reporting-service to the same
    path, asked with your own token (each decides and logs for itself). A service that is not
    configured, does not answer in time or fails is listed in `missing` and the export is `incomplete`;
    a service that does not know the participant answers with no records. For the participant themself
    (a `participant` token whose `sub` is their login) and for the refugee service's caseworkers and the
    integration leader of the municipality; another agency's staff get 403 `programme-owner-only` (404
    without a sharing basis). The read is logged for the participant with the purpose `innsyn`.

    Args:
        participant_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PersonalDataExport | Problem
    """

    return sync_detailed(
        participant_id=participant_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    participant_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[PersonalDataExport | Problem]:
    """Everything Helhet holds about the participant, across services (GDPR art. 15)

     plan-service's answer and the answers of placement-, volunteer- and reporting-service to the same
    path, asked with your own token (each decides and logs for itself). A service that is not
    configured, does not answer in time or fails is listed in `missing` and the export is `incomplete`;
    a service that does not know the participant answers with no records. For the participant themself
    (a `participant` token whose `sub` is their login) and for the refugee service's caseworkers and the
    integration leader of the municipality; another agency's staff get 403 `programme-owner-only` (404
    without a sharing basis). The read is logged for the participant with the purpose `innsyn`.

    Args:
        participant_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PersonalDataExport | Problem]
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
) -> PersonalDataExport | Problem | None:
    """Everything Helhet holds about the participant, across services (GDPR art. 15)

     plan-service's answer and the answers of placement-, volunteer- and reporting-service to the same
    path, asked with your own token (each decides and logs for itself). A service that is not
    configured, does not answer in time or fails is listed in `missing` and the export is `incomplete`;
    a service that does not know the participant answers with no records. For the participant themself
    (a `participant` token whose `sub` is their login) and for the refugee service's caseworkers and the
    integration leader of the municipality; another agency's staff get 403 `programme-owner-only` (404
    without a sharing basis). The read is logged for the participant with the purpose `innsyn`.

    Args:
        participant_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PersonalDataExport | Problem
    """

    return (
        await asyncio_detailed(
            participant_id=participant_id,
            client=client,
        )
    ).parsed
