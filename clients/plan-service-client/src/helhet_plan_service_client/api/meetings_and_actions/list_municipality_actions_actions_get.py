from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.actions_public import ActionsPublic
from ...models.list_municipality_actions_actions_get_status_type_0 import ListMunicipalityActionsActionsGetStatusType0
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ListMunicipalityActionsActionsGetStatusType0 | None | Unset = UNSET,
    owner_unit: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    x_purpose: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_purpose, Unset):
        headers["X-Purpose"] = x_purpose

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListMunicipalityActionsActionsGetStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_owner_unit: None | str | Unset
    if isinstance(owner_unit, Unset):
        json_owner_unit = UNSET
    else:
        json_owner_unit = owner_unit
    params["owner_unit"] = json_owner_unit

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/actions",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ActionsPublic | Problem | None:
    if response.status_code == 200:
        response_200 = ActionsPublic.from_dict(response.json())

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
) -> Response[ActionsPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: ListMunicipalityActionsActionsGetStatusType0 | None | Unset = UNSET,
    owner_unit: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    x_purpose: None | str | Unset = UNSET,
) -> Response[ActionsPublic | Problem]:
    """Actions in the caller's municipality, soonest due first (status, owner unit)

     A unit's work list: e.g. `?owner_unit=nav&status=overdue`. The programme owner and the integration
    leader see every participant's actions; another agency those of participants it has a sharing basis
    for whose purpose covers meetings. Each participant on the page is written to the access log.

    Args:
        status (ListMunicipalityActionsActionsGetStatusType0 | None | Unset): open, done,
            cancelled, or overdue (open and past due)
        owner_unit (None | str | Unset): the owning unit's id
        limit (int | Unset): items per page Default: 50.
        offset (int | Unset): items to skip Default: 0.
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ActionsPublic | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        owner_unit=owner_unit,
        limit=limit,
        offset=offset,
        x_purpose=x_purpose,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: ListMunicipalityActionsActionsGetStatusType0 | None | Unset = UNSET,
    owner_unit: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    x_purpose: None | str | Unset = UNSET,
) -> ActionsPublic | Problem | None:
    """Actions in the caller's municipality, soonest due first (status, owner unit)

     A unit's work list: e.g. `?owner_unit=nav&status=overdue`. The programme owner and the integration
    leader see every participant's actions; another agency those of participants it has a sharing basis
    for whose purpose covers meetings. Each participant on the page is written to the access log.

    Args:
        status (ListMunicipalityActionsActionsGetStatusType0 | None | Unset): open, done,
            cancelled, or overdue (open and past due)
        owner_unit (None | str | Unset): the owning unit's id
        limit (int | Unset): items per page Default: 50.
        offset (int | Unset): items to skip Default: 0.
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ActionsPublic | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        owner_unit=owner_unit,
        limit=limit,
        offset=offset,
        x_purpose=x_purpose,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: ListMunicipalityActionsActionsGetStatusType0 | None | Unset = UNSET,
    owner_unit: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    x_purpose: None | str | Unset = UNSET,
) -> Response[ActionsPublic | Problem]:
    """Actions in the caller's municipality, soonest due first (status, owner unit)

     A unit's work list: e.g. `?owner_unit=nav&status=overdue`. The programme owner and the integration
    leader see every participant's actions; another agency those of participants it has a sharing basis
    for whose purpose covers meetings. Each participant on the page is written to the access log.

    Args:
        status (ListMunicipalityActionsActionsGetStatusType0 | None | Unset): open, done,
            cancelled, or overdue (open and past due)
        owner_unit (None | str | Unset): the owning unit's id
        limit (int | Unset): items per page Default: 50.
        offset (int | Unset): items to skip Default: 0.
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ActionsPublic | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        owner_unit=owner_unit,
        limit=limit,
        offset=offset,
        x_purpose=x_purpose,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: ListMunicipalityActionsActionsGetStatusType0 | None | Unset = UNSET,
    owner_unit: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    x_purpose: None | str | Unset = UNSET,
) -> ActionsPublic | Problem | None:
    """Actions in the caller's municipality, soonest due first (status, owner unit)

     A unit's work list: e.g. `?owner_unit=nav&status=overdue`. The programme owner and the integration
    leader see every participant's actions; another agency those of participants it has a sharing basis
    for whose purpose covers meetings. Each participant on the page is written to the access log.

    Args:
        status (ListMunicipalityActionsActionsGetStatusType0 | None | Unset): open, done,
            cancelled, or overdue (open and past due)
        owner_unit (None | str | Unset): the owning unit's id
        limit (int | Unset): items per page Default: 50.
        offset (int | Unset): items to skip Default: 0.
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ActionsPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            owner_unit=owner_unit,
            limit=limit,
            offset=offset,
            x_purpose=x_purpose,
        )
    ).parsed
