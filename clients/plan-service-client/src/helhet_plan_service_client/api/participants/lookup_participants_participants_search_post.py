from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.participant_listings_public import ParticipantListingsPublic
from ...models.participant_lookup import ParticipantLookup
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ParticipantLookup,
    x_purpose: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_purpose, Unset):
        headers["X-Purpose"] = x_purpose

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/participants/search",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

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
    body: ParticipantLookup,
    x_purpose: None | str | Unset = UNSET,
) -> Response[ParticipantListingsPublic | Problem]:
    """Names, case numbers and caseworkers of the participants with these ids

     For a page of another service that shows participants by id (up to 100 at once), called with the
    viewer's own token and purpose (`X-Purpose`). The same scope as `GET /participants`: an id the
    caller may not see, or that is unknown, is simply absent. Each participant answered is one read in
    their access log; the whole lookup is one read id. Nothing is changed.

    Args:
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.
        body (ParticipantLookup): The participants a page is about to show, by id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ParticipantListingsPublic | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        x_purpose=x_purpose,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ParticipantLookup,
    x_purpose: None | str | Unset = UNSET,
) -> ParticipantListingsPublic | Problem | None:
    """Names, case numbers and caseworkers of the participants with these ids

     For a page of another service that shows participants by id (up to 100 at once), called with the
    viewer's own token and purpose (`X-Purpose`). The same scope as `GET /participants`: an id the
    caller may not see, or that is unknown, is simply absent. Each participant answered is one read in
    their access log; the whole lookup is one read id. Nothing is changed.

    Args:
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.
        body (ParticipantLookup): The participants a page is about to show, by id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ParticipantListingsPublic | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        x_purpose=x_purpose,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ParticipantLookup,
    x_purpose: None | str | Unset = UNSET,
) -> Response[ParticipantListingsPublic | Problem]:
    """Names, case numbers and caseworkers of the participants with these ids

     For a page of another service that shows participants by id (up to 100 at once), called with the
    viewer's own token and purpose (`X-Purpose`). The same scope as `GET /participants`: an id the
    caller may not see, or that is unknown, is simply absent. Each participant answered is one read in
    their access log; the whole lookup is one read id. Nothing is changed.

    Args:
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.
        body (ParticipantLookup): The participants a page is about to show, by id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ParticipantListingsPublic | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        x_purpose=x_purpose,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ParticipantLookup,
    x_purpose: None | str | Unset = UNSET,
) -> ParticipantListingsPublic | Problem | None:
    """Names, case numbers and caseworkers of the participants with these ids

     For a page of another service that shows participants by id (up to 100 at once), called with the
    viewer's own token and purpose (`X-Purpose`). The same scope as `GET /participants`: an id the
    caller may not see, or that is unknown, is simply absent. Each participant answered is one read in
    their access log; the whole lookup is one read id. Nothing is changed.

    Args:
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.
        body (ParticipantLookup): The participants a page is about to show, by id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ParticipantListingsPublic | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_purpose=x_purpose,
        )
    ).parsed
