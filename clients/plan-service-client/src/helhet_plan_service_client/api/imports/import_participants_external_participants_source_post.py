from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.participant_import_batch import ParticipantImportBatch
from ...models.participant_import_batch_public import ParticipantImportBatchPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    source: str,
    *,
    body: ParticipantImportBatch,
    dry_run: bool | Unset = False,
    x_purpose: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_purpose, Unset):
        headers["X-Purpose"] = x_purpose

    params: dict[str, Any] = {}

    params["dry_run"] = dry_run

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/external-participants/{source}".format(
            source=quote(str(source), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ParticipantImportBatchPublic | Problem | None:
    if response.status_code == 200:
        response_200 = ParticipantImportBatchPublic.from_dict(response.json())

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
) -> Response[ParticipantImportBatchPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    source: str,
    *,
    client: AuthenticatedClient,
    body: ParticipantImportBatch,
    dry_run: bool | Unset = False,
    x_purpose: None | str | Unset = UNSET,
) -> Response[ParticipantImportBatchPublic | Problem]:
    """Many records of one system at once (imports in batches)

     Each record as `PUT /external-participants/{source}/{external_id}` would take it, in one
    transaction: the answer holds one item per record, in order, with the status and outcome (or
    problem) that one call would have had. A record refused (e.g. 409 `published-fields-differ`) does
    not stop the others. The external ids of a batch must be distinct (422 `duplicate-external-id`). If
    the whole batch fails (409 `imported-concurrently`, or a 5xx), nothing of it is kept: send the
    records again, or one by one. With `dry_run=true` nothing is changed.

    Args:
        source (str): the system, e.g. visma-flyktning
        dry_run (bool | Unset): change nothing; say what would happen Default: False.
        x_purpose (None | str | Unset): Why you read (a code: a sharing purpose such as
            `work_training`, a consent purpose such as `matching`, or your own, e.g. `case_work`); it
            is shown to the participant in their access log. A sharing or consent purpose is also
            checked: your basis must be for exactly that purpose (else 403 `no-basis-for-purpose`).
            Default: an agency system's configured purpose, `coordination` for the integration leader,
            `case_work` for staff.
        body (ParticipantImportBatch): Up to 500 records with distinct external ids, of the
            caller's municipality.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ParticipantImportBatchPublic | Problem]
    """

    kwargs = _get_kwargs(
        source=source,
        body=body,
        dry_run=dry_run,
        x_purpose=x_purpose,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    source: str,
    *,
    client: AuthenticatedClient,
    body: ParticipantImportBatch,
    dry_run: bool | Unset = False,
    x_purpose: None | str | Unset = UNSET,
) -> ParticipantImportBatchPublic | Problem | None:
    """Many records of one system at once (imports in batches)

     Each record as `PUT /external-participants/{source}/{external_id}` would take it, in one
    transaction: the answer holds one item per record, in order, with the status and outcome (or
    problem) that one call would have had. A record refused (e.g. 409 `published-fields-differ`) does
    not stop the others. The external ids of a batch must be distinct (422 `duplicate-external-id`). If
    the whole batch fails (409 `imported-concurrently`, or a 5xx), nothing of it is kept: send the
    records again, or one by one. With `dry_run=true` nothing is changed.

    Args:
        source (str): the system, e.g. visma-flyktning
        dry_run (bool | Unset): change nothing; say what would happen Default: False.
        x_purpose (None | str | Unset): Why you read (a code: a sharing purpose such as
            `work_training`, a consent purpose such as `matching`, or your own, e.g. `case_work`); it
            is shown to the participant in their access log. A sharing or consent purpose is also
            checked: your basis must be for exactly that purpose (else 403 `no-basis-for-purpose`).
            Default: an agency system's configured purpose, `coordination` for the integration leader,
            `case_work` for staff.
        body (ParticipantImportBatch): Up to 500 records with distinct external ids, of the
            caller's municipality.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ParticipantImportBatchPublic | Problem
    """

    return sync_detailed(
        source=source,
        client=client,
        body=body,
        dry_run=dry_run,
        x_purpose=x_purpose,
    ).parsed


async def asyncio_detailed(
    source: str,
    *,
    client: AuthenticatedClient,
    body: ParticipantImportBatch,
    dry_run: bool | Unset = False,
    x_purpose: None | str | Unset = UNSET,
) -> Response[ParticipantImportBatchPublic | Problem]:
    """Many records of one system at once (imports in batches)

     Each record as `PUT /external-participants/{source}/{external_id}` would take it, in one
    transaction: the answer holds one item per record, in order, with the status and outcome (or
    problem) that one call would have had. A record refused (e.g. 409 `published-fields-differ`) does
    not stop the others. The external ids of a batch must be distinct (422 `duplicate-external-id`). If
    the whole batch fails (409 `imported-concurrently`, or a 5xx), nothing of it is kept: send the
    records again, or one by one. With `dry_run=true` nothing is changed.

    Args:
        source (str): the system, e.g. visma-flyktning
        dry_run (bool | Unset): change nothing; say what would happen Default: False.
        x_purpose (None | str | Unset): Why you read (a code: a sharing purpose such as
            `work_training`, a consent purpose such as `matching`, or your own, e.g. `case_work`); it
            is shown to the participant in their access log. A sharing or consent purpose is also
            checked: your basis must be for exactly that purpose (else 403 `no-basis-for-purpose`).
            Default: an agency system's configured purpose, `coordination` for the integration leader,
            `case_work` for staff.
        body (ParticipantImportBatch): Up to 500 records with distinct external ids, of the
            caller's municipality.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ParticipantImportBatchPublic | Problem]
    """

    kwargs = _get_kwargs(
        source=source,
        body=body,
        dry_run=dry_run,
        x_purpose=x_purpose,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    source: str,
    *,
    client: AuthenticatedClient,
    body: ParticipantImportBatch,
    dry_run: bool | Unset = False,
    x_purpose: None | str | Unset = UNSET,
) -> ParticipantImportBatchPublic | Problem | None:
    """Many records of one system at once (imports in batches)

     Each record as `PUT /external-participants/{source}/{external_id}` would take it, in one
    transaction: the answer holds one item per record, in order, with the status and outcome (or
    problem) that one call would have had. A record refused (e.g. 409 `published-fields-differ`) does
    not stop the others. The external ids of a batch must be distinct (422 `duplicate-external-id`). If
    the whole batch fails (409 `imported-concurrently`, or a 5xx), nothing of it is kept: send the
    records again, or one by one. With `dry_run=true` nothing is changed.

    Args:
        source (str): the system, e.g. visma-flyktning
        dry_run (bool | Unset): change nothing; say what would happen Default: False.
        x_purpose (None | str | Unset): Why you read (a code: a sharing purpose such as
            `work_training`, a consent purpose such as `matching`, or your own, e.g. `case_work`); it
            is shown to the participant in their access log. A sharing or consent purpose is also
            checked: your basis must be for exactly that purpose (else 403 `no-basis-for-purpose`).
            Default: an agency system's configured purpose, `coordination` for the integration leader,
            `case_work` for staff.
        body (ParticipantImportBatch): Up to 500 records with distinct external ids, of the
            caller's municipality.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ParticipantImportBatchPublic | Problem
    """

    return (
        await asyncio_detailed(
            source=source,
            client=client,
            body=body,
            dry_run=dry_run,
            x_purpose=x_purpose,
        )
    ).parsed
