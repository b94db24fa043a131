from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.holiday_create import HolidayCreate
from ...models.holiday_public import HolidayPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    participant_id: UUID,
    *,
    body: HolidayCreate,
    idempotency_key: str | Unset = UNSET,
    x_purpose: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    if not isinstance(x_purpose, Unset):
        headers["X-Purpose"] = x_purpose

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/participants/{participant_id}/timetable/holidays".format(
            participant_id=quote(str(participant_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HolidayPublic | Problem | None:
    if response.status_code == 201:
        response_201 = HolidayPublic.from_dict(response.json())

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
) -> Response[HolidayPublic | Problem]:
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
    body: HolidayCreate,
    idempotency_key: str | Unset = UNSET,
    x_purpose: None | str | Unset = UNSET,
) -> Response[HolidayPublic | Problem]:
    """Record the participant's own holiday

     Its weekdays count as covered in the full-time check (full time's share of each). Another holiday of
    the participant's overlapping it is 409 `holiday-overlaps`; more than five weeks (25 weekdays) in a
    calendar year 422 `holiday-over-five-weeks`; a period that ends before it begins 422 `period-not-a-
    span`.

    Args:
        participant_id (UUID):
        idempotency_key (str | Unset):
        x_purpose (None | str | Unset): Why you read (a code: a sharing purpose such as
            `work_training`, a consent purpose such as `matching`, or your own, e.g. `case_work`); it
            is shown to the participant in their access log. A sharing or consent purpose is also
            checked: your basis must be for exactly that purpose (else 403 `no-basis-for-purpose`).
            Default: an agency system's configured purpose, `coordination` for the integration leader,
            `case_work` for staff.
        body (HolidayCreate): The participant's own holiday, from a day to a day (both included).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HolidayPublic | Problem]
    """

    kwargs = _get_kwargs(
        participant_id=participant_id,
        body=body,
        idempotency_key=idempotency_key,
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
    body: HolidayCreate,
    idempotency_key: str | Unset = UNSET,
    x_purpose: None | str | Unset = UNSET,
) -> HolidayPublic | Problem | None:
    """Record the participant's own holiday

     Its weekdays count as covered in the full-time check (full time's share of each). Another holiday of
    the participant's overlapping it is 409 `holiday-overlaps`; more than five weeks (25 weekdays) in a
    calendar year 422 `holiday-over-five-weeks`; a period that ends before it begins 422 `period-not-a-
    span`.

    Args:
        participant_id (UUID):
        idempotency_key (str | Unset):
        x_purpose (None | str | Unset): Why you read (a code: a sharing purpose such as
            `work_training`, a consent purpose such as `matching`, or your own, e.g. `case_work`); it
            is shown to the participant in their access log. A sharing or consent purpose is also
            checked: your basis must be for exactly that purpose (else 403 `no-basis-for-purpose`).
            Default: an agency system's configured purpose, `coordination` for the integration leader,
            `case_work` for staff.
        body (HolidayCreate): The participant's own holiday, from a day to a day (both included).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HolidayPublic | Problem
    """

    return sync_detailed(
        participant_id=participant_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
        x_purpose=x_purpose,
    ).parsed


async def asyncio_detailed(
    participant_id: UUID,
    *,
    client: AuthenticatedClient,
    body: HolidayCreate,
    idempotency_key: str | Unset = UNSET,
    x_purpose: None | str | Unset = UNSET,
) -> Response[HolidayPublic | Problem]:
    """Record the participant's own holiday

     Its weekdays count as covered in the full-time check (full time's share of each). Another holiday of
    the participant's overlapping it is 409 `holiday-overlaps`; more than five weeks (25 weekdays) in a
    calendar year 422 `holiday-over-five-weeks`; a period that ends before it begins 422 `period-not-a-
    span`.

    Args:
        participant_id (UUID):
        idempotency_key (str | Unset):
        x_purpose (None | str | Unset): Why you read (a code: a sharing purpose such as
            `work_training`, a consent purpose such as `matching`, or your own, e.g. `case_work`); it
            is shown to the participant in their access log. A sharing or consent purpose is also
            checked: your basis must be for exactly that purpose (else 403 `no-basis-for-purpose`).
            Default: an agency system's configured purpose, `coordination` for the integration leader,
            `case_work` for staff.
        body (HolidayCreate): The participant's own holiday, from a day to a day (both included).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HolidayPublic | Problem]
    """

    kwargs = _get_kwargs(
        participant_id=participant_id,
        body=body,
        idempotency_key=idempotency_key,
        x_purpose=x_purpose,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    participant_id: UUID,
    *,
    client: AuthenticatedClient,
    body: HolidayCreate,
    idempotency_key: str | Unset = UNSET,
    x_purpose: None | str | Unset = UNSET,
) -> HolidayPublic | Problem | None:
    """Record the participant's own holiday

     Its weekdays count as covered in the full-time check (full time's share of each). Another holiday of
    the participant's overlapping it is 409 `holiday-overlaps`; more than five weeks (25 weekdays) in a
    calendar year 422 `holiday-over-five-weeks`; a period that ends before it begins 422 `period-not-a-
    span`.

    Args:
        participant_id (UUID):
        idempotency_key (str | Unset):
        x_purpose (None | str | Unset): Why you read (a code: a sharing purpose such as
            `work_training`, a consent purpose such as `matching`, or your own, e.g. `case_work`); it
            is shown to the participant in their access log. A sharing or consent purpose is also
            checked: your basis must be for exactly that purpose (else 403 `no-basis-for-purpose`).
            Default: an agency system's configured purpose, `coordination` for the integration leader,
            `case_work` for staff.
        body (HolidayCreate): The participant's own holiday, from a day to a day (both included).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HolidayPublic | Problem
    """

    return (
        await asyncio_detailed(
            participant_id=participant_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
            x_purpose=x_purpose,
        )
    ).parsed
