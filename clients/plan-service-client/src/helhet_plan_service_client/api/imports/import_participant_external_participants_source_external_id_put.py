from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.participant_import import ParticipantImport
from ...models.participant_import_public import ParticipantImportPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    source: str,
    external_id: str,
    *,
    body: ParticipantImport,
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
        "method": "put",
        "url": "/external-participants/{source}/{external_id}".format(
            source=quote(str(source), safe=""),
            external_id=quote(str(external_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ParticipantImportPublic | Problem | None:
    if response.status_code == 200:
        response_200 = ParticipantImportPublic.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = ParticipantImportPublic.from_dict(response.json())

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
) -> Response[ParticipantImportPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    source: str,
    external_id: str,
    *,
    client: AuthenticatedClient,
    body: ParticipantImport,
    dry_run: bool | Unset = False,
    x_purpose: None | str | Unset = UNSET,
) -> Response[ParticipantImportPublic | Problem]:
    """Settle or correct the participant another system knows by this id (imports)

     Idempotent: the first time the participant is settled in the caller's municipality (201, `created`,
    published as `helhet.participant.settled.v1`) and linked to the external id; the same record again
    is 200 `unchanged` and changes nothing; changed names or identity numbers (kept here, never
    published) are 200 `updated` with `changed_fields`, and the link keeps the reason. Settlement facts
    that differ from what was published are 409 `published-fields-differ` (`fields` says which). The
    programme owner only (403 `programme-owner-only`). With `dry_run=true` nothing is changed; the
    answer says what would happen.

    Args:
        source (str): the system, e.g. visma-flyktning
        external_id (str): the participant's id in that system
        dry_run (bool | Unset): change nothing; say what would happen Default: False.
        x_purpose (None | str | Unset): Why you read (a code: a sharing purpose such as
            `work_training`, a consent purpose such as `matching`, or your own, e.g. `case_work`); it
            is shown to the participant in their access log. A sharing or consent purpose is also
            checked: your basis must be for exactly that purpose (else 403 `no-basis-for-purpose`).
            Default: an agency system's configured purpose, `coordination` for the integration leader,
            `case_work` for staff.
        body (ParticipantImport): A participant as another system has them. The first time:
            settled and linked to
            the external id; afterwards, the same record changes nothing and a change of names
            or identity numbers corrects them (with ``reason``). Settlement facts that differ
            from what was published are refused (409 ``published-fields-differ``).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ParticipantImportPublic | Problem]
    """

    kwargs = _get_kwargs(
        source=source,
        external_id=external_id,
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
    external_id: str,
    *,
    client: AuthenticatedClient,
    body: ParticipantImport,
    dry_run: bool | Unset = False,
    x_purpose: None | str | Unset = UNSET,
) -> ParticipantImportPublic | Problem | None:
    """Settle or correct the participant another system knows by this id (imports)

     Idempotent: the first time the participant is settled in the caller's municipality (201, `created`,
    published as `helhet.participant.settled.v1`) and linked to the external id; the same record again
    is 200 `unchanged` and changes nothing; changed names or identity numbers (kept here, never
    published) are 200 `updated` with `changed_fields`, and the link keeps the reason. Settlement facts
    that differ from what was published are 409 `published-fields-differ` (`fields` says which). The
    programme owner only (403 `programme-owner-only`). With `dry_run=true` nothing is changed; the
    answer says what would happen.

    Args:
        source (str): the system, e.g. visma-flyktning
        external_id (str): the participant's id in that system
        dry_run (bool | Unset): change nothing; say what would happen Default: False.
        x_purpose (None | str | Unset): Why you read (a code: a sharing purpose such as
            `work_training`, a consent purpose such as `matching`, or your own, e.g. `case_work`); it
            is shown to the participant in their access log. A sharing or consent purpose is also
            checked: your basis must be for exactly that purpose (else 403 `no-basis-for-purpose`).
            Default: an agency system's configured purpose, `coordination` for the integration leader,
            `case_work` for staff.
        body (ParticipantImport): A participant as another system has them. The first time:
            settled and linked to
            the external id; afterwards, the same record changes nothing and a change of names
            or identity numbers corrects them (with ``reason``). Settlement facts that differ
            from what was published are refused (409 ``published-fields-differ``).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ParticipantImportPublic | Problem
    """

    return sync_detailed(
        source=source,
        external_id=external_id,
        client=client,
        body=body,
        dry_run=dry_run,
        x_purpose=x_purpose,
    ).parsed


async def asyncio_detailed(
    source: str,
    external_id: str,
    *,
    client: AuthenticatedClient,
    body: ParticipantImport,
    dry_run: bool | Unset = False,
    x_purpose: None | str | Unset = UNSET,
) -> Response[ParticipantImportPublic | Problem]:
    """Settle or correct the participant another system knows by this id (imports)

     Idempotent: the first time the participant is settled in the caller's municipality (201, `created`,
    published as `helhet.participant.settled.v1`) and linked to the external id; the same record again
    is 200 `unchanged` and changes nothing; changed names or identity numbers (kept here, never
    published) are 200 `updated` with `changed_fields`, and the link keeps the reason. Settlement facts
    that differ from what was published are 409 `published-fields-differ` (`fields` says which). The
    programme owner only (403 `programme-owner-only`). With `dry_run=true` nothing is changed; the
    answer says what would happen.

    Args:
        source (str): the system, e.g. visma-flyktning
        external_id (str): the participant's id in that system
        dry_run (bool | Unset): change nothing; say what would happen Default: False.
        x_purpose (None | str | Unset): Why you read (a code: a sharing purpose such as
            `work_training`, a consent purpose such as `matching`, or your own, e.g. `case_work`); it
            is shown to the participant in their access log. A sharing or consent purpose is also
            checked: your basis must be for exactly that purpose (else 403 `no-basis-for-purpose`).
            Default: an agency system's configured purpose, `coordination` for the integration leader,
            `case_work` for staff.
        body (ParticipantImport): A participant as another system has them. The first time:
            settled and linked to
            the external id; afterwards, the same record changes nothing and a change of names
            or identity numbers corrects them (with ``reason``). Settlement facts that differ
            from what was published are refused (409 ``published-fields-differ``).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ParticipantImportPublic | Problem]
    """

    kwargs = _get_kwargs(
        source=source,
        external_id=external_id,
        body=body,
        dry_run=dry_run,
        x_purpose=x_purpose,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    source: str,
    external_id: str,
    *,
    client: AuthenticatedClient,
    body: ParticipantImport,
    dry_run: bool | Unset = False,
    x_purpose: None | str | Unset = UNSET,
) -> ParticipantImportPublic | Problem | None:
    """Settle or correct the participant another system knows by this id (imports)

     Idempotent: the first time the participant is settled in the caller's municipality (201, `created`,
    published as `helhet.participant.settled.v1`) and linked to the external id; the same record again
    is 200 `unchanged` and changes nothing; changed names or identity numbers (kept here, never
    published) are 200 `updated` with `changed_fields`, and the link keeps the reason. Settlement facts
    that differ from what was published are 409 `published-fields-differ` (`fields` says which). The
    programme owner only (403 `programme-owner-only`). With `dry_run=true` nothing is changed; the
    answer says what would happen.

    Args:
        source (str): the system, e.g. visma-flyktning
        external_id (str): the participant's id in that system
        dry_run (bool | Unset): change nothing; say what would happen Default: False.
        x_purpose (None | str | Unset): Why you read (a code: a sharing purpose such as
            `work_training`, a consent purpose such as `matching`, or your own, e.g. `case_work`); it
            is shown to the participant in their access log. A sharing or consent purpose is also
            checked: your basis must be for exactly that purpose (else 403 `no-basis-for-purpose`).
            Default: an agency system's configured purpose, `coordination` for the integration leader,
            `case_work` for staff.
        body (ParticipantImport): A participant as another system has them. The first time:
            settled and linked to
            the external id; afterwards, the same record changes nothing and a change of names
            or identity numbers corrects them (with ``reason``). Settlement facts that differ
            from what was published are refused (409 ``published-fields-differ``).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ParticipantImportPublic | Problem
    """

    return (
        await asyncio_detailed(
            source=source,
            external_id=external_id,
            client=client,
            body=body,
            dry_run=dry_run,
            x_purpose=x_purpose,
        )
    ).parsed
