from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.holidays_public import HolidaysPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    participant_id: UUID,
    *,
    x_purpose: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_purpose, Unset):
        headers["X-Purpose"] = x_purpose

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/participants/{participant_id}/timetable/holidays".format(
            participant_id=quote(str(participant_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HolidaysPublic | Problem | None:
    if response.status_code == 200:
        response_200 = HolidaysPublic.from_dict(response.json())

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
) -> Response[HolidaysPublic | Problem]:
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
    x_purpose: None | str | Unset = UNSET,
) -> Response[HolidaysPublic | Problem]:
    """The participant's own holidays

    Args:
        participant_id (UUID):
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HolidaysPublic | Problem]
    """

    kwargs = _get_kwargs(
        participant_id=participant_id,
        x_purpose=x_purpose,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    participant_id: UUID,
    *,
    client: AuthenticatedClient,
    x_purpose: None | str | Unset = UNSET,
) -> HolidaysPublic | Problem | None:
    """The participant's own holidays

    Args:
        participant_id (UUID):
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HolidaysPublic | Problem
    """

    return sync_detailed(
        participant_id=participant_id,
        client=client,
        x_purpose=x_purpose,
    ).parsed


async def asyncio_detailed(
    participant_id: UUID,
    *,
    client: AuthenticatedClient,
    x_purpose: None | str | Unset = UNSET,
) -> Response[HolidaysPublic | Problem]:
    """The participant's own holidays

    Args:
        participant_id (UUID):
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HolidaysPublic | Problem]
    """

    kwargs = _get_kwargs(
        participant_id=participant_id,
        x_purpose=x_purpose,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    participant_id: UUID,
    *,
    client: AuthenticatedClient,
    x_purpose: None | str | Unset = UNSET,
) -> HolidaysPublic | Problem | None:
    """The participant's own holidays

    Args:
        participant_id (UUID):
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HolidaysPublic | Problem
    """

    return (
        await asyncio_detailed(
            participant_id=participant_id,
            client=client,
            x_purpose=x_purpose,
        )
    ).parsed
