"""The participant-profile and consent projection of plan-service's events.

One handler per event type. Each creates the participant's row on first sight (events of
one participant arrive in any order across topics) and folds the event in with the pure
functions of ``domain/profiles.py``. A withdrawal also ends the participant's open
matches that no consent covers any more: the ``match.ended`` events go to the outbox in
the same transaction, like every event this service publishes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from helhet_common.db.upsert import insert_if_absent
from helhet_common.messaging.consumer import Projection
from helhet_common.messaging.envelope import CloudEvent, IntegrationEvent, wrap
from helhet_common.messaging.outbox import OutboxWriter
from helhet_common.unit_of_work import Seen
from volunteer_service import contracts
from volunteer_service.adapters import tables
from volunteer_service.adapters.repository import (
    MatchRepository,
    VolunteerRepository,
    consent_from_row,
    profile_from_row,
)
from volunteer_service.contracts import consumed
from volunteer_service.domain import consent, profiles
from volunteer_service.domain.codes import EndReason
from volunteer_service.domain.profiles import ParticipantProfile

SOURCE = "/helhet/volunteer-service"
profiles_table = tables.participant_profiles
consents_table = tables.participant_consents


async def _profile(session: AsyncSession, participant_id: UUID) -> ParticipantProfile:
    await insert_if_absent(
        session,
        profiles_table,
        {
            "participant_id": participant_id,
            "languages": [],
            "interests": [],
            "mapping_version": 0,
            "updated_at": datetime.now(UTC),
        },
    )
    row = (
        await session.execute(
            select(profiles_table)
            .where(profiles_table.c.participant_id == participant_id)
            .with_for_update()
        )
    ).one()
    return profile_from_row(row)


async def _save(
    session: AsyncSession, before: ParticipantProfile, after: ParticipantProfile
) -> None:
    if after == before:
        return
    await session.execute(
        update(profiles_table)
        .where(profiles_table.c.participant_id == after.participant_id)
        .values(
            municipality=after.municipality,
            household_type=after.household_type,
            birth_year=after.birth_year,
            settlement_date=after.settlement_date,
            languages=list(after.languages),
            interests=list(after.interests),
            mapping_version=after.mapping_version,
            updated_at=datetime.now(UTC),
        )
    )


async def on_settled(session: AsyncSession, event: IntegrationEvent, envelope: CloudEvent) -> None:
    assert isinstance(event, consumed.ParticipantSettled)
    before = await _profile(session, event.participant_id)
    after = profiles.settled(
        before,
        municipality=event.municipality,
        household_type=event.household_type,
        birth_year=event.birth_year,
        settlement_date=event.settlement_date,
        languages=tuple(event.languages),
    )
    await _save(session, before, after)


async def on_mapping(session: AsyncSession, event: IntegrationEvent, envelope: CloudEvent) -> None:
    assert isinstance(event, consumed.MappingRecorded)
    before = await _profile(session, event.participant_id)
    after = profiles.seen_in(before, envelope.municipality)
    after = profiles.mapping_recorded(
        after, version=event.mapping_version, interests=tuple(event.interests)
    )
    await _save(session, before, after)


async def _consent_row(session: AsyncSession, consent_id: UUID, participant_id: UUID) -> None:
    await insert_if_absent(
        session,
        consents_table,
        {
            "consent_id": consent_id,
            "participant_id": participant_id,
            "updated_at": datetime.now(UTC),
        },
    )


async def on_granted(session: AsyncSession, event: IntegrationEvent, envelope: CloudEvent) -> None:
    assert isinstance(event, consumed.ConsentGranted)
    before = await _profile(session, event.participant_id)
    await _save(session, before, profiles.seen_in(before, envelope.municipality))
    await _consent_row(session, event.consent_id, event.participant_id)
    await session.execute(
        update(consents_table)
        .where(consents_table.c.consent_id == event.consent_id)
        .values(
            recipient_kind=event.recipient_kind,
            recipient_id=event.recipient_id,
            purpose=event.purpose,
            granted_on=event.granted_on,
            expires_on=event.expires_on,
            updated_at=datetime.now(UTC),
        )
    )


async def on_withdrawn(
    session: AsyncSession, event: IntegrationEvent, envelope: CloudEvent
) -> None:
    """Record the withdrawal (even before its grant), then end the matches it uncovers."""
    assert isinstance(event, consumed.ConsentWithdrawn)
    before = await _profile(session, event.participant_id)
    await _save(session, before, profiles.seen_in(before, envelope.municipality))
    await _consent_row(session, event.consent_id, event.participant_id)
    await session.execute(
        update(consents_table)
        .where(consents_table.c.consent_id == event.consent_id)
        .values(withdrawn_on=event.withdrawn_on, updated_at=datetime.now(UTC))
    )
    await end_uncovered_matches(session, event.participant_id, event.withdrawn_on, envelope)


async def end_uncovered_matches(
    session: AsyncSession, participant_id: UUID, day: date, cause: CloudEvent
) -> None:
    rows = await session.execute(
        select(consents_table).where(consents_table.c.participant_id == participant_id)
    )
    consents = [consent_from_row(r) for r in rows]
    seen = Seen()
    matches = MatchRepository(session, seen)
    volunteers = VolunteerRepository(session, seen)
    published: list[tuple[str, CloudEvent]] = []
    for match in await matches.open_of_participant(participant_id):
        volunteer = await volunteers.get(match.volunteer_id, municipality=match.municipality)
        organisation_id = volunteer.organisation_id
        if consent.in_force_for(
            consents, volunteer_id=match.volunteer_id, organisation_id=organisation_id, day=day
        ):
            continue
        match.end(EndReason.CONSENT_WITHDRAWN, today=max(day, match.proposed_on))
        await matches.save(match)
        for domain_event in match.events:
            for contract in contracts.translate(domain_event):
                published.append(
                    (
                        contract.topic,
                        wrap(
                            contract,
                            source=SOURCE,
                            municipality=match.municipality,
                            correlation_id=cause.correlationid,
                            causation_id=cause.id,
                            traceparent=cause.traceparent,
                        ),
                    )
                )
        match.events.clear()
    await OutboxWriter(tables.shared).add(session, published)


projection = Projection(
    name="participant-profiles",
    registry=consumed.registry,
    handlers={
        consumed.ParticipantSettled.event_type: on_settled,
        consumed.MappingRecorded.event_type: on_mapping,
        consumed.ConsentGranted.event_type: on_granted,
        consumed.ConsentWithdrawn.event_type: on_withdrawn,
    },
    tables=tables.READ_MODEL_TABLES,
)
