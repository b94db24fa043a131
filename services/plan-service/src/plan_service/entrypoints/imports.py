"""Imports from another system (e.g. the Visma Flyktning adapter, a machine client):
one record, keyed by the system's own id, made true in plan-service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from helhet_common.auth import Principal, check_municipality_claim
from helhet_common.domain_problems import problem_for
from helhet_common.errors import InvalidInput
from helhet_common.municipalities import is_known
from plan_service.domain.codes import HouseholdType
from plan_service.entrypoints.deps import PROBLEMS, Change
from plan_service.entrypoints.inputs import caller_of
from plan_service.entrypoints.schemas.imports import (
    EXTERNAL_ID_PATTERN,
    ParticipantImport,
    ParticipantImportBatch,
    ParticipantImportBatchPublic,
    ParticipantImportItem,
    ParticipantImportPublic,
)
from plan_service.service_layer import commands, imports

router = APIRouter(prefix="/external-participants", tags=["imports"])

Source = Annotated[
    str,
    Path(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$", description="the system, e.g. visma-flyktning"),
]
ExternalId = Annotated[
    str, Path(pattern=EXTERNAL_ID_PATTERN, description="the participant's id in that system")
]


def _public(outcome: imports.ImportOutcome) -> ParticipantImportPublic:
    return ParticipantImportPublic(
        participant_id=outcome.participant_id,
        outcome=outcome.outcome,
        changed_fields=outcome.changed_fields,
        dry_run=outcome.dry_run,
    )


@router.put(
    "/{source}/{external_id}",
    response_model=ParticipantImportPublic,
    summary="Settle or correct the participant another system knows by this id (imports)",
    description="Idempotent: the first time the participant is settled in the caller's "
    "municipality (201, `created`, published as `helhet.participant.settled.v1`) and "
    "linked to the external id; the same record again is 200 `unchanged` and changes "
    "nothing; changed names or identity numbers (kept here, never published) are 200 "
    "`updated` with `changed_fields`, and the link keeps the reason. Settlement facts that "
    "differ from what was published are 409 `published-fields-differ` (`fields` says "
    "which). The programme owner only (403 `programme-owner-only`). With `dry_run=true` "
    "nothing is changed; the answer says what would happen.",
    responses={
        **PROBLEMS,
        201: {"description": "Settled and linked", "model": ParticipantImportPublic},
    },
)
async def import_participant(
    source: Source,
    external_id: ExternalId,
    body: ParticipantImport,
    run: Change,
    response: Response,
    dry_run: Annotated[bool, Query(description="change nothing; say what would happen")] = False,
) -> Any:
    command = _command(source, external_id, body, run.principal, dry_run=dry_run)
    answer = await run(imports.import_participant, command, view=_public)
    if answer["outcome"] == imports.CREATED and not dry_run:
        response.status_code = 201
    return answer


def _command(
    source: str,
    external_id: str,
    body: ParticipantImport,
    principal: Principal,
    *,
    dry_run: bool,
    at: str = "body",
) -> commands.ImportParticipant:
    if not is_known(body.municipality):
        raise InvalidInput(
            f"Unknown municipality {body.municipality}.",
            code="unknown-municipality",
            errors=[
                {"location": [*at.split("."), "municipality"], "message": "unknown municipality"}
            ],
        )
    check_municipality_claim(principal, body.municipality)
    personal: dict[str, Any] = {
        k: v for k, v in (("given_name", body.given_name), ("family_name", body.family_name)) if v
    }
    personal.update(body.identifiers.model_dump(exclude_none=True))
    return commands.ImportParticipant(
        source=source,
        external_id=external_id,
        municipality=body.municipality,
        settlement_date=body.settlement_date,
        birth_year=body.birth_year,
        household_type=HouseholdType(body.household_type),
        languages=tuple(body.languages),
        personal=personal,
        reason=body.reason,
        caller=caller_of(principal),
        dry_run=dry_run,
    )


def _item(
    answer: tuple[str, imports.ImportOutcome | imports.RecordRefused],
) -> ParticipantImportItem:
    external_id, result = answer
    if isinstance(result, imports.RecordRefused):
        problem = problem_for(result.error)
        return ParticipantImportItem(
            external_id=external_id, status=problem.status, problem=problem.body()
        )
    created = result.outcome == imports.CREATED and not result.dry_run
    return ParticipantImportItem(
        external_id=external_id,
        status=201 if created else 200,
        participant_id=result.participant_id,
        outcome=result.outcome,
        changed_fields=result.changed_fields,
        dry_run=result.dry_run,
    )


@router.post(
    "/{source}",
    response_model=ParticipantImportBatchPublic,
    summary="Many records of one system at once (imports in batches)",
    description="Each record as `PUT /external-participants/{source}/{external_id}` would "
    "take it, in one transaction: the answer holds one item per record, in order, with "
    "the status and outcome (or problem) that one call would have had. A record refused "
    "(e.g. 409 `published-fields-differ`) does not stop the others. The external ids of "
    "a batch must be distinct (422 `duplicate-external-id`). If the whole batch fails "
    "(409 `imported-concurrently`, or a 5xx), nothing of it is kept: send the records "
    "again, or one by one. With `dry_run=true` nothing is changed.",
    responses=PROBLEMS,
)
async def import_participants(
    source: Source,
    body: ParticipantImportBatch,
    run: Change,
    dry_run: Annotated[bool, Query(description="change nothing; say what would happen")] = False,
) -> Any:
    seen: set[str] = set()
    for n, record in enumerate(body.records):
        if record.external_id in seen:
            raise InvalidInput(
                f"External id {record.external_id} is twice in the batch.",
                code="duplicate-external-id",
                errors=[
                    {"location": ["body", "records", str(n), "external_id"], "message": "duplicate"}
                ],
            )
        seen.add(record.external_id)
    command = commands.ImportParticipants(
        caller=caller_of(run.principal),
        records=tuple(
            _command(
                source,
                r.external_id,
                r,
                run.principal,
                dry_run=dry_run,
                at=f"body.records.{n}",
            )
            for n, r in enumerate(body.records)
        ),
    )

    def view(
        answers: list[tuple[str, imports.ImportOutcome | imports.RecordRefused]],
    ) -> ParticipantImportBatchPublic:
        return ParticipantImportBatchPublic(items=[_item(a) for a in answers])

    return await run(imports.import_participants, command, view=view)
