from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.participant_listings_public import ParticipantListingsPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: None | str | Unset = UNSET,
    caseworker: None | str | Unset = UNSET,
    x_purpose: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_purpose, Unset):
        headers["X-Purpose"] = x_purpose

    params: dict[str, Any] = {}

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_caseworker: None | str | Unset
    if isinstance(caseworker, Unset):
        json_caseworker = UNSET
    else:
        json_caseworker = caseworker
    params["caseworker"] = json_caseworker

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/participants/search",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ParticipantListingsPublic | Problem | None:
    if response.status_code == 200:
        response_200 = ParticipantListingsPublic.from_dict(response.json())

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
) -> Response[ParticipantListingsPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    caseworker: None | str | Unset = UNSET,
    x_purpose: None | str | Unset = UNSET,
) -> Response[ParticipantListingsPublic | Problem]:
    """Participants by name, case number or caseworker

     Up to 20, by name, among those the caller may see (the scope of `GET /participants`): `q` in the
    name or the case number, `caseworker` in the name of the refugee service's current contact person
    (at least one of them). Each participant answered is one read in their access log.

    Args:
        q (None | str | Unset):
        caseworker (None | str | Unset):
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ParticipantListingsPublic | Problem]
    """

    kwargs = _get_kwargs(
        q=q,
        caseworker=caseworker,
        x_purpose=x_purpose,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    caseworker: None | str | Unset = UNSET,
    x_purpose: None | str | Unset = UNSET,
) -> ParticipantListingsPublic | Problem | None:
    """Participants by name, case number or caseworker

     Up to 20, by name, among those the caller may see (the scope of `GET /participants`): `q` in the
    name or the case number, `caseworker` in the name of the refugee service's current contact person
    (at least one of them). Each participant answered is one read in their access log.

    Args:
        q (None | str | Unset):
        caseworker (None | str | Unset):
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ParticipantListingsPublic | Problem
    """

    return sync_detailed(
        client=client,
        q=q,
        caseworker=caseworker,
        x_purpose=x_purpose,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    caseworker: None | str | Unset = UNSET,
    x_purpose: None | str | Unset = UNSET,
) -> Response[ParticipantListingsPublic | Problem]:
    """Participants by name, case number or caseworker

     Up to 20, by name, among those the caller may see (the scope of `GET /participants`): `q` in the
    name or the case number, `caseworker` in the name of the refugee service's current contact person
    (at least one of them). Each participant answered is one read in their access log.

    Args:
        q (None | str | Unset):
        caseworker (None | str | Unset):
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ParticipantListingsPublic | Problem]
    """

    kwargs = _get_kwargs(
        q=q,
        caseworker=caseworker,
        x_purpose=x_purpose,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    caseworker: None | str | Unset = UNSET,
    x_purpose: None | str | Unset = UNSET,
) -> ParticipantListingsPublic | Problem | None:
    """Participants by name, case number or caseworker

     Up to 20, by name, among those the caller may see (the scope of `GET /participants`): `q` in the
    name or the case number, `caseworker` in the name of the refugee service's current contact person
    (at least one of them). Each participant answered is one read in their access log.

    Args:
        q (None | str | Unset):
        caseworker (None | str | Unset):
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ParticipantListingsPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            caseworker=caseworker,
            x_purpose=x_purpose,
        )
    ).parsed
