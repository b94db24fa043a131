"""Imports from another system (e.g. Visma Flyktning), keyed by that system's id.

The first time a record arrives its participant is settled (published as
``helhet.participant.settled.v1``) and linked to the external id. Later the same record
changes nothing; a record whose personal data (names, identity numbers: kept here,
never published) changed corrects it, and the link keeps the reason. A record whose
published settlement facts differ is refused (409 ``published-fields-differ``): a
correction of settled facts would have to be published, and no event says that yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from helhet_common.domain_errors import Conflict, DomainError, NotFound
from helhet_common.ids import uuid7
from plan_service.domain.participants import Participant, SettledRecord
from plan_service.domain.sharing import Caller, may_see
from plan_service.service_layer import commands
from plan_service.service_layer.access import require_programme_owner
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
    return await _import(command.records, uow, caller=command.caller)


async def import_participant(
    command: commands.ImportParticipant, uow: PlanUnitOfWork
) -> ImportOutcome:
    require_programme_owner(command.caller)
    ((_, answer),) = await _import([command], uow, caller=command.caller)
    if isinstance(answer, RecordRefused):
        raise answer.error
    return answer


Key = tuple[str, str, str]  # source, municipality, external id


def _key(record: commands.ImportParticipant) -> Key:
    return record.source, record.municipality, record.external_id


async def _import(
    records: Sequence[commands.ImportParticipant], uow: PlanUnitOfWork, *, caller: Caller
) -> list[tuple[str, ImportOutcome | RecordRefused]]:
    """The records' links and the linked participants' settlement facts are read at once
    (two queries), and a record that changes nothing is answered from them: no lock, no
    aggregate. New records are settled and linked together (two statements); a record
    that changes a linked participant is loaded, locked, checked again and corrected (the
    batch's in one load)."""
    links: dict[Key, UUID] = {}
    for source, municipality in sorted({(r.source, r.municipality) for r in records}):
        found = await uow.external_links.get_many(
            source=source,
            municipality=municipality,
            external_ids=[
                r.external_id
                for r in records
                if (r.source, r.municipality) == (source, municipality)
            ],
        )
        links.update({(source, municipality, i): link.participant_id for i, link in found.items()})
    held = await uow.participants.settled_records(sorted(set(links.values())))
    today = uow.clock.today()
    answers: dict[int, ImportOutcome | RecordRefused] = {}
    settled: dict[Key, Participant] = {}
    changing: list[tuple[int, commands.ImportParticipant, UUID]] = []
    for n, record in enumerate(records):
        try:
            linked = links.get(_key(record))
            if linked is None:
                participant = _settle(record, today)
                if not record.dry_run:
                    settled[_key(record)] = participant
                answers[n] = ImportOutcome(
                    participant_id=None if record.dry_run else participant.id,
                    outcome=CREATED,
                    dry_run=record.dry_run,
                )
                continue
            stored = _visible(held.get(linked), record, caller, today)
            changed = _compare(stored, record)
            if not changed or record.dry_run:
                answers[n] = ImportOutcome(
                    participant_id=stored.id,
                    outcome=UPDATED if changed else UNCHANGED,
                    changed_fields=changed,
                    dry_run=record.dry_run,
                )
            else:
                changing.append((n, record, stored.id))
        except DomainError as error:
            answers[n] = _refused(record, error)
    await uow.participants.add_many(list(settled.values()))
    for source, municipality in sorted({(s, m) for s, m, _ in settled}):
        await uow.external_links.add_many(
            source=source,
            municipality=municipality,
            links={i: p.id for (s, m, i), p in settled.items() if (s, m) == (source, municipality)},
        )
    if changing:
        loaded = {
            p.id: p
            for p in await uow.participants.get_many(
                sorted({participant_id for _, _, participant_id in changing}), lock=True
            )
        }
        for n, record, participant_id in changing:
            try:
                answers[n] = await _correct(loaded.get(participant_id), record, uow, caller, today)
            except DomainError as error:
                answers[n] = _refused(record, error)
    return [(record.external_id, answers[n]) for n, record in enumerate(records)]


def _refused(record: commands.ImportParticipant, error: DomainError) -> RecordRefused:
    if error.code in WHOLE_BATCH:
        raise error
    return RecordRefused(external_id=record.external_id, error=error)


def _settle(record: commands.ImportParticipant, today: date) -> Participant:
    return Participant.settle(
        participant_id=uuid7(),
        municipality=record.municipality,
        settlement_date=record.settlement_date,
        birth_year=record.birth_year,
        household_type=record.household_type,
        languages=record.languages,
        personal=record.personal,
        today=today,
    )


def _visible(
    stored: SettledRecord | None, record: commands.ImportParticipant, caller: Caller, today: date
) -> SettledRecord:
    """The linked participant, if it is in the record's municipality and the caller (the
    programme owner: no sharing basis needed) may see it; else not found, as a read."""
    if (
        stored is None
        or stored.municipality != record.municipality
        or not may_see(
            caller,
            municipality=stored.municipality,
            person_sub=stored.person_sub,
            bases=(),
            today=today,
        )
    ):
        raise NotFound.of("participant")
    return stored


def _compare(stored: SettledRecord, record: commands.ImportParticipant) -> list[str]:
    """The personal fields the record changes; a published fact it changes is refused."""
    differing = stored.published_differences(
        settlement_date=record.settlement_date,
        birth_year=record.birth_year,
        household_type=record.household_type,
        languages=record.languages,
    )
    if differing:
        raise Conflict(
            f"The record changes settlement facts that have been published "
            f"({', '.join(differing)}); correct them in plan-service.",
            code="published-fields-differ",
            fields=differing,
            participant_id=str(stored.id),
        )
    return stored.personal_changes(record.personal)


async def _correct(
    participant: Participant | None,
    record: commands.ImportParticipant,
    uow: PlanUnitOfWork,
    caller: Caller,
    today: date,
) -> ImportOutcome:
    """The record's changes on the loaded (locked) participant, checked again: another
    writer may have changed it since it was first read."""
    if participant is None:
        raise NotFound.of("participant")
    stored = _visible(participant.settled_record(), record, caller, today)
    _compare(stored, record)
    changed = participant.correct_personal(record.personal)
    if not changed:
        return ImportOutcome(participant_id=participant.id, outcome=UNCHANGED)
    await uow.participants.save(participant)
    await uow.external_links.record_change(
        source=record.source,
        municipality=record.municipality,
        external_id=record.external_id,
        reason=record.reason,
    )
    return ImportOutcome(participant_id=participant.id, outcome=UPDATED, changed_fields=changed)
