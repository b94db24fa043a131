import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.weeks_public import WeeksPublic
from ...types import UNSET, Response, Unset


def _get_kwargs(
    participant_id: UUID,
    *,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    x_purpose: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_purpose, Unset):
        headers["X-Purpose"] = x_purpose

    params: dict[str, Any] = {}

    json_from_: None | str | Unset
    if isinstance(from_, Unset):
        json_from_ = UNSET
    elif isinstance(from_, datetime.date):
        json_from_ = from_.isoformat()
    else:
        json_from_ = from_
    params["from"] = json_from_

    json_to: None | str | Unset
    if isinstance(to, Unset):
        json_to = UNSET
    elif isinstance(to, datetime.date):
        json_to = to.isoformat()
    else:
        json_to = to
    params["to"] = json_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/participants/{participant_id}/timetable/weeks".format(
            participant_id=quote(str(participant_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | WeeksPublic | None:
    if response.status_code == 200:
        response_200 = WeeksPublic.from_dict(response.json())

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
) -> Response[Problem | WeeksPublic]:
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
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    x_purpose: None | str | Unset = UNSET,
) -> Response[Problem | WeeksPublic]:
    """Each week's hours on the timetable, and whether it is full time

     Weeks from the one holding `from` to the one holding `to`, within the programme (at most 106). A
    closure nobody covers takes its sessions' hours off the week; a covered one does not. `to` before
    `from` is 422 `period-not-a-span`. Without `from` and `to`: the last four weeks up to this one.

    Args:
        participant_id (UUID):
        from_ (datetime.date | None | Unset): a day of the first week (default: 3 weeks ago)
        to (datetime.date | None | Unset): a day of the last week (default: today)
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WeeksPublic]
    """

    kwargs = _get_kwargs(
        participant_id=participant_id,
        from_=from_,
        to=to,
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
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    x_purpose: None | str | Unset = UNSET,
) -> Problem | WeeksPublic | None:
    """Each week's hours on the timetable, and whether it is full time

     Weeks from the one holding `from` to the one holding `to`, within the programme (at most 106). A
    closure nobody covers takes its sessions' hours off the week; a covered one does not. `to` before
    `from` is 422 `period-not-a-span`. Without `from` and `to`: the last four weeks up to this one.

    Args:
        participant_id (UUID):
        from_ (datetime.date | None | Unset): a day of the first week (default: 3 weeks ago)
        to (datetime.date | None | Unset): a day of the last week (default: today)
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WeeksPublic
    """

    return sync_detailed(
        participant_id=participant_id,
        client=client,
        from_=from_,
        to=to,
        x_purpose=x_purpose,
    ).parsed


async def asyncio_detailed(
    participant_id: UUID,
    *,
    client: AuthenticatedClient,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    x_purpose: None | str | Unset = UNSET,
) -> Response[Problem | WeeksPublic]:
    """Each week's hours on the timetable, and whether it is full time

     Weeks from the one holding `from` to the one holding `to`, within the programme (at most 106). A
    closure nobody covers takes its sessions' hours off the week; a covered one does not. `to` before
    `from` is 422 `period-not-a-span`. Without `from` and `to`: the last four weeks up to this one.

    Args:
        participant_id (UUID):
        from_ (datetime.date | None | Unset): a day of the first week (default: 3 weeks ago)
        to (datetime.date | None | Unset): a day of the last week (default: today)
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WeeksPublic]
    """

    kwargs = _get_kwargs(
        participant_id=participant_id,
        from_=from_,
        to=to,
        x_purpose=x_purpose,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    participant_id: UUID,
    *,
    client: AuthenticatedClient,
    from_: datetime.date | None | Unset = UNSET,
    to: datetime.date | None | Unset = UNSET,
    x_purpose: None | str | Unset = UNSET,
) -> Problem | WeeksPublic | None:
    """Each week's hours on the timetable, and whether it is full time

     Weeks from the one holding `from` to the one holding `to`, within the programme (at most 106). A
    closure nobody covers takes its sessions' hours off the week; a covered one does not. `to` before
    `from` is 422 `period-not-a-span`. Without `from` and `to`: the last four weeks up to this one.

    Args:
        participant_id (UUID):
        from_ (datetime.date | None | Unset): a day of the first week (default: 3 weeks ago)
        to (datetime.date | None | Unset): a day of the last week (default: today)
        x_purpose (None | str | Unset): Why you read (a code, e.g. `case_work`, `nav_measures`);
            it is shown to the participant in their access log. Default: an agency system's configured
            purpose, `case_work` for staff, `coordination` for the integration leader, `own_data` for
            the participant.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WeeksPublic
    """

    return (
        await asyncio_detailed(
            participant_id=participant_id,
            client=client,
            from_=from_,
            to=to,
            x_purpose=x_purpose,
        )
    ).parsed
