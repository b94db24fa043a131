"""Imports from another system (e.g. Visma Flyktning), keyed by that system's id.

The first time a record arrives its participant is settled (published as
``helhet.participant.settled.v1``) and linked to the external id. Later the same record
changes nothing; a record whose personal data (names, identity numbers: kept here,
never published) changed corrects it, and the link keeps the reason. A record whose
published settlement facts differ is refused (409 ``published-fields-differ``): a
correction of settled facts would have to be published, and no event says that yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from helhet_common.domain_errors import Conflict, DomainError
from helhet_common.ids import uuid7
from plan_service.domain.participants import Participant
from plan_service.service_layer import commands
from plan_service.service_layer.access import load, require_programme_owner
from plan_service.service_layer.unit_of_work import PlanUnitOfWork

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"


@dataclass(frozen=True, kw_only=True)
class ImportOutcome:
    participant_id: UUID | None  # None: a dry run that would create
    outcome: str
    changed_fields: list[str] = field(default_factory=list)
    dry_run: bool = False


@dataclass(frozen=True, kw_only=True)
class RecordRefused:
    """One record of a batch that was not taken, with the error that one call would
    have answered; the batch's other records go on."""

    external_id: str
    error: DomainError


# An error after the record's writes began: the whole batch is rolled back (and the
# client sends its records one by one), so that no half-imported record is committed.
WHOLE_BATCH = frozenset({"imported-concurrently"})


async def import_participants(
    command: commands.ImportParticipants, uow: PlanUnitOfWork
) -> list[tuple[str, ImportOutcome | RecordRefused]]:
    """Each record as ``import_participant`` would take it, in one unit of work: a
    record refused (unknown, published facts differ, ...) is answered in its place and
    the others go on. The records of a batch have distinct external ids."""
    require_programme_owner(command.caller)
    answers: list[tuple[str, ImportOutcome | RecordRefused]] = []
    for record in command.records:
        try:
            answers.append((record.external_id, await import_participant(record, uow)))
        except DomainError as error:
            if error.code in WHOLE_BATCH:
                raise
            answers.append(
                (record.external_id, RecordRefused(external_id=record.external_id, error=error))
            )
    return answers


async def import_participant(
    command: commands.ImportParticipant, uow: PlanUnitOfWork
) -> ImportOutcome:
    require_programme_owner(command.caller)
    link = await uow.external_links.get(
        source=command.source, municipality=command.municipality, external_id=command.external_id
    )
    if link is None:
        participant = Participant.settle(
            participant_id=uuid7(),
            municipality=command.municipality,
            settlement_date=command.settlement_date,
            birth_year=command.birth_year,
            household_type=command.household_type,
            languages=command.languages,
            personal=command.personal,
            today=uow.clock.today(),
        )
        if command.dry_run:
            return ImportOutcome(participant_id=None, outcome=CREATED, dry_run=True)
        await uow.participants.add(participant)
        await uow.external_links.add(
            source=command.source,
            municipality=command.municipality,
            external_id=command.external_id,
            participant_id=participant.id,
        )
        return ImportOutcome(participant_id=participant.id, outcome=CREATED)

    participant = await load(
        uow, link.participant_id, municipality=command.municipality, caller=command.caller
    )
    differing = participant.published_differences(
        settlement_date=command.settlement_date,
        birth_year=command.birth_year,
        household_type=command.household_type,
        languages=command.languages,
    )
    if differing:
        raise Conflict(
            f"The record changes settlement facts that have been published "
            f"({', '.join(differing)}); correct them in plan-service.",
            code="published-fields-differ",
            fields=differing,
            participant_id=str(participant.id),
        )
    changed = participant.correct_personal(command.personal)
    if not changed:
        return ImportOutcome(
            participant_id=participant.id, outcome=UNCHANGED, dry_run=command.dry_run
        )
    if not command.dry_run:
        await uow.participants.save(participant)
        await uow.external_links.record_change(
            source=command.source,
            municipality=command.municipality,
            external_id=command.external_id,
            reason=command.reason,
        )
    return ImportOutcome(
        participant_id=participant.id,
        outcome=UPDATED,
        changed_fields=changed,
        dry_run=command.dry_run,
    )
