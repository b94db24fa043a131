from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.hand_over_public import HandOverPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    participant_id: UUID,
    hand_over_id: UUID,
    *,
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
        "url": "/participants/{participant_id}/hand-overs/{hand_over_id}/acknowledgement".format(
            participant_id=quote(str(participant_id), safe=""),
            hand_over_id=quote(str(hand_over_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HandOverPublic | Problem | None:
    if response.status_code == 201:
        response_201 = HandOverPublic.from_dict(response.json())

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
) -> Response[HandOverPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    participant_id: UUID,
    hand_over_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
    x_purpose: None | str | Unset = UNSET,
) -> Response[HandOverPublic | Problem]:
    """The receiving unit acknowledges the hand-over and owns the follow-up

     By the receiving agency's staff (the programme owner records an employer's). Another agency is 403
    `receiving-unit-only`; a second acknowledgement 409 `already-acknowledged`. Published as
    `helhet.hand_over.acknowledged.v1`.

    Args:
        participant_id (UUID):
        hand_over_id (UUID):
        idempotency_key (str | Unset):
        x_purpose (None | str | Unset): Why you read (a code: a sharing purpose such as
            `work_training`, a consent purpose such as `matching`, or your own, e.g. `case_work`); it
            is shown to the participant in their access log. A sharing or consent purpose is also
            checked: your basis must be for exactly that purpose (else 403 `no-basis-for-purpose`).
            Default: an agency system's configured purpose, `coordination` for the integration leader,
            `case_work` for staff.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HandOverPublic | Problem]
    """

    kwargs = _get_kwargs(
        participant_id=participant_id,
        hand_over_id=hand_over_id,
        idempotency_key=idempotency_key,
        x_purpose=x_purpose,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    participant_id: UUID,
    hand_over_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
    x_purpose: None | str | Unset = UNSET,
) -> HandOverPublic | Problem | None:
    """The receiving unit acknowledges the hand-over and owns the follow-up

     By the receiving agency's staff (the programme owner records an employer's). Another agency is 403
    `receiving-unit-only`; a second acknowledgement 409 `already-acknowledged`. Published as
    `helhet.hand_over.acknowledged.v1`.

    Args:
        participant_id (UUID):
        hand_over_id (UUID):
        idempotency_key (str | Unset):
        x_purpose (None | str | Unset): Why you read (a code: a sharing purpose such as
            `work_training`, a consent purpose such as `matching`, or your own, e.g. `case_work`); it
            is shown to the participant in their access log. A sharing or consent purpose is also
            checked: your basis must be for exactly that purpose (else 403 `no-basis-for-purpose`).
            Default: an agency system's configured purpose, `coordination` for the integration leader,
            `case_work` for staff.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HandOverPublic | Problem
    """

    return sync_detailed(
        participant_id=participant_id,
        hand_over_id=hand_over_id,
        client=client,
        idempotency_key=idempotency_key,
        x_purpose=x_purpose,
    ).parsed


async def asyncio_detailed(
    participant_id: UUID,
    hand_over_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
    x_purpose: None | str | Unset = UNSET,
) -> Response[HandOverPublic | Problem]:
    """The receiving unit acknowledges the hand-over and owns the follow-up

     By the receiving agency's staff (the programme owner records an employer's). Another agency is 403
    `receiving-unit-only`; a second acknowledgement 409 `already-acknowledged`. Published as
    `helhet.hand_over.acknowledged.v1`.

    Args:
        participant_id (UUID):
        hand_over_id (UUID):
        idempotency_key (str | Unset):
        x_purpose (None | str | Unset): Why you read (a code: a sharing purpose such as
            `work_training`, a consent purpose such as `matching`, or your own, e.g. `case_work`); it
            is shown to the participant in their access log. A sharing or consent purpose is also
            checked: your basis must be for exactly that purpose (else 403 `no-basis-for-purpose`).
            Default: an agency system's configured purpose, `coordination` for the integration leader,
            `case_work` for staff.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HandOverPublic | Problem]
    """

    kwargs = _get_kwargs(
        participant_id=participant_id,
        hand_over_id=hand_over_id,
        idempotency_key=idempotency_key,
        x_purpose=x_purpose,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    participant_id: UUID,
    hand_over_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
    x_purpose: None | str | Unset = UNSET,
) -> HandOverPublic | Problem | None:
    """The receiving unit acknowledges the hand-over and owns the follow-up

     By the receiving agency's staff (the programme owner records an employer's). Another agency is 403
    `receiving-unit-only`; a second acknowledgement 409 `already-acknowledged`. Published as
    `helhet.hand_over.acknowledged.v1`.

    Args:
        participant_id (UUID):
        hand_over_id (UUID):
        idempotency_key (str | Unset):
        x_purpose (None | str | Unset): Why you read (a code: a sharing purpose such as
            `work_training`, a consent purpose such as `matching`, or your own, e.g. `case_work`); it
            is shown to the participant in their access log. A sharing or consent purpose is also
            checked: your basis must be for exactly that purpose (else 403 `no-basis-for-purpose`).
            Default: an agency system's configured purpose, `coordination` for the integration leader,
            `case_work` for staff.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HandOverPublic | Problem
    """

    return (
        await asyncio_detailed(
            participant_id=participant_id,
            hand_over_id=hand_over_id,
            client=client,
            idempotency_key=idempotency_key,
            x_purpose=x_purpose,
        )
    ).parsed
